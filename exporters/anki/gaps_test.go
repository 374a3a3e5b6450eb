package anki

import (
	"testing"

	"github.com/xopsexport/xopsexport/internal/testdeck"
	"github.com/xopsexport/xopsexport/model"
)

// Issue 18 (design/TESTS-2026-12.md #15): a section whose name and role
// both clean to nothing still gets a sub-deck of its own, "Section N",
// rather than its notes landing in the parent deck or in another role's.
func TestSectionDeckFallback(t *testing.T) {
	p := []model.Block{{Type: model.Paragraph, Text: "An answer."}}
	d := &model.Deck{Sections: []model.Section{
		{Role: "devops", Name: "DevOps", Questions: []model.Question{{ID: "d-1", Question: "Q one?", Answer: p}}},
		{Role: "::", Name: " :: ", Questions: []model.Question{{ID: "x-1", Question: "Q two?", Answer: p}}},
	}}
	_, body := splitTSV(t, export(t, TSV, d, Options{Date: testdeck.Date}))
	rows := csvRows(t, body, 5)
	if len(rows) != 2 {
		t.Fatalf("%d rows", len(rows))
	}
	if rows[0][1] != DefaultDeck+"::DevOps" || rows[1][1] != DefaultDeck+"::Section 2" {
		t.Errorf("decks %q and %q, want %q and %q", rows[0][1], rows[1][1], DefaultDeck+"::DevOps", DefaultDeck+"::Section 2")
	}
}
