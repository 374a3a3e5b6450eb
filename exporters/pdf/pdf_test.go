package pdf

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/xopsexport/xopsexport/internal/golden"
	"github.com/xopsexport/xopsexport/internal/testdeck"
	"github.com/xopsexport/xopsexport/model"
)

func newTestDocument(t testing.TB) *document {
	t.Helper()
	doc, err := newDocument(&model.Deck{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func emptyDeck() *model.Deck {
	return &model.Deck{Title: "Empty", Source: model.Source{Retrieved: testdeck.Date}}
}

func oneQuestionDeck() *model.Deck {
	d := testdeck.Article()
	d.Sections = d.Sections[2:3]
	d.Sections[0].Questions = d.Sections[0].Questions[:1]
	return d
}

// longAnswerDeck is a deck whose only answer is long: many paragraphs and a
// list, more than fits one flashcard even at the floor size.
func longAnswerDeck() *model.Deck {
	d := oneQuestionDeck()
	q := &d.Sections[0].Questions[0]
	var items []string
	for i := 0; i < 12; i++ {
		items = append(items, fmt.Sprintf("Step %d: run kubectl --namespace=production-cluster-%d rollout status deployment/api-gateway-%d and watch the pods.", i, i, i))
	}
	long := strings.Repeat("This answer goes on and on about rollouts, probes and budgets. ", 25)
	q.Answer = []model.Block{{Type: model.Paragraph, Text: long}, {Type: model.List, Items: items}, {Type: model.Paragraph, Text: long}}
	return d
}

// structuredStressDeck has the answer blocks at their worst: a table long
// enough to split over pages, tables too wide for any column, a cell word
// wider than a page, code lines far wider than a column, deep indentation,
// and empty or header-only tables and blank code.
func structuredStressDeck() *model.Deck {
	d := testdeck.Structured()
	rows := [][]string{{"Step", "Command", "What it checks"}}
	for i := 0; i < 90; i++ {
		rows = append(rows, []string{fmt.Sprint(i + 1), fmt.Sprintf("kubectl -n team-%d get deploy,svc,ingress -o wide", i), strings.Repeat("replicas ready and endpoints serving ", 1+i%3)})
	}
	wide := make([]string, 30)
	wider := make([]string, 30)
	for i := range wide {
		wide[i] = fmt.Sprintf("col%d", i)
		wider[i] = fmt.Sprintf("value %d", i)
	}
	twelve := [][]string{wide[:12], wider[:12], wider[3:15]}
	code := strings.Repeat("x", 300) + "\n" + strings.Repeat("\t", 30) + "deeply indented line that is long enough to wrap more than once in a narrow column of the cheat sheet\n" +
		"echo " + strings.Repeat("word ", 60) + "\n\n\n   \n" + strings.Repeat("a=1;", 80)
	q := model.Question{Number: 3, Question: "What does the long runbook say?", Answer: []model.Block{
		{Type: model.Heading, Text: "Checks, one per line"},
		{Type: model.Table, Rows: rows},
		{Type: model.Table, Rows: [][]string{wide, wider, wider[1:]}},
		{Type: model.Table, Rows: twelve},
		{Type: model.Table, Rows: [][]string{{"Only", "a", "header"}}},
		{Type: model.Table, Rows: [][]string{{}, {}}},
		{Type: model.Table, Rows: [][]string{{"Key", "Value"}, {"word", strings.Repeat("unbreakable", 20)}}},
		{Type: model.Code, Text: code, Lang: "sh"},
		{Type: model.Code, Text: " \n\t\n  "},
		{Type: model.Heading, Text: "A heading that ends the answer"},
	}}
	q.ID = model.QuestionID("cloudops", q.Question)
	d.Sections[1].Questions = append(d.Sections[1].Questions, q)
	return d
}

type testDeck struct {
	name string
	deck func() *model.Deck
}

var testDecks = []testDeck{
	{"article", testdeck.Article},
	{"hostile", testdeck.Hostile},
	{"empty", emptyDeck},
	{"sections-without-questions", func() *model.Deck {
		d := testdeck.Article()
		for i := range d.Sections {
			d.Sections[i].Questions = nil
		}
		return d
	}},
	{"one-question", oneQuestionDeck},
	{"long-answer", longAnswerDeck},
	{"structured", testdeck.Structured},
	{"structured-stress", structuredStressDeck},
}

var testOptions = []struct {
	name string
	opts Options
}{
	{"a4", Options{}},
	{"letter", Options{Paper: "letter"}},
	{"a4-landscape", Options{Landscape: true}},
	{"letter-short-offset", Options{Paper: "letter", Flip: "short", OffsetMM: 10}},
	{"a4-landscape-offset-left", Options{Landscape: true, OffsetMM: -10}},
}

// TestExport writes every layout for every test deck and paper and
// checks each file: complete, the deck untouched, and read back with
// checkFile (pages, text, fonts, outline, links, and the geometry of the
// layout). Where it renders twice, the second time fpdf compresses the
// pages itself, and the bytes must be equal: the same input gives the same
// file, and compressPages writes what fpdf would. In -short mode it runs
// a subset that still reaches every layout, deck shape and option (see
// inShortRun); the article is TestGolden's there.
func TestExport(t *testing.T) {
	for li, layout := range Layouts() {
		for _, td := range testDecks {
			for oi, to := range testOptions {
				short := testing.Short()
				if short && !inShortRun(li, td.name, oi) {
					continue
				}
				twice := !short || td.name == "hostile" || td.name == "structured"
				t.Run(layout+"/"+td.name+"/"+to.name, func(t *testing.T) {
					t.Parallel()
					d, before := td.deck(), td.deck()
					opts := to.opts
					opts.Layout = layout
					opts.Date = testdeck.Date
					out, _ := exportFile(t, d, opts)
					if !reflect.DeepEqual(d, before) {
						t.Fatal("Export modified the deck")
					}
					if !bytes.HasPrefix(out, []byte("%PDF-1.")) || !bytes.HasSuffix(bytes.TrimSpace(out), []byte("%%EOF")) {
						t.Fatalf("output is not a complete PDF: %q ... %q", out[:min(len(out), 16)], out[max(0, len(out)-16):])
					}
					if twice {
						again, err := render(d, opts, true)
						if err != nil {
							t.Fatal(err)
						}
						if !bytes.Equal(out, again) {
							t.Errorf("a second export, compressed by fpdf, differs: %d bytes, then %d", len(out), len(again))
						}
					}
				})
			}
		}
	}
}

// inShortRun reports whether TestExport runs layout li, deck and option
// oi in -short mode: the hostile, structured, stress and empty decks on A4
// in every layout, and the one-question deck on one other paper option per
// layout (letter study sheet, landscape cheat sheet, short-edge offset
// flashcards, left-offset landscape quiz), so each option runs once.
func inShortRun(li int, deck string, oi int) bool {
	switch deck {
	case "hostile", "structured", "structured-stress", "empty":
		return oi == 0
	case "one-question":
		return oi == 1+li%(len(testOptions)-1)
	}
	return false
}

// TestMetadata checks the document information dictionary and the fixed
// dates (fpdf writes the info strings as UTF-16, so look for the dates and
// the PDF keys).
func TestMetadata(t *testing.T) {
	var buf bytes.Buffer
	opts := Options{Date: testdeck.Date, Creator: "xopsexport test"}
	if err := Export(&buf, testdeck.Article(), opts); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, key := range []string{"/Title ", "/Author ", "/Subject ", "/Creator ", "/Keywords ", "/CreationDate (D:20261125000000", "/ModDate (D:20261125000000", "/Outlines "} {
		if !strings.Contains(out, key) {
			t.Errorf("document lacks %s", key)
		}
	}
	if !strings.Contains(out, utf16be("xopsexport test")) {
		t.Error("Creator is not opts.Creator")
	}
	if !strings.Contains(out, utf16be("Sandip Das")) {
		t.Error("Author is not the deck's author")
	}
}

// utf16be is how fpdf encodes a text string: big-endian UTF-16.
func utf16be(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteByte(byte(r >> 8))
		b.WriteByte(byte(r))
	}
	return b.String()
}

// TestGolden reads each layout of the article back (checkFile: pages,
// text, fonts, outline, links) and compares its page text with a text
// golden that shows every change in review, then pins the exact bytes by
// hash as a change detector: a change of bytes prints the diff of the page
// text, or says the text is unchanged. Rendered and reviewed by eye with
// pdftoppm when created; rerun with -update after a reviewed change, and
// read the text golden's diff before committing.
func TestGolden(t *testing.T) {
	for _, layout := range Layouts() {
		t.Run(layout, func(t *testing.T) {
			t.Parallel()
			d := testdeck.Article()
			opts := Options{Layout: layout, Date: testdeck.Date, Creator: "xopsexport"}
			out, f := exportFile(t, d, opts)
			text := f.pagesText()
			hash := fmt.Sprintf("layout: %s\npages: %d\nbytes: %d\nsha256: %x\n", layout, len(f.pages), len(out), sha256.Sum256(out))
			textPath := "../../testdata/golden/pdf/article-" + layout + ".text.txt"
			hashPath := "../../testdata/golden/pdf/article-" + layout + ".txt"
			if golden.Updating() {
				golden.Check(t, textPath, []byte(text))
				golden.Check(t, hashPath, []byte(hash))
				return
			}
			wantText, err := os.ReadFile(textPath)
			if err != nil {
				t.Fatalf("reading the text golden: %v (run with -update, then review it)", err)
			}
			wantHash, err := os.ReadFile(hashPath)
			if err != nil {
				t.Fatalf("reading the hash golden: %v (run with -update, then review it)", err)
			}
			if string(wantHash) != hash || string(wantText) != text {
				t.Errorf("the %s PDF changed:\n- %s+ %s\npage text changes:\n%s\n(run with -update to accept, then review the diff of %s)",
					layout, strings.ReplaceAll(string(wantHash), "\n", "; "), strings.ReplaceAll(hash, "\n", "; "),
					pageTextDiff(string(wantText), text, 60), textPath)
			}
		})
	}
}

// checkGeometry checks a layout's display list: all text is drawable by
// the fonts, lies inside the printable area, and no two pieces of text on
// a page overlap. checkFile runs it on every file the tests read back.
func checkGeometry(t *testing.T, doc *document, pages []page) {
	t.Helper()
	if len(pages) == 0 {
		t.Fatal("no pages")
	}
	const edge = 4.0 // mm; printers cannot print closer to the edge
	for pi, pg := range pages {
		var boxes []op
		for _, o := range pg.ops {
			if o.kind != opText {
				continue
			}
			for _, r := range o.s {
				if r != ' ' && !doc.cl.cov.has(r) {
					t.Fatalf("page %d: text %q has undrawable %U", pi+1, o.s, r)
				}
			}
			if o.s == "" || o.w <= 0 {
				t.Errorf("page %d: empty text op at (%.1f, %.1f)", pi+1, o.x, o.y)
			}
			if o.x < edge || o.x+o.w > doc.pw-edge || o.y-o.h < edge || o.y+o.h*0.3 > doc.ph-edge {
				t.Errorf("page %d: %q at (%.1f, %.1f) w %.1f leaves the printable area of %.0f×%.0f mm", pi+1, o.s, o.x, o.y, o.w, doc.pw, doc.ph)
			}
			for _, b := range boxes {
				if overlap(o, b) {
					t.Errorf("page %d: %q at (%.1f, %.1f) overlaps %q at (%.1f, %.1f)", pi+1, o.s, o.x, o.y, b.s, b.x, b.y)
				}
			}
			boxes = append(boxes, o)
		}
	}
}

// overlap reports whether two text ops' ink boxes (ascender to descender)
// intersect.
func overlap(a, b op) bool {
	const eps = 0.05
	ax0, ax1, ay0, ay1 := a.x, a.x+a.w, a.y-a.h*0.75, a.y+a.h*0.2
	bx0, bx1, by0, by1 := b.x, b.x+b.w, b.y-b.h*0.75, b.y+b.h*0.2
	return ax0 < bx1-eps && bx0 < ax1-eps && ay0 < by1-eps && by0 < ay1-eps
}

// TestStudyStructure checks the study sheet's navigation: a bookmark for
// every section and question, a contents link to every chapter, and that
// every chapter starts a page.
func TestStudyStructure(t *testing.T) {
	d := testdeck.Article()
	doc, err := newDocument(d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	pages := doc.layout()
	var levels [2]int
	links := map[int]bool{}
	anchors := map[int]int{} // anchor → page
	for pi, pg := range pages {
		for _, o := range pg.ops {
			switch o.kind {
			case opBookmark:
				levels[o.level]++
			case opLink:
				links[o.anchor] = true
			case opAnchor:
				anchors[o.anchor] = pi
			}
		}
	}
	if levels[0] != len(d.Sections) || levels[1] != d.Count() {
		t.Errorf("bookmarks: %d sections and %d questions, want %d and %d", levels[0], levels[1], len(d.Sections), d.Count())
	}
	if len(links) != len(d.Sections) || len(anchors) != len(d.Sections) {
		t.Errorf("contents has %d links to %d anchors, want %d", len(links), len(anchors), len(d.Sections))
	}
	for a := range links {
		pi, ok := anchors[a]
		if !ok {
			t.Errorf("contents link %d has no destination", a)
			continue
		}
		// The chapter heading is the first text on its page after the
		// running header: its anchor sits at the top of the text area.
		for _, o := range pages[pi].ops {
			if o.kind == opAnchor && o.y != studyTop {
				t.Errorf("chapter anchor on page %d is at y=%.1f, not at the top of the page", pi+1, o.y)
			}
		}
	}
	last := pages[len(pages)-1]
	want := fmt.Sprintf("Page %d of %d", len(pages), len(pages))
	found := false
	for _, o := range last.ops {
		found = found || (o.kind == opText && o.s == want)
	}
	if !found {
		t.Errorf("last page has no footer %q", want)
	}
}

// TestCheatsheetKeepsQuestionWithAnswer checks that no column ends with a
// question line: the first answer line always follows in the same column.
func TestCheatsheetKeepsQuestionWithAnswer(t *testing.T) {
	for _, landscape := range []bool{false, true} {
		doc, err := newDocument(testdeck.Article(), Options{Layout: "cheatsheet", Landscape: landscape})
		if err != nil {
			t.Fatal(err)
		}
		for pi, pg := range doc.layout() {
			// The lowest text op in each column must not be bold question text.
			lowest := map[int]op{}
			for _, o := range pg.ops {
				if o.kind != opText {
					continue
				}
				if o.size < 7 {
					t.Errorf("page %d: %q at %.1f pt, below the 7 pt floor", pi+1, o.s, o.size)
				}
				if o.y > doc.ph-cheatMargin {
					continue // the footer
				}
				col := int((o.x - cheatMargin + 0.5) / ((doc.pw - 2*cheatMargin + cheatGutter) / cheatColumns))
				if cur, ok := lowest[col]; !ok || o.y > cur.y {
					lowest[col] = o
				}
			}
			for col, o := range lowest {
				if o.face == cheatQuestion.face && o.size == cheatQuestion.size {
					t.Errorf("landscape=%v page %d column %d ends with question text %q", landscape, pi+1, col+1, o.s)
				}
			}
		}
	}
}

// TestFlashcardsFaces checks each sheet of fronts is followed by its backs,
// that each face shows the question's ID, and that every word of every
// answer block (paragraphs, lists, headings, code, table cells) is printed
// on a back instead of being cut off.
func TestFlashcardsFaces(t *testing.T) {
	for _, td := range testDecks {
		t.Run(td.name, func(t *testing.T) {
			if td.name == "article" && testing.Short() {
				t.Skip("the article's cards are checked in long mode")
			}
			d := td.deck()
			doc, err := newDocument(d, Options{Layout: "flashcards"})
			if err != nil {
				t.Fatal(err)
			}
			pages := doc.layout()
			if d.Count() == 0 {
				return
			}
			if len(pages)%2 != 0 {
				t.Fatalf("%d pages: fronts and backs must alternate", len(pages))
			}
			// The label line sits at the same height in every card.
			_, rows := grid(false)
			ch := (doc.ph - 2*cardMargin) / float64(rows)
			isLabel := func(o op) bool {
				return abs(math.Mod(o.y-cardMargin, ch)-(cardPad+cardMeta.baseline())) < 0.01
			}
			texts := [2]map[string]int{{}, {}} // text op → count on fronts, backs
			var backText strings.Builder
			for pi, pg := range pages {
				for _, o := range pg.ops {
					if o.kind != opText {
						continue
					}
					texts[pi%2][o.s]++
					if pi%2 == 1 && !isLabel(o) {
						backText.WriteString(o.s + " ")
					}
				}
			}
			for _, s := range d.Sections {
				for _, q := range s.Questions {
					id := doc.ellipsize(cardID, q.ID, 1000)
					if f, b := texts[0][id], texts[1][id]; f == 0 || f != b {
						t.Errorf("%s: on %d fronts and %d backs", q.ID, f, b)
					}
				}
			}
			printed := backText.String()
			for _, s := range d.Sections {
				for _, q := range s.Questions {
					for _, w := range answerWords(doc, q) {
						if len(w) < 20 && !strings.Contains(printed, w) {
							t.Errorf("%s: answer word %q is not on any back", q.ID, w)
						}
					}
				}
			}
		})
	}
}

// answerWords returns the words of every block of q's answer as cleaned
// for printing. Words of 20 bytes or more are left out: they may be broken
// over lines.
func answerWords(doc *document, q model.Question) []string {
	var texts []string
	for _, b := range q.Answer {
		switch b.Type {
		case model.List:
			texts = append(texts, b.Items...)
		case model.Table:
			for _, r := range b.Rows {
				texts = append(texts, r...)
			}
		case model.Code:
			for _, l := range strings.Split(b.Text, "\n") {
				texts = append(texts, doc.cl.code(l))
			}
		default:
			texts = append(texts, b.Text)
		}
	}
	var words []string
	for _, s := range texts {
		for _, w := range strings.Fields(doc.cl.text(s)) {
			if len(w) < 20 {
				words = append(words, w)
			}
		}
	}
	return words
}

// TestFlashcardsContinue checks a long answer spreads over several cards
// with the part numbers on them.
func TestFlashcardsContinue(t *testing.T) {
	d := longAnswerDeck()
	doc, err := newDocument(d, Options{Layout: "flashcards"})
	if err != nil {
		t.Fatal(err)
	}
	pages := doc.layout()
	var parts []string
	for _, o := range pages[0].ops {
		if o.kind == opText && o.face == cardMeta.face && o.size == cardMeta.size {
			parts = append(parts, o.s)
		}
	}
	if len(parts) < 2 || !strings.Contains(parts[0], "(1/") || !strings.Contains(parts[1], "(2/") {
		t.Errorf("long answer is not continued over numbered cards; front labels: %q", parts)
	}
}

// TestBackCellMirrors places each front cell and its back cell on the
// sheet, turns the back over around the edge the user chose, and checks the
// two cards coincide: for every paper size, orientation and flip.
func TestBackCellMirrors(t *testing.T) {
	for _, paper := range []string{"a4", "letter"} {
		for _, landscape := range []bool{false, true} {
			for _, flip := range []string{"long", "short"} {
				name := fmt.Sprintf("%s/landscape=%v/%s", paper, landscape, flip)
				doc, err := newDocument(&model.Deck{}, Options{Paper: paper, Landscape: landscape})
				if err != nil {
					t.Fatal(err)
				}
				w, h := doc.pw, doc.ph
				cols, rows := grid(landscape)
				cw, ch := (w-2*cardMargin)/float64(cols), (h-2*cardMargin)/float64(rows)
				// Turning over around an axis parallel to the chosen edge:
				// the long edge is vertical on a portrait page.
				verticalAxis := (flip == "long") == (h > w)
				seen := map[[2]int]bool{}
				for r := 0; r < rows; r++ {
					for c := 0; c < cols; c++ {
						br, bc := backCell(r, c, rows, cols, mirrorsColumns(flip, landscape))
						if br < 0 || br >= rows || bc < 0 || bc >= cols || seen[[2]int{br, bc}] {
							t.Fatalf("%s: cell (%d,%d) maps to (%d,%d): off the grid or taken twice", name, r, c, br, bc)
						}
						seen[[2]int{br, bc}] = true
						// Centre of the back card as printed, then as seen
						// from the front once the sheet is turned over.
						bx, by := cardMargin+(float64(bc)+0.5)*cw, cardMargin+(float64(br)+0.5)*ch
						if verticalAxis {
							bx = w - bx
						} else {
							by = h - by
						}
						fx, fy := cardMargin+(float64(c)+0.5)*cw, cardMargin+(float64(r)+0.5)*ch
						if abs(bx-fx) > 1e-9 || abs(by-fy) > 1e-9 {
							t.Errorf("%s: front (%d,%d) at (%.1f, %.1f) has its back at (%.1f, %.1f)", name, r, c, fx, fy, bx, by)
						}
					}
				}
			}
		}
	}
}

// TestBackCellTable spells out the 2×4 portrait case for a reader.
func TestBackCellTable(t *testing.T) {
	tests := []struct {
		row, col, wantRow, wantCol int
		mirrorCols                 bool
	}{
		{0, 0, 0, 1, true}, {0, 1, 0, 0, true}, {3, 0, 3, 1, true},
		{0, 0, 3, 0, false}, {1, 1, 2, 1, false}, {3, 1, 0, 1, false},
	}
	for _, tt := range tests {
		r, c := backCell(tt.row, tt.col, 4, 2, tt.mirrorCols)
		if r != tt.wantRow || c != tt.wantCol {
			t.Errorf("backCell(%d, %d, mirrorCols=%v) = (%d, %d), want (%d, %d)", tt.row, tt.col, tt.mirrorCols, r, c, tt.wantRow, tt.wantCol)
		}
	}
	if !mirrorsColumns("", false) || !mirrorsColumns("long", false) || mirrorsColumns("short", false) || mirrorsColumns("long", true) {
		t.Error("mirrorsColumns: long edge on portrait must mirror columns, short edge rows, and the reverse on landscape")
	}
}

// TestFlashcardsOffset checks --offset-mm moves every mark and text on the
// backs, and nothing on the fronts.
func TestFlashcardsOffset(t *testing.T) {
	d := oneQuestionDeck()
	layout := func(off float64) []page {
		doc, err := newDocument(d, Options{Layout: "flashcards", OffsetMM: off})
		if err != nil {
			t.Fatal(err)
		}
		return doc.layout()
	}
	base, moved := layout(0), layout(2.5)
	for pi := range base {
		for i, o := range base[pi].ops {
			want := o.x
			if pi%2 == 1 {
				want += 2.5
			}
			if got := moved[pi].ops[i].x; abs(got-want) > 1e-9 {
				t.Errorf("page %d op %d (%q) at x=%.2f, want %.2f", pi+1, i, o.s, got, want)
			}
		}
	}
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestExportWriteError(t *testing.T) {
	err := Export(failingWriter{}, oneQuestionDeck(), Options{})
	if err == nil || !strings.Contains(err.Error(), "disk full") || !strings.HasPrefix(err.Error(), "pdf: ") {
		t.Errorf("Export to a failing writer = %v, want a pdf: error wrapping the write error", err)
	}
}

func TestOptionsCheck(t *testing.T) {
	tests := []struct {
		opts    Options
		wantErr string // "" for valid options
	}{
		{Options{}, ""},
		{Options{Layout: "flashcards", Paper: "letter", Flip: "short", OffsetMM: -10}, ""},
		{Options{OffsetMM: 10}, ""},
		{Options{OffsetMM: 2.5}, ""},
		{Options{Layout: "poster"}, `unknown layout "poster"`},
		{Options{Paper: "a3"}, `unknown paper "a3"`},
		{Options{Flip: "sideways"}, `unknown flip "sideways"`},
		{Options{OffsetMM: 10.5}, "offset 10.5 mm is out of range"},
		{Options{OffsetMM: -11}, "offset -11.0 mm is out of range"},
		{Options{OffsetMM: math.NaN()}, "offset NaN mm is out of range"},
		{Options{OffsetMM: math.Inf(1)}, "offset +Inf mm is out of range"},
		{Options{OffsetMM: math.Inf(-1)}, "offset -Inf mm is out of range"},
		{Options{OffsetMM: math.MaxFloat64}, "out of range"},
	}
	for _, tt := range tests {
		err := tt.opts.Check()
		if tt.wantErr == "" {
			if err != nil {
				t.Errorf("%+v.Check() = %v, want nil", tt.opts, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%+v.Check() = %v, want an error containing %q", tt.opts, err, tt.wantErr)
		}
		if err := Export(&bytes.Buffer{}, oneQuestionDeck(), tt.opts); err == nil {
			t.Errorf("Export accepted invalid options %+v", tt.opts)
		}
	}
}

// FuzzExport renders a deck made of one arbitrary question and an answer
// with every block type built from the inputs, in every layout: it must
// never fail or panic. Each input renders four PDFs, so run it with a short
// minimisation budget:
// go test -fuzz FuzzExport -fuzzminimizetime 10x ./exporters/pdf/
// Replaying the seeds as a unit test in -short mode renders each seed in one
// layout (taking the layouts in turn) to keep make test fast.
func FuzzExport(f *testing.F) {
	for _, s := range testdeck.HostileStrings {
		f.Add(s, s)
	}
	seed := 0
	f.Fuzz(func(t *testing.T, question, answer string) {
		d := &model.Deck{Title: question, Author: answer, Source: model.Source{URL: answer, Retrieved: testdeck.Date}}
		d.Sections = []model.Section{{Role: question, Name: answer, Heading: question, Questions: []model.Question{{
			ID: question, Number: 1, Question: question,
			Answer: []model.Block{
				{Type: model.Paragraph, Text: answer},
				{Type: model.List, Items: []string{question, answer}},
				{Type: model.Heading, Text: question},
				{Type: model.Code, Text: answer + "\n\t" + question},
				{Type: model.Table, Rows: [][]string{{question, answer}, {answer}, strings.Fields(answer)}},
			},
		}}}}
		layouts := Layouts()
		if testing.Short() && !fuzzing() {
			layouts = layouts[seed%len(layouts) : seed%len(layouts)+1]
			seed++
		}
		for _, layout := range layouts {
			if err := Export(&bytes.Buffer{}, d, Options{Layout: layout}); err != nil {
				t.Fatalf("%s: %v", layout, err)
			}
		}
	})
}

// fuzzing reports whether the test binary runs with -test.fuzz.
func fuzzing() bool {
	f := flag.Lookup("test.fuzz")
	return f != nil && f.Value.String() != ""
}
