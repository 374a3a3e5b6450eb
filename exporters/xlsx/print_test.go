package xlsx

import (
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/xopsexport/xopsexport/internal/testdeck"
)

// The Next review formulas give date serials: each cell, not just its
// column, must carry a date format, or Excel and LibreOffice show 46352.
// A learner's date formula in Last reviewed gets the same after a merge.
func TestFormulaCellsShowDates(t *testing.T) {
	d := testdeck.Article()
	data := export(t, d, Options{})
	raw := readRaw(t, data)
	ws := raw.sheet(t, sheetTracker)
	for r := 2; r <= d.Count()+1; r++ {
		ref := "J" + strconv.Itoa(r)
		format, formula, ok := raw.cellFormat(ws, ref)
		if !ok || formula == "" {
			t.Fatalf("Tracker!%s is not the Next review formula", ref)
		}
		if format != "yyyy-mm-dd" {
			t.Fatalf("Tracker!%s (Next review) is stored with number format %q, want yyyy-mm-dd", ref, format)
		}
	}
	id := d.Sections[2].Questions[4].ID
	prev := edit(t, data, func(f *excelize.File) {
		ref := cellOf(t, f, sheetTracker, id, hLastReviewed)
		must(t, f.SetCellFormula(sheetTracker, ref, "DATE(2026,11,20)"))
		set(t, f, id, hConfidence, 3)
	})
	out, _ := merge(t, reversed(d), prev)
	g := open(t, out)
	raw = readRaw(t, out)
	ws = raw.sheet(t, sheetTracker)
	for _, h := range []string{hLastReviewed, hNextReview} {
		ref := cellOf(t, g, sheetTracker, id, h)
		format, formula, _ := raw.cellFormat(ws, ref)
		if formula == "" {
			t.Errorf("merged Tracker!%s (%s) is not a formula", ref, h)
		}
		if format != "yyyy-mm-dd" {
			t.Errorf("merged Tracker!%s (%s) is stored with number format %q, want yyyy-mm-dd", ref, h, format)
		}
	}
}

// Every sheet's <dimension> covers exactly the cells it stores: readers
// that trust it (openpyxl's read-only mode) saw one row when it said A1.
func TestDimension(t *testing.T) {
	d := testdeck.Article()
	data := export(t, d, Options{})
	if got := readRaw(t, data).sheet(t, sheetTracker).Dimension.Ref; got != "A1:K110" {
		t.Errorf("Tracker dimension %q, want A1:K110", got)
	}
	// A merge with an archived row, a learner's column and sheet.
	small := d.Filter([]string{"devops"})
	small.Sections[0].Questions = small.Sections[0].Questions[1:]
	prev := edit(t, data, func(f *excelize.File) {
		must(t, f.SetCellStr(sheetTracker, "L1", "My score"))
		must(t, f.SetCellInt(sheetTracker, "L5", 3))
		_, err := f.NewSheet("My plan")
		must(t, err)
		must(t, f.SetCellStr("My plan", "B3", "week 1"))
		must(t, f.MergeCell("My plan", "B3", "D4"))
	})
	out, _ := merge(t, small, prev)
	for name, book := range map[string][]byte{"fresh": data, "merged": out} {
		raw := readRaw(t, book)
		for sh := range raw.sheets {
			ws := raw.sheet(t, sh)
			rows, cols := 1, 1
			for _, r := range ws.Rows {
				for _, c := range r.Cells {
					col, row, err := excelize.CellNameToCoordinates(c.Ref)
					if err != nil {
						t.Fatal(err)
					}
					rows, cols = max(rows, row), max(cols, col)
				}
			}
			end, _ := excelize.CoordinatesToCellName(cols, rows)
			if sh == "My plan" {
				end = "D4" // the merged range reaches past its one value
			}
			if got := ws.Dimension.Ref; got != "A1:"+end {
				t.Errorf("%s: %s dimension %q, want A1:%s", name, sh, got, end)
			}
		}
	}
	// 21 DevOps questions under the header, and the learner's column.
	if sh := readRaw(t, out).sheet(t, sheetTracker); sh.Dimension.Ref != "A1:L22" {
		t.Errorf("merged Tracker dimension %q, want A1:L22", sh.Dimension.Ref)
	}
	if raw := readRaw(t, out); raw.sheets[sheetArchived] == "" || raw.sheets["My plan"] == "" {
		t.Errorf("the merge made sheets %v, want an Archived sheet and My plan", raw.sheets)
	}
}

