package extract

import (
	"html"
	"io"
	"regexp"
	"strings"

	"github.com/xopsexport/xopsexport/model"
)

// Text reads a plain-text article: one paragraph per line or per run of
// lines, bullets as "•", "-" or "*", questions labelled "Q7:" (or "Q 7.",
// "Question 7:", "7. ...?"), answers optionally labelled "A:" or "Answer:",
// and section headings recognised by their place above a question.
func Text(r io.Reader, opts Options) (*model.Deck, error) {
	s, err := readAll(r, opts)
	if err != nil {
		return nil, err
	}
	return build(lineBlocks(s, false), hints{}, opts)
}

// Markdown reads a Markdown article: the same as Text plus "#" headings,
// setext headings, emphasis, inline code and links.
func Markdown(r io.Reader, opts Options) (*model.Deck, error) {
	s, err := readAll(r, opts)
	if err != nil {
		return nil, err
	}
	return build(lineBlocks(s, true), hints{}, opts)
}

var (
	bulletRe   = regexp.MustCompile(`^[•·▪◦‣●∙\-*+]\s+(.*)$`)
	mdHeading  = regexp.MustCompile(`^(#{1,6})\s+(.*?)(?:\s+#+)?$`)
	mdRule     = regexp.MustCompile(`^(?:\*\s*){3,}$|^(?:-\s*){3,}$|^(?:_\s*){3,}$`)
	mdSetext   = regexp.MustCompile(`^(=+|-+)$`)
	mdImage    = regexp.MustCompile(`!\[([^\]]*)\]\([^)]*\)`)
	mdLink     = regexp.MustCompile(`\[([^\]]+)\]\([^)]*\)`)
	mdStrong   = regexp.MustCompile(`\*\*|__`)
	mdEmph     = regexp.MustCompile(`(^|[\s(])[*_]([^*_\s][^*_]*?)[*_]([\s).,;:!?]|$)`)
	mdEscape   = regexp.MustCompile(`\\([\\` + "`" + `*_{}\[\]()#+\-.!<>])`)
	spaceRunRe = regexp.MustCompile(`\s+`)
)

// spaceReplacer turns the spaces copy-paste brings in (no-break, narrow,
// figure, tabs) into plain spaces and drops invisible ones.
var spaceReplacer = strings.NewReplacer(
	"\u00a0", " ", "\u202f", " ", "\u2007", " ", "\t", " ", "\u3000", " ",
	"\u200b", "", "\ufeff", "", "\u200c", "", "\u200d", "",
	"\r\n", "\n", "\r", "\n",
)

// cleanText collapses white space and trims.
func cleanText(s string) string {
	s = spaceReplacer.Replace(s)
	if strings.ContainsAny(s, "  \n") {
		s = spaceRunRe.ReplaceAllString(s, " ")
	}
	return strings.TrimSpace(s)
}

// lineBlocks splits text into blocks, one per line; markdown turns on the
// Markdown syntax.
func lineBlocks(s string, markdown bool) []block {
	s = spaceReplacer.Replace(s)
	lines := strings.Split(s, "\n")
	blocks := make([]block, 0, len(lines))
	fence := "" // the marker of the open code fence, "" outside one
	for i, raw := range lines {
		no := i + 1
		t := strings.TrimSpace(raw)
		if markdown && (strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~")) {
			switch {
			case fence == "":
				fence = t[:3]
			case strings.HasPrefix(t, fence):
				fence = ""
			}
			continue
		}
		inFence := fence != ""
		if t == "" {
			blocks = append(blocks, block{kind: bBlank, line: no})
			continue
		}
		if inFence {
			// Code is answer text, never a label, heading or bullet.
			blocks = append(blocks, block{kind: bText, text: cleanText(t), line: no, code: true})
			continue
		}
		if markdown && strings.IndexByte(t, '<') >= 0 {
			// Raw HTML in Markdown: GitHub READMEs put questions in
			// <details><summary>; lines that are only tags are breaks.
			var q string
			t, q = mdHTML(t)
			if q != "" {
				blocks = append(blocks, block{kind: bQuestion, text: inline(q), line: no})
			}
			if t == "" {
				blocks = append(blocks, block{kind: bBlank, line: no})
				continue
			}
		}
		if markdown {
			if m := mdHeading.FindStringSubmatch(t); m != nil {
				blocks = append(blocks, block{kind: bHeading, level: len(m[1]), text: inline(m[2]), line: no})
				continue
			}
			if mdSetext.MatchString(t) && len(blocks) > 0 && blocks[len(blocks)-1].kind == bText {
				prev := &blocks[len(blocks)-1]
				prev.kind, prev.level = bHeading, 1
				if t[0] == '-' {
					prev.level = 2
				}
				continue
			}
			if mdRule.MatchString(t) {
				blocks = append(blocks, block{kind: bBlank, line: no})
				continue
			}
		}
		if m := bulletRe.FindStringSubmatch(t); m != nil {
			text := cleanText(m[1])
			if markdown {
				text = inline(m[1])
			}
			if text != "" {
				blocks = append(blocks, block{kind: bBullet, text: text, line: no})
			}
			continue
		}
		b := block{kind: bText, text: cleanText(t), line: no}
		if markdown {
			b.bold = strings.HasPrefix(t, "**") && strings.HasSuffix(t, "**") && len(t) > 4
			b.text = inline(t)
		}
		if b.text == "" {
			continue
		}
		// Plain text has no paragraph markup: lines that follow each other
		// form one paragraph, unless one of them starts a question, an
		// answer or a list.
		blocks = append(blocks, b)
	}
	return joinParagraphs(blocks)
}

