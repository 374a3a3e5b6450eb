package qti

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/xopsexport/xopsexport/exporters/mcq"
)

// Options tunes the QTI package. The zero value writes essay questions
// worth 1 point each.
type Options struct {
	Type   string      // "essay" (default), "mcq" or "both"
	MCQ    mcq.Options // choices and seed of the multiple-choice questions
	Points float64     // points per question; 0 means 1
	// Date is the modification time of the files in the zip; zero means
	// the deck's stamp date (model.Deck.StampDate), so output is
	// reproducible.
	Date time.Time
}

// Types lists the accepted Type values.
func Types() []string { return []string{"essay", "mcq", "both"} }

// Check reports an invalid option value.
func (o Options) Check() error {
	switch o.Type {
	case "", "essay", "mcq", "both":
	default:
		return fmt.Errorf("unknown question type %q (valid: %s)", o.Type, strings.Join(Types(), ", "))
	}
	if o.Points < 0 || o.Points > 1000 || math.IsNaN(o.Points) {
		return fmt.Errorf("--points must be between 0 and 1000, not %g", o.Points)
	}
	return o.MCQ.Check()
}

func (o Options) normalize() Options {
	if o.Type == "" {
		o.Type = "essay"
	}
	if o.Points == 0 {
		o.Points = 1
	}
	return o
}
