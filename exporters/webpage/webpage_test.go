package webpage

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xopsexport/xopsexport/exporters/mcq"
	"github.com/xopsexport/xopsexport/internal/golden"
	"github.com/xopsexport/xopsexport/internal/testdeck"
	"github.com/xopsexport/xopsexport/model"
)

func export(t testing.TB, d *model.Deck, o Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Export(&buf, d, o); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const dataOpen = `<script type="application/json" id="xops-data">`

// dataOf returns the data element's content: what the page parses.
func dataOf(t testing.TB, page []byte) []byte {
	t.Helper()
	_, rest, ok := bytes.Cut(page, []byte(dataOpen))
	if !ok {
		t.Fatal("no data element in the page")
	}
	// An HTML parser ends the element at the first "</script", whatever
	// the JSON says: cut where the browser would.
	i := bytes.Index(bytes.ToLower(rest), []byte("</script"))
	if i < 0 {
		t.Fatal("data element not closed")
	}
	return rest[:i]
}

// pageData is the data as the page's script reads it.
type pageData struct {
	V         int
	Title     string
	Author    string
	Source    string
	SHA256    string
	Date      string
	Generator string
	Seed      int64
	Roles     []struct {
		ID, Name, Heading string
		N                 int
	}
	Questions []struct {
		ID string
		R  int
		N  int
		H  string
		Q  string
		A  [][]json.RawMessage
		T  []string
		Ch string
	}
	Options []string
	Quiz    []struct {
		ID string
		O  []int
		C  int
		P  string
	}
}

func parseData(t testing.TB, page []byte) pageData {
	t.Helper()
	var pd pageData
	dec := json.NewDecoder(bytes.NewReader(dataOf(t, page)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&pd); err != nil {
		t.Fatalf("the page's data does not parse: %v", err)
	}
	return pd
}

// blocksOf turns the page's blocks back into model blocks.
func blocksOf(t testing.TB, raw [][]json.RawMessage) []model.Block {
	t.Helper()
	var out []model.Block
	str := func(m json.RawMessage) string {
		var s string
		if err := json.Unmarshal(m, &s); err != nil {
			t.Fatalf("block field %s: %v", m, err)
		}
		return s
	}
	for _, b := range raw {
		switch str(b[0]) {
		case "p":
			out = append(out, model.Block{Type: model.Paragraph, Text: str(b[1])})
		case "h":
			out = append(out, model.Block{Type: model.Heading, Text: str(b[1])})
		case "c":
			bl := model.Block{Type: model.Code, Text: str(b[1])}
			if len(b) > 2 {
				bl.Lang = str(b[2])
			}
			out = append(out, bl)
		case "l":
			bl := model.Block{Type: model.List}
			if err := json.Unmarshal(b[1], &bl.Items); err != nil {
				t.Fatal(err)
			}
			out = append(out, bl)
		case "t":
			bl := model.Block{Type: model.Table}
			if err := json.Unmarshal(b[1], &bl.Rows); err != nil {
				t.Fatal(err)
			}
			out = append(out, bl)
		default:
			t.Fatalf("unknown block %s", b[0])
		}
	}
	return out
}

// TestDataGolden pins the data of a deck with every block type; review the
// golden file by eye when it changes.
func TestDataGolden(t *testing.T) {
	page := export(t, testdeck.Structured(), Options{Seed: 1, Generator: "xopsexport test"})
	golden.Check(t, "testdata/structured-data.json", dataOf(t, page))
}

// TestDataCarriesTheDeck reads the article's data back: every question with
// its role, number, text, blocks and tags, and the quiz exactly as mcq.Build
// makes it.
func TestDataCarriesTheDeck(t *testing.T) {
	d := testdeck.Article()
	page := export(t, d, Options{Seed: 7, Date: time.Date(2027, 1, 2, 0, 0, 0, 0, time.UTC)})
	pd := parseData(t, page)
	if pd.Title != d.Title || pd.Author != d.Author || pd.Source != d.Source.URL || pd.Date != "2027-01-02" || pd.Seed != 7 {
		t.Errorf("page facts: %q %q %q %q %d", pd.Title, pd.Author, pd.Source, pd.Date, pd.Seed)
	}
	if len(pd.Roles) != len(d.Sections) || len(pd.Questions) != d.Count() {
		t.Fatalf("%d roles, %d questions; want %d, %d", len(pd.Roles), len(pd.Questions), len(d.Sections), d.Count())
	}
	k := 0
	for ri, s := range d.Sections {
		if r := pd.Roles[ri]; r.ID != s.Role || r.Name != s.Name || r.Heading != s.Heading || r.N != len(s.Questions) {
			t.Errorf("role %d: %+v", ri, r)
		}
		for _, q := range s.Questions {
			got := pd.Questions[k]
			k++
			if got.ID != q.ID || got.R != ri || got.N != q.Number || got.Q != q.Question || !reflect.DeepEqual(got.T, q.Tags) && len(q.Tags) > 0 {
				t.Errorf("question %s: %+v", q.ID, got)
			}
			if a := blocksOf(t, got.A); !reflect.DeepEqual(a, q.Answer) {
				t.Errorf("question %s: blocks %+v, want %+v", q.ID, a, q.Answer)
			}
			if !regexp.MustCompile(`^[0-9a-f]{12}$`).MatchString(got.H) {
				t.Errorf("question %s: hash %q", q.ID, got.H)
			}
		}
	}
	items := mcq.Build(d, mcq.Options{Seed: 7})
	if len(items) != len(pd.Quiz) || len(items) < 100 {
		t.Fatalf("%d quiz items, mcq.Build makes %d", len(pd.Quiz), len(items))
	}
	for i, it := range items {
		got := pd.Quiz[i]
		var opts []string
		for _, o := range got.O {
			opts = append(opts, pd.Options[o])
		}
		if got.ID != it.QuestionID || got.C != it.Correct || !reflect.DeepEqual(opts, it.Options) || got.P != "" {
			t.Errorf("quiz item %d: %+v, want %+v", i, got, it)
		}
	}
	// Every option text is kept once.
	seen := map[string]bool{}
	for _, o := range pd.Options {
		if seen[o] {
			t.Errorf("option kept twice: %q", o)
		}
		seen[o] = true
	}
}

// TestContentHash: the hash moves with what the learner sees (question or
// answer) and not with the number or tags.
func TestContentHash(t *testing.T) {
	base := testdeck.Structured()
	hashOf := func(d *model.Deck) string { return parseData(t, export(t, d, Options{})).Questions[0].H }
	h := hashOf(base)
	renumbered := base.Clone()
	renumbered.Sections[0].Questions[0].Number = 42
	renumbered.Sections[0].Questions[0].Tags = []string{"docker"}
	if hashOf(renumbered) != h {
		t.Error("renumbering or retagging changed the content hash")
	}
	edited := base.Clone()
	edited.Sections[0].Questions[0].Answer[0].Text += " More."
	reworded := base.Clone()
	reworded.Sections[0].Questions[0].Question += " Why?"
	for name, d := range map[string]*model.Deck{"edited answer": edited, "reworded question": reworded} {
		if hashOf(d) == h {
			t.Errorf("%s: content hash unchanged", name)
		}
	}
}

// TestBlankBlocks: the page leaves out what answerhtml leaves out, and
// reads an unknown block type as a list or a paragraph.
func TestBlankBlocks(t *testing.T) {
	q := model.Question{ID: "devops-1", Number: 1, Question: "Q?", Answer: []model.Block{
		{Type: model.Paragraph, Text: "  "}, {Type: model.List, Items: []string{" ", "kept"}}, {Type: model.Code, Text: "\n"},
		{Type: model.Table, Rows: [][]string{{"", " "}}}, {Type: "quote", Items: []string{"as list"}}, {Type: "quote", Text: "as paragraph"},
		{Type: model.Table, Rows: [][]string{{"a", "b", "c"}, {"d"}}},
	}}
	d := &model.Deck{Sections: []model.Section{{Role: "devops", Questions: []model.Question{q}}}}
	got := blocksOf(t, parseData(t, export(t, d, Options{})).Questions[0].A)
	want := []model.Block{
		{Type: model.List, Items: []string{"kept"}}, {Type: model.List, Items: []string{"as list"}},
		{Type: model.Paragraph, Text: "as paragraph"}, {Type: model.Table, Rows: [][]string{{"a", "b", "c"}, {"d", "", ""}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("blocks %+v\nwant %+v", got, want)
	}
}

// hostileDeck is testdeck.Hostile plus payloads aimed at this page: the
// data element's end, comment and double-escape states, line separators.
func hostileDeck() *model.Deck {
	d := testdeck.Hostile()
	s := &d.Sections[0]
	for i, p := range []string{
		"</script><script>window.__pwned=1</script>", "<!--<script>", "</SCRIPT\t>", "\u2028\u2029", "a\x00b\x1b\x7f", "bad \xff\xfe utf-8",
		"<style></style><![CDATA[", `" onmouseover="x`, "' onfocus='x",
	} {
		q := model.Question{Number: 50 + i, Question: p, Answer: []model.Block{{Type: model.Code, Lang: p, Text: p}, {Type: model.Table, Rows: [][]string{{p}}}}}
		q.ID = model.QuestionID(s.Role, q.Question)
		s.Questions = append(s.Questions, q)
	}
	d.Title = "</title><script>alert(1)</script>"
	return d
}

func TestHostileTextStaysData(t *testing.T) {
	d := hostileDeck()
	page := export(t, d, Options{Generator: `"><script>x</script>`})
	lower := bytes.ToLower(page)
	// Only the page's own two script elements, one style, no comment.
	for tag, want := range map[string]int{"<script": 2, "</script": 2, "<style": 1, "</style": 1, "<!--": 0, "<img": 0, "<svg": 0, "</title": 1} {
		if n := bytes.Count(lower, []byte(tag)); n != want {
			t.Errorf("%q appears %d times, want %d", tag, n, want)
		}
	}
	if bytes.ContainsAny(dataOf(t, page), "<>&'\u2028\u2029") {
		t.Error("the data element holds a raw < > & ' U+2028 or U+2029")
	}
	if !utf8.Valid(page) {
		t.Error("the page is not valid UTF-8")
	}
	// The data reads back as the deck's text (bad UTF-8 as U+FFFD).
	pd := parseData(t, page)
	k := 0
	for _, s := range d.Sections {
		for _, q := range s.Questions {
			if want := string([]rune(q.Question)); pd.Questions[k].Q != want {
				t.Errorf("question %d reads back as %q, want %q", k, pd.Questions[k].Q, want)
			}
			k++
		}
	}
	if pd.Title != d.Title {
		t.Errorf("title %q", pd.Title)
	}
	if !bytes.Contains(page, []byte("<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>")) {
		t.Error("the window title is not escaped")
	}
}

func TestArticleSize(t *testing.T) {
	page := export(t, testdeck.Article(), Options{Seed: 1, Generator: "xopsexport v1.0.0"})
	t.Logf("the article's page: %d bytes (%.1f KB), data %d bytes", len(page), float64(len(page))/1024, len(dataOf(t, page)))
	if len(page) >= 150*1024 {
		t.Errorf("the article's page is %d bytes, want under 150 KB", len(page))
	}
}

// TestNoExternalResources: nothing in the page points outside it but the
// attribution link, and the CSP allows only the page's own script and
// style, by hash.
func TestNoExternalResources(t *testing.T) {
	d := testdeck.Article()
	page := export(t, d, Options{})
	refs := regexp.MustCompile(`(?i)\b(src|href|action|srcset|poster|data|formaction|xlink:href)\s*=\s*["']?\s*([a-z][a-z0-9+.-]*:|//)`).FindAllSubmatch(page, -1)
	if len(refs) != 1 || !bytes.Contains(page, []byte(`<a href="`+d.Source.URL+`" rel="noopener noreferrer" target="_blank">`)) {
		t.Errorf("links out of the page: %q, want only the source", refs)
	}
	for _, bad := range []string{"url(", "@import", "fetch(", "XMLHttpRequest", "WebSocket", "sendBeacon", "EventSource", "import(", ".src=", "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"} {
		if bytes.Contains(page, []byte(bad)) {
			t.Errorf("the page uses %s", bad)
		}
	}
	csp := regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]+)">`).FindSubmatch(page)
	if csp == nil {
		t.Fatal("no CSP meta tag")
	}
	script := regexp.MustCompile(`(?s)<script>(.*?)</script>`).FindSubmatch(page)
	style := regexp.MustCompile(`(?s)<style>(.*?)</style>`).FindSubmatch(page)
	h := func(b []byte) string {
		s := sha256.Sum256(b)
		return "'sha256-" + base64.StdEncoding.EncodeToString(s[:]) + "'"
	}
	want := "default-src 'none'; script-src " + h(script[1]) + "; style-src " + h(style[1]) + "; base-uri 'none'; form-action 'none'"
	if string(csp[1]) != want {
		t.Errorf("CSP %s\nwant %s", csp[1], want)
	}
	// The CSP comes before anything it governs.
	if bytes.Index(page, csp[0]) > bytes.Index(page, []byte("<style>")) {
		t.Error("the CSP meta tag comes after the style")
	}
}

func TestSourceLink(t *testing.T) {
	for _, tc := range []struct {
		url  string
		link bool
	}{
		{"https://learnxops.com/p/x", true}, {"HTTP://example.com/", true}, {"https://example.com/a?b=1&c=<2>", true},
		{"javascript:alert(1)", false}, {"file:///etc/passwd", false}, {"https://", false}, {"http:///x", false},
		{"https://exa mple.com", false}, {"https://example.com/\n", false}, {"data:text/html,x", false}, {"", false}, {"/relative", false},
	} {
		d := &model.Deck{Title: "T", Source: model.Source{URL: tc.url}}
		page := export(t, d, Options{})
		foot := page[bytes.Index(page, []byte(`<footer`)):]
		hasLink := bytes.Contains(foot, []byte("<a href="))
		if hasLink != tc.link {
			t.Errorf("%q: link %v, want %v", tc.url, hasLink, tc.link)
		}
		if tc.url != "" && !bytes.Contains(foot, appendHTML(nil, tc.url)) {
			t.Errorf("%q not named in the footer", tc.url)
		}
	}
}

func TestDeterministic(t *testing.T) {
	d := testdeck.Article()
	o := Options{Seed: 3, Generator: "g"}
	a, b := export(t, d, o), export(t, d.Clone(), o)
	if !bytes.Equal(a, b) {
		t.Fatal("two exports of the same deck differ")
	}
	o.Seed = 4
	if c := export(t, d, o); reflect.DeepEqual(parseData(t, a).Quiz, parseData(t, c).Quiz) {
		t.Error("another seed gives the same quiz")
	}
	o.Date = time.Date(2030, 5, 6, 7, 8, 9, 0, time.UTC)
	if p := export(t, d, o); !bytes.Contains(p, []byte(`<time datetime="2030-05-06">6 May 2030</time>`)) {
		t.Error("the date option is not shown")
	}
}

func TestTitleOption(t *testing.T) {
	page := export(t, testdeck.Structured(), Options{Title: "My <prep> & more"})
	if !bytes.Contains(page, []byte("<title>My &lt;prep&gt; &amp; more</title>")) || parseData(t, page).Title != "My <prep> & more" {
		t.Error("--title not used")
	}
	for _, bad := range []string{strings.Repeat("x", 301), "bad \xff"} {
		if err := Export(&bytes.Buffer{}, testdeck.Structured(), Options{Title: bad}); err == nil {
			t.Errorf("title %.20q accepted", bad)
		}
	}
}

func TestEmptyDeck(t *testing.T) {
	pd := parseData(t, export(t, &model.Deck{}, Options{}))
	if pd.Title != "Interview questions" || len(pd.Roles) != 0 || len(pd.Questions) != 0 || len(pd.Quiz) != 0 {
		t.Errorf("empty deck: %+v", pd)
	}
}

func TestAppendJSONString(t *testing.T) {
	for in, want := range map[string]string{
		"":                   `""`,
		"plain":              `"plain"`,
		`"\`:                 `"\"\\"`,
		"</script>":          `"\u003c/script\u003e"`,
		"<!-- & ' x":         `"\u003c!-- \u0026 \u0027 x"`,
		"\n\t\r\x00\x1f\x7f": `"\n\t\r\u0000\u001f\u007f"`,
		"\u2028\u2029":       `"\u2028\u2029"`,
		"bad\xffbyte":        `"bad\ufffdbyte"`,
		"ünï 👋":              `"ünï 👋"`,
	} {
		if got := string(appendJSONString(nil, in)); got != want {
			t.Errorf("appendJSONString(%q) = %s, want %s", in, got, want)
		}
	}
}

// checkJSONString is what the fuzz target asserts for any input.
func checkJSONString(t *testing.T, s string) {
	out := appendJSONString([]byte("x"), s)[1:]
	var back string
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatalf("%q → %s: not JSON: %v", s, out, err)
	}
	if want := string([]rune(s)); back != want {
		t.Fatalf("%q → %s reads back as %q", s, out, back)
	}
	if !utf8.Valid(out) || bytes.ContainsAny(out, "<>&'\u2028\u2029\x7f") || bytes.ContainsFunc(out, func(r rune) bool { return r < 0x20 }) {
		t.Fatalf("%q → %s holds a character unsafe in a script element", s, out)
	}
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range append(testdeck.HostileStrings, "</script>", "<!--<script>", "\u2028", "\xff", "\"\\", "a\x00") {
		f.Add(s)
	}
	f.Fuzz(checkJSONString)
}

// checkHTML is what the HTML fuzz target asserts for any input.
func checkHTML(t *testing.T, s string) {
	out := string(appendHTML(nil, s))
	if strings.ContainsAny(out, `<>"'`) || !utf8.ValidString(out) {
		t.Fatalf("%q → %q holds markup characters or bad UTF-8", s, out)
	}
	var want strings.Builder
	for _, r := range s { // invalid bytes come out of range as U+FFFD
		if r < 0x20 && r != '\t' && r != '\n' || r == 0x7f {
			continue
		}
		want.WriteRune(r)
	}
	if back := html.UnescapeString(out); back != want.String() {
		t.Fatalf("%q → %q reads back as %q, want %q", s, out, back, want.String())
	}
}

func FuzzAppendHTML(f *testing.F) {
	for _, s := range append(testdeck.HostileStrings, "&amp;", "&#0;", "\x00\x1b", "\xff", `"'`) {
		f.Add(s)
	}
	f.Fuzz(checkHTML)
}

func BenchmarkExportArticle(b *testing.B) {
	d := testdeck.Article()
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := Export(&buf, d, Options{Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}

// BenchmarkPage is the page alone, the quiz built beforehand: what this
// package adds to mcq.Build's time.
func BenchmarkPage(b *testing.B) {
	for _, n := range []int{109, 10000} {
		d := testdeck.Article()
		if n != 109 {
			d = testdeck.Synthetic(n)
		}
		quiz := buildQuiz(d, 1)
		s, err := loadShell()
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			var size int
			for b.Loop() {
				out, err := page(s, d, Options{Seed: 1}, d.Title, quiz)
				if err != nil {
					b.Fatal(err)
				}
				size = len(out)
			}
			b.SetBytes(int64(size))
		})
	}
}

func BenchmarkExport10k(b *testing.B) {
	d := testdeck.Synthetic(10000)
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := Export(&buf, d, Options{Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}
