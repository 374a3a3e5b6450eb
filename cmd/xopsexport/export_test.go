package main

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

func TestExportAll(t *testing.T) {
	dir := t.TempDir()
	r := runCLI(t, "", false, "export", "--role", "cloud", "-d", dir, "--date", "2026-01-02")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	want := []string{
		"xops-cloudops-cheatsheet.pdf", "xops-cloudops-flashcards.pdf", "xops-cloudops-quiz.pdf",
		"xops-cloudops-study.pdf", "xops-cloudops.apkg", "xops-cloudops.gift", "xops-cloudops.json",
		"xops-cloudops.tsv", "xops-cloudops.xlsx", "xops-cloudops.xml",
	}
	got := names(t, dir)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("files:\n%v\nwant\n%v", got, want)
	}
	// One line per file on stdout, in registry order, then a summary.
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != len(want) || !strings.HasSuffix(lines[0], "xops-cloudops.tsv\t"+strings.Split(lines[0], "\t")[1]+"\t20 questions") {
		t.Errorf("stdout:\n%s", r.stdout)
	}
	if !strings.Contains(r.stderr, "wrote 10 files") {
		t.Errorf("no summary: %s", r.stderr)
	}
	// The same input and date give the same bytes.
	dir2 := t.TempDir()
	if r := runCLI(t, "", false, "export", "--role", "cloudops", "-d", dir2, "--date", "2026-01-02"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	for _, n := range want {
		a, _ := os.ReadFile(filepath.Join(dir, n))
		b, _ := os.ReadFile(filepath.Join(dir2, n))
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs (or is empty)", n)
		}
	}
}

func TestExportAllChoices(t *testing.T) {
	dir := t.TempDir()
	if r := runCLI(t, "", false, "export", "--formats", "anki,gift", "-d", dir); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if got := strings.Join(names(t, dir), " "); got != "xops-all.gift xops-all.tsv" {
		t.Errorf("files: %s", got)
	}
	if r := runCLI(t, "", false, "export", "--formats", "docx", "-d", dir); r.code != 2 || !strings.Contains(r.stderr, "unknown format \"docx\"") {
		t.Errorf("unknown format: exit %d %s", r.code, r.stderr)
	}
	if r := runCLI(t, "", false, "export", "-d", filepath.Join(dir, "missing")); r.code != 1 || !strings.Contains(r.stderr, "does not exist") {
		t.Errorf("missing dir: exit %d %s", r.code, r.stderr)
	}
	// A failing export leaves no partial or temporary file behind.
	ro := t.TempDir()
	os.WriteFile(filepath.Join(ro, "xops-all.tsv"), []byte("keep me"), 0o644)
	if r := runCLI(t, "", false, "anki", "--notetype", "cloze", "-o", filepath.Join(ro, "xops-all.tsv")); r.code != 2 {
		t.Errorf("bad option: exit %d", r.code)
	}
	if b, _ := os.ReadFile(filepath.Join(ro, "xops-all.tsv")); string(b) != "keep me" {
		t.Errorf("existing file changed: %q", b)
	}
	if got := names(t, ro); len(got) != 1 {
		t.Errorf("left behind: %v", got)
	}
}

func TestSourceDateEpoch(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	var outs [][]byte
	for i := 0; i < 2; i++ {
		p := filepath.Join(dir, "s.pdf")
		e := &env{ctx: t.Context(), stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{},
			getenv: os.Getenv, isTerminal: isTerminal}
		if code := e.run([]string{"xopsexport", "pdf", "--role", "ai", "-o", p}); code != 0 {
			t.Fatalf("exit %d: %s", code, e.stderr)
		}
		b, _ := os.ReadFile(p)
		outs = append(outs, b)
	}
	if !bytes.Equal(outs[0], outs[1]) || !bytes.Contains(outs[0], []byte("D:20231114")) {
		t.Errorf("PDF not stamped with SOURCE_DATE_EPOCH or not reproducible")
	}
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	sort.Strings(out)
	return out
}
