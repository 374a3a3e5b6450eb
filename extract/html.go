package extract

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/xopsexport/xopsexport/model"
)

// HTML reads an article as a web page renders it (beehiiv, WordPress, a
// saved page): headings, paragraphs with <b>/<strong> labels, lists, <br>
// and <details><summary> question blocks. Scripts, styles, forms,
// navigation, headers, footers and subscribe boxes are skipped.
func HTML(r io.Reader, opts Options) (*model.Deck, error) {
	rd, _ := readerFor(FormatHTML)
	return rd.read(r, opts)
}

// htmlBlocks lowers a page to the block stream.
func htmlBlocks(s string) ([]block, hints, error) {
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(s))
	if err != nil {
		if strings.Contains(err.Error(), "open stack of elements") {
			// x/net/html stops at 512 open elements; no real page nests that deep.
			return nil, hints{}, errors.New("HTML is nested more than 512 elements deep; not a readable article")
		}
		return nil, hints{}, fmt.Errorf("parsing HTML: %w", err)
	}
	h := htmlHints(doc)
	doc.Find(strings.Join(skipSelectors, ",")).Remove()
	doc.Find("[class],[id]").Each(func(_ int, sel *goquery.Selection) {
		if skipClass.MatchString(sel.AttrOr("class", "") + " " + sel.AttrOr("id", "")) {
			sel.Remove()
		}
	})
	root := doc.Find("article").First()
	if root.Length() == 0 {
		root = doc.Find("main").First()
	}
	if root.Length() == 0 {
		root = doc.Find("body").First()
	}
	if root.Length() == 0 {
		root = doc.Selection
	}
	w := &htmlWalker{}
	for _, n := range root.Nodes {
		w.walk(n, 0)
	}
	w.flush(true)
	return w.blocks, h, nil
}

// skipSelectors are elements that never hold article content.
var skipSelectors = []string{
	"script", "style", "noscript", "template", "svg", "iframe", "object", "embed",
	"form", "nav", "header", "footer", "aside", "button", "input", "select", "textarea",
	"[hidden]", "[aria-hidden=true]", "[role=navigation]", "[role=banner]", "[role=contentinfo]",
}

// skipClass matches class and id values of page furniture.
var skipClass = regexp.MustCompile(`(?i)\b(subscribe|newsletter-form|signup|sign-up|footer|navbar|nav-|menu|share|sharing|sharedaddy|social|cookie|comments?|paywall|modal|popup|related-posts|jp-relatedposts)\b`)

func htmlHints(doc *goquery.Document) hints {
	h := hints{markup: "html"}
	h.title = cleanText(doc.Find(`meta[property="og:title"]`).AttrOr("content", ""))
	if h.title == "" {
		h.title = cleanText(doc.Find("h1").First().Text())
	}
	if h.title == "" {
		h.title = cleanText(doc.Find("title").First().Text())
	}
	h.author = cleanText(doc.Find(`meta[name="author"]`).AttrOr("content", ""))
	if h.author == "" {
		doc.Find(`script[type="application/ld+json"]`).EachWithBreak(func(_ int, s *goquery.Selection) bool {
			h.author = ldAuthor(s.Text())
			return h.author == ""
		})
	}
	return h
}

// ldAuthor finds author.name in a JSON-LD blob (an object, a list of them,
// or an @graph).
func ldAuthor(blob string) string {
	var v any
	if json.Unmarshal([]byte(blob), &v) != nil {
		return ""
	}
	var find func(v any, depth int) string
	find = func(v any, depth int) string {
		if depth > 8 {
			return ""
		}
		switch t := v.(type) {
		case map[string]any:
			switch a := t["author"].(type) {
			case string:
				return cleanText(a)
			case map[string]any:
				if n, ok := a["name"].(string); ok {
					return cleanText(n)
				}
			case []any:
				if len(a) > 0 {
					if m, ok := a[0].(map[string]any); ok {
						if n, ok := m["name"].(string); ok {
							return cleanText(n)
						}
					}
				}
			}
			if g, ok := t["@graph"]; ok {
				return find(g, depth+1)
			}
		case []any:
			for _, e := range t {
				if s := find(e, depth+1); s != "" {
					return s
				}
			}
		}
		return ""
	}
	return find(v, 0)
}

// htmlWalker turns a DOM into the block stream.
type htmlWalker struct {
	blocks []block
	buf    strings.Builder
	bold   int // runes of non-space text inside <b>/<strong> in buf
	total  int // runes of non-space text in buf
	kind   blockKind
	level  int
	item   int // depth of <li> elements around the current node
	// details counts the <details> elements around the current node;
	// inAnswer is set once the innermost one's <summary> has passed.
	details  int
	inAnswer bool
}

// flush emits the inline text gathered so far as one block; blank adds a
// paragraph break after it.
func (w *htmlWalker) flush(blank bool) {
	text := cleanText(w.buf.String())
	if text != "" {
		w.add(block{kind: w.kind, level: w.level, text: text, bold: w.total > 0 && w.bold == w.total})
	}
	w.buf.Reset()
	w.bold, w.total = 0, 0
	w.kind, w.level = bText, 0
	if w.item > 0 {
		w.kind = bBullet
	}
	if blank {
		w.blank()
	}
}

