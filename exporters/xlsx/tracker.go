package xlsx

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/xopsexport/xopsexport/model"
)

// Column headers. The tracker finds its columns by these names when it
// merges, so a learner may reorder columns or insert their own anywhere.
const (
	hID           = "ID"
	hRole         = "Role"
	hNumber       = "#"
	hQuestion     = "Question"
	hAnswer       = "Answer"
	hTags         = "Tags"
	hStatus       = "Status"
	hConfidence   = "Confidence"
	hLastReviewed = "Last reviewed"
	hNextReview   = "Next review"
	hNotes        = "Notes"
	hArchivedOn   = "Archived on"
)

// Sheet and table names.
const (
	sheetTracker   = "Tracker"
	sheetDashboard = "Dashboard"
	sheetArchived  = "Archived"
	sheetAbout     = "About"
	tableTracker   = "Questions"
	tableArchived  = "ArchivedQuestions"
)

// The status values, in the order of progress.
const (
	statusNotStarted  = "Not started"
	statusLearning    = "Learning"
	statusNeedsReview = "Needs review"
	statusConfident   = "Confident"
)

var statuses = []string{statusNotStarted, statusLearning, statusNeedsReview, statusConfident}

// trackerColumns are the Tracker sheet's columns; archivedColumns the
// Archived sheet's (no Next review: those questions are out of rotation,
// but when the row was archived is worth keeping).
var (
	trackerColumns  = []string{hID, hRole, hNumber, hQuestion, hAnswer, hTags, hStatus, hConfidence, hLastReviewed, hNextReview, hNotes}
	archivedColumns = []string{hID, hRole, hNumber, hQuestion, hAnswer, hTags, hStatus, hConfidence, hLastReviewed, hNotes, hArchivedOn}
)

// progressColumns hold what the learner types; a merge carries them over
// by ID. The other generated columns are rewritten from the article.
var progressColumns = []string{hStatus, hConfidence, hLastReviewed, hNotes}

// knownColumn returns the canonical name of a header the tracker writes
// itself, or "" for a learner's own column.
func knownColumn(h string) string {
	h = strings.TrimSpace(h)
	for _, k := range append(trackerColumns, hArchivedOn) {
		if strings.EqualFold(h, k) {
			return k
		}
	}
	return ""
}

// reviewDays is the spacing of reviews by confidence (1–5), roughly
// doubling, as in Leitner-style spaced repetition. A row with no
// confidence is due the next day.
const reviewDays = "1,2,4,7,14"

// row is one tracker row: a question's cells by column name.
type row struct {
	id    string
	cells map[string]cell
}

// questionRow is the generated part of a question's row.
func questionRow(s *model.Section, q *model.Question) row {
	r := row{id: q.ID, cells: make(map[string]cell, len(trackerColumns))}
	r.cells[hID] = strCell(q.ID)
	r.cells[hRole] = strCell(roleName(s))
	if q.Number > 0 {
		r.cells[hNumber] = numCell(q.Number)
	}
	r.cells[hQuestion] = strCell(cellText(q.Question))
	r.cells[hAnswer] = strCell(cellText(q.AnswerText()))
	r.cells[hTags] = strCell(cellText(strings.Join(q.Tags, ", ")))
	return r
}

// roleName is what the Role column and the Dashboard call a section.
func roleName(s *model.Section) string {
	switch {
	case s.Name != "":
		return cellText(s.Name)
	case s.Role != "":
		return cellText(s.Role)
	}
	return "Questions"
}

// empty reports whether the row holds nothing a learner could miss.
func (r row) empty() bool {
	for name, c := range r.cells {
		if c.kind != kindEmpty && name != hNextReview {
			return false
		}
	}
	return true
}

// sheetSpec is one tracker-shaped sheet to write.
type sheetSpec struct {
	name, table string
	columns     []string // the tracker's own columns
	extras      []string // the learner's columns, after the tracker's
	rows        []row
}

// colFormat is a column's width and style.
type colFormat struct {
	width float64
	style func(*styles) int
}

// colFormats gives the tracker's own columns their width and style (a
// switch, not a map, so the package does no work when it loads).
func colFormats(name string) (colFormat, bool) {
	switch name {
	case hID:
		return colFormat{22, func(s *styles) int { return s.link }}, true
	case hRole:
		return colFormat{11, func(s *styles) int { return s.top }}, true
	case hNumber:
		return colFormat{5, func(s *styles) int { return s.centre }}, true
	case hQuestion:
		return colFormat{45, func(s *styles) int { return s.wrap }}, true
	case hAnswer:
		return colFormat{90, func(s *styles) int { return s.wrap }}, true
	case hTags:
		return colFormat{16, func(s *styles) int { return s.wrap }}, true
	case hStatus:
		return colFormat{14, func(s *styles) int { return s.top }}, true
	case hConfidence:
		return colFormat{11, func(s *styles) int { return s.centre }}, true
	case hLastReviewed:
		return colFormat{13, func(s *styles) int { return s.date }}, true
	case hNextReview:
		return colFormat{13, func(s *styles) int { return s.date }}, true
	case hNotes:
		return colFormat{40, func(s *styles) int { return s.wrap }}, true
	case hArchivedOn:
		return colFormat{13, func(s *styles) int { return s.date }}, true
	}
	return colFormat{}, false
}

