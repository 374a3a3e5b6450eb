package exporters

import (
	"bufio"
	"encoding/json"
	"io"

	"github.com/xopsexport/xopsexport/model"
)

// writeJSON writes the model itself, indented, as `xopsexport json` prints
// it: the debugging view of what the readers extracted.
func writeJSON(w io.Writer, d *model.Deck, _ Options) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(d); err != nil {
		return err
	}
	return bw.Flush()
}
