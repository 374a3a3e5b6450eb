package xlsx

import (
	"fmt"
	"reflect"

	"github.com/xuri/excelize/v2"
)

// Page setup. Without it a printed Tracker ran to 49 A4 pages with the
// Answer column cut off at the right edge, and the Dashboard's table and
// chart split over two pages.

// printWide sets a sheet up to print landscape, all columns on one page
// wide and as many pages down as it takes, with header row 1 repeated on
// every page (when header is true), gridlines and page numbers.
func (b *builder) printWide(sh string, header bool) error {
	if err := b.pageSetup(sh, "landscape", 0, true); err != nil {
		return err
	}
	if header {
		// Print titles are a defined name scoped to the sheet.
		if err := b.f.SetDefinedName(&excelize.DefinedName{
			Name: "_xlnm.Print_Titles", RefersTo: refJoin(sh, "$1:$1"), Scope: sh,
		}); err != nil {
			return fmt.Errorf("print titles: %w", err)
		}
	}
	return nil
}

// printOnePage fits a sheet on one page, without gridlines (they would
// cross the chart and the empty cells around a small table).
func (b *builder) printOnePage(sh, orientation string) error {
	return b.pageSetup(sh, orientation, 1, false)
}

// pageSetup fits sh to one page wide and tall pages down (0: as many as it
// takes), with narrow margins, gridlines if grid, and a footer naming the
// sheet and page.
func (b *builder) pageSetup(sh, orientation string, tall int, grid bool) error {
	f := b.f
	fit, wide := true, 1
	if err := f.SetSheetProps(sh, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	// A4, as the PDF exporter's default; a pageSetup without a paper size
	// means Letter. Fitting to the page width makes either print whole.
	a4 := 9
	if err := f.SetPageLayout(sh, &excelize.PageLayoutOptions{
		Size: &a4, Orientation: &orientation, FitToWidth: &wide, FitToHeight: &tall,
	}); err != nil {
		return err
	}
	side, edge, band, centred := 0.4, 0.6, 0.3, false // inches
	// Horizontally makes the <printOptions> element printGridLines sets.
	if err := f.SetPageMargins(sh, &excelize.PageLayoutMarginsOptions{
		Left: &side, Right: &side, Top: &edge, Bottom: &edge, Header: &band, Footer: &band,
		Horizontally: &centred,
	}); err != nil {
		return err
	}
	if err := f.SetHeaderFooter(sh, &excelize.HeaderFooterOptions{OddFooter: "&L&A&RPage &P of &N"}); err != nil {
		return err
	}
	if grid {
		printGridLines(f, sh)
	}
	return nil
}

// printGridLines turns on printing of the cell grid (<printOptions
// gridLines="1"/>), so a printed row's question, answer and notes stay
// visibly together. excelize has no API for it, so this sets the field by
// name after SetPageMargins has made the element, as linkColumn does for
// ranged links. If excelize's internals change, the sheet prints without
// a grid (TestPrintSetup notices).
func printGridLines(f *excelize.File, sh string) {
	v, ok := worksheet(f, sh)
	if !ok {
		return
	}
	po := v.FieldByName("PrintOptions")
	if !po.IsValid() || po.Kind() != reflect.Pointer || po.IsNil() {
		return
	}
	for _, name := range []string{"GridLines", "GridLinesSet"} {
		if g := po.Elem().FieldByName(name); g.IsValid() && g.Kind() == reflect.Bool && g.CanSet() {
			g.SetBool(true)
		}
	}
}

// worksheet returns excelize's model of a sheet this package created, as
// the struct value it points to.
func worksheet(f *excelize.File, sheet string) (reflect.Value, bool) {
	if f.WorkBook == nil {
		return reflect.Value{}, false
	}
	id := 0
	for _, s := range f.WorkBook.Sheets.Sheet {
		if s.Name == sheet {
			id = s.SheetID
		}
	}
	// Sheets made by NewFile and NewSheet live at sheet<sheetId>.xml.
	ws, ok := f.Sheet.Load(fmt.Sprintf("xl/worksheets/sheet%d.xml", id))
	if !ok {
		return reflect.Value{}, false
	}
	v := reflect.ValueOf(ws)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return reflect.Value{}, false
	}
	return v.Elem(), true
}
