package xlsx

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xopsexport/xopsexport/internal/golden"
	"github.com/xopsexport/xopsexport/internal/testdeck"
	"github.com/xopsexport/xopsexport/model"
)

// Answers with headings, code and tables read as text in the Answer cell:
// a heading on a line of its own, code line by line as written (leading
// "#", tabs, blank lines, markup), a table as one "a | b | c" line per row,
// header first. Nothing turns into a formula, and a merge keeps it all.
func TestStructuredAnswers(t *testing.T) {
	d := testdeck.Structured()
	data := export(t, d, Options{Generator: "xopsexport test"})
	golden.Check(t, "../../testdata/golden/xlsx/structured.xlsx.txt", []byte(dump(t, data)))
	f := open(t, data)
	rows := byID(sheetRows(t, f, sheetTracker))
	answer := func(q *model.Question) string {
		t.Helper()
		r, ok := rows[q.ID]
		if !ok {
			t.Fatalf("no row for %s", q.ID)
		}
		if strings.HasPrefix(r[hAnswer], "=") {
			t.Errorf("%s: the answer reads as a formula", q.ID)
		}
		return r[hAnswer]
	}
	lines := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, l := range strings.Split(s, "\n") {
			m[l] = true
		}
		return m
	}
	for _, s := range d.Sections {
		for i := range s.Questions {
			q := &s.Questions[i]
			got := answer(q)
			if got != q.AnswerText() {
				t.Errorf("%s: answer %q, want %q", q.ID, got, q.AnswerText())
			}
			have := lines(got)
			for _, b := range q.Answer {
				switch b.Type {
				case model.Heading:
					if !have[b.Text] {
						t.Errorf("%s: heading %q is not a line of its own in %q", q.ID, b.Text, got)
					}
				case model.Code:
					if !strings.Contains(got, b.Text) {
						t.Errorf("%s: code is not kept as written:\n%s", q.ID, got)
					}
				case model.Table:
					for _, r := range b.Rows {
						if l := strings.Join(r, " | "); !have[l] {
							t.Errorf("%s: table row %q is not a line in %q", q.ID, l, got)
						}
					}
				}
			}
		}
	}
	// The Dockerfile answer is 8 lines: its row is tall enough for them.
	q := &d.Sections[0].Questions[1]
	if h := rowHeight(questionRow(&d.Sections[0], q)); h < 8*15 {
		t.Errorf("the code answer's row is %v pt, too short for its 8 lines", h)
	}
	var stats MergeStats
	again := export(t, d, Options{Generator: "xopsexport test", Previous: data, OnMerge: func(s MergeStats) { stats = s }})
	if stats != (MergeStats{Kept: d.Count()}) || !bytes.Equal(again, data) {
		t.Errorf("merging the unchanged tracker: %+v, same bytes %v", stats, bytes.Equal(again, data))
	}
}
