package xlsx

import (
	"archive/zip"
	"bytes"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/xopsexport/xopsexport/internal/testdeck"
	"github.com/xopsexport/xopsexport/model"
)

// edit opens a workbook, lets fn change it as a learner would, and saves it.
func edit(t *testing.T, data []byte, fn func(f *excelize.File)) []byte {
	t.Helper()
	f := open(t, data)
	fn(f)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// cellOf returns the reference of the cell in column header of the row
// whose ID is id.
func cellOf(t *testing.T, f *excelize.File, sheet, id, header string) string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	col := -1
	for i, h := range rows[0] {
		if h == header {
			col = i + 1
		}
	}
	if col < 0 {
		t.Fatalf("%s has no column %q", sheet, header)
	}
	for r, row := range rows {
		if len(row) > 0 && row[0] == id {
			ref, _ := excelize.CoordinatesToCellName(col, r+1)
			return ref
		}
	}
	t.Fatalf("%s has no row %s", sheet, id)
	return ""
}

func set(t *testing.T, f *excelize.File, id, header string, v any) {
	t.Helper()
	ref := cellOf(t, f, sheetTracker, id, header)
	var err error
	if s, ok := v.(string); ok {
		err = f.SetCellStr(sheetTracker, ref, s)
	} else {
		err = f.SetCellValue(sheetTracker, ref, v)
	}
	if err != nil {
		t.Fatal(err)
	}
}

func merge(t *testing.T, d *model.Deck, prev []byte) ([]byte, MergeStats) {
	t.Helper()
	var stats MergeStats
	called := 0
	out := export(t, d, Options{Previous: prev, OnMerge: func(s MergeStats) { stats = s; called++ }})
	if called != 1 {
		t.Fatalf("OnMerge called %d times, want once", called)
	}
	return out, stats
}

// ids returns a deck's question IDs by role.
func ids(d *model.Deck) map[string][]string {
	m := map[string][]string{}
	for _, s := range d.Sections {
		for _, q := range s.Questions {
			m[s.Role] = append(m[s.Role], q.ID)
		}
	}
	return m
}

// reversed returns a copy of d with its sections in reverse order, so
// every question lands on a different row.
func reversed(d *model.Deck) *model.Deck {
	c := d.Clone()
	for i, j := 0, len(c.Sections)-1; i < j; i, j = i+1, j-1 {
		c.Sections[i], c.Sections[j] = c.Sections[j], c.Sections[i]
	}
	return c
}

func TestMergeCarriesProgress(t *testing.T) {
	d := testdeck.Article()
	id := ids(d)
	a, b, c := id["devops"][0], id["cloudops"][3], id["aiops"][19]
	prev := edit(t, export(t, d, Options{}), func(f *excelize.File) {
		set(t, f, a, hStatus, statusConfident)
		set(t, f, a, hConfidence, 5)
		set(t, f, a, hLastReviewed, 46340.0)
		set(t, f, a, hNotes, "=not a formula, +1 -1 @me")
		set(t, f, b, hStatus, statusNeedsReview)
		set(t, f, b, hNotes, "line one\nline two")
		set(t, f, c, hStatus, statusLearning)
		set(t, f, c, hConfidence, 2)
	})
	out, stats := merge(t, reversed(d), prev)
	if want := (MergeStats{Kept: d.Count()}); stats != want {
		t.Errorf("stats %+v, want %+v", stats, want)
	}
	f := open(t, out)
	rows := byID(sheetRows(t, f, sheetTracker))
	want := map[string]map[string]string{
		a: {hStatus: statusConfident, hConfidence: "5", hLastReviewed: "46340", hNotes: "=not a formula, +1 -1 @me"},
		b: {hStatus: statusNeedsReview, hNotes: "line one\nline two"},
		c: {hStatus: statusLearning, hConfidence: "2"},
	}
	for qid, w := range want {
		for h, v := range w {
			if rows[qid][h] != v {
				t.Errorf("%s %s = %q, want %q", qid, h, rows[qid][h], v)
			}
		}
	}
	if n := statusCount(rows, statusNotStarted); n != d.Count()-3 {
		t.Errorf("%d rows Not started, want %d", n, d.Count()-3)
	}
	// Types survive: the note is text, the confidence and date numbers.
	for h, typ := range map[string]excelize.CellType{hNotes: excelize.CellTypeSharedString, hConfidence: excelize.CellTypeUnset, hLastReviewed: excelize.CellTypeUnset} {
		ref := cellOf(t, f, sheetTracker, a, h)
		if got, _ := f.GetCellType(sheetTracker, ref); got != typ {
			t.Errorf("%s %s has type %v, want %v", a, h, got, typ)
		}
		if fm, _ := f.GetCellFormula(sheetTracker, ref); fm != "" {
			t.Errorf("%s %s became formula %q", a, h, fm)
		}
	}
	// Next review is rebuilt on the row the question moved to.
	ref := cellOf(t, f, sheetTracker, a, hNextReview)
	n := ref[1:]
	if fm, _ := f.GetCellFormula(sheetTracker, ref); !strings.Contains(fm, "I"+n+"+IFERROR(CHOOSE(H"+n+",") {
		t.Errorf("Next review of the moved row is %q", fm)
	}
}

