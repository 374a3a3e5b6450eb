package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/xopsexport/xopsexport/model"
)

// errNotTracker says a --merge file is a workbook but not a tracker.
var errNotTracker = errors.New("not a tracker workbook: no Tracker sheet with an ID column")

// previous is what a merge takes from an earlier tracker.
type previous struct {
	tracker  []row
	archived []row
	extras   []string           // the learner's own columns, in order
	widths   map[string]float64 // their widths
	sheets   []learnerSheet     // sheets the learner added
}

// learnerSheet is a sheet the learner added to the workbook; it is copied
// over cell by cell.
type learnerSheet struct {
	name   string
	cells  []placed
	widths map[string]float64
	merged []string
}

type placed struct {
	ref string
	row int
	c   cell
}

// readPrevious reads an earlier tracker; name is how messages call it.
// Anything that is not one is an error: the merge must never quietly drop
// a learner's progress.
func readPrevious(data []byte, name string) (*previous, error) {
	if name == "" {
		name = "the tracker to merge"
	}
	if err := inspect(data, name); err != nil {
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	// inspect has checked the sizes; excelize's own limits are the same,
	// and keep every part in memory rather than in temporary files.
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxTotalBytes, UnzipXMLSizeLimit: maxPartBytes})
	if err != nil {
		return nil, fmt.Errorf("xlsx: %w", readError(name, err))
	}
	defer f.Close()
	p := &previous{widths: map[string]float64{}}
	styles := map[int]*excelize.Style{}
	sheets := f.GetSheetList()
	trackerSheet := ""
	for _, sh := range sheets {
		if strings.EqualFold(sh, sheetTracker) {
			trackerSheet = sh
		}
	}
	if trackerSheet == "" {
		return nil, fmt.Errorf("xlsx: %s is %w", name, errNotTracker)
	}
	extraSeen := map[string]bool{}
	var hasID bool
	p.tracker, hasID, err = readRows(f, trackerSheet, p, extraSeen, styles)
	if err != nil {
		return nil, fmt.Errorf("xlsx: %w", sheetError(name, trackerSheet, err))
	}
	if !hasID {
		return nil, fmt.Errorf("xlsx: %s is %w", name, errNotTracker)
	}
	for _, sh := range sheets {
		switch {
		case strings.EqualFold(sh, sheetTracker), strings.EqualFold(sh, sheetDashboard), strings.EqualFold(sh, sheetAbout):
			// Rebuilt from the article.
		case strings.EqualFold(sh, sheetArchived):
			if p.archived, _, err = readRows(f, sh, p, extraSeen, styles); err != nil {
				return nil, fmt.Errorf("xlsx: %w", sheetError(name, sh, err))
			}
		default:
			ls, err := readLearnerSheet(f, sh, styles)
			if err != nil {
				return nil, fmt.Errorf("xlsx: %w", sheetError(name, sh, err))
			}
			if ls != nil {
				p.sheets = append(p.sheets, *ls)
			}
		}
	}
	return p, nil
}

// sheetSize returns the last used row and column of a sheet.
func sheetSize(f *excelize.File, sh string) (rows, cols int, err error) {
	all, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
	if err != nil {
		return 0, 0, err
	}
	rows = len(all)
	for _, r := range all {
		cols = max(cols, len(r))
	}
	// GetRows drops trailing cells without a value (a formula not yet
	// computed); the stored dimension still covers them.
	if dim, err := f.GetSheetDimension(sh); err == nil && dim != "" {
		parts := strings.Split(dim, ":")
		if c, r, err := excelize.CellNameToCoordinates(parts[len(parts)-1]); err == nil && r <= 100000 && c <= 1000 {
			rows, cols = max(rows, r), max(cols, c)
		}
	}
	if rows*cols > maxGridCells {
		return 0, 0, fmt.Errorf("%w: sheet %q spans %d rows by %d columns, more than the %d cells a merge reads", errTooLarge, sh, rows, cols, maxGridCells)
	}
	return rows, cols, nil
}

