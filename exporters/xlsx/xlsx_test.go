package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"github.com/xopsexport/xopsexport/internal/golden"
	"github.com/xopsexport/xopsexport/internal/testdeck"
	"github.com/xopsexport/xopsexport/model"
)

func export(t testing.TB, d *model.Deck, opts Options) []byte {
	t.Helper()
	if opts.Date.IsZero() {
		opts.Date = testdeck.Date
	}
	var buf bytes.Buffer
	if err := Export(&buf, d, opts); err != nil {
		t.Fatalf("Export: %v", err)
	}
	return buf.Bytes()
}

func open(t testing.TB, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the output does not open as a workbook: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// sheetRows reads a tracker-shaped sheet as maps from header to raw value,
// with formulas as "=...".
func sheetRows(t testing.TB, f *excelize.File, sheet string) []map[string]string {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("reading %s: %v", sheet, err)
	}
	if len(rows) == 0 {
		t.Fatalf("%s is empty", sheet)
	}
	header := rows[0]
	var out []map[string]string
	for r := 2; r <= len(rows); r++ {
		m := map[string]string{}
		for c, h := range header {
			ref, _ := excelize.CoordinatesToCellName(c+1, r)
			if fm, _ := f.GetCellFormula(sheet, ref); fm != "" {
				m[h] = "=" + fm
				continue
			}
			if v, _ := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true}); v != "" {
				m[h] = v
			}
		}
		out = append(out, m)
	}
	return out
}

func byID(rows []map[string]string) map[string]map[string]string {
	m := map[string]map[string]string{}
	for _, r := range rows {
		m[r["ID"]] = r
	}
	return m
}

// dump renders every sheet of a workbook as text: its parts, properties,
// and per sheet the tables, panes, validations, conditional formats,
// hyperlinks and every cell with its type, so the golden file shows what a
// spreadsheet program will see.
func dump(t testing.TB, data []byte) string {
	t.Helper()
	var b strings.Builder
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var parts []string
	for _, zf := range zr.File {
		parts = append(parts, zf.Name)
	}
	sort.Strings(parts)
	fmt.Fprintf(&b, "parts\t%s\n", strings.Join(parts, " "))
	f := open(t, data)
	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "props\ttitle=%q creator=%q created=%s modified=%s\n", props.Title, props.Creator, props.Created, props.Modified)
	esc := strings.NewReplacer("\\", "\\\\", "\t", "\\t", "\n", "\\n", "\r", "\\r")
	for _, sh := range f.GetSheetList() {
		fmt.Fprintf(&b, "\n== sheet %s\n", sh)
		tables, _ := f.GetTables(sh)
		for _, tb := range tables {
			fmt.Fprintf(&b, "table\t%s\t%s\t%s\n", tb.Name, tb.Range, tb.StyleName)
		}
		if p, err := f.GetPanes(sh); err == nil && p.Freeze {
			fmt.Fprintf(&b, "freeze\t%s\n", p.TopLeftCell)
		}
		dvs, _ := f.GetDataValidations(sh)
		for _, dv := range dvs {
			fmt.Fprintf(&b, "validation\t%s\t%s\t%s\t%s\t%s\n", dv.Sqref, dv.Type, dv.Operator, dv.Formula1, dv.Formula2)
		}
		cfs, _ := f.GetConditionalFormats(sh)
		var ranges []string
		for r := range cfs {
			ranges = append(ranges, r)
		}
		sort.Strings(ranges)
		for _, r := range ranges {
			for _, o := range cfs[r] {
				fmt.Fprintf(&b, "condformat\t%s\t%s\t%s\n", r, o.Type, o.Criteria)
			}
		}
		rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		ncols := 0
		for _, r := range rows {
			ncols = max(ncols, len(r))
		}
		for r := 1; r <= len(rows); r++ {
			var line []string
			for c := 1; c <= ncols; c++ {
				ref, _ := excelize.CoordinatesToCellName(c, r)
				fm, _ := f.GetCellFormula(sh, ref)
				v, _ := f.GetCellValue(sh, ref, excelize.Options{RawCellValue: true})
				typ, _ := f.GetCellType(sh, ref)
				var s string
				switch {
				case fm != "":
					s = "=" + fm
				case v == "":
				case typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString:
					s = "'" + v
				default:
					s = "#" + v
				}
				if link, target, _ := f.GetCellHyperLink(sh, ref); link {
					s += " <" + target + ">"
				}
				line = append(line, esc.Replace(s))
			}
			fmt.Fprintf(&b, "%d\t%s\n", r, strings.Join(line, "\t"))
		}
	}
	return b.String()
}

