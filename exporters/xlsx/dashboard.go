package xlsx

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/xopsexport/xopsexport/model"
)

// Dashboard columns: B–E are the statuses (the chart's series), then the
// totals.
var dashboardHeader = []string{hRole, statusNotStarted, statusLearning, statusNeedsReview, statusConfident, "Total", "Confident %", "Due for review"}

// allRoles labels the Dashboard's total row.
const allRoles = "All roles"

// dashboard writes per-role and total counts as formulas over the Tracker
// table, so they follow the learner's edits, and a chart of them.
func (b *builder) dashboard(d *model.Deck) error {
	f, sh := b.f, sheetDashboard
	var roles []string
	seen := map[string]bool{}
	for i := range d.Sections {
		n := roleName(&d.Sections[i])
		if !seen[strings.ToLower(n)] {
			seen[strings.ToLower(n)] = true
			roles = append(roles, n)
		}
	}
	for i, h := range dashboardHeader {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := setStr(f, sh, col+"1", h); err != nil {
			return err
		}
	}
	t := func(col string) string { return tableTracker + "[" + col + "]" }
	for i, role := range append(roles, allRoles) {
		n := strconv.Itoa(i + 2)
		if err := setStr(f, sh, "A"+n, role); err != nil {
			return err
		}
		// Counting by "="&role matches the role exactly, even one that looks
		// like a comparison ("<5") to COUNTIFS.
		formulas := map[string]string{
			"B": fmt.Sprintf("F%[1]s-C%[1]s-D%[1]s-E%[1]s", n),
			"F": fmt.Sprintf(`COUNTIFS(%s,"="&$A%s)`, t(hRole), n),
			"G": fmt.Sprintf("IF(F%[1]s=0,0,E%[1]s/F%[1]s)", n),
			"H": fmt.Sprintf(`COUNTIFS(%s,"="&$A%s,%s,"<="&TODAY())`, t(hRole), n, t(hNextReview)),
		}
		for _, col := range []string{"C", "D", "E"} {
			formulas[col] = fmt.Sprintf(`COUNTIFS(%s,"="&$A%s,%s,%s$1)`, t(hRole), n, t(hStatus), col)
		}
		if role == allRoles {
			// The total counts the whole table, rows of any role included.
			formulas["F"] = fmt.Sprintf("COUNTA(%s)", t(hQuestion))
			formulas["H"] = fmt.Sprintf(`COUNTIF(%s,"<="&TODAY())`, t(hNextReview))
			for _, col := range []string{"C", "D", "E"} {
				formulas[col] = fmt.Sprintf(`COUNTIF(%s,%s$1)`, t(hStatus), col)
			}
		}
		for _, col := range []string{"B", "C", "D", "E", "F", "G", "H"} {
			if err := f.SetCellFormula(sh, col+n, formulas[col]); err != nil {
				return err
			}
		}
		if err := f.SetCellStyle(sh, "G"+n, "G"+n, b.st.percent); err != nil {
			return err
		}
	}
	last := strconv.Itoa(len(roles) + 2)
	if err := f.SetCellStyle(sh, "A1", "H1", b.st.header); err != nil {
		return err
	}
	if err := f.SetCellStyle(sh, "A"+last, "A"+last, b.st.bold); err != nil {
		return err
	}
	if err := f.SetColWidth(sh, "A", "A", 16); err != nil {
		return err
	}
	if err := f.SetColWidth(sh, "B", "H", 13); err != nil {
		return err
	}
	if err := f.SetSheetDimension(sh, "A1:H"+last); err != nil {
		return err
	}
	// The table and the chart below it on one page.
	if err := b.printOnePage(sh, "landscape"); err != nil {
		return err
	}
	// Bars fill from the left with the most progress first, so each reads
	// as a progress bar with the grey of Not started at its end.
	var series []excelize.ChartSeries
	for _, s := range []string{statusConfident, statusNeedsReview, statusLearning, statusNotStarted} {
		col, _ := excelize.ColumnNumberToName(1 + indexOf(dashboardHeader, s))
		series = append(series, excelize.ChartSeries{
			Name:       refJoin(sh, "$"+col+"$1"),
			Categories: refJoin(sh, "$A$2:$A$"+last),
			Values:     refJoin(sh, "$"+col+"$2:$"+col+"$"+last),
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{barColour(s)}},
		})
	}
	// Dark labels: excelize's default axis text is tx1 at 15 % (light
	// grey), nearly invisible on screen and on paper.
	label := excelize.Font{Color: "262626", Size: 10}
	rows := uint(len(roles) + 1)
	gap := uint(60)
	return f.AddChart(sh, "A"+strconv.Itoa(len(roles)+4), &excelize.Chart{
		Type:   excelize.BarPercentStacked,
		Series: series,
		Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{
			Text: "Progress per role", Font: &excelize.Font{Color: "262626", Size: 14},
		}}},
		Legend:    excelize.ChartLegend{Position: "bottom", Font: &label},
		Dimension: excelize.ChartDimension{Width: 640, Height: 140 + 36*rows},
		GapWidth:  &gap,
		XAxis:     excelize.ChartAxis{ReverseOrder: true, Font: label},
		YAxis:     excelize.ChartAxis{MajorGridLines: true, Font: label},
		Format:    excelize.GraphicOptions{OffsetX: 4, OffsetY: 4},
	})
}

