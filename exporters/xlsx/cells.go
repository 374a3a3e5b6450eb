package xlsx

import (
	"github.com/xopsexport/xopsexport/exporters/internal/xmlchar"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// maxCellChars is Excel's limit on the text in one cell, counted in UTF-16
// code units ("Excel specifications and limits"). excelize silently cuts
// longer text; we cut it ourselves so the reader sees that it was cut.
const maxCellChars = 32767

// truncMarker ends a cell whose text was longer than Excel allows.
const truncMarker = " … [cut: longer than Excel's 32,767-character cell limit; see the source article]"

// cellText makes s safe to store as a cell's text: characters that XML 1.0
// cannot carry are dropped, and text over Excel's cell limit is cut with a
// visible marker.
func cellText(s string) string {
	if strings.ContainsFunc(s, func(r rune) bool { return !xmlchar.Allowed(r) }) || !utf8.ValidString(s) {
		s = strings.Map(func(r rune) rune {
			if !xmlchar.Allowed(r) {
				return -1
			}
			return r
		}, strings.ToValidUTF8(s, "\uFFFD"))
	}
	return cut(s, maxCellChars)
}

// cut shortens s to at most limit UTF-16 units, ending it with truncMarker
// if anything was cut.
func cut(s string, limit int) string {
	if utf16Len(s) <= limit {
		return s
	}
	room := limit - utf16Len(truncMarker)
	n := 0
	for i, r := range s {
		if n += utf16.RuneLen(r); n > room {
			return s[:i] + truncMarker
		}
	}
	return s
}

// setStr stores s in a cell as text. Spreadsheet readers decode "_xHHHH_"
// in stored text as the character U+HHHH, and excelize does not escape it
// when it writes, so a literal "_x0041_" is stored as "_x005F_x0041_".
func setStr(f *excelize.File, sheet, ref, s string) error {
	s = cellText(s)
	e := escapeBstr(s)
	if over := utf16Len(e) - maxCellChars; over > 0 {
		// Escapes count against the limit as stored; cut enough text to
		// make room for them.
		e = escapeBstr(cut(s, utf16Len(s)-over))
	}
	return f.SetCellStr(sheet, ref, e)
}

// escapeBstr escapes the underscore of every "_xHHHH_" in s.
func escapeBstr(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '_' && i+7 <= len(s) && s[i+1] == 'x' && s[i+6] == '_' && isHex(s[i+2:i+6]) {
			b.WriteString("_x005F")
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

func utf16Len(s string) int {
	if len(s) <= maxCellChars/3 {
		// Every UTF-8 byte is at most one UTF-16 unit, so short strings
		// need no counting.
		return len(s)
	}
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// sameText compares a cell's text with freshly generated text, ignoring the
// line-ending style a spreadsheet program may have saved it with.
func sameText(a, b string) bool {
	norm := func(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }
	return norm(a) == norm(b)
}

// kind is what a carried-over cell holds.
type kind uint8

const (
	kindEmpty kind = iota
	kindString
	kindNumber
	kindBool
	kindFormula
)

// cell is one value read from a previous tracker, kept with its type so it
// is written back the way the learner entered it: text stays text, numbers
// and dates stay numbers, formulas stay formulas.
type cell struct {
	kind kind
	// text is the string, the number as stored, "1"/"0" for a boolean, or
	// the formula without its leading "=".
	text string
	// row is the row the cell was read from; a formula's relative row
	// references are moved by the distance to its new row.
	row int
	// style is the cell's style in the previous workbook (nil = default).
	style *excelize.Style
	// cols names the columns of the sheet the cell was read from, so a
	// formula's references can follow their columns to a new layout.
	cols []string
}

func strCell(s string) cell {
	if s == "" {
		return cell{}
	}
	return cell{kind: kindString, text: s}
}

func numCell(n int) cell { return cell{kind: kindNumber, text: strconv.Itoa(n)} }

// str returns the cell as text, for matching IDs and comparing question text.
func (c cell) str() string {
	if c.kind == kindFormula {
		return ""
	}
	return c.text
}

// write stores c at ref. Text always goes in as a string, so nothing a
// learner or the article wrote can turn into a formula.
//
// A formula is moved from the row it was read from to row; remap, if not
// nil, gives the new column of each column it refers to.
func (c cell) write(f *excelize.File, sheet, ref string, row int, remap func(int) int) error {
	switch c.kind {
	case kindString:
		return setStr(f, sheet, ref, c.text)
	case kindNumber:
		v, err := strconv.ParseFloat(c.text, 64)
		if err != nil {
			return setStr(f, sheet, ref, c.text)
		}
		return f.SetCellFloat(sheet, ref, v, -1, 64)
	case kindBool:
		return f.SetCellBool(sheet, ref, c.text == "1" || strings.EqualFold(c.text, "true"))
	case kindFormula:
		return f.SetCellFormula(sheet, ref, moveRefs(c.text, row-c.row, remap))
	}
	return nil
}

// excelEpoch is day zero of Excel's 1900 date system (as corrected for
// the 1900 leap-year bug, valid from March 1900 on).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// serial is t as an Excel date serial number (whole days; the tracker
// stores dates, not times).
func serial(t time.Time) float64 {
	t = t.UTC()
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return float64(day.Sub(excelEpoch) / (24 * time.Hour))
}

// readCell reads one cell of a previous tracker with its type.
func readCell(f *excelize.File, sheet, ref string, row int, styles map[int]*excelize.Style) (cell, error) {
	formula, err := f.GetCellFormula(sheet, ref)
	if err != nil {
		return cell{}, err
	}
	c := cell{row: row}
	if id, err := f.GetCellStyle(sheet, ref); err == nil && id != 0 {
		st, ok := styles[id]
		if !ok {
			if st, err = f.GetStyle(id); err != nil {
				st = nil
			}
			styles[id] = st
		}
		c.style = st
	}
	if formula != "" {
		c.kind, c.text = kindFormula, strings.TrimPrefix(formula, "=")
		return c, nil
	}
	raw, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		return cell{}, err
	}
	if raw == "" {
		return cell{}, nil
	}
	c.text = raw
	typ, err := f.GetCellType(sheet, ref)
	if err != nil {
		return cell{}, err
	}
	switch typ {
	case excelize.CellTypeBool:
		c.kind = kindBool
	case excelize.CellTypeNumber, excelize.CellTypeUnset:
		c.kind = kindString
		if _, err := strconv.ParseFloat(raw, 64); err == nil {
			c.kind = kindNumber
		}
	default:
		c.kind = kindString
	}
	return c, nil
}

// moveRefs rewrites the A1 references in a formula that moves from one row
// to another, and perhaps to a layout whose columns are in another order.
// Relative row numbers move by delta, as when Excel copies a formula: a
// learner's "=H7*2" read from row 7 and written to row 12 becomes "=H12*2".
// The column of a reference without a sheet name goes through col (nil
// keeps it), so a reference follows its column when the tracker's columns
// are laid out again. Absolute rows ($7), whole columns (H:H), text in
// quotes and structured references are left alone. A reference pushed
// above row 1 becomes #REF!.
func moveRefs(formula string, delta int, col func(int) int) string {
	if delta == 0 && col == nil {
		return formula
	}
	var b strings.Builder
	s := formula
	// prefixed: the next reference names a sheet ("Plan!A1", or the second
	// half of "Plan!A1:B2"), so its column is not this layout's.
	prefixed := false
	for i := 0; i < len(s); {
		ch := s[i]
		switch {
		case ch == '"':
			j := skipQuoted(s, i, ch)
			b.WriteString(s[i:j])
			i = j
			prefixed = false
		case ch == '\'':
			j := skipQuoted(s, i, ch)
			b.WriteString(s[i:j])
			i = j
			prefixed = j < len(s) && s[j] == '!'
		case ch == '[':
			depth, j := 0, i
			for ; j < len(s); j++ {
				if s[j] == '[' {
					depth++
				} else if s[j] == ']' {
					if depth--; depth == 0 {
						j++
						break
					}
				}
			}
			b.WriteString(s[i:j])
			i = j
			prefixed = false
		case isWordByte(ch):
			j := i
			for j < len(s) && isWordByte(s[j]) {
				j++
			}
			word := s[i:j]
			next := byte(0)
			if j < len(s) {
				next = s[j]
			}
			// A word before "(" is a function, before "!" a sheet name,
			// before "[" a table name.
			switch next {
			case '!':
				b.WriteString(word)
				prefixed = true
			case '(', '[':
				b.WriteString(word)
				prefixed = false
			default:
				remap := col
				if prefixed {
					remap = nil
				}
				b.WriteString(moveRef(word, delta, remap))
				prefixed = prefixed && next == ':'
			}
			i = j
		case ch == '!' || ch == ':':
			b.WriteByte(ch)
			i++
		default:
			b.WriteByte(ch)
			i++
			prefixed = false
		}
	}
	return b.String()
}

func skipQuoted(s string, i int, q byte) int {
	j := i + 1
	for j < len(s) {
		if s[j] == q {
			if j+1 < len(s) && s[j+1] == q {
				j += 2
				continue
			}
			return j + 1
		}
		j++
	}
	return j
}

func isWordByte(c byte) bool {
	return c == '$' || c == '_' || c == '.' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= 0x80
}

// moveRef moves word's row by delta if word is a cell reference with a
// relative row (A1, $A1), and its column through col; anything that is
// not a cell reference comes back unchanged.
func moveRef(word string, delta int, col func(int) int) string {
	i := 0
	colAbs := i < len(word) && word[i] == '$'
	if colAbs {
		i++
	}
	colStart := i
	for i < len(word) && (word[i] >= 'A' && word[i] <= 'Z' || word[i] >= 'a' && word[i] <= 'z') {
		i++
	}
	if n := i - colStart; n < 1 || n > 3 || i >= len(word) {
		return word
	}
	colEnd := i
	rowAbs := word[i] == '$'
	if rowAbs {
		i++
	}
	digits := word[i:]
	if digits == "" || digits[0] == '0' {
		return word // "A01" is not how a reference is written
	}
	for j := 0; j < len(digits); j++ {
		if digits[j] < '0' || digits[j] > '9' {
			return word
		}
	}
	row, err := strconv.Atoi(digits)
	if err != nil || row < 1 || row > excelize.TotalRows {
		return word
	}
	c, err := excelize.ColumnNameToNumber(word[colStart:colEnd])
	if err != nil || c > excelize.MaxColumns {
		return word
	}
	if col != nil {
		c = col(c)
	}
	if !rowAbs {
		row += delta
	}
	if row < 1 || row > excelize.TotalRows || c < 1 || c > excelize.MaxColumns {
		return "#REF!"
	}
	name := word[colStart:colEnd]
	if col != nil {
		name, _ = excelize.ColumnNumberToName(c)
	}
	out := name
	if colAbs {
		out = "$" + name
	}
	if rowAbs {
		out += "$"
	}
	return out + strconv.Itoa(row)
}