func statusCount(rows map[string]map[string]string, status string) int {
	n := 0
	for _, r := range rows {
		if r[hStatus] == status {
			n++
		}
	}
	return n
}

func TestMergeArchivesAndRestores(t *testing.T) {
	full := testdeck.Article()
	devops := full.Filter([]string{"devops"})
	id := ids(full)
	gone := id["cloudops"][0]
	prev := edit(t, export(t, full, Options{}), func(f *excelize.File) {
		set(t, f, gone, hStatus, statusConfident)
		set(t, f, gone, hNotes, "took me a week")
		set(t, f, id["devops"][1], hStatus, statusLearning)
	})

	// The article loses every section but DevOps.
	out, stats := merge(t, devops, prev)
	archived := full.Count() - devops.Count()
	if want := (MergeStats{Kept: devops.Count(), Archived: archived}); stats != want {
		t.Errorf("stats %+v, want %+v", stats, want)
	}
	f := open(t, out)
	if got := f.GetSheetList(); strings.Join(got, ",") != "Tracker,Dashboard,Archived,About" {
		t.Errorf("sheets %v", got)
	}
	arch := byID(sheetRows(t, f, sheetArchived))
	if len(arch) != archived {
		t.Fatalf("%d archived rows, want %d", len(arch), archived)
	}
	if r := arch[gone]; r[hStatus] != statusConfident || r[hNotes] != "took me a week" || r[hArchivedOn] != "46351" || r[hQuestion] == "" {
		t.Errorf("archived row %v", r)
	}
	if tables, _ := f.GetTables(sheetArchived); len(tables) != 1 || tables[0].Name != tableArchived {
		t.Errorf("archived tables %v", tables)
	}
	if links := hyperlinkElems(t, out, "xl/worksheets/sheet3.xml"); len(links) != 1 || !strings.HasPrefix(links[0], `ref="A2:A88"`) {
		t.Errorf("Archived hyperlinks %v, want one over A2:A88", links)
	}
	for r := 2; r <= archived+1; r++ {
		if ok, target, _ := f.GetCellHyperLink(sheetArchived, "A"+strconv.Itoa(r)); !ok || target != full.Source.URL {
			t.Fatalf("Archived!A%d links to %q", r, target)
		}
	}
	if rows := byID(sheetRows(t, f, sheetTracker)); len(rows) != devops.Count() || rows[id["devops"][1]][hStatus] != statusLearning {
		t.Errorf("tracker after archiving: %d rows, progress %q", len(rows), rows[id["devops"][1]][hStatus])
	}

	// Merging again keeps the archive as it is.
	again, stats := merge(t, devops, out)
	if want := (MergeStats{Kept: devops.Count()}); stats != want {
		t.Errorf("second merge stats %+v, want %+v", stats, want)
	}
	if !bytes.Equal(again, out) {
		t.Error("merging an unchanged tracker with an archive changed it")
	}

	// The questions come back: their progress returns from the archive.
	back, stats := merge(t, full, again)
	if want := (MergeStats{Kept: full.Count()}); stats != want {
		t.Errorf("restoring merge stats %+v, want %+v", stats, want)
	}
	f = open(t, back)
	if _, err := f.GetSheetIndex(sheetArchived); len(f.GetSheetList()) != 3 || err != nil {
		t.Errorf("sheets after restoring: %v", f.GetSheetList())
	}
	rows := byID(sheetRows(t, f, sheetTracker))
	if r := rows[gone]; r[hStatus] != statusConfident || r[hNotes] != "took me a week" || r[hArchivedOn] != "" {
		t.Errorf("restored row %v", r)
	}
}