// joinParagraphs merges prose lines that follow each other without a blank
// line, the way Markdown joins soft-wrapped lines. Lines that carry a label
// (Q7:, A:, 7.) start a new block, so "Q16: ...?\nA: ..." stays two blocks.
func joinParagraphs(in []block) []block {
	out := in[:0]
	// parts gathers the lines of the paragraph being joined, so a long run
	// of lines costs one join, not one copy per line.
	var parts []string
	flush := func() {
		if len(parts) > 1 {
			out[len(out)-1].text = strings.Join(parts, " ")
		}
		parts = parts[:0]
	}
	for _, b := range in {
		if len(parts) > 0 && b.kind == bText && !b.bold && !startsBlock(b.text) {
			parts = append(parts, b.text)
			if endsQuestion(b.text) {
				flush()
			}
			continue
		}
		flush()
		out = append(out, b)
		// A prose line can take the next lines unless it is a question.
		if b.kind == bText && !b.bold && !endsQuestion(b.text) {
			parts = append(parts, b.text)
		}
	}
	flush()
	return out
}

func startsBlock(s string) bool {
	return qLabel.MatchString(s) || qLabelNoNum.MatchString(s) || aLabel.MatchString(s) || numLabel.MatchString(s)
}

func endsQuestion(s string) bool {
	return strings.HasSuffix(s, "?") || qLabel.MatchString(s) || qLabelNoNum.MatchString(s)
}

// htmlTag matches the HTML tags Markdown documents embed. Only known tag
// names: a literal placeholder such as <name> is text, not a tag.
var htmlTag = regexp.MustCompile(`(?i)</?(?:a|abbr|b|big|blockquote|br|center|code|dd|del|details|div|dl|dt|em|font|h[1-6]|hr|i|img|ins|kbd|li|mark|ol|p|pre|s|samp|small|span|strike|strong|sub|summary|sup|table|tbody|td|th|thead|tr|tt|u|ul|var)(?:\s[^<>]*)?/?>`)

// mdHTML strips the HTML tags from a Markdown line. A <summary> element
// is returned apart as q, the question of a <details> block.
func mdHTML(t string) (rest, q string) {
	if i := strings.Index(strings.ToLower(t), "<summary"); i >= 0 {
		if j := strings.IndexByte(t[i:], '>'); j >= 0 {
			body := t[i+j+1:]
			after := ""
			if k := strings.Index(strings.ToLower(body), "</summary>"); k >= 0 {
				body, after = body[:k], body[k+len("</summary>"):]
			}
			q = cleanText(html.UnescapeString(htmlTag.ReplaceAllString(body, " ")))
			t = t[:i] + " " + after
		}
	}
	t = htmlTag.ReplaceAllString(t, " ")
	if strings.IndexByte(t, '&') >= 0 {
		t = html.UnescapeString(t)
	}
	return strings.TrimSpace(t), q
}

// inline strips Markdown inline markup and collapses white space.
func inline(s string) string {
	s = mdImage.ReplaceAllString(s, "$1")
	s = mdLink.ReplaceAllString(s, "$1")
	s = mdStrong.ReplaceAllString(s, "")
	s = mdEmph.ReplaceAllString(s, "$1$2$3")
	s = strings.ReplaceAll(s, "`", "")
	s = mdEscape.ReplaceAllString(s, "$1")
	return cleanText(s)
}
