package anki

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/xopsexport/xopsexport/internal/testdeck"
	"github.com/xopsexport/xopsexport/model"
)

func TestEscapeText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"a < b && c > d", "a &lt; b &amp;&amp; c &gt; d"},
		{"&amp; stays text", "&amp;amp; stays text"},
		{`<a href="javascript:alert(1)">x</a>`, "&lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;"},
		{"it's", "it's"},
		{"one\ntwo", "one<br>two"},
		{"one\r\ntwo\rthree", "one<br>two<br>three"},
		{"tab\tkept", "tab\tkept"},
		{"nul-free controls\x01\x1f\x7f gone", "nul-free controls gone"},
		{"bad byte \xff here", "bad byte \uFFFD here"},
		{"e\u0301", "\u00e9"},                                  // NFC, as Anki stores fields
		{"\u0338 leads", "&#x338; leads"},                      // would compose with a tag's '>'
		{"x\n\u0301y", "x<br>&#x301;y"},                        // likewise after <br>
		{"a\u0338", "a\u0338"},                                 // no composition: left alone
		{"emoji 👋 and 𝕏", "emoji 👋 and 𝕏"},                     // astral plane untouched
		{"שלום, مرحبا", "שלום, مرحبا"},                         // RTL untouched
		{"{{c1::cloze}} {{Front}}", "{{c1::cloze}} {{Front}}"}, // fields are not templates
	}
	for _, tt := range tests {
		if got := escapeText(tt.in); got != tt.want {
			t.Errorf("escapeText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestAnswerHTML(t *testing.T) {
	tests := []struct {
		name   string
		blocks []model.Block
		want   string
	}{
		{"none", nil, ""},
		{"paragraphs and list", []model.Block{
			{Type: model.Paragraph, Text: "First <step>."},
			{Type: model.List, Items: []string{"a & b", "c"}},
			{Type: model.Paragraph, Text: "Last."},
		}, "<p>First &lt;step&gt;.</p><ul><li>a &amp; b</li><li>c</li></ul><p>Last.</p>"},
		{"blank parts left out", []model.Block{
			{Type: model.Paragraph, Text: "  "},
			{Type: model.List, Items: []string{"", " "}},
			{Type: model.List, Items: []string{"kept", "\t"}},
		}, "<ul><li>kept</li></ul>"},
		{"line break in an item", []model.Block{{Type: model.List, Items: []string{"one\ntwo"}}}, "<ul><li>one<br>two</li></ul>"},
		{"combining mark first in an item", []model.Block{{Type: model.List, Items: []string{"\u0338x"}}}, "<ul><li>&#x338;x</li></ul>"},
		{"unknown type with items is a list", []model.Block{{Type: "quote", Items: []string{"i"}}}, "<ul><li>i</li></ul>"},
		{"unknown type with text is a paragraph", []model.Block{{Type: "quote", Text: "q"}}, "<p>q</p>"},
		{"heading", []model.Block{{Type: model.Heading, Text: "Step <1>"}}, "<h4>Step &lt;1&gt;</h4>"},
		{"code keeps its whitespace; line breaks as <br>", []model.Block{{Type: model.Code, Lang: "sh", Text: "# c\n\tx  \"y\"\n\nz"}},
			`<pre><code class="language-sh"># c<br>` + "\t" + `x  &quot;y&quot;<br><br>z</code></pre>`},
		{"code language that is not a plain word is left out", []model.Block{{Type: model.Code, Lang: `x"><b`, Text: "x"}}, "<pre><code>x</code></pre>"},
		{"combining mark first in code and in a cell", []model.Block{
			{Type: model.Code, Lang: "go", Text: "\u0338x"},
			{Type: model.Table, Rows: [][]string{{"\u0301h"}, {"\u0338c", "e\u0301"}}},
		}, `<pre><code class="language-go">&#x338;x</code></pre><table><thead><tr><th>&#x301;h</th><th></th></tr></thead><tbody><tr><td>&#x338;c</td><td>` + "\u00e9" + `</td></tr></tbody></table>`},
		{"table cells escaped, ragged rows padded", []model.Block{{Type: model.Table, Rows: [][]string{{"K", "V"}, {"a & b"}, {"x\ny", "<z>", "extra"}}}},
			"<table><thead><tr><th>K</th><th>V</th><th></th></tr></thead><tbody><tr><td>a &amp; b</td><td></td><td></td></tr><tr><td>x<br>y</td><td>&lt;z&gt;</td><td>extra</td></tr></tbody></table>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := answerHTML(tt.blocks)
			if got != tt.want {
				t.Errorf("answerHTML = %q, want %q", got, tt.want)
			}
			if !norm.NFC.IsNormalString(got) {
				t.Errorf("answerHTML = %q is not NFC: Anki would change it on import", got)
			}
		})
	}
}

// FuzzHTML escapes arbitrary text into a front and a back, then parses the
// HTML back: a browser must show exactly the cleaned text, no markup but
// ours may appear, and the field must already be NFC so that Anki's import
// normalisation cannot rewrite (or break) it.
func FuzzHTML(f *testing.F) {
	for _, s := range testdeck.HostileStrings {
		f.Add(s, s)
	}
	f.Add("\u0338", ">\u0338")
	f.Add("a\r\nb", "\x00&#x41;")
	f.Fuzz(func(t *testing.T, a, b string) {
		front := escapeText(a)
		if got := fieldText(t, front); got != cleanText(a) {
			t.Errorf("front %q shows %q, want %q", front, got, cleanText(a))
		}
		if strings.ContainsAny(front, "\r\n\"") {
			t.Errorf("front %q holds a raw line break or quote", front)
		}
		blocks := []model.Block{
			{Type: model.Paragraph, Text: a}, {Type: model.List, Items: []string{b, a}}, {Type: model.Paragraph, Text: b},
			{Type: model.Heading, Text: b}, {Type: model.Code, Lang: b, Text: a}, {Type: model.Table, Rows: [][]string{{a, b}, {b}}},
		}
		back := answerHTML(blocks)
		if got, want := answerBlocks(t, back), wantBlocks(blocks); !equalBlocks(got, want) {
			t.Errorf("back %q reads back as %+v, want %+v", back, got, want)
		}
		for _, field := range []string{front, back} {
			if !norm.NFC.IsNormalString(field) {
				t.Errorf("field %q is not NFC", field)
			}
		}
		// The sort field Anki computes is the text without line breaks.
		want := strings.ReplaceAll(cleanText(a), "\n", "")
		if strings.Contains(front, "&") {
			want = strings.ReplaceAll(want, "\u00a0", " ")
		}
		if got := sortText(front); got != want {
			t.Errorf("sortText(%q) = %q, want %q", front, got, want)
		}
	})
}

func TestSortText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"a<br>b", "ab"},
		{"a &lt;b&gt; &amp; c", "a <b> & c"},
		{"no\u00a0entity", "no\u00a0entity"},            // Anki replaces NBSP only while decoding
		{"nb\u00a0sp &amp;", "nb sp &"},                 // ... which it does when there is an entity
		{"<p>x</p><!-- c --><script>s()</script>", "x"}, // Anki's strip pattern
	}
	for _, tt := range tests {
		if got := sortText(tt.in); got != tt.want {
			t.Errorf("sortText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSourceLink(t *testing.T) {
	tests := []struct{ url, want string }{
		{"https://learnxops.com/p/q-a", `<a href="https://learnxops.com/p/q-a">learnxops.com</a>`},
		{"http://example.com/a?b=1&c=<2>", `<a href="http://example.com/a?b=1&amp;c=&lt;2&gt;">example.com</a>`},
		{`https://example.com/"onmouseover="alert(1)`, `<a href="https://example.com/&#34;onmouseover=&#34;alert(1)">example.com</a>`},
		{"HTTPS://EXAMPLE.COM/", `<a href="HTTPS://EXAMPLE.COM/">EXAMPLE.COM</a>`},
		{"javascript:alert(1)", ""},
		{"file:///etc/passwd", ""},
		{"/home/me/article.txt", ""},
		{"https://user:pw@example.com/", ""},
		{"https://example.com/a b", ""},
		{"https:///nohost", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := sourceLink(tt.url); got != tt.want {
			t.Errorf("sourceLink(%q) = %q, want %q", tt.url, got, tt.want)
		}
	}
}

func TestNoteTags(t *testing.T) {
	tests := []struct {
		role   string
		topics []string
		want   string
	}{
		{"cloudops", []string{"aws", "kubernetes"}, "xops xops::cloudops aws kubernetes"},
		{"MLOps", []string{"mlflow", "MLflow", "xops"}, "xops xops::mlops mlflow"},
		{"devops", []string{"ci cd", "a\u00a0b", "", "::x::::y::"}, "xops xops::devops ci_cd a_b x::y"},
		{"", nil, "xops"},
	}
	for _, tt := range tests {
		if got := strings.Join(noteTags(tt.role, tt.topics), " "); got != tt.want {
			t.Errorf("noteTags(%q, %q) = %q, want %q", tt.role, tt.topics, got, tt.want)
		}
	}
}

func TestDeckNames(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", DefaultDeck},
		{"xOps Interview", "xOps Interview"},
		{" Study :: xOps ", "Study::xOps"},
		{"a::::b", "a::b"},
		{"::", DefaultDeck},
		{"tab\there\nand newline", "tab here and newline"},
	}
	for _, tt := range tests {
		if got := parentDeck(tt.in); got != tt.want {
			t.Errorf("parentDeck(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := deckLevel("Cloud::Ops:"); got != "Cloud:Ops" {
		t.Errorf("deckLevel keeps a role one level deep: got %q", got)
	}
}