func TestMergeAddsAndUpdates(t *testing.T) {
	full := testdeck.Article()
	devops := full.Filter([]string{"devops"})
	id := ids(full)
	prev := edit(t, export(t, devops, Options{}), func(f *excelize.File) {
		set(t, f, id["devops"][0], hStatus, statusLearning)
		set(t, f, id["devops"][1], hStatus, statusConfident)
	})
	changed := full.Clone()
	changed.Sections[0].Questions[0].Answer = []model.Block{{Type: model.Paragraph, Text: "A new answer."}}
	changed.Sections[0].Questions[1].Question += " (reworded)"
	out, stats := merge(t, changed, prev)
	if want := (MergeStats{Kept: devops.Count() - 2, Updated: 2, Added: full.Count() - devops.Count()}); stats != want {
		t.Errorf("stats %+v, want %+v", stats, want)
	}
	rows := byID(sheetRows(t, open(t, out), sheetTracker))
	if r := rows[id["devops"][0]]; r[hStatus] != statusLearning || r[hAnswer] != "A new answer." {
		t.Errorf("updated answer row %v", r)
	}
	if r := rows[id["devops"][1]]; r[hStatus] != statusConfident || !strings.HasSuffix(r[hQuestion], " (reworded)") {
		t.Errorf("updated question row %v", r)
	}
	if r := rows[id["mlops"][4]]; r[hStatus] != statusNotStarted {
		t.Errorf("added row %v", r)
	}
	if len(rows) != full.Count() {
		t.Errorf("%d rows, want %d", len(rows), full.Count())
	}
}

