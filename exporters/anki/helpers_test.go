package anki

import (
	"bytes"
	"encoding/csv"
	"io"
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

// answerBlocks parses a back field back into blocks. Only <p>, <ul>, <li>
// and <br> may appear, in the shapes answerHTML writes.
func answerBlocks(t testing.TB, field string) []model.Block {
	t.Helper()
	var blocks []model.Block
	var text strings.Builder
	in := ""
	z := html.NewTokenizer(strings.NewReader(field))
	for {
		tt := z.Next()
		name, _ := z.TagName()
		switch {
		case tt == html.ErrorToken:
			if in != "" {
				t.Errorf("unclosed <%s> in %q", in, field)
			}
			return blocks
		case tt == html.TextToken:
			if in != "p" && in != "li" {
				t.Errorf("text %q outside <p>/<li> in %q", z.Text(), field)
			}
			text.Write(z.Text())
		case tt == html.StartTagToken && string(name) == "br":
			text.WriteByte('\n')
		case tt == html.StartTagToken && string(name) == "p" && in == "":
			in = "p"
		case tt == html.EndTagToken && string(name) == "p" && in == "p":
			blocks = append(blocks, model.Block{Type: model.Paragraph, Text: text.String()})
			text.Reset()
			in = ""
		case tt == html.StartTagToken && string(name) == "ul" && in == "":
			blocks = append(blocks, model.Block{Type: model.List})
			in = "ul"
		case tt == html.StartTagToken && string(name) == "li" && in == "ul":
			in = "li"
		case tt == html.EndTagToken && string(name) == "li" && in == "li":
			l := &blocks[len(blocks)-1]
			l.Items = append(l.Items, text.String())
			text.Reset()
			in = "ul"
		case tt == html.EndTagToken && string(name) == "ul" && in == "ul":
			in = ""
		default:
			t.Errorf("unexpected markup %q (inside %q) in %q", z.Raw(), in, field)
		}
	}
}

// wantBlocks is what a reader should get back from answerHTML(blocks):
// the text as cleanText keeps it, blank paragraphs and items left out.
func wantBlocks(blocks []model.Block) []model.Block {
	var out []model.Block
	for _, b := range blocks {
		if b.Type == model.List || (b.Type != model.Paragraph && len(b.Items) > 0) {
			l := model.Block{Type: model.List}
			for _, it := range b.Items {
				if strings.TrimSpace(it) != "" {
					l.Items = append(l.Items, cleanText(it))
				}
			}
			if len(l.Items) > 0 {
				out = append(out, l)
			}
			continue
		}
		if strings.TrimSpace(b.Text) != "" {
			out = append(out, model.Block{Type: model.Paragraph, Text: cleanText(b.Text)})
		}
	}
	return out
}

func equalBlocks(a, b []model.Block) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Type != b[i].Type || a[i].Text != b[i].Text || len(a[i].Items) != len(b[i].Items) {
			return false
		}
		for j := range a[i].Items {
			if a[i].Items[j] != b[i].Items[j] {
				return false
			}
		}
	}
	return true
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
