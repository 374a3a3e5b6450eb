package exporters_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/xopsexport/xopsexport/exporters"
	"github.com/xopsexport/xopsexport/extract"
	"github.com/xopsexport/xopsexport/internal/testdeck"
	"github.com/xopsexport/xopsexport/model"
)

func TestRegistryNamesUnique(t *testing.T) {
	seen := map[string]string{}
	exts := map[string]string{}
	for _, f := range exporters.All() {
		for _, n := range append([]string{f.Name}, f.Aliases...) {
			if prev, dup := seen[n]; dup {
				t.Errorf("name %q used by %s and %s", n, prev, f.Name)
			}
			seen[n] = f.Name
		}
		if prev, dup := exts[f.Ext]; dup {
			t.Errorf("extension %s used by %s and %s", f.Ext, prev, f.Name)
		}
		exts[f.Ext] = f.Name
		if f.Command == "" || f.Usage == "" || !strings.HasPrefix(f.Ext, ".") {
			t.Errorf("%s: incomplete registry entry %+v", f.Name, f)
		}
		if g, err := exporters.Lookup(strings.ToUpper(f.Name)); err != nil || g.Name != f.Name {
			t.Errorf("Lookup(%s) = %v, %v", f.Name, g.Name, err)
		}
	}
	if _, err := exporters.Lookup("docx"); err == nil || !strings.Contains(err.Error(), "valid: "+strings.Join(exporters.Names(), ", ")) {
		t.Errorf("unknown format error does not list the formats: %v", err)
	}
}

func TestForCommand(t *testing.T) {
	tests := []struct{ cmd, explicit, path, want, err string }{
		{"anki", "", "deck.txt", "anki", ""},
		{"anki", "", "deck.APKG", "apkg", ""},
		{"anki", "", "backup.tsv.apkg", "apkg", ""},
		{"anki", "", "deck.apkg.tsv", "anki", ""},
		{"qti", "", "course.QTI.zip", "qti", ""},
		{"anki", "apkg", "-", "apkg", ""},
		{"anki", "tsv", "deck.apkg", "anki", ""},
		{"anki", "pdf", "", "", "anki cannot write format \"pdf\" (valid: anki, apkg)"},
		{"pdf", "", "", "pdf", ""},
		{"nope", "", "", "", "unknown command"},
	}
	for _, tc := range tests {
		f, err := exporters.ForCommand(tc.cmd, tc.explicit, tc.path)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ForCommand(%q,%q,%q) err = %v, want %q", tc.cmd, tc.explicit, tc.path, err, tc.err)
			}
			continue
		}
		if err != nil || f.Name != tc.want {
			t.Errorf("ForCommand(%q,%q,%q) = %s, %v; want %s", tc.cmd, tc.explicit, tc.path, f.Name, err, tc.want)
		}
	}
}

var benchHuge = flag.Bool("huge", false, "also benchmark 100,000-question decks")

// variants returns each (name, options) a format is exported with: one per
// variant (PDF layouts), and for the Moodle formats every question type.
func variants(f exporters.Format) map[string]exporters.Options {
	out := map[string]exporters.Options{}
	base := exporters.Options{Date: testdeck.Date, Generator: "xopsexport test"}
	for _, v := range f.Variants {
		o := base
		v.Apply(&o)
		out[v.Name] = o
	}
	if len(f.Variants) == 0 {
		out["default"] = base
	}
	switch f.Name {
	case "gift", "moodlexml":
		for _, typ := range []string{"mcq", "both"} {
			o := base
			o.Moodle.Type = typ
			out[typ] = o
		}
	case "anki", "apkg":
		o := base
		o.Anki.Notetype = "basic-reversed"
		out["reversed"] = o
	}
	return out
}