// A learner's own columns (anywhere, by header name), own rows and own
// sheets survive a merge that moves every question to another row.
func TestMergeKeepsLearnerAdditions(t *testing.T) {
	d := testdeck.Article()
	id := ids(d)
	a, b := id["devops"][2], id["aiops"][5]
	prev := edit(t, export(t, d, Options{}), func(f *excelize.File) {
		// A column in the middle of the table, and two after it.
		if err := f.InsertCols(sheetTracker, "E", 1); err != nil {
			t.Fatal(err)
		}
		must(t, f.SetCellStr(sheetTracker, "E1", "My summary"))
		must(t, f.SetCellStr(sheetTracker, "M1", "Difficulty"))
		must(t, f.SetCellStr(sheetTracker, "N1", "Double"))
		must(t, f.SetCellStr(sheetTracker, "O1", "Column to fill later"))
		set(t, f, a, "My summary", "pipelines, in short")
		set(t, f, a, "Difficulty", 0.75)
		pct, err := f.NewStyle(&excelize.Style{NumFmt: 9})
		must(t, err)
		ref := cellOf(t, f, sheetTracker, a, "Difficulty")
		must(t, f.SetCellStyle(sheetTracker, ref, ref, pct))
		set(t, f, a, hConfidence, 3)
		conf := cellOf(t, f, sheetTracker, a, hConfidence)
		must(t, f.SetCellFormula(sheetTracker, cellOf(t, f, sheetTracker, a, "Double"), conf+"*2"))
		set(t, f, b, "Difficulty", true)
		// A row of the learner's own, with no ID.
		rows, _ := f.GetRows(sheetTracker)
		n := strconv.Itoa(len(rows) + 1)
		must(t, f.SetCellStr(sheetTracker, "E"+n, "my own row"))
		must(t, f.SetCellStr(sheetTracker, "D"+n, "What is my own question?"))
		must(t, f.SetCellStr(sheetTracker, "H"+n, statusLearning))
		// A sheet of the learner's own.
		_, err = f.NewSheet("Plan")
		must(t, err)
		must(t, f.SetCellStr("Plan", "A1", "Week 1"))
		must(t, f.SetCellFormula("Plan", "B1", "COUNTA(A1:A3)"))
		must(t, f.SetColWidth("Plan", "A", "A", 30))
	})
	out, stats := merge(t, reversed(d), prev)
	if want := (MergeStats{Kept: d.Count()}); stats != want {
		t.Errorf("stats %+v, want %+v", stats, want)
	}
	f := open(t, out)
	rows, err := f.GetRows(sheetTracker)
	must(t, err)
	if want := "ID,Role,#,Question,Answer,Tags,Status,Confidence,Last reviewed,Next review,Notes,My summary,Difficulty,Double,Column to fill later"; strings.Join(rows[0], ",") != want {
		t.Errorf("header %v", rows[0])
	}
	if tables, _ := f.GetTables(sheetTracker); len(tables) != 1 || tables[0].Range != "A1:O111" {
		t.Errorf("table %v, want A1:O111 (the learner's columns and row inside)", tables)
	}
	got := byID(sheetRows(t, f, sheetTracker))
	ra := got[a]
	conf := cellOf(t, f, sheetTracker, a, hConfidence)
	if ra["My summary"] != "pipelines, in short" || ra["Difficulty"] != "0.75" || ra["Double"] != "="+conf+"*2" || ra[hConfidence] != "3" {
		t.Errorf("learner cells of %s: %v (Confidence is at %s)", a, ra, conf)
	}
	st, _ := f.GetCellStyle(sheetTracker, cellOf(t, f, sheetTracker, a, "Difficulty"))
	if s, err := f.GetStyle(st); err != nil || s.NumFmt != 9 {
		t.Errorf("Difficulty lost its percent format: %+v %v", s, err)
	}
	if typ, _ := f.GetCellType(sheetTracker, cellOf(t, f, sheetTracker, b, "Difficulty")); typ != excelize.CellTypeBool {
		t.Errorf("boolean learner cell has type %v", typ)
	}
	own := got[""]
	if own[hQuestion] != "What is my own question?" || own["My summary"] != "my own row" || own[hStatus] != statusLearning {
		t.Errorf("learner's own row: %v", own)
	}
	if last := rows[len(rows)-1]; last[3] != "What is my own question?" {
		t.Errorf("the learner's row is not last: %v", last)
	}
	if v, _ := f.GetCellValue("Plan", "A1"); v != "Week 1" {
		t.Errorf("Plan!A1 = %q", v)
	}
	if fm, _ := f.GetCellFormula("Plan", "B1"); fm != "COUNTA(A1:A3)" {
		t.Errorf("Plan!B1 formula %q", fm)
	}
	if w, _ := f.GetColWidth("Plan", "A"); w != 30 {
		t.Errorf("Plan column A width %v", w)
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// A second row with the same ID (a learner's copy) is archived, not lost.
func TestMergeDuplicateID(t *testing.T) {
	d := testdeck.Article().Filter([]string{"cloudops"})
	prev := edit(t, export(t, d, Options{}), func(f *excelize.File) {
		must(t, f.SetCellStr(sheetTracker, "A22", d.Sections[0].Questions[0].ID))
		must(t, f.SetCellStr(sheetTracker, "K22", "my copy"))
	})
	out, stats := merge(t, d, prev)
	if want := (MergeStats{Kept: d.Count(), Archived: 1}); stats != want {
		t.Errorf("stats %+v, want %+v", stats, want)
	}
	arch := sheetRows(t, open(t, out), sheetArchived)
	if len(arch) != 1 || arch[0][hNotes] != "my copy" {
		t.Errorf("archive %v", arch)
	}
}

// zipOf makes a zip of the named parts, in order.
func zipOf(t *testing.T, parts ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(parts); i += 2 {
		method := zip.Deflate
		if parts[i] == "mimetype" {
			method = zip.Store // as OpenDocument requires
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: parts[i], Method: method})
		must(t, err)
		_, err = w.Write([]byte(parts[i+1]))
		must(t, err)
	}
	must(t, zw.Close())
	return buf.Bytes()
}

// rezip returns data's zip with part's content passed through fn.
func rezip(t *testing.T, data []byte, part string, fn func([]byte) []byte) []byte {
	t.Helper()
	var parts []string
	for name, body := range readRaw(t, data).parts {
		if name == part {
			body = fn(body)
		}
		parts = append(parts, name, string(body))
	}
	return zipOf(t, parts...)
}

// overwrite returns data with bytes in the middle of part's compressed
// data overwritten, as a bad disk or a careless edit would.
func overwrite(t *testing.T, data []byte, part string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	must(t, err)
	for _, zf := range zr.File {
		if zf.Name == part {
			off, err := zf.DataOffset()
			must(t, err)
			out := bytes.Clone(data)
			mid := off + int64(zf.CompressedSize64)/2
			copy(out[mid:], bytes.Repeat([]byte{0x55}, 16))
			return out
		}
	}
	t.Fatalf("no part %s", part)
	return nil
}

// Each kind of file that is not a tracker gets one line that says what it
// is and what to do, and nothing is written.
func TestMergeRejectsNonTrackers(t *testing.T) {
	good := export(t, testdeck.Article().Filter([]string{"cloudops"}), Options{})
	blank := excelize.NewFile()
	var blankBuf bytes.Buffer
	must(t, blank.Write(&blankBuf))
	noID := edit(t, good, func(f *excelize.File) {
		must(t, f.SetCellStr(sheetTracker, "A1", "Key"))
	})
	renamed := edit(t, good, func(f *excelize.File) {
		must(t, f.SetSheetName(sheetTracker, "Progress"))
	})
	ods := zipOf(t, "mimetype", "application/vnd.oasis.opendocument.spreadsheet",
		"META-INF/manifest.xml", "<manifest/>", "content.xml", "<office:document-content/>")
	odt := zipOf(t, "mimetype", "application/vnd.oasis.opendocument.text", "content.xml", "<x/>")
	apkg := zipOf(t, "collection.anki2", "SQLite format 3\x00", "media", "{}")
	xlsb := zipOf(t, "[Content_Types].xml", "<Types/>", "xl/workbook.bin", "\x83\x01")
	badXML := rezip(t, good, "xl/worksheets/sheet1.xml", func(b []byte) []byte {
		return bytes.Replace(b, []byte(`<row r="2"`), []byte(`<row r=2`), 1)
	})
	const (
		notXLSX  = "is not an .xlsx workbook"
		damaged  = "is a damaged workbook: "
		notTrack = "is not a tracker workbook: no Tracker sheet with an ID column"
	)
	cases := map[string]struct {
		data []byte
		want string
	}{
		"empty file":             {[]byte{}, notXLSX + " (not a zip file)"},
		"text file":              {[]byte("ID,Status\nx,Learning\n"), notXLSX + " (not a zip file)"},
		"xls or password":        {append([]byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), make([]byte, 500)...), notXLSX + ": it is an Excel 97-2003 (.xls) or password-protected file; save it as .xlsx"},
		"OpenDocument sheet":     {ods, "is an OpenDocument spreadsheet: save it as .xlsx (Excel 2007-365) first"}, // whatever its name
		"OpenDocument text":      {odt, notXLSX + ": it is an OpenDocument file (text), not a spreadsheet"},
		"Anki package":           {apkg, notXLSX + ": it is an Anki package"},
		"zip of other files":     {zipOf(t, "notes.txt", "hello"), notXLSX + " (a zip file, but with no workbook in it)"},
		"binary workbook":        {xlsb, notXLSX + ": it is an Excel binary (.xlsb) workbook"},
		"truncated workbook":     {good[:len(good)/2], damaged + "not a complete zip file"},
		"garbage after magic":    {append([]byte("PK\x03\x04"), bytes.Repeat([]byte{0xff}, 100)...), damaged + "not a complete zip file"},
		"bytes overwritten":      {overwrite(t, good, "xl/worksheets/sheet1.xml"), damaged + "xl/worksheets/sheet1.xml: its c"},
		"strings overwritten":    {overwrite(t, good, "xl/sharedStrings.xml"), damaged + "xl/sharedStrings.xml: its c"},
		"broken XML, intact zip": {badXML, damaged + `sheet "Tracker": XML syntax error on line 2`},
		"workbook, no sheet":     {blankBuf.Bytes(), notTrack},
		"tracker without ID":     {noID, notTrack},
		"tracker renamed":        {renamed, notTrack},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			for _, file := range []string{"", "saved.xlsx"} {
				var buf bytes.Buffer
				called := false
				err := Export(&buf, testdeck.Article(), Options{Previous: tc.data, PreviousName: file, Date: testdeck.Date, OnMerge: func(MergeStats) { called = true }})
				who := file
				if who == "" {
					who = "the tracker to merge"
				}
				if err == nil || !strings.HasPrefix(err.Error(), "xlsx: "+who+" "+tc.want) || strings.Contains(err.Error(), "\n") {
					t.Errorf("error %v, want one line starting \"xlsx: %s %s\"", err, who, tc.want)
				} else if file != "" {
					t.Log(err)
				}
				if buf.Len() != 0 || called {
					t.Errorf("wrote %d bytes, OnMerge called %v; want nothing", buf.Len(), called)
				}
			}
		})
	}
}