// The Tracker (and Archived) sheets print landscape, one page wide, with
// the header row on every page and gridlines; the Dashboard and About fit
// one page each. LibreOffice's rendering is checked in TestPrintedPages.
func TestPrintSetup(t *testing.T) {
	d := testdeck.Article()
	fresh := export(t, d, Options{})
	small := d.Filter([]string{"devops"})
	merged, _ := merge(t, small, fresh) // archives the other roles
	raw := readRaw(t, merged)
	type want struct {
		orientation string
		tall        int // pages down: 0 = as many as it takes
		grid        bool
		titles      string
	}
	for sh, w := range map[string]want{
		sheetTracker:   {"landscape", 0, true, "'Tracker'!$1:$1"},
		sheetArchived:  {"landscape", 0, true, "'Archived'!$1:$1"},
		sheetDashboard: {"landscape", 1, false, ""},
		sheetAbout:     {"portrait", 1, false, ""},
	} {
		ws := raw.sheet(t, sh)
		ps := ws.PageSetup
		if ps == nil {
			t.Errorf("%s has no page setup", sh)
			continue
		}
		if !ws.SheetPr.PageSetUpPr.FitToPage || ps.FitToWidth == nil || *ps.FitToWidth != 1 || ps.FitToHeight == nil || *ps.FitToHeight != w.tall {
			t.Errorf("%s: fitToPage %v, fit to %v wide by %v tall; want 1 by %d", sh, ws.SheetPr.PageSetUpPr.FitToPage, ps.FitToWidth, ps.FitToHeight, w.tall)
		}
		if ps.Orientation != w.orientation {
			t.Errorf("%s prints %q, want %s", sh, ps.Orientation, w.orientation)
		}
		if grid := ws.PrintOptions != nil && ws.PrintOptions.GridLines; grid != w.grid {
			t.Errorf("%s prints gridlines: %v, want %v", sh, grid, w.grid)
		}
		if got := raw.printTitles[sh]; got != w.titles {
			t.Errorf("%s print titles %q, want %q", sh, got, w.titles)
		}
	}
	// The answers wrap: every stored answer cell has a wrapping style.
	ws := raw.sheet(t, sheetTracker)
	styles := map[int]bool{}
	for _, r := range ws.Rows[1:] {
		for _, c := range r.Cells {
			if strings.HasPrefix(c.Ref, "E") {
				styles[c.S] = true
			}
		}
	}
	for s := range styles {
		if !raw.wraps[s] {
			t.Errorf("an answer cell has style %d, which does not wrap", s)
		}
	}
	if len(styles) == 0 {
		t.Error("no answer cells")
	}
}

// The chart's axis and legend labels are dark: excelize's default (tx1 at
// 15 %) is a light grey nearly invisible on paper.
func TestChartLabelsReadable(t *testing.T) {
	chart := string(readRaw(t, export(t, testdeck.Article(), Options{})).parts["xl/charts/chart1.xml"])
	for _, el := range []string{"catAx", "valAx", "legend"} {
		i, j := strings.Index(chart, "<"+el+">"), strings.Index(chart, "</"+el+">")
		if i < 0 || j < i {
			t.Fatalf("chart has no %s", el)
		}
		part := chart[i:j]
		k := strings.Index(part, "<a:defRPr")
		if k < 0 {
			t.Fatalf("%s has no text properties", el)
		}
		rpr := part[k:]
		rpr = rpr[:strings.Index(rpr, "</a:defRPr>")]
		_, hex, ok := strings.Cut(rpr, `<a:srgbClr val="`)
		if !ok || len(hex) < 6 {
			t.Errorf("%s labels have no explicit colour: %s", el, rpr)
			continue
		}
		rgb, err := strconv.ParseUint(hex[:6], 16, 32)
		if err != nil {
			t.Fatal(err)
		}
		// Rec. 601 luma on a 0–255 scale.
		luma := (299*(rgb>>16) + 587*(rgb>>8&0xff) + 114*(rgb&0xff)) / 1000
		if luma > 96 {
			t.Errorf("%s labels are #%s (luma %d): too light to read", el, hex[:6], luma)
		}
	}
}