func (w *htmlWalker) add(b block) {
	b.inAnswer = b.inAnswer || w.inAnswer
	w.blocks = append(w.blocks, b)
}

func (w *htmlWalker) blank() {
	if len(w.blocks) == 0 || w.blocks[len(w.blocks)-1].kind != bBlank {
		w.blocks = append(w.blocks, block{kind: bBlank})
	}
}

func (w *htmlWalker) text(s string, bold int) {
	w.buf.WriteString(s)
	n := 0
	for _, r := range s {
		if r != ' ' && r != '\n' && r != '\t' && r != '\u00a0' && r != '\r' {
			n++
		}
	}
	w.total += n
	if bold > 0 {
		w.bold += n
	}
}

// walk visits n; bold counts the <b>/<strong> elements around it. depth
// bounds recursion on pathological nesting.
func (w *htmlWalker) walk(n *html.Node, bold int) {
	w.walkDepth(n, bold, 0)
}

const maxDepth = 512

func (w *htmlWalker) walkDepth(n *html.Node, bold, depth int) {
	if depth > maxDepth {
		// Deeper nesting than any real page: keep the text, drop the structure.
		w.text(nodeText(n), bold)
		return
	}
	switch n.Type {
	case html.TextNode:
		w.text(n.Data, bold)
		return
	case html.ElementNode, html.DocumentNode:
	default:
		return
	}
	children := func(b int) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			w.walkDepth(c, b, depth+1)
		}
	}
	switch n.DataAtom {
	case atom.Pre:
		w.pre(n)
		return
	case atom.Table:
		w.table(n)
		return
	case atom.Details:
		w.detailsElement(n, bold, depth)
		return
	case atom.Summary:
		w.summary(n)
		return
	}
	if w.item > 0 && w.inItem(n, children, bold) {
		return
	}
	w.element(n, children, bold)
}

// inItem handles an element inside a list item: block elements (beehiiv
// wraps every item in a <p>) and line breaks are only spacing, so the item
// stays one bullet. Nested lists still give items of their own.
func (w *htmlWalker) inItem(n *html.Node, children func(int), bold int) bool {
	switch n.DataAtom {
	case atom.Br, atom.P, atom.Div, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
		atom.Section, atom.Blockquote, atom.Figure, atom.Figcaption, atom.Dl, atom.Dt, atom.Dd:
		w.buf.WriteByte(' ')
		children(bold)
		w.buf.WriteByte(' ')
		return true
	}
	return false
}

// element handles the elements outside list items.
func (w *htmlWalker) element(n *html.Node, children func(int), bold int) {
	switch n.DataAtom {
	case atom.Br:
		w.flush(false)
	case atom.B, atom.Strong:
		children(bold + 1)
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		w.flush(true)
		w.kind, w.level = bHeading, int(n.Data[1]-'0')
		children(bold)
		w.flush(true)
	case atom.Li:
		w.flush(false)
		w.item++
		w.kind = bBullet
		// Nested lists inside an item come out as items of their own.
		children(bold)
		w.flush(false)
		w.item--
		if w.item == 0 {
			w.kind = bText
		}
	case atom.Ul, atom.Ol:
		w.flush(true)
		children(bold)
		w.flush(true)
	case atom.P, atom.Div, atom.Section, atom.Article, atom.Main, atom.Blockquote,
		atom.Tr, atom.Td, atom.Th, atom.Dl, atom.Dt, atom.Dd,
		atom.Figure, atom.Figcaption, atom.Body, atom.Html, atom.Hr:
		w.flush(true)
		children(bold)
		w.flush(true)
	default:
		children(bold)
	}
}

// detailsElement walks a <details>: what follows its <summary> is the
// summary's answer, sub-headings and all.
func (w *htmlWalker) detailsElement(n *html.Node, bold, depth int) {
	w.flush(true)
	outer := w.inAnswer
	w.details++
	w.inAnswer = false
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walkDepth(c, bold, depth+1)
	}
	w.flush(true)
	w.details--
	w.inAnswer = outer
}

// summary emits a <summary> as a question, without the badges, arrows and
// tags that decorate it; one that only says "Show answer" is no question.
func (w *htmlWalker) summary(n *html.Node) {
	w.flush(true)
	var b strings.Builder
	summaryWalk(n, &b, 0)
	q := trimDecoration(stripDifficulty(cleanText(b.String())))
	if q != "" && !isAnswerLabelOnly(q) {
		w.add(block{kind: bQuestion, text: q})
	}
	w.blank()
	w.inAnswer = w.details > 0
}

