package answerhtml

import (
	"html"
	"strings"
	"testing"

	"github.com/xopsexport/xopsexport/internal/testdeck"
	"github.com/xopsexport/xopsexport/model"
)

// esc is a minimal escaper for the tests: & < > as entities, nothing else.
func esc(dst []byte, s string) []byte {
	return append(dst, strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)...)
}

func TestAppend(t *testing.T) {
	code := "# comment\n\tindented  two spaces\n\n<b> & {x}\n"
	for _, c := range []struct {
		name   string
		blocks []model.Block
		want   string
	}{
		{"none", nil, ""},
		{"paragraph", []model.Block{{Type: model.Paragraph, Text: "a < b"}}, "<p>a &lt; b</p>"},
		{"list", []model.Block{{Type: model.List, Items: []string{"one", "two & three"}}}, "<ul><li>one</li><li>two &amp; three</li></ul>"},
		{"heading", []model.Block{{Type: model.Heading, Text: "1. Setup"}}, "<h4>1. Setup</h4>"},
		{"code with language", []model.Block{{Type: model.Code, Lang: "sh", Text: code}},
			`<pre><code class="language-sh"># comment` + "\n\tindented  two spaces\n\n&lt;b&gt; &amp; {x}\n" + `</code></pre>`},
		{"code without language", []model.Block{{Type: model.Code, Text: "x := 1"}}, "<pre><code>x := 1</code></pre>"},
		{"code language with every safe character", []model.Block{{Type: model.Code, Lang: "C_c++-9", Text: "x"}}, `<pre><code class="language-C_c++-9">x</code></pre>`},
		{"code language unsafe: quote", []model.Block{{Type: model.Code, Lang: `sh" onclick="x`, Text: "x"}}, "<pre><code>x</code></pre>"},
		{"code language unsafe: space", []model.Block{{Type: model.Code, Lang: "c sharp", Text: "x"}}, "<pre><code>x</code></pre>"},
		{"code language unsafe: #", []model.Block{{Type: model.Code, Lang: "c#", Text: "x"}}, "<pre><code>x</code></pre>"},
		{"code language unsafe: non-ASCII", []model.Block{{Type: model.Code, Lang: "gö", Text: "x"}}, "<pre><code>x</code></pre>"},
		{"table", []model.Block{{Type: model.Table, Rows: [][]string{{"K", "V"}, {"a", "1"}, {"b", "<2>"}}}},
			"<table><thead><tr><th>K</th><th>V</th></tr></thead><tbody><tr><td>a</td><td>1</td></tr><tr><td>b</td><td>&lt;2&gt;</td></tr></tbody></table>"},
		{"ragged table padded to the widest row", []model.Block{{Type: model.Table, Rows: [][]string{{"A"}, {"1", "2", "3"}, {}}}},
			"<table><thead><tr><th>A</th><th></th><th></th></tr></thead><tbody><tr><td>1</td><td>2</td><td>3</td></tr><tr><td></td><td></td><td></td></tr></tbody></table>"},
		{"header-only table", []model.Block{{Type: model.Table, Rows: [][]string{{"A", "B"}}}},
			"<table><thead><tr><th>A</th><th>B</th></tr></thead></table>"},
		{"blank parts left out", []model.Block{
			{Type: model.Paragraph, Text: " \n"},
			{Type: model.Heading, Text: "\t"},
			{Type: model.Code, Lang: "go", Text: "\n\n"},
			{Type: model.List, Items: []string{"", " "}},
			{Type: model.List},
			{Type: model.Table, Rows: [][]string{{"", " "}, {""}}},
			{Type: model.Table},
			{Type: model.List, Items: []string{"kept", "\t"}},
		}, "<ul><li>kept</li></ul>"},
		{"unknown type with items is a list", []model.Block{{Type: "quote", Text: "t", Items: []string{"i"}}}, "<ul><li>i</li></ul>"},
		{"unknown type with text is a paragraph", []model.Block{{Type: "quote", Text: "q"}}, "<p>q</p>"},
		{"known type decides over fields", []model.Block{{Type: model.Paragraph, Items: []string{"i"}}, {Type: model.Heading, Text: "h", Items: []string{"i"}}}, "<h4>h</h4>"},
		{"mixed, in order", []model.Block{
			{Type: model.Heading, Text: "H"},
			{Type: model.Paragraph, Text: "P"},
			{Type: model.Code, Text: "C"},
			{Type: model.List, Items: []string{"L"}},
			{Type: model.Table, Rows: [][]string{{"T"}}},
		}, "<h4>H</h4><p>P</p><pre><code>C</code></pre><ul><li>L</li></ul><table><thead><tr><th>T</th></tr></thead></table>"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := string(Append(nil, c.blocks, esc)); got != c.want {
				t.Errorf("Append =\n  %q\nwant\n  %q", got, c.want)
			}
		})
	}
}