// hyperlinkElems returns the <hyperlink> elements of a worksheet part.
func hyperlinkElems(t testing.TB, data []byte, part string) []string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if zf.Name != part {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		var buf bytes.Buffer
		buf.ReadFrom(rc)
		var out []string
		for _, el := range strings.Split(buf.String(), "<hyperlink ")[1:] {
			out = append(out, el[:strings.Index(el, ">")])
		}
		return out
	}
	t.Fatalf("no part %s", part)
	return nil
}

func TestArticleGolden(t *testing.T) {
	data := export(t, testdeck.Article(), Options{Generator: "xopsexport test"})
	golden.Check(t, "../../testdata/golden/xlsx/article.xlsx.txt", []byte(dump(t, data)))
}

func TestDeterministic(t *testing.T) {
	for name, d := range map[string]*model.Deck{"article": testdeck.Article(), "hostile": testdeck.Hostile(), "structured": testdeck.Structured()} {
		a := export(t, d, Options{Generator: "x"})
		b := export(t, d, Options{Generator: "x"})
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two exports of the same deck and date differ", name)
		}
	}
}

func TestDoesNotModifyDeck(t *testing.T) {
	d := testdeck.Hostile()
	// Clone normalises nil slices to empty ones, so compare clones.
	before := d.Clone()
	export(t, d, Options{})
	if !reflect.DeepEqual(before, d.Clone()) {
		t.Error("Export modified the deck")
	}
}

func TestTrackerSheet(t *testing.T) {
	d := testdeck.Article()
	data := export(t, d, Options{})
	f := open(t, data)
	if got, want := f.GetSheetList(), []string{sheetTracker, sheetDashboard, sheetAbout}; !reflect.DeepEqual(got, want) {
		t.Errorf("sheets %v, want %v (no Archived sheet on a fresh export)", got, want)
	}
	rows := sheetRows(t, f, sheetTracker)
	if len(rows) != d.Count() {
		t.Fatalf("%d rows, want %d", len(rows), d.Count())
	}
	// One link over the ID column, as Excel writes a link on a range.
	if links := hyperlinkElems(t, data, "xl/worksheets/sheet1.xml"); len(links) != 1 || !strings.HasPrefix(links[0], `ref="A2:A110"`) {
		t.Errorf("Tracker hyperlinks %v, want one over A2:A110", links)
	}
	tables, err := f.GetTables(sheetTracker)
	if err != nil || len(tables) != 1 || tables[0].Range != "A1:K110" {
		t.Errorf("tables %+v (%v), want one over A1:K110", tables, err)
	}
	i := 0
	for _, s := range d.Sections {
		for _, q := range s.Questions {
			r := rows[i]
			i++
			want := map[string]string{
				"ID": q.ID, "Role": s.Name, "#": strconv.Itoa(q.Number), "Question": q.Question,
				"Answer": q.AnswerText(), "Tags": strings.Join(q.Tags, ", "), "Status": "Not started",
			}
			for k, v := range want {
				if r[k] != v {
					t.Fatalf("row %d %s = %q, want %q", i, k, r[k], v)
				}
			}
			n := strconv.Itoa(i + 1)
			if want := `=IF(I` + n + `="","",I` + n + `+IFERROR(CHOOSE(H` + n + `,1,2,4,7,14),1))`; r["Next review"] != want {
				t.Fatalf("row %d Next review %q, want %q", i, r["Next review"], want)
			}
			if ok, target, _ := f.GetCellHyperLink(sheetTracker, "A"+n); !ok || target != d.Source.URL {
				t.Fatalf("row %d: ID links to %q (%v), want the source", i, target, ok)
			}
		}
	}
}

// A list answer reads as "• item" lines, paragraphs split by a blank line.
func TestAnswerLayout(t *testing.T) {
	d := &model.Deck{Sections: []model.Section{{Role: "devops", Name: "DevOps", Questions: []model.Question{{
		ID: "devops-1", Number: 1, Question: "Q?",
		Answer: []model.Block{{Type: model.Paragraph, Text: "First."}, {Type: model.List, Items: []string{"one", "two"}}, {Type: model.Paragraph, Text: "Last."}},
	}}}}}
	rows := sheetRows(t, open(t, export(t, d, Options{})), sheetTracker)
	if want := "First.\n\n• one\n• two\n\nLast."; rows[0]["Answer"] != want {
		t.Errorf("answer %q, want %q", rows[0]["Answer"], want)
	}
}