// summaryWalk gathers a summary's text, skipping badge-like elements.
func summaryWalk(n *html.Node, b *strings.Builder, depth int) {
	if depth > maxDepth {
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			b.WriteString(c.Data)
		case html.ElementNode:
			if badgeClass.MatchString(attr(c, "class")) || c.DataAtom == atom.Svg || c.DataAtom == atom.Img {
				continue
			}
			if t := strings.ToLower(strings.TrimSpace(nodeText(c))); c.FirstChild != nil && isDifficulty(t) {
				continue
			}
			space := !inlineAtom(c.DataAtom)
			if space {
				b.WriteByte(' ')
			}
			summaryWalk(c, b, depth+1)
			if space {
				b.WriteByte(' ')
			}
		}
	}
}

// inlineAtom reports the elements that format text inside a line.
func inlineAtom(a atom.Atom) bool {
	switch a {
	case atom.A, atom.B, atom.Strong, atom.I, atom.Em, atom.Code, atom.Kbd, atom.Mark, atom.Small,
		atom.Sub, atom.Sup, atom.U, atom.S, atom.Abbr, atom.Tt, atom.Var, atom.Samp:
		return true
	}
	return false
}

// badgeClass is the class of an element that decorates a question.
var badgeClass = regexp.MustCompile(`(?i)\b(badge|tag|tags|label|chip|pill|difficulty|level|icon|arrow|chevron|toggle|caret|meta)\b`)

func isDifficulty(t string) bool {
	for _, d := range difficulties {
		if t == d {
			return true
		}
	}
	return false
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// pre emits a <pre> as a code block, its text exactly as written; the
// language comes from a "language-x" or "lang-x" class.
func (w *htmlWalker) pre(n *html.Node) {
	w.flush(w.item == 0)
	var b strings.Builder
	preText(n, &b, 0)
	lang := codeLang(attr(n, "class"))
	for c := n.FirstChild; c != nil && lang == ""; c = c.NextSibling {
		if c.DataAtom == atom.Code {
			lang = codeLang(attr(c, "class"))
		}
	}
	code := strings.Trim(b.String(), "\n")
	lines := strings.Split(code, "\n")
	for k, l := range lines {
		lines[k] = strings.TrimRight(l, " \t\r")
	}
	if code = strings.Join(lines, "\n"); strings.TrimSpace(code) != "" {
		w.add(block{kind: bCode, text: code, lang: lang})
	}
	if w.item == 0 {
		w.blank()
	}
}

func preText(n *html.Node, b *strings.Builder, depth int) {
	if depth > maxDepth {
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode:
			b.WriteString(c.Data)
		case c.DataAtom == atom.Br:
			b.WriteByte('\n')
		case c.Type == html.ElementNode:
			preText(c, b, depth+1)
		}
	}
}

func codeLang(class string) string {
	for _, c := range strings.Fields(class) {
		for _, p := range []string{"language-", "lang-"} {
			if l, ok := strings.CutPrefix(c, p); ok {
				return l
			}
		}
	}
	return ""
}

// table emits a <table>: a Q&A table as questions, any other as a table
// block (see tableBlocks).
func (w *htmlWalker) table(n *html.Node) {
	w.flush(true)
	var rows [][]string
	var visit func(*html.Node, int)
	visit = func(p *html.Node, depth int) {
		if depth > maxDepth {
			return
		}
		for c := p.FirstChild; c != nil; c = c.NextSibling {
			switch c.DataAtom {
			case atom.Tr:
				var row []string
				for cell := c.FirstChild; cell != nil; cell = cell.NextSibling {
					if cell.DataAtom == atom.Td || cell.DataAtom == atom.Th {
						var b strings.Builder
						cellTextHTML(cell, &b, 0)
						row = append(row, b.String())
					}
				}
				rows = append(rows, row)
			case atom.Thead, atom.Tbody, atom.Tfoot:
				visit(c, depth+1)
			}
		}
	}
	visit(n, 0)
	for _, b := range tableBlocks(rows, 0) {
		w.add(b)
	}
	w.blank()
}

// cellTextHTML gathers a cell's text: <br> and block elements break
// lines, list items become "- " lines.
func cellTextHTML(n *html.Node, b *strings.Builder, depth int) {
	if depth > maxDepth {
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode:
			b.WriteString(strings.ReplaceAll(c.Data, "\n", " "))
		case c.DataAtom == atom.Br:
			b.WriteByte('\n')
		case c.DataAtom == atom.Li:
			b.WriteString("\n- ")
			cellTextHTML(c, b, depth+1)
			b.WriteByte('\n')
		case c.DataAtom == atom.P || c.DataAtom == atom.Div:
			b.WriteByte('\n')
			cellTextHTML(c, b, depth+1)
			b.WriteByte('\n')
		case c.Type == html.ElementNode:
			cellTextHTML(c, b, depth+1)
		}
	}
}

// nodeText is the text below n, without recursion.
func nodeText(n *html.Node) string {
	var b strings.Builder
	stack := []*html.Node{n}
	for len(stack) > 0 {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
			b.WriteByte(' ')
		}
		for k := c.LastChild; k != nil; k = k.PrevSibling {
			stack = append(stack, k)
		}
	}
	return b.String()
}
