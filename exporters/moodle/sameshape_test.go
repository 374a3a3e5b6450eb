package moodle

import (
	"bytes"
	"encoding/csv"
	"html"
	"regexp"
	"strings"
	"testing"

	xhtml "golang.org/x/net/html"

	"github.com/xopsexport/xopsexport/exporters/anki"
	"github.com/xopsexport/xopsexport/internal/testdeck"
	"github.com/xopsexport/xopsexport/model"
)

// skeleton re-renders an HTML field canonically: every tag with its
// attributes, <br> as a line break in the text, the text decoded and
// re-escaped one way. Two fields with the same skeleton show the same
// structure and text, whatever entities each escaper chose.
func skeleton(t *testing.T, field string) string {
	t.Helper()
	var b strings.Builder
	z := xhtml.NewTokenizer(strings.NewReader(field))
	for {
		tt := z.Next()
		switch tt {
		case xhtml.ErrorToken:
			return b.String()
		case xhtml.TextToken:
			b.WriteString(html.EscapeString(string(z.Text())))
		case xhtml.StartTagToken, xhtml.EndTagToken:
			tok := z.Token()
			if tok.Data == "br" {
				b.WriteString("\n")
				continue
			}
			b.WriteString(tok.String())
		default:
			t.Errorf("unexpected token %q in %q", z.Raw(), field)
		}
	}
}

// TestSameShapeAsAnki: Anki's back field and Moodle's general feedback are
// both written by package answerhtml, so for every answer of the
// structured deck they hold the same structure and text, tables included;
// only the escaping of text may differ.
func TestSameShapeAsAnki(t *testing.T) {
	d := testdeck.Structured()
	var tsv bytes.Buffer
	if err := anki.TSV(&tsv, d, anki.Options{Date: testdeck.Date}); err != nil {
		t.Fatal(err)
	}
	body := tsv.String()
	for strings.HasPrefix(body, "#") {
		body = body[strings.IndexByte(body, '\n')+1:]
	}
	r := csv.NewReader(strings.NewReader(body))
	r.Comma = '\t'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	qs := readXML(t, exportXML(t, d, Options{}))
	var feedback []string
	for _, q := range qs {
		if q.Type != "category" {
			feedback = append(feedback, q.Feedback)
		}
	}
	if len(rows) != d.Count() || len(feedback) != d.Count() {
		t.Fatalf("%d Anki notes and %d Moodle questions for %d questions", len(rows), len(feedback), d.Count())
	}
	tables := 0
	for i, row := range rows {
		a, m := skeleton(t, row[3]), skeleton(t, feedback[i])
		if a != m {
			t.Errorf("question %d: Anki and Moodle differ:\nanki   %s\nmoodle %s", i+1, a, m)
		}
		tables += strings.Count(a, "<table>")
	}
	if tables != 2 {
		t.Errorf("%d tables, want the deck's 2", tables)
	}
	// The storage-class table: header, padded ragged rows, cell text intact.
	want := "<table><thead><tr><th>Class</th><th>Use</th><th>Retrieval</th></tr></thead><tbody>" +
		"<tr><td>S3 Standard</td><td>hot data</td><td>ms</td></tr>" +
		"<tr><td>S3 Glacier &lt;Deep&gt; Archive</td><td>archives &amp; backups | compliance</td><td></td></tr>" +
		"<tr><td>One Zone-IA</td><td></td><td></td></tr></tbody></table><p>Pick by access pattern and durability needs.</p>"
	if got := skeleton(t, feedback[2]); got != want {
		t.Errorf("storage table:\n got %s\nwant %s", got, want)
	}
}

// sniffedHTML are the strings that make libmagic (PHP's finfo, which Moodle
// asks about a .gift upload) call a file text/html: file 5.44's
// Magdir/sgml, as the tools/gift README lists them.
var sniffedHTML = regexp.MustCompile(`(?i)<(table|script|title|head|style|html)[\s>]|<a\s+href=|<!doctype\s+html`)

// No GIFT file may look like HTML to Moodle's upload check, whatever the
// answers hold: tables are written as "<table\n>" there.
func TestGIFTNotSniffedAsHTML(t *testing.T) {
	for _, d := range []*model.Deck{testdeck.Article(), testdeck.Hostile(), testdeck.Structured()} {
		for _, typ := range allTypes {
			out := exportGIFT(t, d, Options{Type: typ, Seed: 1})
			if m := sniffedHTML.FindString(out); m != "" {
				t.Errorf("%s %s: GIFT holds %q, which Moodle's upload check takes for HTML", d.Title, typ, m)
			}
		}
	}
	// The XML keeps the plain tag: .xml uploads are not sniffed.
	if out := exportXML(t, testdeck.Structured(), Options{}); !strings.Contains(out, "<table><thead>") {
		t.Error("Moodle XML lost its <table>")
	}
}