// checkValid checks out is a well-formed file of format f, with readers we
// did not write where Go has one.
func checkValid(t *testing.T, f exporters.Format, out []byte, questions int) {
	t.Helper()
	// Blackboard's and Quizlet's files are records only, with no header:
	// no questions is no bytes.
	if len(out) == 0 && questions == 0 && (f.Name == "blackboard" || f.Name == "quizlet") {
		return
	}
	if len(out) == 0 {
		t.Fatal("empty output")
	}
	switch f.Name {
	case "html":
		if !bytes.HasPrefix(out, []byte("<!DOCTYPE html>")) || !bytes.Contains(out, []byte("</html>")) {
			t.Fatal("html: no doctype or no </html>")
		}
	case "qti":
		z, err := zip.NewReader(bytes.NewReader(out), int64(len(out)))
		if err != nil {
			t.Fatalf("qti: %v", err)
		}
		manifest := false
		for _, zf := range z.File {
			manifest = manifest || zf.Name == "imsmanifest.xml"
			if strings.HasSuffix(zf.Name, ".xml") {
				r, err := zf.Open()
				if err != nil {
					t.Fatal(err)
				}
				checkXML(t, zf.Name, r)
				r.Close()
			}
		}
		if !manifest {
			t.Fatal("qti: no imsmanifest.xml")
		}
	case "blackboard":
		for i, line := range strings.Split(strings.TrimSuffix(string(out), "\n"), "\n") {
			if !strings.HasPrefix(line, "ESS\t") && !strings.HasPrefix(line, "MC\t") || strings.Contains(line, "\r") {
				t.Fatalf("blackboard line %d: %.60q", i+1, line)
			}
		}
	case "quizlet":
		if !strings.Contains(string(out), "\t") {
			t.Fatal("quizlet: no term/definition tab")
		}
	case "csv":
		rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(out, []byte("\xef\xbb\xbf")))).ReadAll()
		if err != nil {
			t.Fatalf("csv: %v", err)
		}
		if len(rows) != questions+1 || len(rows[0]) == 0 || rows[0][0] != "id" {
			t.Fatalf("csv: %d rows for %d questions, header %v", len(rows), questions, rows[0])
		}
	case "markdown":
		if !bytes.HasPrefix(out, []byte("# ")) {
			t.Fatal("markdown: does not start with a # title")
		}
	case "json":
		var d model.Deck
		if err := json.Unmarshal(out, &d); err != nil {
			t.Fatalf("json: %v", err)
		}
	case "anki":
		var body []string
		for _, line := range strings.SplitAfter(string(out), "\n") {
			if !strings.HasPrefix(line, "#") || len(body) > 0 {
				body = append(body, line)
			}
		}
		r := csv.NewReader(strings.NewReader(strings.Join(body, "")))
		r.Comma = '\t'
		if _, err := r.ReadAll(); err != nil {
			t.Fatalf("tsv: %v", err)
		}
	case "moodlexml":
		checkXML(t, "moodlexml", bytes.NewReader(out))
	case "gift":
		if bytes.HasPrefix(out, []byte("\xef\xbb\xbf")) || bytes.Contains(out, []byte("\n\n\n")) {
			t.Fatal("gift: BOM or double blank line")
		}
	case "pdf":
		if !bytes.HasPrefix(out, []byte("%PDF-")) || !bytes.Contains(out[max(0, len(out)-32):], []byte("%%EOF")) {
			t.Fatal("pdf: no PDF header or EOF trailer")
		}
	case "xlsx":
		x, err := excelize.OpenReader(bytes.NewReader(out))
		if err != nil {
			t.Fatalf("xlsx: %v", err)
		}
		x.Close()
	case "apkg":
		z, err := zip.NewReader(bytes.NewReader(out), int64(len(out)))
		if err != nil {
			t.Fatalf("apkg: %v", err)
		}
		found := false
		for _, f := range z.File {
			found = found || f.Name == "collection.anki2"
		}
		if !found {
			t.Fatal("apkg: no collection.anki2")
		}
	default:
		// A text format without a reader here must at least be text; its
		// own package tests its structure. A binary one needs a case.
		if f.Binary {
			t.Fatalf("no validity check for binary format %s: add one", f.Name)
		}
		if !utf8.Valid(out) || bytes.IndexByte(out, 0) >= 0 {
			t.Fatalf("%s: output is not UTF-8 text", f.Name)
		}
	}
}