// readRows reads a tracker-shaped sheet: a header row, then one row per
// question. Known columns are found by header name wherever they are; any
// other column is the learner's and is kept by name.
func readRows(f *excelize.File, sh string, p *previous, extraSeen map[string]bool, styles map[int]*excelize.Style) ([]row, bool, error) {
	nrows, ncols, err := sheetSize(f, sh)
	if err != nil {
		return nil, false, err
	}
	if nrows == 0 {
		return nil, false, nil
	}
	names := make([]string, ncols)
	hasID := false
	for c := 1; c <= ncols; c++ {
		ref, _ := excelize.CoordinatesToCellName(c, 1)
		hc, err := readCell(f, sh, ref, 1, styles)
		if err != nil {
			return nil, false, err
		}
		h := strings.TrimSpace(hc.str())
		name := knownColumn(h)
		if name == hID {
			hasID = true
		}
		if name == "" {
			name = h
			if name == "" {
				name = "Column" + strconv.Itoa(c)
			}
		}
		// A second column with a name already taken is still the
		// learner's: give it a name of its own rather than drop it.
		for k := 2; contains(names[:c-1], name); k++ {
			name = fmt.Sprintf("%s (%d)", strings.TrimSuffix(name, fmt.Sprintf(" (%d)", k-1)), k)
		}
		names[c-1] = name
	}
	var rows []row
	used := make([]bool, ncols)
	for r := 2; r <= nrows; r++ {
		rw := row{cells: map[string]cell{}}
		for c := 1; c <= ncols; c++ {
			ref, _ := excelize.CoordinatesToCellName(c, r)
			v, err := readCell(f, sh, ref, r, styles)
			if err != nil {
				return nil, false, err
			}
			if v.kind == kindEmpty {
				continue
			}
			v.cols = names
			rw.cells[names[c-1]] = v
			used[c-1] = true
		}
		rw.id = strings.TrimSpace(rw.cells[hID].str())
		if !rw.empty() {
			rows = append(rows, rw)
		}
	}
	for c, name := range names {
		if knownColumn(name) != "" || extraSeen[name] {
			continue
		}
		if !used[c] && autoName(name) {
			// An empty column with no name of its own (a table stretched
			// by one, say) is noise; a named one is kept even if empty.
			continue
		}
		extraSeen[name] = true
		p.extras = append(p.extras, name)
		col, _ := excelize.ColumnNumberToName(c + 1)
		if w, err := f.GetColWidth(sh, col); err == nil {
			p.widths[name] = w
		}
	}
	return rows, hasID, nil
}