// aboutWidth is the width of the About sheet's Value column.
const aboutWidth = 100

// about writes where the data came from and how to keep the tracker
// current.
func (b *builder) about(d *model.Deck, date time.Time, generator string) error {
	f, sh := b.f, sheetAbout
	if generator == "" {
		generator = "xopsexport"
	}
	type item struct {
		key  string
		text string
		date time.Time
		num  int
	}
	var roles []string
	for i := range d.Sections {
		roles = append(roles, fmt.Sprintf("%s %d", roleName(&d.Sections[i]), len(d.Sections[i].Questions)))
	}
	items := []item{
		{key: "Title", text: d.Title},
		{key: "Author", text: d.Author},
		{key: "Source", text: d.Source.URL},
		{key: "Retrieved", date: d.Source.Retrieved, text: "unknown"},
		{key: "SHA-256", text: d.Source.SHA256},
		{key: "Questions", num: d.Count()},
		{key: "Roles", text: strings.Join(roles, ", ")},
		{key: "Generated", date: date},
		{key: "Generator", text: generator},
		{},
		{key: "Update", text: "Keep this file and run: xopsexport xlsx --merge tracker.xlsx -o tracker.xlsx (add --role as when you created it). The workbook is rebuilt from the current article and your progress is carried over."},
		{key: "Merge keeps", text: "Rows are matched by ID. Status, Confidence, Last reviewed, Notes and every column you add to the Tracker table (or next to it) are kept with their row; question and answer text is refreshed; new questions start as Not started; questions that left the article move to the Archived sheet with their progress and come back if the question returns. Rows you add without an ID and sheets you add are kept too. The Dashboard and this sheet are rebuilt."},
		{key: "Next review", text: "Last reviewed plus 1, 2, 4, 7 or 14 days for Confidence 1 to 5 (1 day without a Confidence)."},
		{key: "Dashboard", text: "Counts are formulas over the Tracker table. Not started counts every row whose Status is not Learning, Needs review or Confident (blank included). Due for review counts rows whose Next review is today or earlier."},
		{key: "Text", text: "All article text is stored as text, never as a formula."},
	}
	if err := setStr(f, sh, "A1", "Item"); err != nil {
		return err
	}
	if err := setStr(f, sh, "B1", "Value"); err != nil {
		return err
	}
	for i, it := range items {
		n := strconv.Itoa(i + 2)
		if it.key == "" {
			continue
		}
		if err := setStr(f, sh, "A"+n, it.key); err != nil {
			return err
		}
		var err error
		switch {
		case !it.date.IsZero():
			err = f.SetCellFloat(sh, "B"+n, serial(it.date), -1, 64)
		case it.key == "Questions":
			err = f.SetCellInt(sh, "B"+n, int64(it.num))
		default:
			err = setStr(f, sh, "B"+n, cellText(it.text))
			if h := linesHeight(textLines(it.text, aboutWidth)); h > 0 && err == nil {
				// As on the Tracker: programs do not grow rows to fit
				// wrapped text when they open a file.
				err = f.SetRowHeight(sh, i+2, h)
			}
		}
		if err != nil {
			return err
		}
		if it.key == "Source" && b.link != "" {
			if err := f.SetCellHyperLink(sh, "B"+n, b.link, "External"); err != nil {
				return err
			}
		}
	}
	if err := f.SetCellStyle(sh, "A1", "A"+strconv.Itoa(len(items)+1), b.st.bold); err != nil {
		return err
	}
	if err := f.SetCellStyle(sh, "B2", "B"+strconv.Itoa(len(items)+1), b.st.wrap); err != nil {
		return err
	}
	if err := f.SetCellStyle(sh, "A1", "B1", b.st.header); err != nil {
		return err
	}
	// The date cells keep their date format: restyle them after the wrap.
	for i, it := range items {
		if !it.date.IsZero() {
			n := "B" + strconv.Itoa(i+2)
			if err := f.SetCellStyle(sh, n, n, b.st.date); err != nil {
				return err
			}
		}
	}
	if err := f.SetColWidth(sh, "A", "A", 16); err != nil {
		return err
	}
	if err := f.SetSheetDimension(sh, "A1:B"+strconv.Itoa(len(items)+1)); err != nil {
		return err
	}
	if err := b.printOnePage(sh, "portrait"); err != nil {
		return err
	}
	return f.SetColWidth(sh, "B", "B", aboutWidth)
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}
