package cardtext

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xopsexport/xopsexport/model"
)

// CSVOptions tunes the CSV file.
type CSVOptions struct {
	NoBOM bool // leave out the UTF-8 byte order mark Excel needs to read UTF-8
}

// CSVHeader is the header row.
var CSVHeader = []string{"id", "role", "number", "question", "answer", "tags", "source"}

// CSV writes d as RFC 4180 CSV: a header row, one row per question, CRLF
// after every record, fields quoted when they hold a comma, a quote or a
// line break (quotes doubled), UTF-8 with a byte order mark unless NoBOM.
// Answers are plain text with their line breaks; tags are space-separated.
//
// Formula injection is neutralised as OWASP's "CSV Injection" page
// recommends: a cell that starts with = + - @, a tab or a carriage return
// gets a leading apostrophe ('), so Excel, LibreOffice and Google Sheets
// show it as text instead of running it ("=cmd|' /C calc'!A0" arrives as
// "'=cmd|' /C calc'!A0"). The apostrophe is visible in some apps; the
// number and ID columns never need it.
func CSV(w io.Writer, d *model.Deck, o CSVOptions) error {
	bw := bufio.NewWriter(w)
	if !o.NoBOM {
		bw.WriteString("\ufeff")
	}
	b := make([]byte, 0, 8192)
	b = appendRecord(b, CSVHeader)
	rec := make([]string, len(CSVHeader))
	for si := range d.Sections {
		s := &d.Sections[si]
		for qi := range s.Questions {
			q := &s.Questions[qi]
			rec[0] = q.ID
			rec[1] = s.Role
			rec[2] = strconv.Itoa(q.Number)
			rec[3] = plain(q.Question)
			rec[4] = answer(q)
			rec[5] = strings.Join(q.Tags, " ")
			rec[6] = d.Source.URL
			b = appendRecord(b, rec)
			if len(b) > 32<<10 {
				if _, err := bw.Write(b); err != nil {
					return fmt.Errorf("csv: %w", err)
				}
				b = b[:0]
			}
		}
	}
	if _, err := bw.Write(b); err != nil {
		return fmt.Errorf("csv: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("csv: %w", err)
	}
	return nil
}

func appendRecord(b []byte, rec []string) []byte {
	for i, f := range rec {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendCell(b, f)
	}
	return append(b, '\r', '\n')
}

// appendCell appends one field: neutralised (see CSV) and quoted if it
// must be.
func appendCell(b []byte, s string) []byte {
	if s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0 {
		s = "'" + s
	}
	if !strings.ContainsAny(s, ",\"\r\n") {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}
