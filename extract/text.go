package extract

import (
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
	mdImage  = regexp.MustCompile(`!\[([^\]]*)\]\([^)]*\)`)
	mdLink   = regexp.MustCompile(`\[([^\]]+)\]\([^)]*\)`)
	mdEmph   = regexp.MustCompile(`(^|[\s(])[*_]([^*_\s][^*_]*?)[*_]([\s).,;:!?]|$)`)
	mdEscape = regexp.MustCompile(`\\([\\` + "`" + `*_{}\[\]()#+\-.!<>])`)
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
func joinParagraphs(in []block, markdown bool) []block {
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
	for i, b := range in {
		if markdown && lazyItem(out, b) {
			// A list item wrapped onto the next line.
			prev := &out[len(out)-1]
			prev.text += " " + b.text
			continue
		}
		if len(parts) > 0 && b.kind == bText && !b.bold && !startsBlock(b.text) && !askedAfter(parts[len(parts)-1], b.text) &&
			!headsQuestion(parts[len(parts)-1], in, i) && (markdown || !afterTitleLine(parts[len(parts)-1], b.text)) {
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

// lazyItem reports a prose line right below a list item, with no blank
// line between: Markdown's lazy continuation of the item.
func lazyItem(out []block, b block) bool {
	if len(out) == 0 || b.kind != bText || b.bold || b.quote || b.line == 0 {
		return false
	}
	prev := out[len(out)-1]
	return prev.kind == bBullet && !prev.option && prev.line > 0 && b.line == prev.line+1 && !startsBlock(b.text)
}

// headsQuestion reports a heading-shaped line after a complete sentence
// with a question right below it: a topic line in plain-text notes.
func headsQuestion(prev string, in []block, i int) bool {
	b := in[i]
	if i+1 >= len(in) || in[i+1].kind != bText || !strings.ContainsAny(prev[len(prev)-1:], ".!:)") {
		return false
	}
	return wholeLineHeading(b.text) && utf8.RuneCountInString(b.text) <= 60 && askedAfter(b.text, in[i+1].text)
}

// afterTitleLine reports, in plain text, a line that starts a sentence
// below a short line without punctuation: a title, a heading or a byline
// on a line of its own, not prose wrapped mid-sentence.
func afterTitleLine(prev, line string) bool {
	r, _ := utf8.DecodeRuneInString(line)
	return unicode.IsUpper(r) && wholeLineHeading(prev) && utf8.RuneCountInString(prev) <= 80
}

// askedAfter reports a line that asks on its own after one that is
// complete (a sentence or a heading-shaped line): in plain text notes the
// next question often follows its answer with no blank line.
func askedAfter(prev, line string) bool {
	if !strings.HasSuffix(line, "?") || line == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(line)
	if !unicode.IsUpper(r) && r != '¿' {
		return false
	}
	return strings.ContainsAny(prev[len(prev)-1:], ".!:)") || wholeLineHeading(prev) && utf8.RuneCountInString(prev) <= 60
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
