package pdf

import (
	"bytes"
	"compress/zlib"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/xopsexport/xopsexport/internal/testdeck"
	"github.com/xopsexport/xopsexport/model"
)

// TestExport checks Export's bytes equal fpdf's own compression's (the
// point of compressPages); the tests here check the rewriting itself.

// TestCompressPagesStreams checks the rewritten file's page streams
// inflate to exactly the uncompressed content.
func TestCompressPagesStreams(t *testing.T) {
	raw, err := render(testdeck.Structured(), Options{}, false)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := compressPages(&out, raw); err != nil {
		t.Fatal(err)
	}
	_, before, err := readXref(raw)
	if err != nil {
		t.Fatal(err)
	}
	_, after, err := readXref(out.Bytes())
	if err != nil {
		t.Fatalf("the rewritten file has no readable cross-reference table: %v", err)
	}
	if len(before) != len(after) {
		t.Fatalf("%d objects before, %d after", len(before), len(after))
	}
	pages := 0
	for n := 1; n < len(before); n++ {
		k, ok := pageContents(raw, before[n])
		if !ok {
			continue
		}
		pages++
		plain := streamAt(t, raw, before[k])
		zdata := streamAt(t, out.Bytes(), after[k])
		zr, err := zlib.NewReader(bytes.NewReader(zdata))
		if err != nil {
			t.Fatalf("page content %d: %v", k, err)
		}
		got, err := io.ReadAll(zr)
		if err != nil || !bytes.Equal(got, plain) {
			t.Errorf("page content %d inflates to %d bytes (%v), want the %d uncompressed", k, len(got), err, len(plain))
		}
	}
	if pages != 3 {
		t.Errorf("%d page objects found, want the 3 pages of the study sheet", pages)
	}
}

// streamAt returns the data of the stream object at off.
func streamAt(t *testing.T, pdf []byte, off int) []byte {
	t.Helper()
	obj := pdf[off:]
	i := bytes.Index(obj, []byte(">>\nstream\n"))
	j := bytes.Index(obj, []byte("\nendstream\n"))
	if i < 0 || j < i {
		t.Fatalf("no stream at offset %d: %.40q", off, obj)
	}
	return obj[i+len(">>\nstream\n") : j]
}

// TestCompressPagesRefusesOtherLayouts checks that a file not laid out as
// fpdf writes it is refused with errLayout before anything is written, so
// Export can fall back to fpdf's own compression.
func TestCompressPagesRefusesOtherLayouts(t *testing.T) {
	raw, err := render(oneQuestionDeck(), Options{}, false)
	if err != nil {
		t.Fatal(err)
	}
	s := string(raw)
	// The first page's content stream, to make its length lie.
	_, offsets, err := readXref(raw)
	if err != nil {
		t.Fatal(err)
	}
	lying := ""
	for n := 1; n < len(offsets) && lying == ""; n++ {
		if k, ok := pageContents(raw, offsets[n]); ok {
			at := offsets[k]
			lying = s[:at] + strings.Replace(s[at:], "<</Length ", "<</Length 1", 1)
		}
	}
	tests := map[string]string{
		"empty":              "",
		"truncated":          s[:len(s)/2],
		"no EOF marker":      strings.TrimSuffix(s, "%%EOF\n"),
		"startxref too far":  strings.Replace(s, "startxref\n", "startxref\n9", 1),
		"bad xref entry":     strings.Replace(s, " 00000 n \n", " 00000 x \n", 1),
		"stream length lies": lying,
		"already compressed": string(mustRender(t, true)),
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			err := compressPages(&out, []byte(in))
			if !errors.Is(err, errLayout) {
				t.Fatalf("compressPages = %v, want errLayout", err)
			}
			if out.Len() != 0 {
				t.Errorf("wrote %d bytes before refusing", out.Len())
			}
		})
	}
}

func mustRender(t *testing.T, compress bool) []byte {
	t.Helper()
	raw, err := render(oneQuestionDeck(), Options{}, compress)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// FuzzCompressPages feeds arbitrary bytes, and damaged real files, to the
// rewriter: it must never panic, must refuse what it cannot read before
// writing anything, and what it accepts must have a readable
// cross-reference table.
func FuzzCompressPages(f *testing.F) {
	raw, err := render(oneQuestionDeck(), Options{}, false)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(raw)
	f.Add(raw[len(raw)-200:])
	f.Add([]byte("startxref\n%%EOF\n"))
	f.Add([]byte("1 0 obj\n<</Type /Page\n/Contents 0 R>>\nendobj\nxref\n0 2\n0000000000 65535 f \n0000000000 00000 n \ntrailer\nstartxref\n46\n%%EOF\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		var out bytes.Buffer
		err := compressPages(&out, in)
		if err != nil {
			if out.Len() != 0 {
				t.Errorf("refused (%v) after writing %d bytes", err, out.Len())
			}
			return
		}
		if _, _, err := readXref(out.Bytes()); err != nil {
			t.Errorf("accepted, but the output's xref does not read: %v", err)
		}
	})
}

// render returns the whole file as fpdf writes it, its pages compressed by
// fpdf or not.
func render(d *model.Deck, opts Options, compress bool) ([]byte, error) {
	doc, _, err := prepare(d, opts, compress)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := doc.f.Output(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// TestPageCompressorOneWrite checks the writer fpdf's Output writes to: a
// whole file in one Write is compressed, a piece of one is refused with
// errLayout (so Export falls back) and a second Write is an error.
func TestPageCompressorOneWrite(t *testing.T) {
	raw := mustRender(t, false)
	var out bytes.Buffer
	pc := &pageCompressor{w: &out}
	if n, err := pc.Write(raw[:100]); !errors.Is(err, errLayout) || n != 0 || out.Len() != 0 {
		t.Errorf("a first piece: Write = %d, %v with %d bytes out; want 0, errLayout, nothing", n, err, out.Len())
	}
	if _, err := pc.Write(raw[100:]); err == nil || errors.Is(err, errLayout) {
		t.Errorf("a second Write = %v, want an error that is not errLayout (no fallback after output)", err)
	}
	out.Reset()
	pc = &pageCompressor{w: &out}
	if n, err := pc.Write(raw); err != nil || n != len(raw) || !bytes.Equal(out.Bytes(), mustRender(t, true)) {
		t.Errorf("the whole file: Write = %d, %v; want %d and fpdf's compressed bytes", n, err, len(raw))
	}
}
