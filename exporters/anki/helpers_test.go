package anki

import (
	"bytes"
	"encoding/csv"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/xopsexport/xopsexport/model"
)

// ankiRecords reads data as Anki's text importer does: the Rust csv crate
// with has_headers(false), flexible(true), comment(Some(b'#')) and the
// given delimiter (ANKI-FACTS.md §4). A record starting with '#' is a
// comment up to the next LF, empty lines are skipped, a field is quoted
// only if '"' is its first byte, "" inside quotes is one quote, text after
// a closing quote is appended, and CR, LF or CR LF end a record. It is the
// reference the writer's quoting is tested against, not the writer's code.
func ankiRecords(data string, delim byte) [][]string {
	var recs [][]string
	i := 0
	for i < len(data) {
		switch data[i] {
		case '#':
			for i < len(data) && data[i] != '\n' {
				i++
			}
			i++
			continue
		case '\r', '\n':
			i++
			continue
		}
		var rec []string
		for {
			var f strings.Builder
			if i < len(data) && data[i] == '"' {
				i++
				for i < len(data) {
					if data[i] == '"' {
						if i+1 < len(data) && data[i+1] == '"' {
							f.WriteByte('"')
							i += 2
							continue
						}
						i++
						break
					}
					f.WriteByte(data[i])
					i++
				}
			}
			for i < len(data) && data[i] != delim && data[i] != '\r' && data[i] != '\n' {
				f.WriteByte(data[i])
				i++
			}
			rec = append(rec, f.String())
			if i < len(data) && data[i] == delim {
				i++
				continue
			}
			if i < len(data) && data[i] == '\r' {
				i++
				if i < len(data) && data[i] == '\n' {
					i++
				}
			} else if i < len(data) {
				i++
			}
			break
		}
		recs = append(recs, rec)
	}
	return recs
}

func TestAnkiRecordsReadsLikeAnki(t *testing.T) {
	tests := []struct {
		name, in string
		want     [][]string
	}{
		{"plain", "a\tb\nc\td\n", [][]string{{"a", "b"}, {"c", "d"}}},
		{"comment anywhere", "#h:1\na\tb\n#1 dropped\tx\nc\td", [][]string{{"a", "b"}, {"c", "d"}}},
		{"quoted hash", "\"#1 kept\"\tx\n", [][]string{{"#1 kept", "x"}}},
		{"quoted specials", "\"a\tb\"\t\"c\nd\"\t\"say \"\"hi\"\"\"\n", [][]string{{"a\tb", "c\nd", `say "hi"`}}},
		{"text after closing quote", "\"abc\"def\tx\n", [][]string{{"abcdef", "x"}}},
		{"quote inside unquoted", "say \"hi\"\tx\n", [][]string{{`say "hi"`, "x"}}},
		{"empty lines skipped", "\n\na\n\r\nb\r\n", [][]string{{"a"}, {"b"}}},
		{"CR ends a record", "a\rb\n", [][]string{{"a"}, {"b"}}},
		{"unterminated quote swallows the rest", "\"a\nb\tc\n", [][]string{{"a\nb\tc\n"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ankiRecords(tt.in, '\t')
			if !equalRecords(got, tt.want) {
				t.Errorf("ankiRecords(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func equalRecords(a, b [][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
		for j := range a[i] {
			if a[i][j] != b[i][j] {
				return false
			}
		}
	}
	return true
}

// splitTSV splits a written file into its header lines (the '#' lines at
// the top, as Anki reads them) and the data that follows.
func splitTSV(t testing.TB, data []byte) (headers []string, body string) {
	t.Helper()
	s := string(data)
	for strings.HasPrefix(s, "#") {
		end := strings.IndexByte(s, '\n')
		if end < 0 {
			t.Fatalf("header line without a newline: %q", s)
		}
		headers = append(headers, s[:end])
		s = s[end+1:]
	}
	return headers, s
}

// csvRows reads the data part of a TSV with encoding/csv, every row with
// exactly cols fields.
func csvRows(t testing.TB, body string, cols int) [][]string {
	t.Helper()
	r := csv.NewReader(strings.NewReader(body))
	r.Comma = '\t'
	r.FieldsPerRecord = cols
	var rows [][]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return rows
		}
		if err != nil {
			t.Fatalf("encoding/csv: %v", err)
		}
		rows = append(rows, rec)
	}
}

// fieldText reads an HTML field that should hold only escaped text and
// <br>: it returns the text a browser shows (with <br> as LF) and reports
// any other tag, i.e. markup that came from the source.
func fieldText(t testing.TB, field string) string {
	t.Helper()
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(field))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			b.Write(z.Text())
		case html.StartTagToken, html.SelfClosingTagToken:
			if name, _ := z.TagName(); string(name) == "br" {
				b.WriteByte('\n')
				continue
			}
			t.Errorf("field holds markup %q: %q", z.Raw(), field)
		default:
			t.Errorf("field holds markup %q: %q", z.Raw(), field)
		}
	}
}

