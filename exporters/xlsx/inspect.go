package xlsx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Limits on the tracker a merge reads. A tracker is a zip of XML parts; a
// 100,000-question tracker unpacks to 57 MB (44 MB in its largest part,
// the Tracker sheet), 103 MB (62 MB) after LibreOffice saves it, and takes
// about 1.5 GB to merge. These limits leave room for that and for a
// learner's notes, and refuse, before anything is inflated, a zip bomb:
// the audit's 7 MB file that unpacks to 873 MB took 117 s and 9.8 GB.
const (
	maxPartBytes  = 100 << 20 // one part, unpacked
	maxTotalBytes = 200 << 20 // all parts, unpacked (and the zip itself)
	maxParts      = 10000     // a tracker has about 15
	// maxGridCells bounds the rows × columns a merge reads cell by cell on
	// one sheet: one value far out (XFD1048576) would otherwise make a
	// small file take hours. A 100,000-question tracker has 1.1 million.
	maxGridCells = 5_000_000
	// maxUnsortedRows bounds a sheet's rows that excelize must renumber,
	// at a cost that grows with their square (see rowScanner): 10,000
	// take about 0.3 s.
	maxUnsortedRows = 10000
)

// The ways a file given to --merge can fail to be a workbook; messages
// name the file and say what to do.
var (
	errNotXLSX  = errors.New("not an .xlsx workbook")
	errDamaged  = errors.New("damaged workbook")
	errTooLarge = errors.New("too large for a tracker")
)

