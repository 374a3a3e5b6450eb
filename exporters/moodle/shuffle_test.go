package moodle

import (
	"testing"

	"github.com/xopsexport/xopsexport/internal/testdeck"
)

// The right answer must not always sit in the same place.
func TestShufflePositions(t *testing.T) {
	d := testdeck.Article()
	q, err := plan(d, Options{Type: "mcq", Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var at [4]int
	for _, c := range q.categories {
		for _, it := range c.items {
			for p, o := range it.options {
				if o.correct {
					at[p]++
				}
			}
		}
	}
	for p, n := range at {
		if n < 109/8 {
			t.Errorf("right answer at position %d only %d times of 109 (%v)", p+1, n, at)
		}
	}
}