// writeSheet writes a tracker-shaped sheet: header, rows, an Excel table
// with filter buttons, validations, row colours by status, frozen header.
func (b *builder) writeSheet(spec sheetSpec) error {
	f, sh := b.f, spec.name
	all := append(append([]string(nil), spec.columns...), spec.extras...)
	letters := make([]string, len(all))
	pos := make(map[string]string, len(all))
	index := make(map[string]int, len(all))
	for i, name := range all {
		letters[i], _ = excelize.ColumnNumberToName(i + 1)
		pos[name] = letters[i]
		index[name] = i + 1
	}
	// Column styles first: cells written afterwards inherit them, which is
	// much cheaper than styling each cell.
	for i, name := range all {
		cf, ok := colFormats(name)
		if i >= len(spec.columns) {
			cf, ok = colFormat{width: b.extraWidth(name)}, true
		}
		if !ok {
			continue
		}
		if err := f.SetColWidth(sh, letters[i], letters[i], cf.width); err != nil {
			return err
		}
		if cf.style != nil {
			if err := f.SetColStyle(sh, letters[i], cf.style(&b.st)); err != nil {
				return err
			}
		}
	}
	for i, name := range all {
		if err := setStr(f, sh, letters[i]+"1", name); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(sh, "A1", letters[len(all)-1]+"1", b.st.header); err != nil {
		return err
	}
	_, hasNext := pos[hNextReview]
	for i, r := range spec.rows {
		rn := i + 2
		num := strconv.Itoa(rn)
		for ci, name := range all {
			ref := letters[ci] + num
			c, ok := r.cells[name]
			if ci >= len(spec.columns) && ok && c.style != nil {
				if err := f.SetCellStyle(sh, ref, ref, b.copyStyle(c.style)); err != nil {
					return err
				}
			}
			if name == hNextReview {
				continue
			}
			if !ok {
				continue
			}
			var remap func(int) int
			if c.kind == kindFormula && c.cols != nil {
				// The formula's references follow their columns by name.
				remap = func(old int) int {
					if old <= len(c.cols) {
						if n, ok := index[c.cols[old-1]]; ok {
							return n
						}
					}
					return old
				}
			}
			if err := c.write(f, sh, ref, rn, remap); err != nil {
				return fmt.Errorf("%s!%s: %w", sh, ref, err)
			}
			if c.kind == kindFormula && ci < len(spec.columns) {
				// A formula cell does not take its column's style the way
				// a value does; without it a date formula (a learner's
				// =DATE(…) in Last reviewed) shows as a serial number.
				if cf, ok := colFormats(name); ok && cf.style != nil {
					if err := f.SetCellStyle(sh, ref, ref, cf.style(&b.st)); err != nil {
						return err
					}
				}
			}
		}
		if h := rowHeight(r); h > 0 {
			if err := f.SetRowHeight(sh, rn, h); err != nil {
				return err
			}
		}
		if hasNext {
			last, conf := pos[hLastReviewed]+num, pos[hConfidence]+num
			formula := fmt.Sprintf(`IF(%s="","",%s+IFERROR(CHOOSE(%s,%s),1))`, last, last, conf, reviewDays)
			if err := f.SetCellFormula(sh, pos[hNextReview]+num, formula); err != nil {
				return err
			}
		}
	}
	if hasNext && len(spec.rows) > 0 {
		// The Next review formulas give date serials; the column's date
		// style does not reach formula cells, so they carry it
		// themselves, or Excel and LibreOffice show 46352, not a date.
		col := pos[hNextReview]
		if err := f.SetCellStyle(sh, col+"2", col+strconv.Itoa(len(spec.rows)+1), b.st.date); err != nil {
			return err
		}
	}
	// Each run of rows with an ID links to the article.
	if b.link != "" {
		start := 0
		for i := 0; i <= len(spec.rows); i++ {
			has := i < len(spec.rows) && spec.rows[i].id != ""
			switch {
			case has && start == 0:
				start = i + 2
			case !has && start != 0:
				if err := linkColumn(f, sh, pos[hID], start, i+1, b.link); err != nil {
					return err
				}
				start = 0
			}
		}
	}
	// An Excel table needs a data row, so an empty sheet gets one blank row.
	end := strconv.Itoa(max(len(spec.rows)+1, 2))
	lastCol := letters[len(letters)-1]
	if err := f.AddTable(sh, &excelize.Table{
		Range: "A1:" + lastCol + end, Name: spec.table, StyleName: "TableStyleLight9",
	}); err != nil {
		return err
	}
	if err := b.validate(sh, pos, end); err != nil {
		return err
	}
	if err := b.colourByStatus(sh, pos[hStatus], "A2:"+lastCol+end); err != nil {
		return err
	}
	// excelize leaves the template's <dimension ref="A1"/>; readers that
	// trust it (openpyxl's read-only mode) would see one cell.
	if err := f.SetSheetDimension(sh, "A1:"+lastCol+strconv.Itoa(len(spec.rows)+1)); err != nil {
		return err
	}
	if err := b.printWide(sh, true); err != nil {
		return err
	}
	return f.SetPanes(sh, &excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	})
}

