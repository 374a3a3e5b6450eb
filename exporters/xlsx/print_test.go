package xlsx

import (
	"strconv"
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
