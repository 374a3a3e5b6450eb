package moodle

import (
	"errors"
	"fmt"
	"html"
	"regexp"
	"strings"

	"github.com/xopsexport/xopsexport/model"
)

// A small, strict GIFT reader for round-trip tests. It follows Moodle's
// importer where that matters (blocks split on blank lines, "//" lines are
// comments, the answer block runs from the first unescaped '{' to the first
// unescaped '}', general feedback after the last "####", answers start at
// '=' and '~', escapes \\ \~ \= \# \{ \} \: \n) and is stricter than Moodle
// where our writer promises more: a special character that is not escaped,
// a stray backslash, a line break inside text or per-answer feedback is an
// error, so an escaping slip fails the test instead of being read leniently.

type giftQuestion struct {
	Line           int
	Category       string // set for a $CATEGORY block, Type "category"
	Comments       []string
	IDNumber       string
	Tags           []string
	Type           string // "category", "essay" or "multichoice"
	Name           string
	Text           string
	TextFormat     string
	Feedback       string
	FeedbackFormat string
	Answers        []giftAnswer
}

type giftAnswer struct {
	Text    string
	Format  string
	Correct bool
}

var (
	giftIDRe  = regexp.MustCompile(`\[id:([^\]]*)\]`)
	giftTagRe = regexp.MustCompile(`\[tag:([^\]]*)\]`)
)

// readGIFT parses a whole GIFT file.
func readGIFT(src string) ([]giftQuestion, error) {
	if strings.ContainsRune(src, '\r') {
		return nil, errors.New("carriage return in file")
	}
	var out []giftQuestion
	lines := strings.Split(src, "\n")
	for i := 0; i < len(lines); {
		if strings.TrimSpace(lines[i]) == "" {
			i++
			continue
		}
		start := i
		for i < len(lines) && strings.TrimSpace(lines[i]) != "" {
			i++
		}
		q, ok, err := readGIFTBlock(lines[start:i])
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", start+1, err)
		}
		if ok {
			q.Line = start + 1
			out = append(out, q)
		}
	}
	return out, nil
}

// readGIFTBlock parses one blank-line separated block; ok is false for a
// block of comments only.
func readGIFTBlock(lines []string) (q giftQuestion, ok bool, err error) {
	var body []string
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "//") {
			if len(body) > 0 {
				return q, false, errors.New("comment line inside a question")
			}
			q.Comments = append(q.Comments, t)
			continue
		}
		body = append(body, t)
	}
	if len(body) == 0 {
		return q, false, nil
	}
	comments := strings.Join(q.Comments, "\n")
	if m := giftIDRe.FindStringSubmatch(comments); m != nil {
		q.IDNumber = strings.TrimSpace(m[1])
	}
	for _, m := range giftTagRe.FindAllStringSubmatch(comments, -1) {
		q.Tags = append(q.Tags, strings.TrimSpace(m[1]))
	}

	text := strings.Join(body, "\n")
	if rest, found := strings.CutPrefix(text, "$CATEGORY:"); found {
		if len(body) != 1 {
			return q, false, errors.New("$CATEGORY block with more than one line")
		}
		q.Type, q.Category = "category", strings.TrimSpace(rest)
		return q, true, nil
	}

	if strings.HasPrefix(text, "::") {
		end := indexUnescaped(text, "::", 2)
		if end < 0 {
			return q, false, errors.New("unterminated ::name::")
		}
		if q.Name, err = giftUnescape(text[2:end]); err != nil {
			return q, false, fmt.Errorf("name: %w", err)
		}
		text = text[end+2:]
	}
	open := indexUnescaped(text, "{", 0)
	if open < 0 {
		return q, false, errors.New("no answer block")
	}
	closing := indexUnescaped(text, "}", open)
	if closing < 0 || indexUnescaped(text[:open], "}", 0) >= 0 {
		return q, false, errors.New("unbalanced answer block")
	}
	if strings.TrimSpace(text[closing+1:]) != "" {
		return q, false, fmt.Errorf("text after the answer block: %q", text[closing+1:])
	}
	if q.TextFormat, q.Text, err = giftPiece(text[:open]); err != nil {
		return q, false, fmt.Errorf("question text: %w", err)
	}

	block := text[open+1 : closing]
	if gf := lastIndexUnescaped(block, "####"); gf >= 0 {
		if q.FeedbackFormat, q.Feedback, err = giftPiece(block[gf+4:]); err != nil {
			return q, false, fmt.Errorf("general feedback: %w", err)
		}
		block = block[:gf]
	}
	block = strings.TrimSpace(block)
	if block == "" {
		q.Type = "essay"
		return q, true, nil
	}
	q.Type = "multichoice"
	// Split at every unescaped '=' or '~'; the first piece must be empty.
	var marks []int
	for i := 0; i < len(block); i++ {
		switch block[i] {
		case '\\':
			i++
		case '=', '~':
			marks = append(marks, i)
		}
	}
	if len(marks) == 0 || strings.TrimSpace(block[:marks[0]]) != "" {
		return q, false, fmt.Errorf("answer block is neither empty nor a list of answers: %q", block)
	}
	for n, m := range marks {
		end := len(block)
		if n+1 < len(marks) {
			end = marks[n+1]
		}
		var a giftAnswer
		a.Correct = block[m] == '='
		if a.Format, a.Text, err = giftPiece(block[m+1 : end]); err != nil {
			return q, false, fmt.Errorf("answer %d: %w", n+1, err)
		}
		q.Answers = append(q.Answers, a)
	}
	return q, true, nil
}

