// Package moodle writes Moodle question banks: GIFT and Moodle XML.
package moodle

import (
	"errors"
	"io"

	"github.com/xopsexport/xopsexport/model"
)

// GIFT writes d as a GIFT file.
func GIFT(w io.Writer, d *model.Deck, opts Options) error {
	return errors.New("gift: not implemented yet")
}

// XML writes d as Moodle XML.
func XML(w io.Writer, d *model.Deck, opts Options) error {
	return errors.New("moodlexml: not implemented yet")
}
