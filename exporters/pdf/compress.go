package pdf

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
)

// fpdf compresses each page's content with a new zlib writer, and a new
// flate compressor allocates and clears about 1 MB: with thousands of pages
// that was over half of the export's time. So fpdf writes the pages
// uncompressed and compressPages compresses them afterwards with one
// writer, Reset between pages. zlib at the same level gives the same bytes
// from a reset writer as from a new one, so the file is byte for byte what
// fpdf writes with compression on (the goldens and
// TestCompressPagesMatchesFpdf check that).

// errLayout reports a file whose layout is not the one fpdf writes; Export
// then lets fpdf compress instead.
var errLayout = errors.New("not the layout fpdf writes")

// compressPages writes raw, a PDF fpdf wrote with compression off, to w with
// every page content stream compressed as fpdf would have.
func compressPages(w io.Writer, raw []byte) error {
	xrefAt, offsets, err := readXref(raw)
	if err != nil {
		return err
	}
	// Each page object names its content stream: /Contents K 0 R. Find
	// and check them all before writing anything, so a file of another
	// layout is refused whole.
	type stream struct{ at, start, end, obj int } // object header at, data start:end
	var streams []stream
	for n := 1; n < len(offsets); n++ {
		k, ok := pageContents(raw, offsets[n])
		if !ok {
			continue
		}
		if k <= 0 || k >= len(offsets) {
			return fmt.Errorf("page object %d: contents %d: %w", n, k, errLayout)
		}
		at := offsets[k]
		prefix := strconv.Itoa(k) + " 0 obj\n<</Length "
		if !bytes.HasPrefix(raw[at:], []byte(prefix)) {
			return fmt.Errorf("content object %d: %w", k, errLayout)
		}
		rest := raw[at+len(prefix):]
		i := bytes.IndexByte(rest, '>')
		if i <= 0 {
			return fmt.Errorf("content object %d: %w", k, errLayout)
		}
		length, err := strconv.Atoi(string(rest[:i]))
		const open = ">>\nstream\n"
		const closing = "\nendstream\nendobj\n"
		start := at + len(prefix) + i + len(open)
		if err != nil || length < 0 || start+length+len(closing) > xrefAt ||
			!bytes.HasPrefix(rest[i:], []byte(open)) || string(raw[start+length:start+length+len(closing)]) != closing {
			return fmt.Errorf("content object %d: %w", k, errLayout)
		}
		streams = append(streams, stream{at: at, start: start, end: start + length, obj: k})
	}
	slices.SortFunc(streams, func(a, b stream) int { return a.at - b.at })
	for i := 1; i < len(streams); i++ {
		if streams[i].at < streams[i-1].end {
			return fmt.Errorf("overlapping content objects: %w", errLayout)
		}
	}

	var zbuf bytes.Buffer
	zw, err := zlib.NewWriterLevel(&zbuf, zlib.BestSpeed)
	if err != nil {
		return err
	}
	ew := &errWriter{w: w}
	// delta[i] is how much longer the output is than raw after stream i.
	delta := make([]int, len(streams))
	d, pos := 0, 0
	var head []byte
	for i, s := range streams {
		ew.write(raw[pos:s.at])
		zbuf.Reset()
		zw.Reset(&zbuf)
		if _, err := zw.Write(raw[s.start:s.end]); err != nil {
			return err
		}
		if err := zw.Close(); err != nil {
			return err
		}
		head = fmt.Appendf(head[:0], "%d 0 obj\n<</Filter /FlateDecode /Length %d>>\nstream\n", s.obj, zbuf.Len())
		ew.write(head)
		ew.write(zbuf.Bytes())
		d += len(head) + zbuf.Len() - (s.end - s.at)
		delta[i] = d
		pos = s.end
	}
	ew.write(raw[pos:xrefAt])
	// shift returns where an offset of raw lands in the output.
	shift := func(off int) int {
		i := sort.Search(len(streams), func(i int) bool { return streams[i].at >= off })
		if i == 0 {
			return off
		}
		return off + delta[i-1]
	}
	// The cross-reference table with the new offsets, then the trailer as
	// it was, then where the table now starts.
	xref := fmt.Appendf(nil, "xref\n0 %d\n0000000000 65535 f \n", len(offsets))
	for _, off := range offsets[1:] {
		xref = fmt.Appendf(xref, "%010d 00000 n \n", shift(off))
	}
	ew.write(xref)
	trailer := raw[xrefAt+xrefLen(len(offsets)):]
	ew.write(trailer[:bytes.LastIndex(trailer, []byte("startxref\n"))])
	ew.write(fmt.Appendf(nil, "startxref\n%d\n%%%%EOF\n", shift(xrefAt)))
	return ew.err
}

