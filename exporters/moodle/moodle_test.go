package moodle

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xopsexport/xopsexport/exporters/mcq"
	"github.com/xopsexport/xopsexport/internal/golden"
	"github.com/xopsexport/xopsexport/internal/testdeck"
	"github.com/xopsexport/xopsexport/model"
)

var allTypes = []string{"essay", "mcq", "both"}

func exportGIFT(t testing.TB, d *model.Deck, o Options) string {
	t.Helper()
	var b bytes.Buffer
	if err := GIFT(&b, d, o); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func exportXML(t testing.TB, d *model.Deck, o Options) string {
	t.Helper()
	var b bytes.Buffer
	if err := XML(&b, d, o); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// wantText is what a plain text must read back as after the HTML round
// trip, written independently of appendHTML: each invalid UTF-8 byte as
// U+FFFD (strings.Map does that), DEL gone,
// characters XML 1.0 forbids gone, every kind of line break as "\n".
func wantText(s string) string {
	s = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\u0085", "\n", "\u2028", "\n", "\u2029", "\n").Replace(s)
	return strings.Map(func(r rune) rune {
		if (r < 0x20 && r != '\t' && r != '\n') || r == 0x7f || r == 0xFFFE || r == 0xFFFF {
			return -1
		}
		return r
	}, s)
}

// wantBlocks is the answer as it must read back: blank paragraphs,
// headings, code, items, lists and tables are not written; tables are
// padded to their widest row; a code block's language only when it is a
// plain word; an unknown type is a list if it has items, else a paragraph.
func wantBlocks(bs []model.Block) []model.Block {
	var out []model.Block
	for _, b := range bs {
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
			var items []string
			for _, it := range b.Items {
				if strings.TrimSpace(it) != "" {
					items = append(items, strings.TrimSpace(wantText(it)))
				}
			}
			if len(items) > 0 {
				out = append(out, model.Block{Type: model.List, Items: items})
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
					row[i] = strings.TrimSpace(wantText(c))
				}
				tb.Rows = append(tb.Rows, row)
			}
			out = append(out, tb)
		case model.Code:
			if strings.TrimSpace(b.Text) == "" {
				continue
			}
			// Code is not trimmed by the reader: its whitespace is the content.
			c := model.Block{Type: model.Code, Text: wantText(b.Text)}
			if regexp.MustCompile(`^[A-Za-z0-9_+-]+$`).MatchString(b.Lang) {
				c.Lang = b.Lang
			}
			out = append(out, c)
		default:
			if strings.TrimSpace(b.Text) != "" {
				out = append(out, model.Block{Type: typ, Text: strings.TrimSpace(wantText(b.Text))})
			}
		}
	}
	return out
}

// trimBlocks trims texts read back, as Moodle trims every text piece; code
// is left as it is, its whitespace being the content.
func trimBlocks(bs []model.Block) []model.Block {
	for i := range bs {
		if bs[i].Type != model.Code {
			bs[i].Text = strings.TrimSpace(bs[i].Text)
		}
		for j := range bs[i].Items {
			bs[i].Items[j] = strings.TrimSpace(bs[i].Items[j])
		}
		for _, r := range bs[i].Rows {
			for j := range r {
				r[j] = strings.TrimSpace(r[j])
			}
		}
	}
	return bs
}

// stemText reads a question text back: one paragraph.
func stemText(t *testing.T, h string) string {
	t.Helper()
	bs, err := htmlBlocks(h)
	if err != nil || len(bs) != 1 || bs[0].Type != model.Paragraph {
		t.Fatalf("question text %q is not one paragraph (%v)", h, err)
	}
	return bs[0].Text
}

func optionText(t *testing.T, h string) string {
	t.Helper()
	s, err := htmlInline(h)
	if err != nil {
		t.Fatalf("option %q: %v", h, err)
	}
	return s
}