// validate adds the drop-down and range checks to the progress columns of
// rows 2..end.
func (b *builder) validate(sh string, pos map[string]string, end string) error {
	rng := func(h string) string { return pos[h] + "2:" + pos[h] + end }
	status := excelize.NewDataValidation(true)
	status.SetSqref(rng(hStatus))
	if err := status.SetDropList(statuses); err != nil {
		return err
	}
	status.SetError(excelize.DataValidationErrorStyleStop, "Status", "Pick one of: "+strings.Join(statuses, ", ")+".")
	conf := excelize.NewDataValidation(true)
	conf.SetSqref(rng(hConfidence))
	if err := conf.SetRange(1, 5, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween); err != nil {
		return err
	}
	conf.SetError(excelize.DataValidationErrorStyleStop, "Confidence", "A whole number from 1 (shaky) to 5 (solid).")
	conf.SetInput("Confidence", "1 (shaky) to 5 (solid); sets when Next review falls due.")
	date := excelize.NewDataValidation(true)
	date.SetSqref(rng(hLastReviewed))
	if err := date.SetRange(int(serial(minDate)), int(serial(maxDate)), excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween); err != nil {
		return err
	}
	date.SetError(excelize.DataValidationErrorStyleStop, "Last reviewed", "A date, e.g. 2026-11-25.")
	for _, dv := range []*excelize.DataValidation{status, conf, date} {
		if err := b.f.AddDataValidation(sh, dv); err != nil {
			return err
		}
	}
	return nil
}

// colourByStatus fills each row of rng with its status colour.
func (b *builder) colourByStatus(sh, statusCol, rng string) error {
	var rules []excelize.ConditionalFormatOptions
	for _, s := range []string{statusLearning, statusNeedsReview, statusConfident} {
		id := b.st.status[s]
		rules = append(rules, excelize.ConditionalFormatOptions{
			Type: "formula", Format: &id,
			Criteria: fmt.Sprintf(`$%s2="%s"`, statusCol, s),
		})
	}
	return b.f.SetConditionalFormat(sh, rng, rules)
}

// wrapped are the columns whose text wraps, and so sets a row's height.
var wrapped = []string{hQuestion, hAnswer, hTags, hNotes}

// rowHeight estimates the height in points a row needs to show its wrapped
// text, or 0 for one line. Neither LibreOffice nor every Excel version
// grows rows to fit wrapped text when it opens a file, so without a height
// a long answer would show as one clipped line.
func rowHeight(r row) float64 {
	lines := 1
	for _, h := range wrapped {
		c, ok := r.cells[h]
		if !ok || c.kind != kindString {
			continue
		}
		lines = max(lines, textLines(c.text, colWidth(h)))
	}
	return linesHeight(lines)
}

// colWidth is a tracker column's width.
func colWidth(name string) float64 {
	cf, _ := colFormats(name)
	return cf.width
}

// textLines estimates the lines text wraps to in a column of width.
func textLines(text string, width float64) int {
	// A column fits about 1.2 characters of prose per unit of width.
	perLine := max(1, int(width*1.2))
	n := 0
	for _, seg := range strings.Split(text, "\n") {
		n += max(1, (utf8.RuneCountInString(seg)+perLine-1)/perLine)
	}
	return n
}

// linesHeight is the row height in points for lines of text, or 0 for one
// line (the default height).
func linesHeight(lines int) float64 {
	const linePt, maxPt = 15.0, 409.0 // Calibri 11; Excel's tallest row
	if lines <= 1 {
		return 0
	}
	return min(float64(lines)*linePt+3, maxPt)
}
