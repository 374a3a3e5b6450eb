package moodle

import (
	"encoding/xml"
	"reflect"
	"strings"
	"testing"

	"github.com/xopsexport/xopsexport/internal/testdeck"
	"github.com/xopsexport/xopsexport/model"
)

func TestHTMLText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"plain", "plain"},
		{"a < b > c & d", "a &lt; b &gt; c &amp; d"},
		{"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{"&lt; stays text", "&amp;lt; stays text"},
		{"&&058;", "&amp;&amp;058;"},
		{"two\nlines", "two<br>lines"},
		{"crlf\r\nlone\rcr", "crlf<br>lone<br>cr"},
		{"nel\u0085ls\u2028ps\u2029", "nel<br>ls<br>ps<br>"},
		{"tab\tkept", "tab\tkept"},
		{"ctrl\x00\x01\x1b\x7f", "ctrl"},
		{"bad \xff utf8", "bad \uFFFD utf8"},
		{"nonchar \ufffe\uffff", "nonchar "},
		{`{{ .Values.image }} ${VAR} a = b #1 C:\path :: //comment ~`, `{{ .Values.image }} ${VAR} a = b #1 C:\path :: //comment ~`},
		{"emoji 👋 𝕏 שלום 你好", "emoji 👋 𝕏 שלום 你好"},
	} {
		if got := htmlText(c.in); got != c.want {
			t.Errorf("htmlText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestGIFTEscape(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"plain text", "plain text"},
		{"~", `\~`}, {"=", `\=`}, {"#", `\#`}, {"{", `\{`}, {"}", `\}`}, {":", `\:`}, {`\`, `\\`},
		{"{{ .Values.image }}", `\{\{ .Values.image \}\}`},
		{"${VAR}", `$\{VAR\}`},
		{"a = b", `a \= b`},
		{"#1", `\#1`},
		{`C:\path`, `C\:\\path`},
		{"::", `\:\:`},
		{"//comment", "//comment"}, // only a comment at the start of a line, and text never starts one
		{"####", `\#\#\#\#`},
		{`\n literal`, `\\n literal`},
		{`\{`, `\\\{`},
		{"line\nbreak", `line\nbreak`},
		{"cr\rdropped", "crdropped"},
		{"&lt;script&gt;", "&lt;script&gt;"}, // after appendHTML: nothing left to escape
		{"-> %50% [html]", "-> %50% [html]"},
	} {
		if got := giftEscape(c.in); got != c.want {
			t.Errorf("giftEscape(%q) = %q, want %q", c.in, got, c.want)
		}
		back, err := giftUnescape(giftEscape(c.in))
		if want := strings.ReplaceAll(c.in, "\r", ""); err != nil || back != want {
			t.Errorf("giftUnescape(giftEscape(%q)) = %q, %v", c.in, back, err)
		}
	}
}

// Every hostile string survives HTML escaping, then GIFT escaping, then
// the reverse, and leaves nothing a GIFT parser would act on.
func TestGIFTEscapeHostile(t *testing.T) {
	for _, s := range testdeck.HostileStrings {
		esc := giftEscape(htmlText(s))
		if strings.ContainsAny(strings.ReplaceAll(esc, "<br>", ""), "<>\n\r") {
			t.Errorf("%q: escaped text %q holds markup or a line break", s, esc)
		}
		back, err := giftUnescape(esc)
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		plain, err := htmlInline(back)
		if err != nil || plain != wantText(s) {
			t.Errorf("%q came back as %q (%v)", s, plain, err)
		}
	}
}

// cdataText decodes "<t>"+x+"</t>" with encoding/xml.
func cdataText(t testing.TB, x string) string {
	t.Helper()
	var v struct {
		Text string `xml:",chardata"`
	}
	if err := xml.Unmarshal([]byte("<t>"+x+"</t>"), &v); err != nil {
		t.Fatalf("%q: %v", x, err)
	}
	return v.Text
}

func TestCDATA(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"<p>x &amp; y</p>", "<![CDATA[<p>x &amp; y</p>]]>"},
		{"a]]>b", "<![CDATA[a]]]]><![CDATA[>b]]>"},
		{"]]]>", "<![CDATA[]]]]]><![CDATA[>]]>"},
		{"]]>]]>", "<![CDATA[]]]]><![CDATA[>]]]]><![CDATA[>]]>"},
		{"]] >", "<![CDATA[]] >]]>"},
		{"cr\rx", "<![CDATA[cr]]>&#13;<![CDATA[x]]>"},
		{"nul\x00\x1b", "<![CDATA[nul]]>"},
		{"]\x00]>", "<![CDATA[]]]]><![CDATA[>]]>"}, // "]]>" once the NUL is dropped
		{"\xff", "<![CDATA[\uFFFD]]>"},
	} {
		got := string(appendCDATA(nil, c.in))
		if got != c.want {
			t.Errorf("appendCDATA(%q) = %q, want %q", c.in, got, c.want)
		}
		if back := cdataText(t, got); back != xmlClean(c.in) {
			t.Errorf("%q decodes as %q", c.in, back)
		}
	}
}