// checkAgainstDeck compares questions read back from an export (GIFT or
// XML, in file order) with the deck they came from.
func checkAgainstDeck(t *testing.T, d *model.Deck, typ string, seed int64, qs []giftQuestion) {
	t.Helper()
	items := map[string]*mcq.Item{}
	if typ != "essay" {
		built := mcq.Build(d, mcq.Options{Seed: seed})
		for i := range built {
			items[built[i].QuestionID] = &built[i]
		}
	}
	k := 0
	next := func() giftQuestion {
		t.Helper()
		if k >= len(qs) {
			t.Fatalf("file ends after %d questions", len(qs))
		}
		k++
		return qs[k-1]
	}
	for si := range d.Sections {
		s := &d.Sections[si]
		if len(s.Questions) == 0 {
			continue
		}
		if c := next(); c.Type != "category" || c.Category != DefaultCategory+"/"+s.Name {
			t.Fatalf("section %s: got %+v, want category %q", s.Role, c, DefaultCategory+"/"+s.Name)
		}
		for i := range s.Questions {
			q := &s.Questions[i]
			wantTags := append([]string{s.Role}, q.Tags...)
			if typ != "mcq" {
				e := next()
				if e.Type != "essay" {
					t.Fatalf("%s: type %s, want essay", q.ID, e.Type)
				}
				if want := fmt.Sprintf("%s Q%d (%s)", s.Name, q.Number, q.ID); e.Name != want {
					t.Errorf("name %q, want %q", e.Name, want)
				}
				if e.IDNumber != q.ID || !reflect.DeepEqual(e.Tags, wantTags) {
					t.Errorf("%s: id %q tags %q, want %q", q.ID, e.IDNumber, e.Tags, wantTags)
				}
				if got, want := stemText(t, e.Text), strings.TrimSpace(wantText(q.Question)); got != want {
					t.Errorf("%s question text:\n got %q\nwant %q", q.ID, got, want)
				}
				checkFeedback(t, q, e)
			}
			if typ != "essay" {
				m := next()
				if m.IDNumber != q.ID+"-mcq" || m.Name != fmt.Sprintf("%s Q%d (%s-mcq)", s.Name, q.Number, q.ID) {
					t.Errorf("mcq id %q name %q", m.IDNumber, m.Name)
				}
				if !reflect.DeepEqual(m.Tags, wantTags) {
					t.Errorf("%s: tags %q, want %q", q.ID, m.Tags, wantTags)
				}
				if got, want := stemText(t, m.Text), strings.TrimSpace(wantText(q.Question)); got != want {
					t.Errorf("%s question text:\n got %q\nwant %q", q.ID, got, want)
				}
				checkFeedback(t, q, m)
				it := items[q.ID]
				if it == nil {
					if m.Type != "essay" {
						t.Errorf("%s has no multiple-choice item but is %s", q.ID, m.Type)
					}
					continue
				}
				if m.Type != "multichoice" {
					t.Fatalf("%s: type %s, want multichoice", q.ID, m.Type)
				}
				checkOptions(t, q.ID, m.Answers, it)
			}
		}
	}
	if k != len(qs) {
		t.Errorf("%d questions left over after the deck", len(qs)-k)
	}
}

func checkFeedback(t *testing.T, q *model.Question, g giftQuestion) {
	t.Helper()
	got, err := htmlBlocks(g.Feedback)
	if err != nil {
		t.Fatalf("%s general feedback %q: %v", q.ID, g.Feedback, err)
	}
	if want := wantBlocks(q.Answer); !reflect.DeepEqual(trimBlocks(got), want) {
		t.Errorf("%s model answer:\n got %q\nwant %q", q.ID, got, want)
	}
	if g.Feedback != "" && (g.FeedbackFormat != "html" || g.TextFormat != "html") {
		t.Errorf("%s formats %s/%s, want html", q.ID, g.TextFormat, g.FeedbackFormat)
	}
}