// giftPiece reads a text piece: an optional [format] marker, then escaped
// text on one line.
func giftPiece(s string) (format, text string, err error) {
	s = strings.TrimSpace(s)
	format = "moodle"
	for _, f := range []string{"html", "moodle", "plain", "markdown"} {
		if rest, ok := strings.CutPrefix(s, "["+f+"]"); ok {
			format, s = f, rest
			break
		}
	}
	if strings.ContainsRune(s, '\n') {
		return "", "", errors.New("line break inside a text")
	}
	text, err = giftUnescape(s)
	return format, strings.TrimSpace(text), err
}

// giftUnescape undoes appendGIFT and refuses anything appendGIFT never
// writes: a bare special character or a backslash before anything else.
func giftUnescape(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\':
			if i+1 >= len(s) {
				return "", errors.New("trailing backslash")
			}
			i++
			switch n := s[i]; {
			case giftSpecial(n):
				b.WriteByte(n)
			case n == 'n':
				b.WriteByte('\n')
			default:
				return "", fmt.Errorf("stray backslash before %q", n)
			}
		case giftSpecial(c):
			return "", fmt.Errorf("unescaped %q at byte %d of %q", c, i, s)
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}

// indexUnescaped finds sub at or after from, skipping escaped characters.
func indexUnescaped(s, sub string, from int) int {
	for i := from; i < len(s); i++ {
		if s[i] == '\\' {
			i++
			continue
		}
		if strings.HasPrefix(s[i:], sub) {
			return i
		}
	}
	return -1
}

func lastIndexUnescaped(s, sub string) int {
	last := -1
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' {
			i++
			continue
		}
		if strings.HasPrefix(s[i:], sub) {
			last = i
		}
	}
	return last
}