// inspect checks that data is an .xlsx zip that is safe to inflate, before
// excelize reads it: the file type (an OpenDocument spreadsheet, an .xls,
// an Anki package or other zip gets its own message), the unpacked size of
// every part and of all of them, and every part's checksum (read through
// once, in constant memory, so damage is reported as damage rather than
// as the XML error it would cause). name is how messages call the file.
func inspect(data []byte, name string) error {
	switch {
	case bytes.HasPrefix(data, []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")):
		// OLE2: Excel 97-2003, or an .xlsx saved with a password (Excel
		// then wraps it, encrypted, in the same container).
		return fmt.Errorf("%s is %w: it is an Excel 97-2003 (.xls) or password-protected file; save it as .xlsx (Excel 2007-365) without a password first", name, errNotXLSX)
	case !bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return fmt.Errorf("%s is %w (not a zip file)", name, errNotXLSX)
	case len(data) > maxTotalBytes:
		return fmt.Errorf("%s is %w: %s, more than the %s a tracker may unpack to", name, errTooLarge, size(uint64(len(data))), size(maxTotalBytes))
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return fmt.Errorf("%s is a %w: not a complete zip file (cut short?): %v", name, errDamaged, err)
	}
	if len(zr.File) > maxParts {
		return fmt.Errorf("%s is %w: %d parts, where a tracker has about 15", name, errTooLarge, len(zr.File))
	}
	parts := map[string]*zip.File{}
	var total uint64
	for _, zf := range zr.File {
		parts[zf.Name] = zf
		// The sizes in the zip's directory are checked against the data
		// as it is read (archive/zip stops at the declared size), so they
		// can be trusted here.
		if zf.UncompressedSize64 > maxPartBytes {
			return fmt.Errorf("%s is %w: %s unpacks to %s (at most %s a part; a 100,000-question tracker's largest is 44 MB)", name, errTooLarge, zf.Name, size(zf.UncompressedSize64), size(maxPartBytes))
		}
		if total += zf.UncompressedSize64; total > maxTotalBytes {
			return fmt.Errorf("%s is %w: it unpacks to more than %s (a 100,000-question tracker unpacks to 57 MB)", name, errTooLarge, size(maxTotalBytes))
		}
	}
	if err := fileKind(parts, name); err != nil {
		return err
	}
	for _, zf := range zr.File {
		var rows rowScanner
		if err := readPart(zf, &rows); err != nil {
			return fmt.Errorf("%s is a %w: %s: %v", name, errDamaged, zf.Name, err)
		}
		switch {
		case rows.rows > excelize.TotalRows:
			return fmt.Errorf("%s is %w: %s has %d rows, more than a sheet can hold (%d)", name, errTooLarge, zf.Name, rows.rows, excelize.TotalRows)
		case rows.unsorted > maxUnsortedRows:
			return fmt.Errorf("%s is %w: %s has %d rows without a row number in order (at most %d; Excel, LibreOffice and openpyxl number every row)", name, errTooLarge, zf.Name, rows.unsorted, maxUnsortedRows)
		}
	}
	return nil
}

// fileKind says what a zip that is not an .xlsx workbook is.
func fileKind(parts map[string]*zip.File, name string) error {
	if mt, ok := parts["mimetype"]; ok && mt.UncompressedSize64 < 200 {
		// OpenDocument files begin with a "mimetype" part naming the type.
		var b bytes.Buffer
		if rc, err := mt.Open(); err == nil {
			_, _ = io.Copy(&b, io.LimitReader(rc, 200))
			rc.Close()
		}
		t := strings.TrimSpace(b.String())
		switch {
		case t == "application/vnd.oasis.opendocument.spreadsheet":
			return fmt.Errorf("%s is an OpenDocument spreadsheet: save it as .xlsx (Excel 2007-365) first", name)
		case strings.HasPrefix(t, "application/vnd.oasis.opendocument."):
			return fmt.Errorf("%s is %w: it is an OpenDocument file (%s), not a spreadsheet", name, errNotXLSX, strings.TrimPrefix(t, "application/vnd.oasis.opendocument."))
		}
	}
	if _, ok := parts["collection.anki2"]; ok {
		return fmt.Errorf("%s is %w: it is an Anki package", name, errNotXLSX)
	}
	if _, ok := parts["collection.anki21"]; ok {
		return fmt.Errorf("%s is %w: it is an Anki package", name, errNotXLSX)
	}
	if parts["[Content_Types].xml"] == nil || parts["xl/workbook.xml"] == nil && parts["xl/workbook.bin"] == nil {
		return fmt.Errorf("%s is %w (a zip file, but with no workbook in it)", name, errNotXLSX)
	}
	if parts["xl/workbook.xml"] == nil {
		return fmt.Errorf("%s is %w: it is an Excel binary (.xlsb) workbook; save it as .xlsx (Excel 2007-365) first", name, errNotXLSX)
	}
	return nil
}

// readPart reads a part through, which checks its size and checksum; a
// worksheet's rows are counted into rows on the way.
func readPart(zf *zip.File, rows *rowScanner) error {
	rc, err := zf.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	var w io.Writer = io.Discard
	if strings.HasPrefix(zf.Name, "xl/worksheets/") && strings.HasSuffix(zf.Name, ".xml") {
		w = rows
	}
	n, err := io.Copy(w, io.LimitReader(rc, maxPartBytes+1))
	switch {
	case errors.Is(err, zip.ErrChecksum):
		return errors.New("its checksum does not match (bytes changed inside the file)")
	case errors.Is(err, zip.ErrFormat):
		// archive/zip stops reading a part at the size its directory
		// gives: a zip bomb that understates its size ends here.
		return errors.New("it unpacks to more than the zip's directory says (bytes changed inside the file, or a zip bomb)")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("it unpacks to less than the zip's directory says")
	case err != nil:
		var ce flate.CorruptInputError
		if errors.As(err, &ce) {
			return errors.New("its compressed data is corrupt (bytes changed inside the file)")
		}
		return err
	case n > maxPartBytes:
		return fmt.Errorf("it unpacks to more than %s", size(maxPartBytes))
	}
	return nil
}

// readError words an error excelize gave while reading a workbook that
// inspect found whole: broken XML inside an intact zip is damage too.
func readError(name string, err error) error {
	if errors.Is(err, errTooLarge) {
		return fmt.Errorf("%s is %w", name, err)
	}
	var se *xml.SyntaxError
	if errors.As(err, &se) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) || strings.Contains(err.Error(), "XML syntax error") {
		return fmt.Errorf("%s is a %w: %v", name, errDamaged, err)
	}
	return fmt.Errorf("%s cannot be read as a workbook: %w", name, err)
}

// sheetError is readError for a failure on one sheet.
func sheetError(name, sheet string, err error) error {
	if errors.Is(err, errTooLarge) {
		return readError(name, err) // the message names the sheet
	}
	return readError(name, fmt.Errorf("sheet %q: %w", sheet, err))
}

// size formats a byte count for a message.
func size(n uint64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.1f KB", float64(n)/1e3)
	}
	return fmt.Sprintf("%d bytes", n)
}
