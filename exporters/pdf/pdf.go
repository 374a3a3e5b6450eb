// Package pdf writes printable study material.
package pdf

import (
	"errors"
	"io"

	"github.com/xopsexport/xopsexport/model"
)

// Export writes d as a PDF in the layout opts names.
func Export(w io.Writer, d *model.Deck, opts Options) error {
	return errors.New("pdf: not implemented yet")
}
