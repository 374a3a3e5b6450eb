package xlsx

import (
	"bytes"
	"encoding/xml"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/xopsexport/xopsexport/internal/testdeck"
)

func scanRows(p []byte) rowScanner {
	var s rowScanner
	s.Write(p)
	return s
}

func TestRowScanner(t *testing.T) {
	tests := []struct {
		in             string
		rows, unsorted int
	}{
		{`<sheetData><row r="1"><c r="A1"/></row><row r="2"/></sheetData>`, 2, 0},
		{`<row><c/></row><row/><row></row>`, 3, 3},
		{`<row spans="1:3" r='7' x14ac:dyDescent="0.25">`, 1, 0},
		{`<x:row r="1"/><x:row r = "2" />`, 2, 0},
		{`<row r="2"/><row r="2"/><row r="1"/><row r="3"/>`, 4, 2},    // repeated and backwards
		{`<row rr="1"/><row ar="2"/><row r="x"/><row r=""/>`, 4, 4},   // no usable r
		{`<row a=">" r="4"/><rows r="1"/><brow/><row	r="5">`, 2, 0},   // '>' in a value, other names, a tab
		{`<c><v>&lt;row r="9"&gt;</v></c><row r="10"/>`, 1, 0},        // escaped text is no row
		{`<sheetData><row r="1048577"/><row r="99999999999"/>`, 2, 1}, // huge numbers stop counting
	}
	for _, tt := range tests {
		s := scanRows([]byte(tt.in))
		if s.rows != tt.rows || s.unsorted != tt.unsorted {
			t.Errorf("%s: %d rows, %d unsorted; want %d, %d", tt.in, s.rows, s.unsorted, tt.rows, tt.unsorted)
		}
	}
}

// referenceRows counts rows as an XML parser sees them.
func referenceRows(p []byte) (rows, unsorted int, ok bool) {
	d := xml.NewDecoder(bytes.NewReader(p))
	d.Strict = true
	last := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return rows, unsorted, true
		}
		if err != nil {
			return 0, 0, false
		}
		se, isStart := tok.(xml.StartElement)
		if !isStart || se.Name.Local != "row" {
			continue
		}
		rows++
		good := false
		for _, a := range se.Attr {
			if a.Name.Local == "r" && a.Name.Space == "" {
				n, err := strconv.Atoi(a.Value)
				if err == nil && n > last && n <= maxRowNum && a.Value == strings.TrimLeft(a.Value, "+-") {
					good, last = true, n
				}
			}
		}
		if !good {
			unsorted++
		}
	}
}

// FuzzRowScanner: fed in two pieces, the scanner counts what it counts
// fed at once, and on XML that a parser accepts it agrees with the parser.
func FuzzRowScanner(f *testing.F) {
	f.Add([]byte(`<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row/></sheetData>`), 7)
	f.Add([]byte(`<x:row r = '3' spans="1:2"/><row a=">" r="4"/>`), 3)
	f.Fuzz(func(t *testing.T, p []byte, cut int) {
		whole := scanRows(p)
		var split rowScanner
		if cut < 0 {
			cut = -cut
		}
		cut %= len(p) + 1
		split.Write(p[:cut])
		split.Write(p[cut:])
		if split.rows != whole.rows || split.unsorted != whole.unsorted {
			t.Fatalf("split at %d: %d/%d, whole: %d/%d", cut, split.rows, split.unsorted, whole.rows, whole.unsorted)
		}
		if bytes.Contains(p, []byte("<!")) || bytes.Contains(p, []byte("<?")) {
			return // comments, CDATA and declarations may hide rows from the parser
		}
		if rows, unsorted, ok := referenceRows(p); ok && (rows != whole.rows || unsorted != whole.unsorted) {
			t.Fatalf("%q: scanner %d rows %d unsorted, parser %d, %d", p, whole.rows, whole.unsorted, rows, unsorted)
		}
	})
}

// unnumbered is a tracker whose Tracker sheet has n rows without row
// numbers, as a bomb (or a rare writer) makes them.
func unnumbered(t *testing.T, n int) []byte {
	good := export(t, testdeck.Article().Filter([]string{"cloudops"}), Options{})
	return rezip(t, good, "xl/worksheets/sheet1.xml", func(b []byte) []byte {
		rows := strings.Repeat(`<row><c t="inlineStr"><is><t>x</t></is></c></row>`, n)
		return bytes.Replace(b, []byte(`</sheetData>`), []byte(rows+`</sheetData>`), 1)
	})
}

// Unnumbered rows cost excelize time in their square: 100,000 of them
// (a 5 MB sheet that packs to 30 KB) took 96 s. Past 10,000 they are
// refused; a few hundred still merge.
func TestMergeUnnumberedRows(t *testing.T) {
	var buf bytes.Buffer
	err := Export(&buf, testdeck.Article(), Options{Previous: unnumbered(t, 20000), PreviousName: "t.xlsx", Date: testdeck.Date})
	want := "xlsx: t.xlsx is too large for a tracker: xl/worksheets/sheet1.xml has 20000 rows without a row number in order (at most 10000"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %v, want one starting %q", err, want)
	}
	_, stats := merge(t, testdeck.Article().Filter([]string{"cloudops"}), unnumbered(t, 500))
	// The 500 rows of ID "x" are one ID seen 500 times: all archived.
	if stats.Kept != 20 || stats.Archived != 500 {
		t.Errorf("stats %+v, want 20 kept and 500 archived", stats)
	}
}
