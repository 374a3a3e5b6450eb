package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"path"
	"strings"
	"testing"
)

// rawBook reads a workbook's parts as stored, without excelize: excelize's
// getters fill in defaults (a column's style for a cell without one), and
// the tests need to see what Excel and LibreOffice will read.
type rawBook struct {
	parts map[string][]byte
	// sheets maps a sheet name to its part ("xl/worksheets/sheet1.xml").
	sheets map[string]string
	// numFmts are the format codes of the cell styles, by style index.
	numFmts []string
	// wraps tells which style indexes wrap their text.
	wraps map[int]bool
	// printTitles maps a sheet name to its _xlnm.Print_Titles reference.
	printTitles map[string]string
}

func readRaw(t testing.TB, data []byte) *rawBook {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	b := &rawBook{parts: map[string][]byte{}, sheets: map[string]string{}}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", zf.Name, err)
		}
		b.parts[zf.Name] = body
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
		Names []struct {
			Name  string `xml:"name,attr"`
			Local *int   `xml:"localSheetId,attr"`
			Ref   string `xml:",chardata"`
		} `xml:"definedNames>definedName"`
	}
	b.unmarshal(t, "xl/workbook.xml", &wb)
	b.printTitles = map[string]string{}
	for _, n := range wb.Names {
		if n.Name == "_xlnm.Print_Titles" && n.Local != nil && *n.Local < len(wb.Sheets) {
			b.printTitles[wb.Sheets[*n.Local].Name] = n.Ref
		}
	}
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	b.unmarshal(t, "xl/_rels/workbook.xml.rels", &rels)
	for _, s := range wb.Sheets {
		for _, r := range rels.Rel {
			if r.ID == s.RID {
				b.sheets[s.Name] = path.Join("xl", strings.TrimPrefix(r.Target, "/xl/"))
			}
		}
	}
	var st struct {
		NumFmts []struct {
			ID   int    `xml:"numFmtId,attr"`
			Code string `xml:"formatCode,attr"`
		} `xml:"numFmts>numFmt"`
		Xfs []struct {
			NumFmtID  int `xml:"numFmtId,attr"`
			Alignment struct {
				Wrap bool `xml:"wrapText,attr"`
			} `xml:"alignment"`
		} `xml:"cellXfs>xf"`
	}
	b.unmarshal(t, "xl/styles.xml", &st)
	// The built-in formats the tracker uses (ECMA-376 §18.8.30).
	codes := map[int]string{0: "General", 9: "0%", 14: "mm-dd-yy"}
	for _, n := range st.NumFmts {
		codes[n.ID] = n.Code
	}
	b.wraps = map[int]bool{}
	for i, x := range st.Xfs {
		b.wraps[i] = x.Alignment.Wrap
		c, ok := codes[x.NumFmtID]
		if !ok {
			c = "builtin"
		}
		b.numFmts = append(b.numFmts, c)
	}
	return b
}

func (b *rawBook) unmarshal(t testing.TB, part string, v any) {
	t.Helper()
	body, ok := b.parts[part]
	if !ok {
		t.Fatalf("no part %s", part)
	}
	if err := xml.Unmarshal(body, v); err != nil {
		t.Fatalf("%s: %v", part, err)
	}
}

// rawSheet is what a worksheet part says, as stored.
type rawSheet struct {
	Dimension struct {
		Ref string `xml:"ref,attr"`
	} `xml:"dimension"`
	SheetPr struct {
		PageSetUpPr struct {
			FitToPage bool `xml:"fitToPage,attr"`
		} `xml:"pageSetUpPr"`
	} `xml:"sheetPr"`
	Rows []struct {
		R     int `xml:"r,attr"`
		Cells []struct {
			Ref string `xml:"r,attr"`
			S   int    `xml:"s,attr"`
			F   string `xml:"f"`
		} `xml:"c"`
	} `xml:"sheetData>row"`
	PrintOptions *struct {
		GridLines bool `xml:"gridLines,attr"`
	} `xml:"printOptions"`
	PageSetup *struct {
		Orientation string `xml:"orientation,attr"`
		FitToWidth  *int   `xml:"fitToWidth,attr"`
		FitToHeight *int   `xml:"fitToHeight,attr"`
	} `xml:"pageSetup"`
}

func (b *rawBook) sheet(t testing.TB, name string) *rawSheet {
	t.Helper()
	part, ok := b.sheets[name]
	if !ok {
		t.Fatalf("no sheet %s", name)
	}
	var s rawSheet
	b.unmarshal(t, part, &s)
	return &s
}

// cellFormat returns the stored number format of cell ref, or "" if the
// cell is not stored; the formula is returned too.
func (b *rawBook) cellFormat(s *rawSheet, ref string) (format, formula string, ok bool) {
	for _, r := range s.Rows {
		for _, c := range r.Cells {
			if c.Ref == ref {
				if c.S < len(b.numFmts) {
					format = b.numFmts[c.S]
				}
				return format, c.F, true
			}
		}
	}
	return "", "", false
}