// checkOptions: the options of the engine's item, in its order, the right
// one marked; pairwise different, as a student compares them.
func checkOptions(t *testing.T, id string, answers []giftAnswer, it *mcq.Item) {
	t.Helper()
	if len(answers) != len(it.Options) {
		t.Fatalf("%s: %d options, the item has %d", id, len(answers), len(it.Options))
	}
	seen := map[string]bool{}
	right := 0
	for j, a := range answers {
		txt := optionText(t, a.Text)
		key := strings.ToLower(strings.Join(strings.Fields(txt), " "))
		if seen[key] {
			t.Errorf("%s: option %q twice", id, txt)
		}
		seen[key] = true
		if want := strings.TrimSpace(wantText(it.Options[j])); txt != want {
			t.Errorf("%s: option %d is %q, want %q", id, j+1, txt, want)
		}
		if a.Correct {
			right++
		}
		if a.Correct != (j == it.Correct) {
			t.Errorf("%s: option %d marked correct=%v, the item says %d", id, j+1, a.Correct, it.Correct+1)
		}
	}
	if right != 1 {
		t.Errorf("%s: %d right answers", id, right)
	}
}

func TestGIFTRoundTrip(t *testing.T) {
	for _, deck := range []struct {
		name string
		d    *model.Deck
	}{{"article", testdeck.Article()}, {"hostile", testdeck.Hostile()}, {"structured", testdeck.Structured()}} {
		for _, typ := range allTypes {
			t.Run(deck.name+"/"+typ, func(t *testing.T) {
				out := exportGIFT(t, deck.d, Options{Type: typ, Seed: 1})
				qs, err := readGIFT(out)
				if err != nil {
					t.Fatal(err)
				}
				checkAgainstDeck(t, deck.d, typ, 1, qs)
			})
		}
	}
}

