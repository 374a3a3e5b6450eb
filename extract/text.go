package extract

import (
	"html"
	"io"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/xopsexport/xopsexport/model"
)

// Text reads a plain-text article: one paragraph per line or per run of
// lines, bullets as "•", "-" or "*", questions labelled "Q7:" (or "Q 7.",
// "Question 7:", "7. ...?"), answers optionally labelled "A:" or "Answer:",
// and section headings recognised by their place above a question.
func Text(r io.Reader, opts Options) (*model.Deck, error) {
	rd, _ := readerFor(FormatText)
	return rd.read(r, opts)
}

// Markdown reads a Markdown article: the same as Text plus "#" headings,
// setext headings, emphasis, inline code and links.
func Markdown(r io.Reader, opts Options) (*model.Deck, error) {
	rd, _ := readerFor(FormatMarkdown)
	return rd.read(r, opts)
}

var (
	mdHeading = labelRe{"#", regexp.MustCompile(`^(#{1,6})\s+(.*?)(?:\s+#+)?$`)}
	mdImage   = regexp.MustCompile(`!\[([^\]]*)\]\([^)]*\)`)
	mdLink    = regexp.MustCompile(`\[([^\]]+)\]\([^)]*\)`)
	mdEmph    = regexp.MustCompile(`(^|[\s(])[*_]([^*_\s][^*_]*?)[*_]([\s).,;:!?]|$)`)
	mdEscape  = regexp.MustCompile(`\\([\\` + "`" + `*_{}\[\]()#+\-.!<>])`)
)

// spaceReplacer turns the spaces copy-paste brings in (no-break, narrow,
// figure, tabs) into plain spaces and drops invisible ones.
var spaceReplacer = strings.NewReplacer(
	"\u00a0", " ", "\u202f", " ", "\u2007", " ", "\t", " ", "\u3000", " ",
	"\u200b", "", "\ufeff", "", "\u200c", "", "\u200d", "",
	"\r\n", "\n", "\r", "\n",
)

// cleanText collapses every run of white space (Unicode's, so no-break
// and other copy-paste spaces too) into one plain space, drops invisible
// zero-width characters and trims. Text that is already clean, most lines,
// comes back as it is with no allocation.
func cleanText(s string) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
		case invisible(r):
		default:
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// invisible reports the zero-width characters copy-paste leaves in text.
func invisible(r rune) bool {
	return r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff'
}

// isClean reports text cleanText would not change.
func isClean(s string) bool {
	space := true // a leading space is not clean
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == ' ':
				if space {
					return false
				}
				space = true
			case c <= ' ' && asciiSpace[c]:
				return false
			default:
				space = false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) || invisible(r) || r == utf8.RuneError {
			return false
		}
		space = false
		i += n
	}
	return !space || s == ""
}

var asciiSpace = [33]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

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
			if m := mdHeading.find(t); m != nil {
				blocks = append(blocks, block{kind: bHeading, level: len(m[1]), text: inline(m[2]), line: no})
				continue
			}
			if isSetext(t) && len(blocks) > 0 && blocks[len(blocks)-1].kind == bText {
				prev := &blocks[len(blocks)-1]
				prev.kind, prev.level = bHeading, 1
				if t[0] == '-' {
					prev.level = 2
				}
				continue
			}
			if isRule(t) {
				blocks = append(blocks, block{kind: bBlank, line: no})
				continue
			}
		}
		if item, ok := parseBullet(t); ok {
			text := cleanText(item)
			if markdown {
				text = inline(item)
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

// isSetext reports the underline of a setext heading: "===" or "---".
func isSetext(t string) bool {
	return t != "" && (t[0] == '=' || t[0] == '-') && strings.Count(t, t[:1]) == len(t)
}

// isRule reports a thematic break: three or more "*", "-" or "_", alone
// or with spaces between them.
func isRule(t string) bool {
	if t == "" || !strings.ContainsRune("*-_", rune(t[0])) {
		return false
	}
	n := 0
	for i := 0; i < len(t); i++ {
		switch t[i] {
		case t[0]:
			n++
		case ' ', '\t':
		default:
			return false
		}
	}
	return n >= 3
}

// bullets are the list markers of plain text and Markdown.
const bullets = "•·▪◦‣●∙-*+"

// parseBullet reads a bullet line ("• text", "- text", "* text"): a marker
// and white space before the item.
func parseBullet(t string) (item string, ok bool) {
	r, n := utf8.DecodeRuneInString(t)
	if n == 0 || !strings.ContainsRune(bullets, r) {
		return "", false
	}
	item, sp := spaces(t[n:])
	return item, sp > 0
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

// startsBlock reports a line that carries a label (Q7:, Q:, A:, 7.).
func startsBlock(s string) bool {
	if s == "" || !strings.ContainsRune("qQaA0123456789", rune(s[0])) {
		return false
	}
	_, _, num := parseNum(s)
	_, noNum := parseQNoNum(s)
	return isQLabel(s) || noNum || isALabel(s) || num
}

// endsQuestion reports a line after which no prose line is joined: a
// question, or a question label.
func endsQuestion(s string) bool {
	_, noNum := parseQNoNum(s)
	return strings.HasSuffix(s, "?") || isQLabel(s) || noNum
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

// inline strips Markdown inline markup and collapses white space. Each
// rule runs only when its marker character is there: most lines have none.
func inline(s string) string {
	if strings.IndexByte(s, '[') >= 0 {
		s = mdImage.ReplaceAllString(s, "$1")
		s = mdLink.ReplaceAllString(s, "$1")
	}
	if strings.ContainsAny(s, "*_") {
		s = strings.ReplaceAll(strings.ReplaceAll(s, "**", ""), "__", "")
		if strings.ContainsAny(s, "*_") {
			s = mdEmph.ReplaceAllString(s, "$1$2$3")
		}
	}
	if strings.IndexByte(s, '`') >= 0 {
		s = strings.ReplaceAll(s, "`", "")
	}
	if strings.IndexByte(s, '\\') >= 0 {
		s = mdEscape.ReplaceAllString(s, "$1")
	}
	return cleanText(s)
}
