package pdf

import (
	"bytes"
	"fmt"
	"sync"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// face is one of the embedded Go fonts. The Go fonts are used because they
// ship as Go byte slices (no files to find at run time), carry a BSD licence
// and cover WGL4: Latin, Greek, Cyrillic and the typographic punctuation the
// article uses (’ “ ” – — • …).
type face uint8

const (
	regular face = iota
	bold
	italic
	boldItalic
	mono
	nFaces
)

// fontFiles maps each face to its fpdf family/style and TrueType bytes.
var fontFiles = [nFaces]struct {
	family, style string
	ttf           []byte
}{
	regular:    {"go", "", goregular.TTF},
	bold:       {"go", "B", gobold.TTF},
	italic:     {"go", "I", goitalic.TTF},
	boldItalic: {"go", "BI", gobolditalic.TTF},
	mono:       {"gomono", "", gomono.TTF},
}

// ptToMM converts a font size or width in points to millimetres, the
// document's unit.
const ptToMM = 25.4 / 72

// metrics measures text with the widths fpdf writes into the PDF (its /W
// arrays), so what we measure is what a viewer draws. Fonts are added to
// the document on first use: fpdf embeds every font it was given, so a face
// a layout never uses must never be added.
type metrics struct {
	f       *fpdf.Fpdf
	loaded  [nFaces]bool
	cur     face
	curSize float64
	// ascii and other cache glyph advances in 1/1000 em per face: fpdf only
	// measures the current font, and switching fonts for every word would
	// be slow.
	ascii [nFaces][128]int16
	other [nFaces]map[rune]int
}

func newMetrics(f *fpdf.Fpdf) *metrics {
	return &metrics{f: f, cur: nFaces}
}

// use makes fc fpdf's current font (adding it on first use) at size pt.
func (m *metrics) use(fc face, size float64) {
	ff := fontFiles[fc]
	if !m.loaded[fc] {
		// fpdf writes into the font bytes it is given: its checksum code
		// pads a table to four bytes by appending zeros to a sub-slice of
		// the file, overwriting the bytes after it. That would corrupt
		// gofont's shared slices for every later export (making output
		// depend on what ran before) and race with concurrent exports, so
		// it gets a copy.
		m.f.AddUTF8FontFromBytes(ff.family, ff.style, bytes.Clone(ff.ttf))
		m.loaded[fc] = true
		m.f.SetFont(ff.family, ff.style, 10)
		for r := rune(32); r < 127; r++ {
			m.ascii[fc][r] = int16(m.f.GetStringSymbolWidth(string(r)))
		}
		m.other[fc] = make(map[rune]int)
	}
	m.f.SetFont(ff.family, ff.style, size)
	m.cur, m.curSize = fc, size
}

// set makes fc at size pt current unless it already is: fpdf writes a font
// operator into the page on every SetFont call.
func (m *metrics) set(fc face, size float64) {
	if m.cur != fc || m.curSize != size {
		m.use(fc, size)
	}
}

// units returns the advance of s in fc in 1/1000 em.
func (m *metrics) units(fc face, s string) int {
	if !m.loaded[fc] {
		m.use(fc, 10)
	}
	n := 0
	for _, r := range s {
		if r < 127 && r >= 32 {
			n += int(m.ascii[fc][r])
			continue
		}
		w, ok := m.other[fc][r]
		if !ok {
			if m.cur != fc {
				m.use(fc, 10)
			}
			var b [utf8.UTFMax]byte
			w = m.f.GetStringSymbolWidth(string(b[:utf8.EncodeRune(b[:], r)]))
			m.other[fc][r] = w
		}
		n += w
	}
	return n
}

// width returns the width of s in fc at size pt, in millimetres.
func (m *metrics) width(fc face, size float64, s string) float64 {
	return float64(m.units(fc, s)) * size / 1000 * ptToMM
}

// coverage answers whether every embedded face has a glyph for a rune. It
// asks the fonts' cmap tables lazily and remembers the answers: documents
// use a few hundred distinct characters, so this is cheaper than scanning
// the whole Basic Multilingual Plane up front.
type coverage struct {
	fonts []*sfnt.Font
	buf   sfnt.Buffer
	known map[rune]bool
}

func newCoverage() (*coverage, error) {
	fonts, err := parsedFonts()
	if err != nil {
		return nil, err
	}
	return &coverage{fonts: fonts, known: make(map[rune]bool)}, nil
}

// parsedFonts parses the embedded faces on first use, once per process: a
// parsed sfnt.Font is read-only, and safe to share between documents as
// each coverage asks it with its own Buffer. Nothing is parsed at init.
var parsedFonts = sync.OnceValues(func() ([]*sfnt.Font, error) {
	var fonts []*sfnt.Font
	for _, ff := range fontFiles {
		f, err := sfnt.Parse(ff.ttf)
		if err != nil {
			return nil, fmt.Errorf("parsing embedded font %s %s: %w", ff.family, ff.style, err)
		}
		fonts = append(fonts, f)
	}
	return fonts, nil
})

// has reports whether all faces can draw r. fpdf can only encode the Basic
// Multilingual Plane (it indexes a 65,536-entry width table and panics
// beyond it), so nothing above U+FFFF is ever covered.
func (c *coverage) has(r rune) bool {
	if r >= 32 && r < 127 {
		return true
	}
	if r < 32 || r > 0xFFFF {
		return false
	}
	if v, ok := c.known[r]; ok {
		return v
	}
	v := true
	for _, f := range c.fonts {
		g, err := f.GlyphIndex(&c.buf, r)
		if err != nil || g == 0 {
			v = false
			break
		}
	}
	c.known[r] = v
	return v
}
