package pdf

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xopsexport/xopsexport/internal/testdeck"
	"github.com/xopsexport/xopsexport/model"
)

// checkPDFTool is the shared independent PDF checker (poppler and qpdf),
// beside the repository.
const checkPDFTool = "../../../shared/tools/pdf/check-pdf"

// TestIndependentTools checks the written files with tools that share no
// code with the exporter or with readPDF: the shared check-pdf (qpdf
// --check, fonts embedded and Unicode-mapped, text extractable, nothing
// outside the printable area, every question present in order, the
// outline), poppler's pdftotext page by page (each question on the page
// readPDF found it on), and qpdf's view of the outline's targets. Each
// part skips when its tool is missing; CI installs them. The tools take
// about a second a file, so this runs in long mode only.
func TestIndependentTools(t *testing.T) {
	if testing.Short() {
		t.Skip("external tools take about a second per file; run without -short")
	}
	decks := []testDeck{{"article", testdeck.Article}, {"structured", testdeck.Structured}, {"hostile", testdeck.Hostile}, {"structured-stress", structuredStressDeck}}
	for _, layout := range Layouts() {
		for _, td := range decks {
			t.Run(layout+"/"+td.name, func(t *testing.T) {
				t.Parallel()
				d := td.deck()
				opts := Options{Layout: layout, Date: testdeck.Date}
				var buf bytes.Buffer
				doc, _, err := export(&buf, d, opts)
				if err != nil {
					t.Fatal(err)
				}
				dir := t.TempDir()
				file := filepath.Join(dir, "out.pdf")
				if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				f := readPDF(t, buf.Bytes())
				t.Run("check-pdf", func(t *testing.T) { runCheckPDF(t, d, f, layout, file, dir) })
				t.Run("pdftotext", func(t *testing.T) { runPdftotext(t, doc, f, file) })
				t.Run("qpdf-outline", func(t *testing.T) { runQpdfOutline(t, f, file) })
			})
		}
	}
}

func needTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s is not installed (apt-get install poppler-utils qpdf)", name)
	}
	return p
}

func runCheckPDF(t *testing.T, d *model.Deck, f *pdfFile, layout, file, dir string) {
	if _, err := os.Stat(checkPDFTool); err != nil {
		t.Skipf("no shared checker at %s", checkPDFTool)
	}
	for _, tool := range []string{"qpdf", "pdfinfo", "pdffonts", "pdftotext", "python3"} {
		needTool(t, tool)
	}
	// The checker looks for the questions as printed: characters no
	// embedded font has (emoji, CJK, Hebrew, Arabic) print as placeholders.
	// A word wider than a line is broken over lines, which a line-based
	// extractor reads as two words: checkQuestions reads those (it ignores
	// spaces), the checker gets the rest.
	cl := newTestCleaner(t)
	printed := d.Clone()
	for i := range printed.Sections {
		var qs []model.Question
		for _, q := range printed.Sections[i].Questions {
			q.Question = cl.text(q.Question)
			if !slices.ContainsFunc(strings.Fields(q.Question), func(w string) bool { return len(w) > 60 }) {
				qs = append(qs, q)
			}
		}
		printed.Sections[i].Questions = qs
	}
	expect := filepath.Join(dir, "deck.json")
	js, err := json.Marshal(printed)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(expect, js, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(checkPDFTool, file, "--expect-json", expect).Output()
	var res struct {
		Pages    int      `json:"pages"`
		Outline  int      `json:"outline_entries"`
		Missing  int      `json:"missing_count"`
		Expected int      `json:"expected_questions"`
		Problems []string `json:"problems"`
	}
	if jerr := json.Unmarshal(out, &res); jerr != nil {
		t.Fatalf("check-pdf printed %q (%v): %v", out, err, jerr)
	}
	if err != nil || len(res.Problems) > 0 {
		t.Errorf("check-pdf: %v: %s", err, out)
	}
	top := 0
	for _, b := range f.outline {
		if b.level == 0 {
			top++
		}
	}
	if res.Pages != len(f.pages) || res.Outline != top || res.Expected != printed.Count() || res.Missing != 0 {
		t.Errorf("check-pdf saw %d pages, %d outline entries, %d of %d questions missing; readPDF %d pages, %d entries", res.Pages, res.Outline, res.Missing, res.Expected, len(f.pages), top)
	}
}

// runPdftotext checks that poppler finds each question's text on the page
// the file's own reading put it on.
func runPdftotext(t *testing.T, doc *document, f *pdfFile, file string) {
	tool := needTool(t, "pdftotext")
	d := doc.deck
	qpage := checkQuestions(t, doc, f)
	pages := map[int]string{}
	for _, s := range d.Sections {
		for _, q := range s.Questions {
			want := spaceless(doc.cl.text(q.Question))
			pi, ok := qpage[q.ID]
			if want == "" || !ok {
				continue
			}
			if _, done := pages[pi]; !done {
				n := strconv.Itoa(pi + 1)
				out, err := exec.Command(tool, "-f", n, "-l", n, file, "-").Output()
				if err != nil {
					t.Fatalf("pdftotext page %s: %v", n, err)
				}
				pages[pi] = spaceless(string(out))
			}
			// A question may go on over the next page or card.
			if !strings.Contains(pages[pi], want) && !strings.Contains(pages[pi], want[:min(len(want), 24)]) {
				t.Errorf("pdftotext does not find question %s %q on page %d", q.ID, q.Question, pi+1)
			}
		}
	}
}

// runQpdfOutline checks qpdf reads the same outline titles and target
// pages as readPDF.
func runQpdfOutline(t *testing.T, f *pdfFile, file string) {
	tool := needTool(t, "qpdf")
	out, err := exec.Command(tool, "--json", "--json-key=outlines", file).Output()
	if err != nil {
		t.Fatalf("qpdf --json: %v", err)
	}
	type entry struct {
		Title string  `json:"title"`
		Page  int     `json:"destpageposfrom1"`
		Kids  []entry `json:"kids"`
	}
	var doc struct {
		Outlines []entry `json:"outlines"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	var flat []pdfBookmark
	var walk func(es []entry, level int)
	walk = func(es []entry, level int) {
		for _, e := range es {
			flat = append(flat, pdfBookmark{level: level, title: e.Title, page: e.Page - 1})
			walk(e.Kids, level+1)
		}
	}
	walk(doc.Outlines, 0)
	if len(flat) != len(f.outline) {
		t.Fatalf("qpdf reads %d outline entries, readPDF %d", len(flat), len(f.outline))
	}
	for i, q := range flat {
		r := f.outline[i]
		if q.level != r.level || q.title != r.title || q.page != r.page {
			t.Errorf("outline entry %d: qpdf %q level %d page %d, readPDF %q level %d page %d", i+1, q.title, q.level, q.page+1, r.title, r.level, r.page+1)
		}
	}
}

func spaceless(s string) string {
	return strings.Join(strings.Fields(s), "")
}