// Text that starts like a formula must stay text: a formula cell would run
// (or break) when the learner opens the workbook.
func TestFormulaInjection(t *testing.T) {
	starts := []string{"=1+1", "+SUM(1,2)", "-2+3", "@SUM(A1)", `=HYPERLINK("http://x","y")`, "=cmd|' /C calc'!A0"}
	s := model.Section{Role: "devops", Name: "=Role", Heading: "h"}
	for i, v := range starts {
		s.Questions = append(s.Questions, model.Question{
			ID: fmt.Sprintf("devops-%d", i), Number: i + 1, Question: v,
			Answer: []model.Block{{Type: model.Paragraph, Text: v}}, Tags: []string{v},
		})
	}
	d := &model.Deck{Title: "=title", Author: "+author", Source: model.Source{URL: "=url"}, Sections: []model.Section{s}}
	f := open(t, export(t, d, Options{Generator: "@gen"}))
	for r := 2; r <= len(starts)+1; r++ {
		for _, col := range []string{"B", "D", "E", "F"} {
			ref := col + strconv.Itoa(r)
			if fm, _ := f.GetCellFormula(sheetTracker, ref); fm != "" {
				t.Errorf("%s is a formula %q", ref, fm)
			}
			if typ, _ := f.GetCellType(sheetTracker, ref); typ != excelize.CellTypeSharedString {
				t.Errorf("%s has type %v, want a string", ref, typ)
			}
		}
		if v, _ := f.GetCellValue(sheetTracker, "E"+strconv.Itoa(r)); v != starts[r-2] {
			t.Errorf("answer %d reads %q, want %q", r, v, starts[r-2])
		}
	}
	for r := 2; r <= 10; r++ {
		ref := "B" + strconv.Itoa(r)
		if fm, _ := f.GetCellFormula(sheetAbout, ref); fm != "" {
			t.Errorf("About!%s is a formula %q", ref, fm)
		}
	}
	if v, _ := f.GetCellValue(sheetDashboard, "A2"); v != "=Role" {
		t.Errorf("Dashboard role %q", v)
	}
	if fm, _ := f.GetCellFormula(sheetDashboard, "A2"); fm != "" {
		t.Errorf("Dashboard role became a formula %q", fm)
	}
}

func TestHostileAndEmpty(t *testing.T) {
	decks := map[string]*model.Deck{
		"hostile":       testdeck.Hostile(),
		"empty":         {Title: "empty"},
		"empty section": {Sections: []model.Section{{Role: "devops", Name: "DevOps"}}},
	}
	for name, d := range decks {
		t.Run(name, func(t *testing.T) {
			data := export(t, d, Options{})
			f := open(t, data)
			rows, err := f.GetRows(sheetTracker)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows)-1 != d.Count() {
				t.Errorf("%d data rows, want %d", len(rows)-1, d.Count())
			}
			if tables, _ := f.GetTables(sheetTracker); len(tables) != 1 {
				t.Errorf("tables %v", tables)
			}
			// A merge of the output must give back the same rows.
			var stats MergeStats
			again := export(t, d, Options{Previous: data, OnMerge: func(s MergeStats) { stats = s }})
			if stats != (MergeStats{Kept: d.Count()}) {
				t.Errorf("merging an unchanged tracker: %+v", stats)
			}
			if !bytes.Equal(again, data) {
				t.Errorf("merging an unchanged tracker changed the workbook")
			}
		})
	}
	// Every hostile question reads back exactly.
	d := testdeck.Hostile()
	rows := byID(sheetRows(t, open(t, export(t, d, Options{})), sheetTracker))
	for _, s := range d.Sections {
		for _, q := range s.Questions {
			if r := rows[q.ID]; r["Question"] != q.Question || r["Answer"] != q.AnswerText() {
				t.Errorf("%s: read back %q / %q", q.ID, r["Question"], r["Answer"])
			}
		}
	}
}

func TestLongTextIsCut(t *testing.T) {
	long := strings.Repeat("𝕏bcdefghij", 5000) // 55,000 UTF-16 units
	d := &model.Deck{Sections: []model.Section{{Role: "devops", Name: "DevOps", Questions: []model.Question{{
		ID: "devops-1", Number: 1, Question: "Q?", Answer: []model.Block{{Type: model.Paragraph, Text: long}},
	}}}}}
	rows := sheetRows(t, open(t, export(t, d, Options{})), sheetTracker)
	got := rows[0]["Answer"]
	if n := len(utf16.Encode([]rune(got))); n > maxCellChars {
		t.Errorf("answer is %d UTF-16 units, over Excel's %d", n, maxCellChars)
	}
	if !strings.HasSuffix(got, truncMarker) || !strings.HasPrefix(long, strings.TrimSuffix(got, truncMarker)) {
		t.Errorf("answer is not the text's start plus the marker: …%q", got[len(got)-120:])
	}
}

