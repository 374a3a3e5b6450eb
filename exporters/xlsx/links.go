package xlsx

import (
	"reflect"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// linkColumn gives rows from..to of column col one hyperlink to url.
//
// excelize's SetCellHyperLink takes one cell per call, adds a relationship
// per link and rescans them all on every call: 10,000 linked IDs take
// seconds. Excel itself stores a link applied to several cells as one
// <hyperlink ref="A2:A110">, which Excel, LibreOffice, openpyxl and
// excelize all read as a link on every cell of the range. So the link is
// set on the first cell through the API and its reference widened to the
// range. If excelize's internals ever stop matching what this expects, it
// falls back to one link per cell: slower, same result.
func linkColumn(f *excelize.File, sheet, col string, from, to int, url string) error {
	first := col + strconv.Itoa(from)
	if err := f.SetCellHyperLink(sheet, first, url, "External"); err != nil {
		return err
	}
	if to <= from {
		return nil
	}
	if widenLink(f, sheet, first, first+":"+col+strconv.Itoa(to)) {
		return nil
	}
	for r := from + 1; r <= to; r++ {
		if err := f.SetCellHyperLink(sheet, col+strconv.Itoa(r), url, "External"); err != nil {
			return err
		}
	}
	return nil
}

// widenLink changes the reference of sheet's hyperlink on cell to rng. It
// reaches into excelize's worksheet model by field name (Hyperlinks,
// Hyperlink, Ref), because excelize has no API for a ranged link.
func widenLink(f *excelize.File, sheet, cell, rng string) bool {
	ws, ok := worksheet(f, sheet)
	if !ok {
		return false
	}
	links := ws.FieldByName("Hyperlinks")
	if !links.IsValid() || links.Kind() != reflect.Pointer || links.IsNil() {
		return false
	}
	list := links.Elem().FieldByName("Hyperlink")
	if !list.IsValid() || list.Kind() != reflect.Slice {
		return false
	}
	for i := 0; i < list.Len(); i++ {
		ref := list.Index(i).FieldByName("Ref")
		if ref.IsValid() && ref.Kind() == reflect.String && ref.CanSet() && ref.String() == cell {
			ref.SetString(rng)
			return true
		}
	}
	return false
}
