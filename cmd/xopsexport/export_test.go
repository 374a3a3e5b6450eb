package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xopsexport/xopsexport/exporters"
	"github.com/xopsexport/xopsexport/model"
)

func TestExportAll(t *testing.T) {
	dir := t.TempDir()
	r := runCLI(t, "", false, "export", "--role", "cloud", "-d", dir, "--date", "2026-01-02")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	// One file per format, one per variant of a format with variants.
	var want, order []string
	for _, f := range exporters.All() {
		if len(f.Variants) == 0 {
			order = append(order, "xops-cloudops"+f.Ext)
		}
		for _, v := range f.Variants {
			order = append(order, "xops-cloudops-"+v.Name+f.Ext)
		}
	}
	want = slices.Sorted(slices.Values(order))
	got := names(t, dir)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("files:\n%v\nwant\n%v", got, want)
	}
	// One line per file on stdout, in registry order, then a summary.
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != len(want) {
		t.Fatalf("stdout:\n%s", r.stdout)
	}
	for i, l := range lines {
		if f := strings.Split(l, "\t"); len(f) != 3 || f[0] != filepath.Join(dir, order[i]) || f[2] != "20 questions" {
			t.Errorf("line %d = %q, want %s", i+1, l, order[i])
		}
	}
	if !strings.Contains(r.stderr, fmt.Sprintf("wrote %d files", len(want))) {
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
	// M8: -d creates the directory and its parents, as README's example needs.
	nested := filepath.Join(dir, "missing", "out")
	if r := runCLI(t, "", false, "export", "-f", "json", "-d", nested); r.code != 0 || len(names(t, nested)) != 1 {
		t.Errorf("missing dir: exit %d %s", r.code, r.stderr)
	}
	os.WriteFile(filepath.Join(dir, "afile"), nil, 0o644)
	if r := runCLI(t, "", false, "export", "-f", "json", "-d", filepath.Join(dir, "afile")); r.code != 1 || !strings.Contains(r.stderr, "not a directory") {
		t.Errorf("file as dir: exit %d %s", r.code, r.stderr)
	}
	// The commands' hooks run in export too: Quizlet's import settings.
	qz := t.TempDir()
	if r := runCLI(t, "", false, "export", "-f", "quizlet", "-d", qz); r.code != 0 || !strings.Contains(r.stderr, "Between rows: Custom") {
		t.Errorf("export quizlet: exit %d, stderr %q", r.code, r.stderr)
	}
	// markdown --split: one file per role, in the directory -o names.
	sp := filepath.Join(t.TempDir(), "notes")
	if r := runCLI(t, "", false, "markdown", "--split", "--role", "ml,ai", "-o", sp); r.code != 0 || strings.Join(names(t, sp), " ") != "xops-aiops.md xops-mlops.md" {
		t.Errorf("markdown --split: exit %d %s", r.code, r.stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(sp, "xops-aiops.md")); !bytes.Contains(b, []byte("## AIOps")) || bytes.Contains(b, []byte("## MLOps")) {
		t.Errorf("xops-aiops.md does not hold AIOps alone")
	}
	// L8: each file once; an empty list is a mistake.
	dup := t.TempDir()
	r := runCLI(t, "", false, "export", "-d", dup, "-f", "anki,anki,pdf:quiz", "-f", "pdf:quiz")
	if r.code != 0 || strings.Join(names(t, dup), " ") != "xops-all-quiz.pdf xops-all.tsv" || strings.Count(r.stdout, "\n") != 2 {
		t.Errorf("duplicates: exit %d files %v stdout %q", r.code, names(t, dup), r.stdout)
	}
	for _, bad := range [][]string{{"-f", ""}, {"-f", ","}, {"-f", "pdf:poster"}, {"-f", "anki:x"}} {
		if r := runCLI(t, "", false, append([]string{"export", "-d", dup}, bad...)...); r.code != 2 {
			t.Errorf("export %v: exit %d %s", bad, r.code, r.stderr)
		}
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
	var outs [][]byte
	for i := 0; i < 2; i++ {
		p := filepath.Join(dir, "s.pdf")
		e := &env{ctx: t.Context(), stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{},
			getenv: func(k string) string {
				return map[string]string{"SOURCE_DATE_EPOCH": "1700000000", "XOPSEXPORT_DATA_DIR": dir}[k]
			}, isTerminal: isTerminal}
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

// TestExportUsesCommandDefaults: export writes each format as its own
// command does with no options (the same seed, type, deck name…).
func TestExportUsesCommandDefaults(t *testing.T) {
	dir := t.TempDir()
	if r := runCLI(t, "", false, "export", "-f", "gift,html,anki", "--role", "ai", "-d", dir); r.code != 0 {
		t.Fatal(r.stderr)
	}
	for cmd, name := range map[string]string{"gift": "xops-aiops.gift", "html": "xops-aiops.html", "anki": "xops-aiops.tsv"} {
		own := filepath.Join(t.TempDir(), name)
		if r := runCLI(t, "", false, cmd, "--role", "ai", "-o", own); r.code != 0 {
			t.Fatal(r.stderr)
		}
		a, _ := os.ReadFile(filepath.Join(dir, name))
		b, _ := os.ReadFile(own)
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("%s from export differs from xopsexport %s", name, cmd)
		}
	}
}

// TestJobQueue runs a queue's jobs on three workers: every job runs once,
// and with heavy set no two PDF jobs ever run at the same time while the
// others still run beside them.
func TestJobQueue(t *testing.T) {
	var jobs []job
	for _, name := range []string{"anki", "pdf", "pdf", "xlsx", "pdf", "gift", "pdf", "json"} {
		jobs = append(jobs, job{name: name, f: exporters.Format{Name: name, HoldsDocument: name == "pdf"}})
	}
	for _, heavy := range []bool{false, true} {
		q := newJobQueue(jobs, heavy)
		var mu sync.Mutex
		pdfs, most, besides := 0, 0, 0
		ran := make([]int, len(jobs))
		var wg sync.WaitGroup
		for range 3 {
			wg.Go(func() {
				for {
					i, ok := q.take(t.Context())
					if !ok {
						return
					}
					mu.Lock()
					ran[i]++
					isPDF := jobs[i].f.HoldsDocument
					if isPDF {
						pdfs++
						most = max(most, pdfs)
					} else if pdfs > 0 {
						besides++
					}
					mu.Unlock()
					time.Sleep(2 * time.Millisecond) // long enough for the others to try to start
					mu.Lock()
					if isPDF {
						pdfs--
					}
					mu.Unlock()
					q.finish(i)
				}
			})
		}
		wg.Wait()
		for i, n := range ran {
			if n != 1 {
				t.Errorf("heavy=%v: job %d (%s) ran %d times", heavy, i, jobs[i].name, n)
			}
		}
		if heavy && most != 1 {
			t.Errorf("heavy: %d PDF jobs ran at once", most)
		}
		if heavy && besides == 0 {
			t.Errorf("heavy: no other job ran beside a PDF job")
		}
		if !heavy && most < 2 {
			t.Errorf("not heavy: PDF jobs never overlapped (at most %d at once)", most)
		}
	}
}

// TestJobQueueCancel: once the context is done, no job is handed out, and
// a worker waiting for a PDF job's turn is released.
func TestJobQueueCancel(t *testing.T) {
	jobs := []job{{name: "a", f: exporters.Format{Name: "pdf", HoldsDocument: true}}, {name: "b", f: exporters.Format{Name: "pdf", HoldsDocument: true}}}
	q := newJobQueue(jobs, true)
	ctx, cancel := context.WithCancel(t.Context())
	first, ok := q.take(ctx)
	if !ok || first != 0 {
		t.Fatalf("take = %d, %v", first, ok)
	}
	got := make(chan bool)
	go func() { _, ok := q.take(ctx); got <- ok }() // waits: a PDF job is running
	cancel()
	q.finish(first)
	if <-got {
		t.Fatal("a job was handed out after cancel")
	}
}

// TestPaceGC: the collector is left alone unless the run is the whole
// process, and GOGC or GOMEMLIMIT always win; the undo restores both.
func TestPaceGC(t *testing.T) {
	small := &model.Deck{Sections: []model.Section{{Role: "devops", Questions: make([]model.Question, 3)}}}
	limit := debug.SetMemoryLimit(-1)
	for _, c := range []struct {
		tune   bool
		env    string
		paused bool
	}{{false, "", false}, {true, "GOGC", false}, {true, "GOMEMLIMIT", false}, {true, "", true}} {
		e := &env{tuneGC: c.tune, getenv: func(k string) string {
			if k == c.env {
				return "100"
			}
			return ""
		}}
		undo := e.paceGC(small)
		percent := debug.SetGCPercent(-1) // read by setting; put back at once
		debug.SetGCPercent(percent)
		paused := percent == -1
		nowLimit := debug.SetMemoryLimit(-1)
		undo()
		if paused != c.paused {
			t.Errorf("tune=%v env=%q: collector paused = %v", c.tune, c.env, paused)
		}
		if c.paused && nowLimit != 200<<20 {
			t.Errorf("limit while paused = %d, want 200 MiB", nowLimit)
		}
		if p := debug.SetGCPercent(-1); p != 100 {
			t.Errorf("tune=%v env=%q: GOGC after undo = %d", c.tune, c.env, p)
		}
		debug.SetGCPercent(100)
		if l := debug.SetMemoryLimit(-1); l != limit {
			t.Errorf("tune=%v env=%q: limit after undo = %d, want %d", c.tune, c.env, l, limit)
		}
	}
}

// TestOnlyPDFHoldsDocument: the registry marks the PDF, whose layouts
// keep every page in memory, and only it (the 10k figures in README were
// measured with that split).
func TestOnlyPDFHoldsDocument(t *testing.T) {
	for _, f := range exporters.All() {
		if f.HoldsDocument != (f.Name == "pdf") {
			t.Errorf("%s: HoldsDocument = %v", f.Name, f.HoldsDocument)
		}
	}
}