// htmlBlocks reads back the HTML subset answerHTML writes (<p>, <ul><li>,
// <br>, &amp; &lt; &gt;) as model blocks with plain text.
func htmlBlocks(h string) ([]model.Block, error) {
	var out []model.Block
	for h != "" {
		switch {
		case strings.HasPrefix(h, "<p>"):
			end := strings.Index(h, "</p>")
			if end < 0 {
				return nil, errors.New("unclosed <p>")
			}
			t, err := htmlInline(h[3:end])
			if err != nil {
				return nil, err
			}
			out = append(out, model.Block{Type: model.Paragraph, Text: t})
			h = h[end+4:]
		case strings.HasPrefix(h, "<ul>"):
			end := strings.Index(h, "</ul>")
			if end < 0 {
				return nil, errors.New("unclosed <ul>")
			}
			inner := h[4:end]
			b := model.Block{Type: model.List}
			for inner != "" {
				if !strings.HasPrefix(inner, "<li>") {
					return nil, fmt.Errorf("unexpected %q in <ul>", inner)
				}
				e := strings.Index(inner, "</li>")
				if e < 0 {
					return nil, errors.New("unclosed <li>")
				}
				t, err := htmlInline(inner[4:e])
				if err != nil {
					return nil, err
				}
				b.Items = append(b.Items, t)
				inner = inner[e+5:]
			}
			out = append(out, b)
			h = h[end+5:]
		case strings.HasPrefix(h, "<h4>"):
			end := strings.Index(h, "</h4>")
			if end < 0 {
				return nil, errors.New("unclosed <h4>")
			}
			t, err := htmlInline(h[4:end])
			if err != nil {
				return nil, err
			}
			out = append(out, model.Block{Type: model.Heading, Text: t})
			h = h[end+5:]
		case strings.HasPrefix(h, "<pre><code"):
			open := strings.IndexByte(h, '>') // of <pre>
			rest := h[open+1:]
			tagEnd := strings.IndexByte(rest, '>')
			end := strings.Index(rest, "</code></pre>")
			if tagEnd < 0 || end < 0 || end < tagEnd {
				return nil, errors.New("unclosed <pre><code>")
			}
			b := model.Block{Type: model.Code}
			switch attr := rest[len("<code"):tagEnd]; {
			case attr == "":
			case strings.HasPrefix(attr, ` class="language-`) && strings.HasSuffix(attr, `"`):
				b.Lang = attr[len(` class="language-`) : len(attr)-1]
			default:
				return nil, fmt.Errorf("unexpected <code%s>", attr)
			}
			t, err := htmlInline(rest[tagEnd+1 : end])
			if err != nil {
				return nil, err
			}
			b.Text = t
			out = append(out, b)
			h = rest[end+len("</code></pre>"):]
		case strings.HasPrefix(h, "<table\n><thead>"):
			// GIFT's spelling of <table> (see unsniffable), the same tag to
			// an HTML parser; Moodle XML writes <table>.
			h = "<table>" + h[len("<table\n>"):]
		case strings.HasPrefix(h, "<table><thead>"):
			end := strings.Index(h, "</table>")
			if end < 0 {
				return nil, errors.New("unclosed <table>")
			}
			b := model.Block{Type: model.Table}
			inner := strings.TrimPrefix(h[:end], "<table>")
			for _, sect := range []struct{ open, close, cell string }{{"<thead>", "</thead>", "th"}, {"<tbody>", "</tbody>", "td"}} {
				if !strings.HasPrefix(inner, sect.open) {
					if sect.cell == "th" {
						return nil, errors.New("table without <thead>")
					}
					continue
				}
				e := strings.Index(inner, sect.close)
				if e < 0 {
					return nil, fmt.Errorf("unclosed %s", sect.open)
				}
				rows := inner[len(sect.open):e]
				inner = inner[e+len(sect.close):]
				for rows != "" {
					re := strings.Index(rows, "</tr>")
					if !strings.HasPrefix(rows, "<tr>") || re < 0 {
						return nil, fmt.Errorf("bad row %q", rows)
					}
					cells := rows[4:re]
					rows = rows[re+5:]
					row := []string{}
					for cells != "" {
						o, c := "<"+sect.cell+">", "</"+sect.cell+">"
						ce := strings.Index(cells, c)
						if !strings.HasPrefix(cells, o) || ce < 0 {
							return nil, fmt.Errorf("bad cell %q", cells)
						}
						t, err := htmlInline(cells[len(o):ce])
						if err != nil {
							return nil, err
						}
						row = append(row, t)
						cells = cells[ce+len(c):]
					}
					b.Rows = append(b.Rows, row)
				}
			}
			if inner != "" {
				return nil, fmt.Errorf("unexpected %q in <table>", inner)
			}
			out = append(out, b)
			h = h[end+len("</table>"):]
		default:
			return nil, fmt.Errorf("unexpected HTML %q", h)
		}
	}
	return out, nil
}

// htmlInline reads inline HTML text: <br> is a line break, the only other
// '<' allowed is none at all.
func htmlInline(s string) (string, error) {
	s = strings.ReplaceAll(s, "<br>", "\n")
	if strings.ContainsAny(s, "<>") {
		return "", fmt.Errorf("raw markup in text %q", s)
	}
	if strings.Contains(strings.NewReplacer("&amp;", "", "&lt;", "", "&gt;", "").Replace(s), "&") {
		return "", fmt.Errorf("bare or unknown entity in %q", s)
	}
	return html.UnescapeString(s), nil
}
