// Package xlsx writes the Excel study tracker: a Tracker sheet (an Excel
// table of every question with the learner's status, confidence, review
// dates and notes), a Dashboard of formulas and a chart over it, an About
// sheet, and, after a merge, an Archived sheet for questions that left the
// article. Merging regenerates the workbook from the current article while
// carrying over everything the learner typed, matched by question ID.
package xlsx

import (
	"bufio"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/xopsexport/xopsexport/model"
)

// The range the Last reviewed validation accepts.
var (
	minDate = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	maxDate = time.Date(2100, 12, 31, 0, 0, 0, 0, time.UTC)
)

// Export writes d as a tracker workbook, merging opts.Previous if set. A
// Previous that is not a tracker workbook is an error and nothing is
// written.
func Export(w io.Writer, d *model.Deck, opts Options) error {
	var prev *previous
	if opts.Previous != nil {
		p, err := readPrevious(opts.Previous, opts.PreviousName)
		if err != nil {
			return err
		}
		prev = p
	}
	date := d.StampDate(opts.Date)

	p := plan(d, prev, date)
	f := excelize.NewFile()
	defer f.Close()
	b := &builder{f: f, link: webURL(d.Source.URL), prev: prev, copied: map[*excelize.Style]int{}}
	if err := b.build(d, p, date, opts.Generator); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	bw := bufio.NewWriter(w)
	if err := f.Write(bw); err != nil {
		return fmt.Errorf("xlsx: writing workbook: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if prev != nil && opts.OnMerge != nil {
		opts.OnMerge(p.stats)
	}
	return nil
}

// webURL returns u if it is an http(s) address worth linking to.
func webURL(u string) string {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" || len(u) > 2000 {
		return ""
	}
	return u
}

// builder writes one workbook.
type builder struct {
	f    *excelize.File
	st   styles
	link string // the source article's URL, or "" if it is not a web page
	prev *previous
	// copied maps a previous workbook's styles to their IDs in this one.
	copied map[*excelize.Style]int
}

// styles are the IDs of the cell styles the workbook uses.
type styles struct {
	top, centre, wrap, date, link, bold, percent, header int
	status                                               map[string]int // conditional fills
}

func (b *builder) build(d *model.Deck, p *mergePlan, date time.Time, generator string) error {
	f := b.f
	if err := b.newStyles(); err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", sheetTracker); err != nil {
		return err
	}
	if err := b.writeSheet(sheetSpec{name: sheetTracker, table: tableTracker, columns: trackerColumns, extras: p.extras, rows: p.tracker}); err != nil {
		return fmt.Errorf("tracker sheet: %w", err)
	}
	if _, err := f.NewSheet(sheetDashboard); err != nil {
		return err
	}
	if err := b.dashboard(d); err != nil {
		return fmt.Errorf("dashboard sheet: %w", err)
	}
	if len(p.archived) > 0 {
		if _, err := f.NewSheet(sheetArchived); err != nil {
			return err
		}
		if err := b.writeSheet(sheetSpec{name: sheetArchived, table: tableArchived, columns: archivedColumns, extras: p.extras, rows: p.archived}); err != nil {
			return fmt.Errorf("archived sheet: %w", err)
		}
	}
	if _, err := f.NewSheet(sheetAbout); err != nil {
		return err
	}
	if err := b.about(d, date, generator); err != nil {
		return fmt.Errorf("about sheet: %w", err)
	}
	if err := b.copyLearnerSheets(); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	// AddChart lists image content types from a Go map, so their order
	// changes from run to run; sort them to keep the output reproducible.
	if ct := f.ContentTypes; ct != nil {
		sort.SliceStable(ct.Defaults, func(i, j int) bool { return ct.Defaults[i].Extension < ct.Defaults[j].Extension })
	}
	full := true
	if err := f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &full}); err != nil {
		return err
	}
	stamp := date.Format(time.RFC3339)
	creator := generator
	if creator == "" {
		creator = "xopsexport"
	}
	return f.SetDocProps(&excelize.DocProperties{
		Title:          cellText(d.Title),
		Subject:        "Interview question study tracker",
		Creator:        creator,
		LastModifiedBy: creator,
		Description:    cellText("Questions from " + d.Source.URL),
		Keywords:       "interview questions, study tracker",
		Created:        stamp,
		Modified:       stamp,
		Language:       "en",
	})
}

func (b *builder) newStyles() error {
	f := b.f
	var err error
	mk := func(s *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(s)
		return id
	}
	top := &excelize.Alignment{Vertical: "top"}
	dateFmt := "yyyy-mm-dd"
	b.st = styles{
		top:     mk(&excelize.Style{Alignment: top}),
		centre:  mk(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "center"}}),
		wrap:    mk(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}),
		date:    mk(&excelize.Style{Alignment: top, CustomNumFmt: &dateFmt}),
		link:    mk(&excelize.Style{Alignment: top, Font: &excelize.Font{Color: "1155CC", Underline: "single"}}),
		bold:    mk(&excelize.Style{Font: &excelize.Font{Bold: true, Family: "Calibri", Size: 11}, Alignment: top}),
		percent: mk(&excelize.Style{NumFmt: 9}),
		// The table style colours the header in Excel; LibreOffice ignores
		// table styles, so the header carries the same look itself.
		header: mk(&excelize.Style{
			Font:      &excelize.Font{Bold: true, Color: "FFFFFF", Family: "Calibri", Size: 11},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"4472C4"}},
			Alignment: &excelize.Alignment{Vertical: "center"},
		}),
		status: map[string]int{},
	}
	if err != nil {
		return err
	}
	// In status order, not map order, so style IDs (and bytes) repeat.
	for _, s := range statuses[1:] {
		id, err := f.NewConditionalStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{statusColour(s)}}})
		if err != nil {
			return err
		}
		b.st.status[s] = id
	}
	return nil
}

// statusColour is the pale fill of rows by status; barColour the
// stronger one of the same hue for the chart.
func statusColour(status string) string {
	switch status {
	case statusLearning:
		return "FFEB9C"
	case statusNeedsReview:
		return "F8CBAD"
	case statusConfident:
		return "C6EFCE"
	}
	return ""
}

func barColour(status string) string {
	switch status {
	case statusNotStarted:
		return "BFBFBF"
	case statusLearning:
		return "FFC000"
	case statusNeedsReview:
		return "ED7D31"
	case statusConfident:
		return "70AD47"
	}
	return ""
}

// copyStyle gives a learner's cell the style it had in the previous
// workbook (its date format, say). A style this writer cannot reproduce is
// cosmetic: the cell keeps its value in the default style.
func (b *builder) copyStyle(s *excelize.Style) int {
	id, ok := b.copied[s]
	if !ok {
		var err error
		if id, err = b.f.NewStyle(s); err != nil {
			id = 0
		}
		b.copied[s] = id
	}
	return id
}

// extraWidth is a learner column's width in the previous tracker.
func (b *builder) extraWidth(name string) float64 {
	if b.prev != nil {
		if w, ok := b.prev.widths[name]; ok && w > 0 {
			return w
		}
	}
	return 16
}

// refJoin quotes a sheet name for a formula reference.
func refJoin(sheet, ref string) string {
	return "'" + strings.ReplaceAll(sheet, "'", "''") + "'!" + ref
}
