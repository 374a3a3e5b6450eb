package xlsx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"strconv"
	"strings"
	"testing"

	"github.com/xopsexport/xopsexport/internal/testdeck"
)

// bombPart is a deflated part that unpacks to prefix, chunk repeated n
// times, then suffix, built without compressing it all: each piece is
// compressed once by a fresh compressor and flushed to a byte boundary,
// so the pieces refer to nothing before them and their copies can be
// joined; a final empty block ends the stream.
type bombPart struct {
	name                  string
	prefix, chunk, suffix []byte
	n                     int
	// lie, if set, is the unpacked size the zip's directory claims.
	lie uint64
}

func deflated(t testing.TB, p []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	fw, err := flate.NewWriter(&buf, flate.BestCompression)
	must(t, err)
	_, err = fw.Write(p)
	must(t, err)
	must(t, fw.Flush())
	return buf.Bytes()
}

func (bp bombPart) add(t testing.TB, zw *zip.Writer) {
	t.Helper()
	one := deflated(t, bp.chunk)
	var body bytes.Buffer
	body.Write(deflated(t, bp.prefix))
	for range bp.n {
		body.Write(one)
	}
	body.Write(deflated(t, bp.suffix))
	body.Write([]byte{0x03, 0x00}) // a final, empty fixed-Huffman block
	crc := crc32.ChecksumIEEE(bp.prefix)
	for range bp.n {
		crc = crc32.Update(crc, crc32.IEEETable, bp.chunk)
	}
	crc = crc32.Update(crc, crc32.IEEETable, bp.suffix)
	size := uint64(len(bp.prefix)) + uint64(bp.n)*uint64(len(bp.chunk)) + uint64(len(bp.suffix))
	if bp.lie != 0 {
		size = bp.lie
	}
	w, err := zw.CreateRaw(&zip.FileHeader{
		Name: bp.name, Method: zip.Deflate, CRC32: crc,
		CompressedSize64: uint64(body.Len()), UncompressedSize64: size,
	})
	must(t, err)
	_, err = w.Write(body.Bytes())
	must(t, err)
}

// bomb returns a real tracker whose parts named in bombs are replaced by
// those bombs (or added, for new names).
func bomb(t testing.TB, bombs ...bombPart) []byte {
	t.Helper()
	good := export(t, testdeck.Article().Filter([]string{"cloudops"}), Options{})
	zr, err := zip.NewReader(bytes.NewReader(good), int64(len(good)))
	must(t, err)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	done := map[string]bool{}
	for _, zf := range zr.File {
		for _, bp := range bombs {
			if bp.name == zf.Name {
				bp.add(t, zw)
				done[bp.name] = true
			}
		}
		if !done[zf.Name] {
			must(t, zw.Copy(zf))
		}
	}
	for _, bp := range bombs {
		if !done[bp.name] {
			bp.add(t, zw)
		}
	}
	must(t, zw.Close())
	return buf.Bytes()
}