// Append appends: what dst held stays in front.
func TestAppendKeepsDst(t *testing.T) {
	got := Append([]byte("<x>"), []model.Block{{Type: model.Paragraph, Text: "p"}}, esc)
	if string(got) != "<x><p>p</p>" {
		t.Errorf("got %q", got)
	}
}

// Every call of esc comes right after a tag this package wrote, the
// contract Anki's escaper relies on (a combining mark at the start of a
// text is written as a reference because it would compose with that '>').
func TestEscCalledAfterTag(t *testing.T) {
	for _, d := range []*model.Deck{testdeck.Structured(), testdeck.Article(), testdeck.Hostile()} {
		for _, s := range d.Sections {
			for _, q := range s.Questions {
				calls := 0
				Append(nil, q.Answer, func(dst []byte, s string) []byte {
					calls++
					if len(dst) == 0 || dst[len(dst)-1] != '>' {
						t.Errorf("%s: esc(%q) called after %q, not after a tag", q.ID, s, dst[max(0, len(dst)-10):])
					}
					return esc(dst, s)
				})
				if len(q.Answer) > 0 && calls == 0 {
					t.Errorf("%s: esc never called for %d blocks", q.ID, len(q.Answer))
				}
			}
		}
	}
}

// TestStructuredReadsBack parses every answer of testdeck.Structured with
// an HTML tokenizer: the blocks come back with their text exact (code
// whitespace included) and tables padded.
func TestStructuredReadsBack(t *testing.T) {
	d := testdeck.Structured()
	for _, s := range d.Sections {
		for _, q := range s.Questions {
			out := string(Append(nil, q.Answer, esc))
			got := parse(t, out)
			want := expect(q.Answer)
			if !equal(got, want) {
				t.Errorf("%s: %q reads back as\n%+v\nwant\n%+v", q.ID, out, got, want)
			}
		}
	}
}

// FuzzAppend renders arbitrary text in every block type with
// html.EscapeString as the escaper, parses the result and checks that the
// blocks come back as expected: the text is never markup, whatever it holds.
func FuzzAppend(f *testing.F) {
	for _, s := range testdeck.HostileStrings {
		f.Add(s, s, "go")
	}
	f.Add("</code></pre><p>", "\n\t x", `"><script>`)
	f.Fuzz(func(t *testing.T, a, b, lang string) {
		blocks := []model.Block{
			{Type: model.Heading, Text: a},
			{Type: model.Paragraph, Text: b},
			{Type: model.Code, Lang: lang, Text: a},
			{Type: model.List, Items: []string{a, b}},
			{Type: model.Table, Rows: [][]string{{a}, {b, a}, {}}},
		}
		out := string(Append(nil, blocks, func(dst []byte, s string) []byte { return append(dst, html.EscapeString(s)...) }))
		if got, want := parse(t, out), expect(blocks); !equal(got, want) {
			t.Errorf("%q reads back as\n%+v\nwant\n%+v", out, got, want)
		}
	})
}
