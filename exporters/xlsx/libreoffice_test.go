package xlsx

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/xopsexport/xopsexport/internal/testdeck"
	"github.com/xopsexport/xopsexport/model"
)

// render converts a workbook to PDF with LibreOffice and returns the text
// of each page (pdftotext -layout). It skips the test when LibreOffice or
// pdftotext is missing (Debian: libreoffice-calc, poppler-utils).
func render(t *testing.T, data []byte) []string {
	t.Helper()
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice not installed (Debian: apt-get install libreoffice-calc)")
	}
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not installed (Debian: apt-get install poppler-utils)")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "tracker.xlsx")
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	// A private profile, so a LibreOffice the user has open (or another
	// test) does not take the conversion over.
	cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--headless", "--convert-to", "pdf", "--outdir", dir, in)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	out, err := exec.CommandContext(ctx, pdftotext, "-layout", filepath.Join(dir, "tracker.pdf"), "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v (did LibreOffice write a PDF?)", err)
	}
	pages := strings.Split(string(out), "\f")
	if last := len(pages) - 1; last >= 0 && strings.TrimSpace(pages[last]) == "" {
		pages = pages[:last]
	}
	return pages
}

// lines returns a page's non-blank lines with runs of spaces made one.
func lines(page string) []string {
	var out []string
	for _, l := range strings.Split(page, "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// TestPrintedPages prints the article's tracker through LibreOffice and
// reads the pages back: every Tracker page starts with the whole header
// row (all columns fit the width, the header repeats), every question is
// printed, the Dashboard's table and chart share one page, and a Next
// review date prints as a date.
func TestPrintedPages(t *testing.T) {
	if testing.Short() {
		t.Skip("runs LibreOffice (several seconds)")
	}
	d := testdeck.Article()
	data := export(t, d, Options{})
	id := d.Sections[0].Questions[0].ID
	data = edit(t, data, func(f *excelize.File) {
		set(t, f, id, hLastReviewed, 46340.0) // 2026-11-14
		set(t, f, id, hConfidence, 3)         // due 4 days later
	})
	data, _ = merge(t, d, data)
	pages := render(t, data)
	header := strings.Join(trackerColumns, " ")
	bySheet := map[string][]string{}
	for i, p := range pages {
		ls := lines(p)
		if len(ls) < 2 {
			t.Fatalf("page %d is empty", i+1)
		}
		// The footer: the sheet's name, then "Page N of M".
		footer := ls[len(ls)-1]
		sheet, _, ok := strings.Cut(footer, " Page ")
		if !ok {
			t.Fatalf("page %d ends %q, not with the footer", i+1, footer)
		}
		bySheet[sheet] = append(bySheet[sheet], p)
		if sheet == sheetTracker && ls[0] != header {
			t.Errorf("Tracker page %d starts %q, want the header row %q", i+1, ls[0], header)
		}
	}
	tracker := strings.Join(bySheet[sheetTracker], "\n")
	for _, s := range d.Sections {
		for _, q := range s.Questions {
			if !strings.Contains(tracker, q.ID) {
				t.Errorf("%s is not printed", q.ID)
			}
		}
	}
	if !strings.Contains(tracker, "2026-11-14") || !strings.Contains(tracker, "2026-11-18") {
		t.Error("the reviewed row's Last reviewed and Next review do not print as 2026-11-14 and 2026-11-18")
	}
	if dash := bySheet[sheetDashboard]; len(dash) != 1 {
		t.Errorf("the Dashboard prints on %d pages, want 1", len(dash))
	} else {
		for _, want := range []string{"Due for review", "All roles", "Progress per role", "Not started"} {
			if !strings.Contains(dash[0], want) {
				t.Errorf("the Dashboard page lacks %q", want)
			}
		}
	}
	if n := len(bySheet[sheetAbout]); n != 1 {
		t.Errorf("About prints on %d pages, want 1", n)
	}
	t.Logf("%d pages: %d Tracker, %d Dashboard, %d About", len(pages), len(bySheet[sheetTracker]), len(bySheet[sheetDashboard]), len(bySheet[sheetAbout]))
}

// TestIndependentChecker runs the shared check-xlsx tool (openpyxl, a
// reader independent of excelize) on the article's tracker and on one of
// structured answers; it skips where the tool or openpyxl is missing.
func TestIndependentChecker(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Python and openpyxl")
	}
	tool, err := filepath.Abs("../../../shared/tools/xlsx/check-xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(tool); err != nil {
		t.Skip("no shared/tools/xlsx/check-xlsx beside the repository")
	}
	if err := exec.Command("/usr/bin/python3", "-c", "import openpyxl").Run(); err != nil {
		t.Skip("python3 with openpyxl not installed (Debian: python3-openpyxl)")
	}
	for name, d := range map[string]*model.Deck{"article": testdeck.Article(), "structured": testdeck.Structured()} {
		path := filepath.Join(t.TempDir(), name+".xlsx")
		if err := os.WriteFile(path, export(t, d, Options{}), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(tool, path, "--expect-rows", strconv.Itoa(d.Count())).CombinedOutput()
		if err != nil {
			t.Errorf("%s: check-xlsx: %v\n%s", name, err, out)
			continue
		}
		if !strings.Contains(string(out), `"problems": []`) {
			t.Errorf("%s: check-xlsx reports problems:\n%s", name, out)
		}
		t.Logf("%s: %s", name, out)
	}
}