func TestXMLText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"CloudOps Q7 (cloudops-9d4e8ac8)", "CloudOps Q7 (cloudops-9d4e8ac8)"},
		{"$course$/top/Q&A <x>", "$course$/top/Q&amp;A &lt;x&gt;"},
		{"]]>", "]]&gt;"},
		{"cr\r\x01", "cr&#13;"},
	} {
		got := string(appendXML(nil, c.in))
		if got != c.want {
			t.Errorf("appendXML(%q) = %q, want %q", c.in, got, c.want)
		}
		if back := cdataText(t, got); back != xmlClean(c.in) {
			t.Errorf("%q decodes as %q", c.in, back)
		}
	}
}

// xmlClean is what XML can carry of s, written independently of the
// writers: invalid UTF-8 as U+FFFD, forbidden characters dropped.
func xmlClean(s string) string {
	return strings.Map(func(r rune) rune {
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0xFFFE || r == 0xFFFF {
			return -1
		}
		return r
	}, s) // Map turns each invalid byte into U+FFFD, as the writers do
}

func FuzzGIFTEscape(f *testing.F) {
	for _, s := range testdeck.HostileStrings {
		f.Add(s)
	}
	f.Add(`\\\{\n\`)
	f.Fuzz(func(t *testing.T, s string) {
		esc := giftEscape(s)
		if strings.ContainsAny(esc, "\n\r") {
			t.Fatalf("line break in %q", esc)
		}
		back, err := giftUnescape(esc)
		if err != nil {
			t.Fatalf("%q → %q: %v", s, esc, err)
		}
		if want := strings.ReplaceAll(s, "\r", ""); back != want {
			t.Fatalf("%q → %q → %q", s, esc, back)
		}
	})
}

// FuzzGIFTText runs the whole text path: HTML, GIFT, and back.
func FuzzGIFTText(f *testing.F) {
	for _, s := range testdeck.HostileStrings {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		esc := giftEscape(htmlText(s))
		if strings.ContainsAny(strings.ReplaceAll(esc, "<br>", ""), "<>\n\r") || strings.Contains(esc, "&&") {
			t.Fatalf("%q → %q", s, esc)
		}
		back, err := giftUnescape(esc)
		if err != nil {
			t.Fatal(err)
		}
		plain, err := htmlInline(back)
		if err != nil || plain != wantText(s) {
			t.Fatalf("%q came back as %q (%v)", s, plain, err)
		}
	})
}

func FuzzCDATA(f *testing.F) {
	for _, s := range testdeck.HostileStrings {
		f.Add(s)
	}
	f.Add("]]]>]]>\r\n\x00")
	f.Fuzz(func(t *testing.T, s string) {
		if got := cdataText(t, string(appendCDATA(nil, s))); got != xmlClean(s) {
			t.Fatalf("%q decodes as %q", s, got)
		}
		if got := cdataText(t, string(appendXML(nil, s))); got != xmlClean(s) {
			t.Fatalf("appendXML: %q decodes as %q", s, got)
		}
	})
}

// FuzzAnswer runs arbitrary text through every answer block type into GIFT
// and Moodle XML and reads the model answer back: the structure and text
// must be what wantBlocks says, whatever the text holds.
func FuzzAnswer(f *testing.F) {
	for _, s := range testdeck.HostileStrings {
		f.Add(s, s, "sh")
	}
	f.Add("</code></pre>\r\n\t x", "]]>\u2028{}", `"><b x="`)
	f.Fuzz(func(t *testing.T, a, b, lang string) {
		blocks := []model.Block{
			{Type: model.Heading, Text: a},
			{Type: model.Paragraph, Text: b},
			{Type: model.Code, Lang: lang, Text: a},
			{Type: model.List, Items: []string{a, b}},
			{Type: model.Table, Rows: [][]string{{a, b}, {b}}},
		}
		d := &model.Deck{Sections: []model.Section{{Role: "r", Name: "R", Questions: []model.Question{
			{ID: "r-1", Number: 1, Question: "Q?", Answer: blocks}}}}}
		want := wantBlocks(blocks)
		qs, err := readGIFT(exportGIFT(t, d, Options{}))
		if err != nil {
			t.Fatal(err)
		}
		for name, fb := range map[string]string{"GIFT": qs[1].Feedback, "XML": readXML(t, exportXML(t, d, Options{}))[1].Feedback} {
			got, err := htmlBlocks(fb)
			if err != nil {
				t.Fatalf("%s feedback %q: %v", name, fb, err)
			}
			if got = trimBlocks(got); !reflect.DeepEqual(got, want) {
				t.Fatalf("%s feedback %q reads back as\n%q\nwant\n%q", name, fb, got, want)
			}
		}
	})
}