func TestFreshExportDoesNotReportMerge(t *testing.T) {
	called := false
	export(t, testdeck.Article(), Options{OnMerge: func(MergeStats) { called = true }})
	if called {
		t.Error("OnMerge called without a previous tracker")
	}
}

// Trackers a learner saved with other programs: openpyxl (Python) and
// LibreOffice Calc, each with progress typed in, an extra column and a
// row moved. The fixtures were made from the CloudOps tracker by
// testdata/golden/xlsx/make-fixtures.py; the test needs neither program.
func TestMergeFromOtherPrograms(t *testing.T) {
	d := testdeck.Article().Filter([]string{"cloudops"})
	qs := d.Sections[0].Questions
	for _, name := range []string{"edited-openpyxl.xlsx", "edited-libreoffice.xlsx"} {
		t.Run(name, func(t *testing.T) {
			prev, err := os.ReadFile("../../testdata/golden/xlsx/" + name)
			if err != nil {
				t.Fatal(err)
			}
			out, stats := merge(t, d, prev)
			if want := (MergeStats{Kept: len(qs)}); stats != want {
				t.Errorf("stats %+v, want %+v", stats, want)
			}
			f := open(t, out)
			rows := byID(sheetRows(t, f, sheetTracker))
			want := map[string]map[string]string{
				qs[0].ID: {hStatus: statusConfident, hConfidence: "4", hLastReviewed: "46340", hNotes: "=SUM(1,2) stays text", "Source page": "p. 12"},
				qs[5].ID: {hStatus: statusNeedsReview, hNotes: "two\nlines", "Source page": "7"},
				qs[9].ID: {hStatus: statusLearning},
			}
			for id, w := range want {
				for h, v := range w {
					if rows[id][h] != v {
						t.Errorf("%s %s = %q, want %q", id, h, rows[id][h], v)
					}
				}
			}
			if n := statusCount(rows, statusNotStarted); n != len(qs)-3 {
				t.Errorf("%d rows Not started, want %d", n, len(qs)-3)
			}
		})
	}
}