// xrefLen is the length of a cross-reference table of n entries.
func xrefLen(n int) int { return len("xref\n0 \n") + len(strconv.Itoa(n)) + 20*n }

// readXref parses the cross-reference table fpdf writes last: where it
// starts and each object's offset (offsets[0] is unused).
func readXref(raw []byte) (int, []int, error) {
	tail := raw[max(0, len(raw)-64):]
	i := bytes.LastIndex(tail, []byte("startxref\n"))
	if i < 0 || !bytes.HasSuffix(tail, []byte("\n%%EOF\n")) || i+len("startxref\n") > len(tail)-len("\n%%EOF\n") {
		return 0, nil, fmt.Errorf("no startxref: %w", errLayout)
	}
	num := tail[i+len("startxref\n") : len(tail)-len("\n%%EOF\n")]
	xrefAt, err := strconv.Atoi(string(num))
	if err != nil || xrefAt < 0 || xrefAt >= len(raw) {
		return 0, nil, fmt.Errorf("startxref %q: %w", num, errLayout)
	}
	t := raw[xrefAt:]
	var n int
	if _, err := fmt.Sscanf(string(t[:min(len(t), 32)]), "xref\n0 %d\n", &n); err != nil || n < 1 {
		return 0, nil, fmt.Errorf("xref header: %w", errLayout)
	}
	head := xrefLen(n) - 20*n
	if len(t) < head+20*n || string(t[head:head+20]) != "0000000000 65535 f \n" {
		return 0, nil, fmt.Errorf("xref table: %w", errLayout)
	}
	offsets := make([]int, n)
	for j := 1; j < n; j++ {
		line := t[head+20*j : head+20*(j+1)]
		off, err := strconv.Atoi(string(line[:10]))
		if err != nil || string(line[10:]) != " 00000 n \n" || off < 0 || off >= xrefAt {
			return 0, nil, fmt.Errorf("xref entry %d: %w", j, errLayout)
		}
		offsets[j] = off
	}
	return xrefAt, offsets, nil
}

// pageContents returns K if the object at off is a page whose dictionary
// ends with /Contents K 0 R, as fpdf writes it.
func pageContents(raw []byte, off int) (int, bool) {
	obj := raw[off:]
	nl := bytes.IndexByte(obj, '\n')
	if nl < 0 || !bytes.HasPrefix(obj[nl+1:], []byte("<</Type /Page\n")) {
		return 0, false
	}
	end := bytes.Index(obj, []byte("\nendobj\n"))
	if end < 0 {
		return 0, false
	}
	dict := obj[:end]
	i := bytes.LastIndex(dict, []byte("\n/Contents "))
	if i < 0 || !bytes.HasSuffix(dict, []byte(" 0 R>>")) || i+len("\n/Contents ") > len(dict)-len(" 0 R>>") {
		return 0, false
	}
	k, err := strconv.Atoi(string(dict[i+len("\n/Contents ") : len(dict)-len(" 0 R>>")]))
	if err != nil {
		return 0, false
	}
	return k, true
}

// pageCompressor is the writer fpdf's Output writes the finished file to.
// fpdf hands over its whole buffer in one Write (bytes.Buffer.WriteTo), so
// the file is compressed from fpdf's own buffer without a copy.
type pageCompressor struct {
	w      io.Writer
	writes int
}

func (p *pageCompressor) Write(b []byte) (int, error) {
	p.writes++
	if p.writes > 1 {
		// A first piece alone is no whole file: it was refused with
		// errLayout before anything was written, and fpdf stops there.
		return 0, errors.New("fpdf wrote the file in pieces")
	}
	if err := compressPages(p.w, b); err != nil {
		return 0, err
	}
	return len(b), nil
}

// errWriter keeps the first write error and skips the writes after it.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) write(p []byte) {
	if e.err == nil {
		_, e.err = e.w.Write(p)
	}
}
