package pdf

import (
	"fmt"
	"strings"
	"time"
)

// Options tunes the PDF exporter. The zero value writes an A4 study sheet.
type Options struct {
	Layout    string  // "study" (default), "cheatsheet", "flashcards", "quiz"
	Paper     string  // "a4" (default) or "letter"
	Landscape bool    // landscape pages (cheatsheet)
	Flip      string  // flashcards duplex: "long" (default) or "short" edge
	OffsetMM  float64 // flashcards: shift the backs right by this much (negative: left)
	// Date is the document's creation date; zero means the deck's retrieval date.
	Date time.Time
	// Creator names the program in the document info ("xopsexport v1.2").
	Creator string
}

// Layouts lists the layouts in the order `export` writes them.
func Layouts() []string { return []string{"study", "cheatsheet", "flashcards", "quiz"} }

// Check reports an invalid option value.
func (o Options) Check() error {
	if o.Layout != "" && !contains(Layouts(), o.Layout) {
		return fmt.Errorf("unknown layout %q (valid: %s)", o.Layout, strings.Join(Layouts(), ", "))
	}
	if o.Paper != "" && !contains([]string{"a4", "letter"}, o.Paper) {
		return fmt.Errorf("unknown paper %q (valid: a4, letter)", o.Paper)
	}
	if o.Flip != "" && !contains([]string{"long", "short"}, o.Flip) {
		return fmt.Errorf("unknown flip %q (valid: long, short)", o.Flip)
	}
	// Duplex drift is a few millimetres; beyond 10 mm the backs' text
	// would leave the page (cards keep 5 mm of padding inside 10 mm margins).
	// Written as a range test that NaN fails too: NaN compares false with
	// everything and would reach the page as a "NaN" operator.
	if !(o.OffsetMM >= -10 && o.OffsetMM <= 10) {
		return fmt.Errorf("offset %.1f mm is out of range (-10 to 10)", o.OffsetMM)
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