func checkXML(t *testing.T, name string, r io.Reader) {
	t.Helper()
	dec := xml.NewDecoder(r)
	for {
		if _, err := dec.Token(); err == io.EOF {
			return
		} else if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
}

// TestConformance runs every registered format, every variant, over the
// article, the hostile deck and an empty deck: each export must succeed,
// be a valid file, be deterministic, and leave the deck unchanged.
func TestConformance(t *testing.T) {
	decks := map[string]*model.Deck{
		"article":    testdeck.Article(),
		"hostile":    testdeck.Hostile(),
		"structured": testdeck.Structured(),
		"empty":      {Title: "Empty", Source: model.Source{Retrieved: testdeck.Date}},
		"empty-section": {Title: "Empty section", Sections: []model.Section{
			{Role: "devops", Name: "DevOps", Heading: "DevOps", Questions: []model.Question{}},
			testdeck.Article().Sections[2],
		}},
	}
	for _, f := range exporters.All() {
		for vname, opts := range variants(f) {
			for dname, d := range decks {
				t.Run(fmt.Sprintf("%s/%s/%s", f.Name, vname, dname), func(t *testing.T) {
					before := d.Clone()
					var a, b bytes.Buffer
					if err := f.Export(&a, d, opts); err != nil {
						t.Fatalf("export: %v", err)
					}
					if !reflect.DeepEqual(before, d) {
						t.Fatal("export modified the deck")
					}
					checkValid(t, f, a.Bytes(), d.Count())
					if err := f.Export(&b, d, opts); err != nil {
						t.Fatal(err)
					}
					if !bytes.Equal(a.Bytes(), b.Bytes()) {
						t.Error("two exports of the same deck differ: output is not deterministic")
					}
				})
			}
		}
	}
}

// failWriter fails every write after the first n bytes and records
// whether anything was written after the failure.
type failWriter struct {
	n          int
	failed     bool
	afterwards bool
}

var errDiskFull = errors.New("disk full")

func (w *failWriter) Write(p []byte) (int, error) {
	if w.failed {
		w.afterwards = true
		return 0, errDiskFull
	}
	if len(p) > w.n {
		w.failed = true
		return w.n, errDiskFull
	}
	w.n -= len(p)
	return len(p), nil
}

func TestWriteErrorsAreReturned(t *testing.T) {
	d := testdeck.Article()
	for _, f := range exporters.All() {
		for _, limit := range []int{0, 100, 4096} {
			w := &failWriter{n: limit}
			err := f.Export(w, d, exporters.Options{Date: testdeck.Date})
			if !errors.Is(err, errDiskFull) {
				t.Errorf("%s (fail after %d bytes): err = %v, want the writer's error", f.Name, limit, err)
			}
		}
	}
}

// TestHostileInputs runs odd and hostile sources through the readers and
// every exporter: each case must end in valid files or one clear error.
func TestHostileInputs(t *testing.T) {
	long := strings.Repeat("kubectl-get-pods-all-namespaces ", 330) // ~10,000-character line
	nested := strings.Repeat("<div>", 5000) + "<h2>DevOps Interview Questions</h2><p><b>Q1:</b> Deep?</p><p>A: Yes.</p>" + strings.Repeat("</div>", 5000)
	cases := []struct {
		name   string
		format extract.Format
		body   string
		err    string // substring of the expected error; "" means it must extract
		mayErr string // substring of an error that is acceptable instead of a deck
	}{
		{"script and javascript links", extract.FormatHTML, `<html><body><h2>DevOps Interview Questions</h2><script>alert(1)</script>
<p><b>Q1:</b> Is <a href="javascript:alert(1)">this link</a> safe?</p><p>A: <script>steal()</script>It is shown as text: &lt;script&gt;.</p></body></html>`, "", ""},
		{"formula answer", extract.FormatText, "DevOps Interview Questions\n\nQ1: What does =cmd| do?\nA: =cmd|' /C calc'!A0\n\nQ2: And +1?\nA: -2 @x\n", "", ""},
		{"specials everywhere", extract.FormatText, "DevOps Interview Questions\n\nQ1: How do {{ .Values.x }} and ${VAR} differ?\nA: a = b; #1 ~ C:\\path :: //c\t\"q\" <name> & </p>]]>\n", "", ""},
		{"10000-character line", extract.FormatText, "DevOps Interview Questions\n\nQ1: Long?\nA: " + long + "\n", "", ""},
		// The HTML parser refuses more than 512 open elements; a clear error is fine.
		{"deeply nested html", extract.FormatHTML, nested, "", "nested"},
		{"emoji rtl cjk", extract.FormatText, "AIOps Interview Questions\n\nQ1: 👋 What is 你好 and שלום?\nA: 🚀 مرحبا 𝕏 — “quotes” ‘ok’ • bullet\n", "", ""},
		{"question without answer", extract.FormatText, "MLOps Interview Questions\n\nQ1: Nothing follows?\n\nQ2: Something does?\nA: Yes.\n", "", ""},
		{"invalid utf-8", extract.FormatText, "Q1: What\xff\xfe\x81?\nA: bytes\n", "not UTF-8", ""},
		{"nul bytes", extract.FormatText, "Q1: What\x00 is this?\nA: binary\n", "binary", ""},
		{"empty", extract.FormatText, "", "empty", ""},
		{"no questions", extract.FormatHTML, "<html><body><p>Subscribe!</p></body></html>", "no questions", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d, err := extract.Read([]byte(tc.body), tc.format, extract.Options{})
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) || strings.Contains(err.Error(), "\n") {
					t.Fatalf("err = %v, want one line containing %q", err, tc.err)
				}
				return
			}
			if err != nil && tc.mayErr != "" && strings.Contains(err.Error(), tc.mayErr) && !strings.Contains(err.Error(), "\n") {
				return
			}
			if err != nil {
				t.Fatalf("extract: %v", err)
			}
			if err := d.Validate(); err != nil {
				t.Fatalf("invalid deck: %v", err)
			}
			for _, f := range exporters.All() {
				for vname, opts := range variants(f) {
					var buf bytes.Buffer
					if err := f.Export(&buf, d, opts); err != nil {
						t.Errorf("%s/%s: %v", f.Name, vname, err)
						continue
					}
					checkValid(t, f, buf.Bytes(), d.Count())
				}
			}
		})
	}
}
