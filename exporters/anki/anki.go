// Package anki writes Anki decks: a text file with Anki's import headers
// (TSV) and a .apkg package.
package anki

import (
	"errors"
	"io"

	"github.com/xopsexport/xopsexport/model"
)

// TSV writes d as an Anki text-import file.
func TSV(w io.Writer, d *model.Deck, opts Options) error {
	return errors.New("anki: not implemented yet")
}

// APKG writes d as an Anki package.
func APKG(w io.Writer, d *model.Deck, opts Options) error {
	return errors.New("apkg: not implemented yet")
}