// autoName reports a header Excel or this reader made up: "Column12".
func autoName(h string) bool {
	n, ok := strings.CutPrefix(h, "Column")
	if !ok || n == "" {
		return false
	}
	_, err := strconv.Atoi(n)
	return err == nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// readLearnerSheet reads a sheet the learner added; nil if it is empty.
func readLearnerSheet(f *excelize.File, sh string, styles map[int]*excelize.Style) (*learnerSheet, error) {
	nrows, ncols, err := sheetSize(f, sh)
	if err != nil {
		if strings.HasSuffix(err.Error(), "is not a worksheet") {
			// A chart sheet or dialog sheet has no cells to carry.
			return nil, nil
		}
		return nil, err
	}
	ls := &learnerSheet{name: sh, widths: map[string]float64{}}
	for r := 1; r <= nrows; r++ {
		for c := 1; c <= ncols; c++ {
			ref, _ := excelize.CoordinatesToCellName(c, r)
			v, err := readCell(f, sh, ref, r, styles)
			if err != nil {
				return nil, err
			}
			if v.kind != kindEmpty {
				ls.cells = append(ls.cells, placed{ref: ref, row: r, c: v})
			}
		}
	}
	for c := 1; c <= ncols; c++ {
		col, _ := excelize.ColumnNumberToName(c)
		if w, err := f.GetColWidth(sh, col); err == nil {
			ls.widths[col] = w
		}
	}
	if mcs, err := f.GetMergeCells(sh); err == nil {
		for _, m := range mcs {
			ls.merged = append(ls.merged, m.GetStartAxis()+":"+m.GetEndAxis())
		}
	}
	if len(ls.cells) == 0 {
		return nil, nil
	}
	return ls, nil
}

// used is the sheet's used range, from A1 to its last row and column.
func (ls *learnerSheet) used() string {
	rows, cols := 1, 1
	grow := func(ref string) {
		if c, r, err := excelize.CellNameToCoordinates(ref); err == nil {
			rows, cols = max(rows, r), max(cols, c)
		}
	}
	for _, pc := range ls.cells {
		grow(pc.ref)
	}
	for _, m := range ls.merged {
		_, end, _ := strings.Cut(m, ":")
		grow(end)
	}
	end, _ := excelize.CoordinatesToCellName(cols, rows)
	return "A1:" + end
}

// copyLearnerSheets writes the sheets the learner added, unchanged, after
// the tracker's own.
func (b *builder) copyLearnerSheets() error {
	if b.prev == nil {
		return nil
	}
	f := b.f
	for _, ls := range b.prev.sheets {
		if _, err := f.NewSheet(ls.name); err != nil {
			return fmt.Errorf("copying sheet %q: %w", ls.name, err)
		}
		for _, pc := range ls.cells {
			if pc.c.style != nil {
				if err := f.SetCellStyle(ls.name, pc.ref, pc.ref, b.copyStyle(pc.c.style)); err != nil {
					return err
				}
			}
			if err := pc.c.write(f, ls.name, pc.ref, pc.row, nil); err != nil {
				return fmt.Errorf("copying sheet %q: %s: %w", ls.name, pc.ref, err)
			}
		}
		for col := 1; ; col++ {
			name, _ := excelize.ColumnNumberToName(col)
			w, ok := ls.widths[name]
			if !ok {
				break
			}
			if err := f.SetColWidth(ls.name, name, name, w); err != nil {
				return err
			}
		}
		for _, m := range ls.merged {
			parts := strings.SplitN(m, ":", 2)
			if err := f.MergeCell(ls.name, parts[0], parts[1]); err != nil {
				return err
			}
		}
		if err := f.SetSheetDimension(ls.name, ls.used()); err != nil {
			return err
		}
	}
	return nil
}

// mergePlan is what the workbook will hold.
type mergePlan struct {
	tracker  []row
	archived []row
	extras   []string
	stats    MergeStats
}

// plan lays out the rows: one per question of d, in article order, with
// the progress of the same ID from prev; then prev's rows without an ID;
// prev's rows whose question left the article go to the archive.
func plan(d *model.Deck, prev *previous, date time.Time) *mergePlan {
	p := &mergePlan{}
	if prev == nil {
		for i := range d.Sections {
			s := &d.Sections[i]
			for j := range s.Questions {
				r := questionRow(s, &s.Questions[j])
				r.cells[hStatus] = strCell(statusNotStarted)
				p.tracker = append(p.tracker, r)
			}
		}
		return p
	}
	p.extras = prev.extras
	// Where each ID's progress is: the tracker first, then the archive (a
	// question that returns to the article takes its progress back).
	type source struct {
		r        *row
		archived bool
	}
	byID := map[string]source{}
	for _, list := range []struct {
		rows     []row
		archived bool
	}{{prev.tracker, false}, {prev.archived, true}} {
		for i := range list.rows {
			r := &list.rows[i]
			if _, dup := byID[r.id]; r.id != "" && !dup {
				byID[r.id] = source{r, list.archived}
			}
		}
	}
	used := map[*row]bool{}
	for i := range d.Sections {
		s := &d.Sections[i]
		for j := range s.Questions {
			q := &s.Questions[j]
			r := questionRow(s, q)
			src, ok := byID[q.ID]
			if !ok {
				r.cells[hStatus] = strCell(statusNotStarted)
				p.stats.Added++
				p.tracker = append(p.tracker, r)
				continue
			}
			used[src.r] = true
			old := src.r.cells
			if sameText(old[hQuestion].str(), r.cells[hQuestion].str()) && sameText(old[hAnswer].str(), r.cells[hAnswer].str()) {
				p.stats.Kept++
			} else {
				p.stats.Updated++
			}
			for _, h := range progressColumns {
				if c, ok := old[h]; ok {
					r.cells[h] = c
				}
			}
			for _, h := range prev.extras {
				if c, ok := old[h]; ok {
					r.cells[h] = c
				}
			}
			p.tracker = append(p.tracker, r)
		}
	}
	// The learner's own rows (no ID) stay in the tracker as they were.
	for i := range prev.tracker {
		r := &prev.tracker[i]
		if r.id == "" {
			used[r] = true
			p.tracker = append(p.tracker, *r)
		}
	}
	for i := range prev.archived {
		if r := &prev.archived[i]; !used[r] {
			p.archived = append(p.archived, *r)
		}
	}
	// Rows whose question left the article, and second copies of an ID.
	for i := range prev.tracker {
		r := &prev.tracker[i]
		if used[r] {
			continue
		}
		a := row{id: r.id, cells: make(map[string]cell, len(r.cells)+1)}
		for k, v := range r.cells {
			if k != hNextReview {
				a.cells[k] = v
			}
		}
		a.cells[hArchivedOn] = cell{kind: kindNumber, text: strconv.FormatFloat(serial(date), 'f', -1, 64)}
		p.archived = append(p.archived, a)
		p.stats.Archived++
	}
	return p
}
