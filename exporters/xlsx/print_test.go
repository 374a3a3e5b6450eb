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
