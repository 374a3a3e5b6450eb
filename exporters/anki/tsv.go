package anki

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xopsexport/xopsexport/model"
)

// stockNotetype is the name of Anki's built-in note type for a Notetype
// option. The text file names a stock note type because the user's
// collection already has it (in an English profile: Anki localises these
// names, and an unknown #notetype is silently ignored).
func stockNotetype(opt string) string {
	if opt == "basic-reversed" {
		return "Basic (and reversed card)"
	}
	return "Basic"
}

// TSV writes d as an Anki text-import file (Anki 2.1.54+): file headers
// that answer every question of the import dialog, then one row per
// question. Columns: GUID, the deck (only with more than one role: one
// subdeck per role), front, back, tags. No #columns header: field names
// are localised, so the columns map to the note type's fields by position.
func TSV(w io.Writer, d *model.Deck, opts Options) error {
	p, err := newPlan(d, opts)
	if err != nil {
		return fmt.Errorf("anki: %w", err)
	}
	bw := bufio.NewWriter(w)
	// Headers must start on the first line and carry nothing after the
	// value: Anki does not trim #notetype or #deck (ankitects/anki#4205).
	bw.WriteString("#separator:tab\n#html:true\n")
	bw.WriteString("#notetype:" + stockNotetype(opts.Notetype) + "\n")
	col := 1
	guidCol := col
	deckCol := 0
	if p.split {
		col++
		deckCol = col
		bw.WriteString("#deck column:" + strconv.Itoa(deckCol) + "\n")
	} else {
		bw.WriteString("#deck:" + p.parent + "\n")
	}
	tagsCol := col + 3 // after front and back
	bw.WriteString("#guid column:" + strconv.Itoa(guidCol) + "\n")
	bw.WriteString("#tags column:" + strconv.Itoa(tagsCol) + "\n")
	// Without these two, Anki reuses whatever the user chose in their last
	// text import; with a GUID column, matching is by GUID anyway.
	bw.WriteString("#if matches:update current\n#match scope:notetype\n")

	var row strings.Builder
	for _, n := range p.notes {
		row.Reset()
		appendField(&row, n.guid)
		if p.split {
			row.WriteByte('\t')
			appendField(&row, p.decks[n.deck])
		}
		row.WriteByte('\t')
		appendField(&row, n.front)
		row.WriteByte('\t')
		appendField(&row, n.back)
		row.WriteByte('\t')
		appendField(&row, strings.Join(n.tags, " "))
		row.WriteByte('\n')
		bw.WriteString(row.String())
	}
	return bw.Flush()
}

// appendField writes one field the way Anki's CSV reader (the Rust csv
// crate with comment '#') reads it back unchanged: quoted, with inner
// quotes doubled, when it holds the separator, a quote or a line break, or
// starts with '#' (a row starting with an unquoted '#' is dropped as a
// comment); as is otherwise.
func appendField(b *strings.Builder, f string) {
	if !needsQuotes(f) {
		b.WriteString(f)
		return
	}
	b.WriteByte('"')
	b.WriteString(strings.ReplaceAll(f, `"`, `""`))
	b.WriteByte('"')
}

func needsQuotes(f string) bool {
	return strings.HasPrefix(f, "#") || strings.ContainsAny(f, "\t\"\r\n")
}