// The hostile strings of the issue must come back exactly, wherever they are.
func TestGIFTAdversarialStrings(t *testing.T) {
	d := &model.Deck{Sections: []model.Section{{Role: "cloudops", Name: "CloudOps"}}}
	strs := []string{"{{ .Values.image }}", "${VAR}", "a = b", "#1", `C:\path`, "::", "//comment", "<script>", "~", "####", "}", "{", `\n`, `\`, "&&058;", "-> x", "%50%"}
	for i, s := range strs {
		d.Sections[0].Questions = append(d.Sections[0].Questions, model.Question{
			ID: fmt.Sprintf("cloudops-%08d", i), Number: i + 1, Question: s,
			Answer: []model.Block{{Type: model.Paragraph, Text: s}, {Type: model.List, Items: []string{s, s + " " + s}}},
		})
	}
	out := exportGIFT(t, d, Options{Type: "both", Seed: 3})
	qs, err := readGIFT(out)
	if err != nil {
		t.Fatal(err)
	}
	checkAgainstDeck(t, d, "both", 3, qs)
	if strings.Contains(out, "<script>") || strings.Contains(out, "&&") {
		t.Error("raw <script> or && in the file")
	}
}

// xmlQuiz is the part of Moodle XML the tests read back.
type xmlQuiz struct {
	Questions []struct {
		Type            string  `xml:"type,attr"`
		Category        string  `xml:"category>text"`
		Info            xmlRich `xml:"info"`
		Name            string  `xml:"name>text"`
		QuestionText    xmlRich `xml:"questiontext"`
		GeneralFeedback xmlRich `xml:"generalfeedback"`
		GraderInfo      xmlRich `xml:"graderinfo"`
		DefaultGrade    string  `xml:"defaultgrade"`
		IDNumber        string  `xml:"idnumber"`
		Single          string  `xml:"single"`
		ResponseFormat  string  `xml:"responseformat"`
		Answers         []struct {
			Fraction string `xml:"fraction,attr"`
			Format   string `xml:"format,attr"`
			Text     string `xml:"text"`
		} `xml:"answer"`
		Tags []string `xml:"tags>tag>text"`
	} `xml:"question"`
}

type xmlRich struct {
	Format string `xml:"format,attr"`
	Text   string `xml:"text"`
}

// readXML decodes an export and maps it onto the GIFT reader's shape, so
// both formats are checked against the deck by the same code.
func readXML(t *testing.T, src string) []giftQuestion {
	t.Helper()
	var q xmlQuiz
	if err := xml.Unmarshal([]byte(src), &q); err != nil {
		t.Fatalf("not well-formed: %v", err)
	}
	var out []giftQuestion
	for _, x := range q.Questions {
		g := giftQuestion{Type: x.Type, Category: x.Category, Name: x.Name, IDNumber: x.IDNumber, Tags: x.Tags,
			Text: x.QuestionText.Text, TextFormat: x.QuestionText.Format,
			Feedback: x.GeneralFeedback.Text, FeedbackFormat: x.GeneralFeedback.Format}
		if x.Type == "category" {
			out = append(out, g)
			continue
		}
		if g.Feedback == "" {
			g.FeedbackFormat = "" // as the GIFT reader has it for "{}"
		}
		if x.DefaultGrade != "1" {
			t.Errorf("%s: defaultgrade %q", x.IDNumber, x.DefaultGrade)
		}
		switch x.Type {
		case "essay":
			if x.ResponseFormat != "editor" || x.GraderInfo.Text != x.GeneralFeedback.Text {
				t.Errorf("%s: responseformat %q, graderinfo differs from the model answer", x.IDNumber, x.ResponseFormat)
			}
		case "multichoice":
			if x.Single != "true" {
				t.Errorf("%s: single %q", x.IDNumber, x.Single)
			}
			for _, a := range x.Answers {
				if a.Fraction != "100" && a.Fraction != "0" || a.Format != "html" {
					t.Errorf("%s: answer fraction %q format %q", x.IDNumber, a.Fraction, a.Format)
				}
				g.Answers = append(g.Answers, giftAnswer{Text: a.Text, Format: a.Format, Correct: a.Fraction == "100"})
			}
		default:
			t.Errorf("unexpected question type %q", x.Type)
		}
		out = append(out, g)
	}
	return out
}

func TestXMLRoundTrip(t *testing.T) {
	for _, deck := range []struct {
		name string
		d    *model.Deck
	}{{"article", testdeck.Article()}, {"hostile", testdeck.Hostile()}, {"structured", testdeck.Structured()}} {
		for _, typ := range allTypes {
			t.Run(deck.name+"/"+typ, func(t *testing.T) {
				o := Options{Type: typ, Seed: 1}
				fromXML := readXML(t, exportXML(t, deck.d, o))
				checkAgainstDeck(t, deck.d, typ, 1, fromXML)

				// Both formats must carry the same questions, names, texts and options.
				fromGIFT, err := readGIFT(exportGIFT(t, deck.d, o))
				if err != nil {
					t.Fatal(err)
				}
				if len(fromGIFT) != len(fromXML) {
					t.Fatalf("GIFT has %d entries, XML %d", len(fromGIFT), len(fromXML))
				}
				for i := range fromGIFT {
					g, x := fromGIFT[i], fromXML[i]
					g.Line, g.Comments = 0, nil
					// GIFT spells <table> "<table\n>" (unsniffable); an HTML
					// parser reads the same tag.
					if want := strings.ReplaceAll(x.Feedback, "<table>", "<table\n>"); g.Feedback == want {
						g.Feedback = x.Feedback
					}
					if g.Type == "essay" && len(g.Answers) == 0 {
						g.Answers = nil
					}
					if !reflect.DeepEqual(g, x) {
						t.Errorf("entry %d differs:\nGIFT %+v\n XML %+v", i, g, x)
					}
				}
			})
		}
	}
}

// sniffed lists what makes Moodle (PHP finfo) guess a .gift upload is HTML.
var sniffed = regexp.MustCompile(`(?i)<(table|script|title|head|style|html)|<a href="`)

// TestGIFTShape checks the file-level rules of the issue on every deck and type.
func TestGIFTShape(t *testing.T) {
	for _, deck := range []struct {
		name string
		d    *model.Deck
	}{{"article", testdeck.Article()}, {"hostile", testdeck.Hostile()}, {"odd", oddDeck()}, {"empty", &model.Deck{}}} {
		for _, typ := range allTypes {
			t.Run(deck.name+"/"+typ, func(t *testing.T) {
				out := exportGIFT(t, deck.d, Options{Type: typ})
				if !utf8.ValidString(out) || strings.HasPrefix(out, "\uFEFF") || strings.ContainsRune(out, '\r') {
					t.Fatal("not UTF-8 without BOM and CR")
				}
				if !strings.HasSuffix(out, "}\n") && deck.name != "empty" || strings.HasSuffix(out, "\n\n") {
					t.Errorf("file must end with one newline after the last question: %q", out[max(0, len(out)-20):])
				}
				if strings.Contains(out, "\n\n\n") {
					t.Error("more than one blank line between blocks")
				}
				for i := 0; i < len(out); i++ {
					if c := out[i]; (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f {
						t.Fatalf("control byte %#x at %d: finfo would call the file binary", c, i)
					}
				}
				if m := sniffed.FindString(out); m != "" {
					t.Errorf("%q would make Moodle refuse the upload as text/html", m)
				}
				for _, block := range strings.Split(out, "\n\n") {
					lines := strings.Split(strings.TrimSuffix(block, "\n"), "\n")
					inQuestion := false
					for _, l := range lines {
						if strings.TrimSpace(l) == "" {
							t.Fatalf("whitespace-only line inside block %q", block)
						}
						if strings.HasPrefix(l, "::") || strings.HasPrefix(l, "$CATEGORY:") {
							if inQuestion {
								t.Fatalf("two questions in one block: %q", block)
							}
							inQuestion = true
							continue
						}
						if inQuestion && strings.HasPrefix(strings.TrimSpace(l), "//") {
							t.Fatalf("line starting with // inside a question: %q", l)
						}
						if !inQuestion && !strings.HasPrefix(l, "// ") {
							t.Fatalf("unexpected line before a question: %q", l)
						}
					}
				}
				if _, err := readGIFT(out); err != nil {
					t.Fatal(err)
				}
			})
		}
	}
}

// oddDeck holds text a writer must survive: huge lines, control
// characters, invalid UTF-8, every kind of line break, CDATA terminators,
// a role name with '/', '<', '\' and a small role (too few answers for
// multiple choice).
func oddDeck() *model.Deck {
	long := strings.Repeat("0123456789 abcdefghi ", 500) // 10,500 characters
	odd := []string{
		long,
		"ctrl \x01\x02\x1b\x7f here\x00 and \ufffe\uffff",
		"bad utf-8 \xff\xfe\xc3 end",
		"crlf\r\nlone cr\rnel\u0085ls\u2028ps\u2029end",
		"]]> and ]]]]> and <![CDATA[ x ]]>",
		"  leading and trailing spaces  ",
		"",
	}
	d := &model.Deck{Title: "Odd \x01 <title>", Source: model.Source{URL: "https://example.com/<x>"}}
	s := model.Section{Role: "ci-cd", Name: "CI/CD <b>\\ Ops"}
	for i, o := range odd {
		q := model.Question{ID: fmt.Sprintf("ci-cd-%08x", i), Number: i + 1, Question: o + "?",
			Answer: []model.Block{{Type: model.Paragraph, Text: o}, {Type: model.List, Items: []string{o, "x"}}}, Tags: []string{"t[a]g", "<x>"}}
		if o == "" {
			q.Answer = nil
		}
		s.Questions = append(s.Questions, q)
	}
	d.Sections = append(d.Sections, s)
	// One question alone: no other answer to draw distractors from.
	d.Sections = append(d.Sections, model.Section{Role: "solo", Name: "Solo", Questions: []model.Question{{
		ID: "solo-1", Number: 1, Question: "Only one?", Answer: []model.Block{{Type: model.Paragraph, Text: "Yes."}}}}})
	// Two questions with the same answer: still no different distractor.
	same := []model.Block{{Type: model.Paragraph, Text: "Same answer."}}
	d.Sections = append(d.Sections, model.Section{Role: "twins", Name: "Twins", Questions: []model.Question{
		{ID: "twins-1", Number: 1, Question: "First?", Answer: same},
		{ID: "twins-2", Number: 2, Question: "Second?", Answer: same}}})
	return d
}

func TestOddText(t *testing.T) {
	d := oddDeck()
	for _, typ := range allTypes {
		out := exportGIFT(t, d, Options{Type: typ})
		qs, err := readGIFT(out)
		if err != nil {
			t.Fatal(err)
		}
		if qs[0].Category != DefaultCategory+"/CI//CD b Ops" {
			t.Errorf("category %q: '/' must be doubled, '<', '>' and '\\' dropped", qs[0].Category)
		}
		xq := readXML(t, exportXML(t, d, Options{Type: typ}))
		if len(xq) != len(qs) {
			t.Fatalf("%s: XML has %d entries, GIFT %d", typ, len(xq), len(qs))
		}
		for _, q := range qs {
			for _, tag := range q.Tags {
				if strings.ContainsAny(tag, "[]<>") {
					t.Errorf("tag %q", tag)
				}
			}
		}
		if typ == "essay" {
			continue
		}
		for _, q := range qs {
			switch q.IDNumber {
			case "ci-cd-00000006-mcq": // no answer
				if q.Type != "essay" || !strings.Contains(strings.Join(q.Comments, " "), "// mcq: multiple choice needs an answer and this question has none") {
					t.Errorf("%s: %s without the fallback note (comments %q)", q.IDNumber, q.Type, q.Comments)
				}
			case "solo-1-mcq", "twins-1-mcq", "twins-2-mcq":
				// Alone in their role, or with only their own answer: the
				// distractors come from the other roles.
				if q.Type != "multichoice" || len(q.Answers) < 2 {
					t.Errorf("%s: %s with %d answers, want multiple choice from the other roles", q.IDNumber, q.Type, len(q.Answers))
				}
			}
		}
	}
}

func TestGolden(t *testing.T) {
	article := testdeck.Article()
	hostile := testdeck.Hostile()
	for _, g := range []struct {
		file string
		d    *model.Deck
		typ  string
		xml  bool
	}{
		{"article-essay.gift", article, "essay", false},
		{"article-mcq.gift", article, "mcq", false},
		{"article-both.xml", article, "both", true},
		{"hostile-both.gift", hostile, "both", false},
		{"hostile-both.xml", hostile, "both", true},
	} {
		t.Run(g.file, func(t *testing.T) {
			o := Options{Type: g.typ, Seed: 1} // the CLI's default seed
			var out string
			if g.xml {
				out = exportXML(t, g.d, o)
			} else {
				out = exportGIFT(t, g.d, o)
			}
			golden.Check(t, "../../testdata/golden/moodle/"+g.file, []byte(out))
		})
	}
}

// The writers are pure: same input, same bytes; the deck is not touched;
// the zero Options mean the documented defaults.
func TestDeterministicAndPure(t *testing.T) {
	d := testdeck.Article()
	before := testdeck.Article() // (Clone would turn empty slices into nil)
	for _, typ := range allTypes {
		o := Options{Type: typ, Seed: 7}
		if a, b := exportGIFT(t, d, o), exportGIFT(t, d, o); a != b {
			t.Errorf("%s: GIFT differs between two runs", typ)
		}
		if a, b := exportXML(t, d, o), exportXML(t, d, o); a != b {
			t.Errorf("%s: XML differs between two runs", typ)
		}
	}
	if !reflect.DeepEqual(d, before) {
		t.Error("the exporter modified the deck")
	}
	explicit := Options{Type: "essay", Choices: 4, Category: DefaultCategory}
	if exportGIFT(t, d, Options{}) != exportGIFT(t, d, explicit) {
		t.Error("zero Options differ from the documented defaults")
	}
	explicit.Type = "mcq"
	if exportXML(t, d, Options{Type: "mcq"}) != exportXML(t, d, explicit) {
		t.Error("Choices 0 differs from 4")
	}
	if a, b := exportGIFT(t, d, Options{Type: "mcq", Seed: 1}), exportGIFT(t, d, Options{Type: "mcq", Seed: 2}); a == b {
		t.Error("seeds 1 and 2 give the same file")
	}
}

func TestOptions(t *testing.T) {
	d := testdeck.Article()
	for _, o := range []Options{{Type: "quiz"}, {Choices: 1}, {Choices: 11}} {
		var b bytes.Buffer
		if err := GIFT(&b, d, o); err == nil || !strings.HasPrefix(err.Error(), "gift: ") {
			t.Errorf("%+v: GIFT error %v, want one prefixed gift:", o, err)
		}
		if err := XML(&b, d, o); err == nil || !strings.HasPrefix(err.Error(), "moodlexml: ") {
			t.Errorf("%+v: XML error %v, want one prefixed moodlexml:", o, err)
		}
	}
	// --choices 2 gives one distractor; a custom parent category is used as given.
	qs, err := readGIFT(exportGIFT(t, d, Options{Type: "mcq", Choices: 2, Category: "$course$/top/Interview prep/Ops"}))
	if err != nil {
		t.Fatal(err)
	}
	if qs[0].Category != "$course$/top/Interview prep/Ops/DevOps" {
		t.Errorf("category %q", qs[0].Category)
	}
	for _, q := range qs[1:] {
		if q.Type == "multichoice" && len(q.Answers) != 2 {
			t.Fatalf("%s: %d answers with --choices 2", q.Name, len(q.Answers))
		}
	}
	// --choices 10 asks for more than some roles have: as many as exist.
	qs, err = readGIFT(exportGIFT(t, d, Options{Type: "mcq", Choices: 10}))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range qs {
		if q.Type == "multichoice" && len(q.Answers) != 10 {
			t.Fatalf("%s: %d answers with --choices 10 (every role has more than 9 other answers)", q.Name, len(q.Answers))
		}
	}
}

// A question's options depend only on its role, its ID and the seed, so
// --role gives the same multiple-choice questions as the full export.
func TestRoleFilterKeepsChoices(t *testing.T) {
	d := testdeck.Article()
	o := Options{Type: "mcq", Seed: 5}
	full := exportGIFT(t, d, o)
	for _, role := range []string{"cloudops", "aiops"} {
		one := exportGIFT(t, d.Filter([]string{role}), o)
		body := one[strings.Index(one, "$CATEGORY:"):]
		if !strings.Contains(full, strings.TrimSuffix(body, "\n")) {
			t.Errorf("%s alone differs from its part of the full export", role)
		}
	}
}

func TestEmptyDeck(t *testing.T) {
	for _, typ := range allTypes {
		out := exportGIFT(t, &model.Deck{}, Options{Type: typ})
		qs, err := readGIFT(out)
		if err != nil || len(qs) != 1 || qs[0].Category != DefaultCategory {
			t.Errorf("%s: %v %+v: want the parent category only", typ, err, qs)
		}
		xq := readXML(t, exportXML(t, &model.Deck{}, Options{Type: typ}))
		if len(xq) != 1 || xq[0].Category != DefaultCategory {
			t.Errorf("%s: XML %+v", typ, xq)
		}
	}
}

func benchmarkExport(b *testing.B, d *model.Deck, write func(*bytes.Buffer, *model.Deck, Options) error, typ string) {
	b.ReportAllocs()
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := write(&buf, d, Options{Type: typ, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}

func giftTo(b *bytes.Buffer, d *model.Deck, o Options) error { return GIFT(b, d, o) }
func xmlTo(b *bytes.Buffer, d *model.Deck, o Options) error  { return XML(b, d, o) }

func BenchmarkGIFT(b *testing.B) {
	article := testdeck.Article()
	b.Run("article/both", func(b *testing.B) { benchmarkExport(b, article, giftTo, "both") })
	b.Run("article/essay", func(b *testing.B) { benchmarkExport(b, article, giftTo, "essay") })
	synthetic := testdeck.Synthetic(10000)
	b.Run("synthetic10000/both", func(b *testing.B) { benchmarkExport(b, synthetic, giftTo, "both") })
}

func BenchmarkXML(b *testing.B) {
	article := testdeck.Article()
	b.Run("article/both", func(b *testing.B) { benchmarkExport(b, article, xmlTo, "both") })
	synthetic := testdeck.Synthetic(10000)
	b.Run("synthetic10000/both", func(b *testing.B) { benchmarkExport(b, synthetic, xmlTo, "both") })
}