// sheetBomb is a worksheet of n MiB of empty rows.
func sheetBomb(name string, mib int) bombPart {
	row := []byte(`<row r="2"><c r="A2" t="s"><v>0</v></c></row>`)
	chunk := bytes.Repeat(row, (1<<20)/len(row)+1)[:1<<20]
	return bombPart{
		name:   name,
		prefix: []byte(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`),
		chunk:  chunk[:len(chunk)/len(row)*len(row)],
		suffix: []byte(`</sheetData></worksheet>`),
		n:      mib * (1 << 20) / (len(chunk) / len(row) * len(row)),
	}
}

// A zip bomb is refused from the zip's directory, before anything is
// inflated: the audit's 7 MB tracker that unpacked to 873 MB took 117 s
// and 9.8 GB. Sizes that lie are caught as the part is read. The bombs
// are just over the limits, to keep the test quick (building one costs a
// checksum over all it unpacks to); BenchmarkRefuseZipBomb has 1 GiB.
func TestMergeRefusesZipBombs(t *testing.T) {
	strings4 := bombPart{name: "xl/sharedStrings.xml", prefix: []byte(`<sst>`), chunk: bytes.Repeat([]byte(`<si><t>aaaaaaaa</t></si>`), 1<<15), suffix: []byte(`</sst>`), n: 160}
	var parts []bombPart
	for i := range 3 {
		parts = append(parts, sheetBomb("xl/worksheets/sheet"+strconv.Itoa(5+i)+".xml", 70))
	}
	lying := sheetBomb("xl/worksheets/sheet1.xml", 8)
	lying.lie = 40 << 10
	cases := map[string]struct {
		data []byte
		want string
	}{
		"one huge sheet (128 MiB)":      {bomb(t, sheetBomb("xl/worksheets/sheet1.xml", 128)), "is too large for a tracker: xl/worksheets/sheet1.xml unpacks to 134.2 MB (at most 100 MiB a part"},
		"huge shared strings (120 MiB)": {bomb(t, strings4), "is too large for a tracker: xl/sharedStrings.xml unpacks to 125.8 MB"},
		"many parts, 210 MiB in all":    {bomb(t, parts...), "is too large for a tracker: it unpacks to more than 200 MiB"},
		"a size that lies":              {bomb(t, lying), "is a damaged workbook: xl/worksheets/sheet1.xml: it unpacks to more than the zip's directory says"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if len(tc.data) > 8<<20 {
				t.Fatalf("the bomb is %d bytes; it should be small", len(tc.data))
			}
			var buf bytes.Buffer
			err := Export(&buf, testdeck.Article(), Options{Previous: tc.data, PreviousName: "bomb.xlsx", Date: testdeck.Date})
			if err == nil || !strings.HasPrefix(err.Error(), "xlsx: bomb.xlsx "+tc.want) {
				t.Errorf("error %v, want one starting %q", err, "xlsx: bomb.xlsx "+tc.want)
			}
			if buf.Len() != 0 {
				t.Errorf("wrote %d bytes", buf.Len())
			}
		})
	}
}

// One value far out on a sheet makes a small file whose grid a merge
// would read cell by cell for hours; it is refused instead.
func TestMergeRefusesHugeGrid(t *testing.T) {
	good := export(t, testdeck.Article().Filter([]string{"cloudops"}), Options{})
	far := []byte(`<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>far away</t></is></c></row></sheetData>`)
	for _, sh := range []string{sheetTracker, sheetAbout} {
		// Written into the XML: excelize would write a million empty rows.
		prev := rezip(t, good, readRaw(t, good).sheets[sh], func(b []byte) []byte {
			return bytes.Replace(b, []byte(`</sheetData>`), far, 1)
		})
		if sh == sheetAbout {
			// Rename About, so the merge reads it as the learner's sheet.
			prev = rezip(t, prev, "xl/workbook.xml", func(b []byte) []byte {
				return bytes.Replace(b, []byte(`name="About"`), []byte(`name="My plan"`), 1)
			})
			sh = "My plan"
		}
		var buf bytes.Buffer
		err := Export(&buf, testdeck.Article(), Options{Previous: prev, PreviousName: "t.xlsx", Date: testdeck.Date})
		want := `xlsx: t.xlsx is too large for a tracker: sheet "` + sh + `" spans 1048576 rows by 16384 columns`
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("error %v, want one starting %q", err, want)
		}
	}
}

// A real 10,000-question tracker, well under the limits, still merges.
func TestMergeLargeTracker(t *testing.T) {
	if testing.Short() {
		t.Skip("merges 10,000 rows (several seconds under -race)")
	}
	d := testdeck.Synthetic(10000)
	prev := export(t, d, Options{})
	_, stats := merge(t, d, prev)
	if want := (MergeStats{Kept: d.Count()}); stats != want {
		t.Errorf("stats %+v, want %+v", stats, want)
	}
}

func BenchmarkRefuseZipBomb(b *testing.B) {
	data := bomb(b, sheetBomb("xl/worksheets/sheet1.xml", 1024))
	b.ReportAllocs()
	for b.Loop() {
		if err := Export(discard{}, testdeck.Article(), Options{Previous: data, Date: testdeck.Date}); err == nil {
			b.Fatal("the bomb was merged")
		}
	}
}