func TestCellText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"tab\tand\nnewline\r", "tab\tand\nnewline\r"},
		{"bell\x07 and \x1f unit", "bell and  unit"},
		{"bad \xff utf8", "bad \uFFFD utf8"},
		{"nonchar \uFFFE\uFFFF", "nonchar "},
		{"emoji 👋 and RTL שלום", "emoji 👋 and RTL שלום"},
	}
	for _, tt := range tests {
		if got := cellText(tt.in); got != tt.want {
			t.Errorf("cellText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzCellText writes cellText's result to a cell and reads it back: what
// it lets through must survive the file format unchanged, as a string.
func FuzzCellText(f *testing.F) {
	for _, s := range testdeck.HostileStrings {
		f.Add(s)
	}
	f.Add("=1+1")
	f.Add("\x00\x01\x7f")
	f.Add("_x0041_ looks like an escape")
	f.Add(" leading and trailing spaces ")
	f.Fuzz(func(t *testing.T, s string) {
		want := cellText(s)
		wb := excelize.NewFile()
		defer wb.Close()
		if err := setStr(wb, "Sheet1", "A1", s); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := wb.Write(&buf); err != nil {
			t.Fatal(err)
		}
		rb, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		defer rb.Close()
		got, _ := rb.GetCellValue("Sheet1", "A1")
		if got != want {
			t.Errorf("cell text %q read back as %q", want, got)
		}
		if fm, _ := rb.GetCellFormula("Sheet1", "A1"); fm != "" {
			t.Errorf("cell text %q became formula %q", want, fm)
		}
	})
}

func TestMoveRefs(t *testing.T) {
	// swap exchanges columns E and I, as when a learner's column moves.
	swap := map[int]int{5: 9, 9: 5}
	tests := []struct {
		in    string
		delta int
		cols  map[int]int
		want  string
	}{
		{"H2*2", 3, nil, "H5*2"},
		{"SUM(H2:K2)+$A$1+A$1+$B2", 1, nil, "SUM(H3:K3)+$A$1+A$1+$B3"},
		{`IF(G2="A2","x",G2)`, 2, nil, `IF(G4="A2","x",G4)`},
		{"'My A1'!B2+Tracker!C3", 1, nil, "'My A1'!B3+Tracker!C4"},
		{"Questions[@Status]&LOG10(A1)", 4, nil, "Questions[@Status]&LOG10(A5)"},
		{"SUM(H:H)+ABCD1+TRUE+1.5E3", 9, nil, "SUM(H:H)+ABCD1+TRUE+1.5E3"},
		{"A2-A1", -1, nil, "A1-#REF!"},
		{"A2", 0, nil, "A2"},
		{"e2", 1, nil, "e3"},
		{"I4*2+E4", 5, swap, "E9*2+I9"},
		{"SUM($E$2:I2)", 0, swap, "SUM($I$2:E2)"},
		{"Plan!E2+E2+'a b'!E2:I3+E2:I2", 0, swap, "Plan!E2+I2+'a b'!E2:I3+I2:E2"},
	}
	for _, tt := range tests {
		var col func(int) int
		if tt.cols != nil {
			col = func(c int) int {
				if n, ok := tt.cols[c]; ok {
					return n
				}
				return c
			}
		}
		if got := moveRefs(tt.in, tt.delta, col); got != tt.want {
			t.Errorf("moveRefs(%q, %d) = %q, want %q", tt.in, tt.delta, got, tt.want)
		}
	}
}

// FuzzMoveRefs moves references down and back up: the formula must come
// back unchanged, since nothing reaches row 0 on the way.
func FuzzMoveRefs(f *testing.F) {
	for _, s := range []string{"H2*2", `IF(G2="",1,'a''b'!C9)`, "SUM($A1:B$2)", "Questions[[#This Row],[Status]]"} {
		f.Add(s, 5)
	}
	f.Fuzz(func(t *testing.T, s string, delta int) {
		delta = delta%1000 + 1000 // 1..1999: down, then back up
		if delta < 1 {
			delta += 1000
		}
		down := moveRefs(s, delta, nil)
		if strings.Contains(down, "#REF!") && !strings.Contains(s, "#REF!") {
			return // a row pushed past the last one
		}
		if back := moveRefs(down, -delta, nil); back != s {
			t.Errorf("moveRefs(%q, %d) = %q, back = %q", s, delta, down, back)
		}
	})
}

func BenchmarkExportArticle(b *testing.B) {
	d := testdeck.Article()
	b.ReportAllocs()
	for b.Loop() {
		if err := Export(discard{}, d, Options{Date: testdeck.Date}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkExportSynthetic10000(b *testing.B) {
	d := testdeck.Synthetic(10000)
	b.ReportAllocs()
	for b.Loop() {
		if err := Export(discard{}, d, Options{Date: testdeck.Date}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMergeArticle(b *testing.B) {
	d := testdeck.Article()
	prev := export(b, d, Options{})
	b.ReportAllocs()
	for b.Loop() {
		if err := Export(discard{}, d, Options{Date: testdeck.Date, Previous: prev}); err != nil {
			b.Fatal(err)
		}
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
