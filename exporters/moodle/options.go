package moodle

import (
	"fmt"
	"strings"

	"github.com/xopsexport/xopsexport/exporters/mcq"
)

// Options tunes the GIFT and Moodle XML exporters. The zero value writes
// essay questions under DefaultCategory.
type Options struct {
	Type     string // "essay" (default), "mcq" or "both"
	Choices  int    // answers per multiple-choice question, 0 means 4
	Seed     int64  // distractor selection and shuffling
	Category string // parent category; "" means DefaultCategory
}

// DefaultCategory is the parent of the per-role categories.
const DefaultCategory = "$course$/top/xOps Interview"

// Types lists the accepted Type values.
func Types() []string { return []string{"essay", "mcq", "both"} }

// Check reports an invalid option value.
func (o Options) Check() error {
	switch o.Type {
	case "", "essay", "mcq", "both":
	default:
		return fmt.Errorf("unknown question type %q (valid: %s)", o.Type, strings.Join(Types(), ", "))
	}
	return mcq.Options{Choices: o.Choices, Seed: o.Seed}.Check()
}
