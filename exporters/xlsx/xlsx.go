// Package xlsx writes the Excel study tracker.
package xlsx

import (
	"errors"
	"io"

	"github.com/xopsexport/xopsexport/model"
)

// Export writes d as a tracker workbook, merging opts.Previous if set.
func Export(w io.Writer, d *model.Deck, opts Options) error {
	return errors.New("xlsx: not implemented yet")
}