// answerBlocks parses a back field back into blocks. Only the shapes
// package answerhtml writes may appear: <p>, <h4>, <ul><li>,
// <pre><code class="language-…">, <table> with <thead>/<tbody>/<tr>/<th>/<td>,
// and <br> inside text.
func answerBlocks(t testing.TB, field string) []model.Block {
	t.Helper()
	var blocks []model.Block
	var text strings.Builder
	var stack []string
	top := func() string {
		if len(stack) == 0 {
			return ""
		}
		return stack[len(stack)-1]
	}
	parents := map[string]string{"p": "", "h4": "", "ul": "", "li": "ul", "pre": "", "code": "pre",
		"table": "", "thead": "table", "tbody": "table", "tr": "thead tbody", "th": "tr", "td": "tr"}
	types := map[string]model.BlockType{"p": model.Paragraph, "h4": model.Heading, "ul": model.List, "pre": model.Code, "table": model.Table}
	z := html.NewTokenizer(strings.NewReader(field))
	for {
		tt := z.Next()
		name, hasAttr := z.TagName()
		n := string(name)
		switch {
		case tt == html.ErrorToken:
			if len(stack) > 0 {
				t.Errorf("unclosed %v in %q", stack, field)
			}
			return blocks
		case tt == html.TextToken:
			if !strings.Contains("p h4 li code th td", top()) || top() == "" {
				t.Errorf("text %q inside %q in %q", z.Text(), top(), field)
			}
			text.Write(z.Text())
		case tt == html.StartTagToken && n == "br" && top() != "":
			text.WriteByte('\n')
		case tt == html.StartTagToken:
			p, ok := parents[n]
			if !ok || (p == "" && top() != "") || (p != "" && !slices.Contains(strings.Fields(p), top())) {
				t.Errorf("unexpected <%s> inside %q in %q", n, top(), field)
				return blocks
			}
			if typ, ok := types[n]; ok {
				blocks = append(blocks, model.Block{Type: typ})
			}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if n != "code" || string(k) != "class" || !strings.HasPrefix(string(v), "language-") {
					t.Errorf("unexpected attribute %s=%q on <%s> in %q", k, v, n, field)
				}
				blocks[len(blocks)-1].Lang = strings.TrimPrefix(string(v), "language-")
			}
			if n == "tr" {
				b := &blocks[len(blocks)-1]
				b.Rows = append(b.Rows, []string{})
			}
			stack = append(stack, n)
		case tt == html.EndTagToken && n == top():
			stack = stack[:len(stack)-1]
			b := &blocks[len(blocks)-1]
			switch n {
			case "p", "h4", "code":
				b.Text = text.String()
				text.Reset()
			case "li":
				b.Items = append(b.Items, text.String())
				text.Reset()
			case "th", "td":
				r := &b.Rows[len(b.Rows)-1]
				*r = append(*r, text.String())
				text.Reset()
			}
		default:
			t.Errorf("unexpected markup %q (inside %q) in %q", z.Raw(), top(), field)
		}
	}
}

// wantBlocks is what a reader should get back from answerHTML(blocks):
// the text as cleanText keeps it, blank parts left out, tables padded to
// their widest row, a code block's language only when it is a plain word.
// An unknown type is a list if it has items, else a paragraph.
func wantBlocks(blocks []model.Block) []model.Block {
	var out []model.Block
	for _, b := range blocks {
		typ := b.Type
		switch typ {
		case model.Paragraph, model.List, model.Heading, model.Code, model.Table:
		default:
			typ = model.Paragraph
			if len(b.Items) > 0 {
				typ = model.List
			}
		}
		switch typ {
		case model.List:
			l := model.Block{Type: model.List}
			for _, it := range b.Items {
				if strings.TrimSpace(it) != "" {
					l.Items = append(l.Items, cleanText(it))
				}
			}
			if len(l.Items) > 0 {
				out = append(out, l)
			}
		case model.Table:
			w, text := 0, false
			for _, r := range b.Rows {
				w = max(w, len(r))
				for _, c := range r {
					text = text || strings.TrimSpace(c) != ""
				}
			}
			if !text {
				continue
			}
			tb := model.Block{Type: model.Table}
			for _, r := range b.Rows {
				row := make([]string, w)
				for i, c := range r {
					row[i] = cleanText(c)
				}
				tb.Rows = append(tb.Rows, row)
			}
			out = append(out, tb)
		default:
			if strings.TrimSpace(b.Text) == "" {
				continue
			}
			nb := model.Block{Type: typ, Text: cleanText(b.Text)}
			if typ == model.Code && regexp.MustCompile(`^[A-Za-z0-9_+-]+$`).MatchString(b.Lang) {
				nb.Lang = b.Lang
			}
			out = append(out, nb)
		}
	}
	return out
}

func equalBlocks(a, b []model.Block) bool {
	return slices.EqualFunc(a, b, func(x, y model.Block) bool {
		return x.Type == y.Type && x.Text == y.Text && x.Lang == y.Lang && slices.Equal(x.Items, y.Items) &&
			slices.EqualFunc(x.Rows, y.Rows, func(r, s []string) bool { return slices.Equal(r, s) })
	})
}

// export runs a writer into a buffer and fails the test on error.
func export(t testing.TB, write func(io.Writer, *model.Deck, Options) error, d *model.Deck, opts Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := write(&buf, d, opts); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
