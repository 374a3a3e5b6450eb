package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/xopsexport/xopsexport/model"
	"github.com/xopsexport/xopsexport/source"
)

// The fixtures: the embedded article is v1 (source.Embedded); v2 is
// hand-edited from it (see testdata/revisions/README.md); v3 rewords v2's
// MLOps Q9 once more.
var (
	v2 = mustRead("../../testdata/revisions/article-v2.txt")
	v3 = strings.Replace(v2, "Q9: How would you detect model drift in production?", "Q9: How would you detect model drift in a production system?", 1)
)

const v2Summary = "3 added, 1 removed, 2 reworded, 2 edited, 25 renumbered, 1 moved, 78 unchanged"

func mustRead(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// site is a test web server for the article: /article serves the bodies
// in turn (the last one from then on) with an ETag, honouring
// If-None-Match; other paths serve fixed failures.
type site struct {
	*httptest.Server
	mu     sync.Mutex
	bodies []string
	served int
	reqs   []http.Header // of /article
}

func newSite(t *testing.T, bodies ...string) *site {
	s := &site{bodies: bodies}
	mux := http.NewServeMux()
	mux.HandleFunc("/article", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		body := s.bodies[min(s.served, len(s.bodies)-1)]
		s.served++
		s.reqs = append(s.reqs, r.Header.Clone())
		s.mu.Unlock()
		sum := sha256.Sum256([]byte(body))
		etag := `"` + hex.EncodeToString(sum[:8]) + `"`
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, body)
	})
	serve := func(path, contentType, body string) {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", contentType)
			io.WriteString(w, body)
		})
	}
	serve("/layout-changed", "text/html", mustRead("../../testdata/revisions/layout-changed.html"))
	serve("/layout-partial", "text/html", mustRead("../../testdata/revisions/layout-partial.html"))
	serve("/pdf", "application/pdf", "%PDF-1.7\n")
	mux.HandleFunc("/404", http.NotFound)
	mux.HandleFunc("/500", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "oops", 500) })
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/endless", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		chunk := bytes.Repeat([]byte("Q1: What is CI?\n"), 4096)
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	s.Server = httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

func (s *site) requests() []http.Header {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]http.Header(nil), s.reqs...)
}

// runAt runs one command line against a data directory given by --data-dir
// (never the user's) with a private XDG_DATA_HOME. It sets no process
// environment, so goroutines may call it at once.
func runAt(t *testing.T, argv ...string) result {
	t.Helper()
	xdg := t.TempDir()
	var out, errb bytes.Buffer
	e := &env{
		ctx: context.Background(), stdin: strings.NewReader(""), stdout: &out, stderr: &errb,
		getenv:     func(k string) string { return map[string]string{"XDG_DATA_HOME": xdg}[k] },
		isTerminal: func(io.Writer) bool { return false },
	}
	code := e.run(append([]string{"xopsexport"}, argv...))
	return result{code, out.String(), errb.String()}
}

func expect(t *testing.T, r result, code int, stdout, stderr string) {
	t.Helper()
	if r.code != code || !strings.Contains(r.stdout, stdout) || !strings.Contains(r.stderr, stderr) {
		t.Fatalf("exit %d (want %d)\nstdout: %s\nwant in stdout: %q\nstderr: %s\nwant in stderr: %q", r.code, code, clipped(r.stdout), stdout, r.stderr, stderr)
	}
}

func clipped(s string) string {
	if len(s) > 2000 {
		return s[:2000] + "…"
	}
	return s
}

// tree lists every file under dir with its content hash, to prove a
// command changed nothing.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			m[rel+"/"] = ""
			return nil
		}
		b, _ := os.ReadFile(p)
		sum := sha256.Sum256(b)
		m[rel] = hex.EncodeToString(sum[:])
		return nil
	})
	return m
}

// deckOf runs the json command and decodes the model.
func deckOf(t *testing.T, argv ...string) *model.Deck {
	t.Helper()
	r := runAt(t, append([]string{"json"}, argv...)...)
	expect(t, r, 0, "", "")
	var d model.Deck
	if err := json.Unmarshal([]byte(r.stdout), &d); err != nil {
		t.Fatal(err)
	}
	return &d
}

func question(t *testing.T, d *model.Deck, role string, n int) model.Question {
	t.Helper()
	for _, s := range d.Sections {
		if s.Role == role {
			for _, q := range s.Questions {
				if q.Number == n {
					return q
				}
			}
		}
	}
	t.Fatalf("no %s Q%d", role, n)
	return model.Question{}
}

// The whole workflow: refresh from the embedded copy to v2, status, every
// later load uses v2 with the carried IDs, a 304 changes nothing, and v3
// builds on v2.
func TestRefreshWorkflow(t *testing.T) {
	srv := newSite(t, v2, v2, v3)
	dir := filepath.Join(t.TempDir(), "data")
	url := srv.URL + "/article"
	embedded := deckOf(t, "--data-dir", dir)
	oldQ8 := question(t, embedded, "cloudops", 8)
	oldQ9 := question(t, embedded, "mlops", 9)

	r := runAt(t, "refresh", "--url", url, "--data-dir", dir)
	expect(t, r, 0, v2Summary, "saved snapshot ")
	for _, want := range []string{
		"Changes from the embedded copy to " + url + ":",
		"\nCloudOps\n  reworded    " + oldQ8.ID + "   Q8          An EC2 instance in a private subnet can't reach the internet.",
		"was: An EC2 instance in a private subnet cannot reach the internet.",
		"  moved       cloudops-",
		"from CloudOps Q19 → Q24 What are the key differences between Terraform and CloudFormation?",
		"\nPlatform\n  added       platform-",
		"  removed     devsecops-",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("changelog lacks %q", want)
		}
	}
	if h := srv.requests()[0]; h.Get("If-None-Match") != "" || h.Get("User-Agent") != "xopsexport/"+appVersion()+" (+https://github.com/xopsexport/xopsexport)" {
		t.Errorf("first request headers: %v", h)
	}
	snap1, err := (&source.Store{Dir: dir}).Current()
	if err != nil || snap1 == nil {
		t.Fatalf("no current snapshot: %v", err)
	}

	r = runAt(t, "status", "--data-dir", dir)
	for _, want := range []string{"snapshot " + snap1.Name, "from     " + url, "history  1 snapshot(s) in " + dir, "platform   2", "total      111", snap1.Meta.SHA256} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("status lacks %q:\n%s", want, r.stdout)
		}
	}

	// Every load now reads v2, with the IDs carried over and Changed set
	// where the text changed.
	d := deckOf(t, "--data-dir", dir)
	if d.Count() != 111 || d.Source.URL != url {
		t.Errorf("default source is not the snapshot: %d questions from %s", d.Count(), d.Source.URL)
	}
	q8 := question(t, d, "cloudops", 8)
	if q8.ID != oldQ8.ID || !q8.Changed.Equal(snap1.Meta.FetchedAt) {
		t.Errorf("reworded Q8: %s changed %v; want %s changed %v", q8.ID, q8.Changed, oldQ8.ID, snap1.Meta.FetchedAt)
	}
	if q := question(t, d, "devops", 24); q.ID != question(t, embedded, "cloudops", 19).ID {
		t.Errorf("moved question has ID %s", q.ID)
	}
	// The test server is not the embedded copy's URL, so every question
	// cites a new source: all dates move (same URL: see revision's tests).
	if q := question(t, d, "devops", 1); q.ID != question(t, embedded, "devops", 1).ID || !q.Changed.Equal(snap1.Meta.FetchedAt) {
		t.Errorf("question cited from a new URL: %s changed %v", q.ID, q.Changed)
	}
	list := runAt(t, "list", "--role", "cloudops", "--data-dir", dir)
	expect(t, list, 0, oldQ8.ID+"  cloudops  8       An EC2 instance in a private subnet can't", "")

	// Not modified: the ETag goes back, nothing is written.
	before := tree(t, dir)
	r = runAt(t, "refresh", "--url", url, "--data-dir", dir)
	expect(t, r, 0, "", "unchanged: "+url+" is not modified since snapshot "+snap1.Name)
	if got := srv.requests()[1].Get("If-None-Match"); got == "" || got != snap1.Meta.ETag {
		t.Errorf("conditional GET sent If-None-Match %q, want %q", got, snap1.Meta.ETag)
	}
	if after := tree(t, dir); !reflect.DeepEqual(before, after) {
		t.Errorf("a 304 changed the data directory")
	}

	// v3 rewords MLOps Q9 again: it still has its v1 ID. (Snapshot 1's
	// dates are set back a year first, so that "kept its date" and "got the
	// new date" differ even when both refreshes run in the same second.)
	past := time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)
	for k, c := range snap1.IDs {
		c.Changed = past
		snap1.IDs[k] = c
	}
	ids, _ := json.Marshal(snap1.IDs)
	if err := os.WriteFile(filepath.Join(snap1.Dir, "ids.json"), ids, 0o644); err != nil {
		t.Fatal(err)
	}
	r = runAt(t, "refresh", "--url", url, "--data-dir", dir)
	expect(t, r, 0, "0 added, 0 removed, 1 reworded, 0 edited, 0 renumbered, 0 moved, 110 unchanged", "saved snapshot")
	d3 := deckOf(t, "--data-dir", dir)
	snap2, _ := (&source.Store{Dir: dir}).Current()
	if q := question(t, d3, "mlops", 9); q.ID != oldQ9.ID || !q.Changed.Equal(snap2.Meta.FetchedAt) {
		t.Errorf("twice reworded Q9: %s changed %v, want %s changed %v", q.ID, q.Changed, oldQ9.ID, snap2.Meta.FetchedAt)
	}
	for _, q := range []model.Question{question(t, d3, "cloudops", 8), question(t, d3, "devops", 1)} {
		if !q.Changed.Equal(past) {
			t.Errorf("%s unchanged in v3: changed %v, want %v", q.ID, q.Changed, past)
		}
	}
	if q := question(t, d3, "cloudops", 8); q.ID != oldQ8.ID {
		t.Errorf("Q8 after v3: %s", q.ID)
	}
	if snap2.Meta.Previous != snap1.Name {
		t.Errorf("previous of %s is %q, want %s", snap2.Name, snap2.Meta.Previous, snap1.Name)
	}
	expect(t, runAt(t, "status", "--data-dir", dir), 0, "history  2 snapshot(s)", "")
}

func TestRefreshJSON(t *testing.T) {
	srv := newSite(t, v2)
	r := runAt(t, "refresh", "--url", srv.URL+"/article", "--data-dir", t.TempDir(), "--json", "--dry-run")
	expect(t, r, 0, "", "dry run: nothing written")
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(r.stdout), &raw); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r.stdout)
	}
	var keys []string
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if want := []string{"added", "edited", "moved", "removed", "renumbered", "reworded", "unchanged"}; !reflect.DeepEqual(keys, want) {
		t.Errorf("keys %v, want %v", keys, want)
	}
	var c struct {
		Added, Removed, Reworded, Edited, Renumbered, Moved []map[string]any
		Unchanged                                           int
	}
	json.Unmarshal([]byte(r.stdout), &c)
	counts := fmt.Sprintf("%d added, %d removed, %d reworded, %d edited, %d renumbered, %d moved, %d unchanged",
		len(c.Added), len(c.Removed), len(c.Reworded), len(c.Edited), len(c.Renumbered), len(c.Moved), c.Unchanged)
	if counts != v2Summary {
		t.Errorf("JSON counts: %s", counts)
	}
	entry := func(m map[string]any, keys ...string) {
		t.Helper()
		for _, k := range keys {
			if _, ok := m[k]; !ok {
				t.Errorf("entry %v lacks %q", m, k)
			}
		}
	}
	for _, l := range [][]map[string]any{c.Added, c.Removed, c.Reworded, c.Edited, c.Renumbered, c.Moved} {
		for _, e := range l {
			entry(e, "role", "id", "old_number", "new_number", "question")
		}
	}
	if c.Added[0]["old_number"] != nil || c.Removed[0]["new_number"] != nil {
		t.Errorf("missing numbers must be null: %v %v", c.Added[0], c.Removed[0])
	}
	if c.Reworded[0]["old_question"] == nil || c.Moved[0]["old_role"] != "cloudops" {
		t.Errorf("reworded %v, moved %v", c.Reworded[0], c.Moved[0])
	}
	if !strings.Contains(r.stdout, `"question": "How do you roll back a failed deployment in Kubernetes?"`) {
		t.Error("JSON escapes or lacks the added question")
	}
}

// Fetch failures (exit 4) and broken pages (exit 3) leave the snapshot in
// use untouched, with the reason on one line.
func TestRefreshKeepsGoodData(t *testing.T) {
	srv := newSite(t, v2)
	dir := t.TempDir()
	expect(t, runAt(t, "refresh", "--url", srv.URL+"/article", "--data-dir", dir), 0, "", "saved snapshot")
	cur, _ := (&source.Store{Dir: dir}).Current()
	before := tree(t, dir)

	tests := []struct {
		path  string
		flags []string
		code  int
		msg   string
	}{
		{"/404", nil, 4, "xopsexport: fetching " + srv.URL + "/404: HTTP 404 Not Found\n"},
		{"/500", nil, 4, "xopsexport: fetching " + srv.URL + "/500: HTTP 500 Internal Server Error\n"},
		{"/pdf", nil, 4, "xopsexport: fetching " + srv.URL + "/pdf: not an article: content type application/pdf (want HTML, Markdown or plain text)\n"},
		{"/loop", nil, 4, "xopsexport: fetching " + srv.URL + "/loop: stopped after 5 redirects\n"},
		{"/endless", nil, 4, "xopsexport: fetching " + srv.URL + "/endless: body larger than 10 MiB\n"},
		{"/layout-changed", nil, 3, "no questions found (has its layout changed?); snapshot " + cur.Name + " is still in use"},
		{"/layout-changed", []string{"--force"}, 3, "--force cannot save a page without questions"},
		{"/layout-partial", nil, 3, "looks like a broken extraction: the DevOps, CloudOps, MLOps, AIOps and Platform sections (92 questions before) are gone; only 3 questions, fewer than half of the 111 before; snapshot " + cur.Name + " is still in use (--force saves it anyway)"},
		{"/layout-partial", []string{"--dry-run", "--force"}, 0, "dry run: nothing written"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(append([]string{tt.path}, tt.flags...), " "), func(t *testing.T) {
			r := runAt(t, append([]string{"refresh", "--url", srv.URL + tt.path, "--data-dir", dir}, tt.flags...)...)
			expect(t, r, tt.code, "", tt.msg)
			if strings.Count(r.stderr, "\n") != 1 && tt.code != 0 {
				t.Errorf("the reason should be one line:\n%s", r.stderr)
			}
			if after := tree(t, dir); !reflect.DeepEqual(before, after) {
				t.Errorf("the data directory changed")
			}
		})
	}
	expect(t, runAt(t, "stats", "--data-dir", dir), 0, "total                 111", "snapshot "+cur.Name)

	// --force accepts a page that only looks broken.
	r := runAt(t, "refresh", "--url", srv.URL+"/layout-partial", "--data-dir", dir, "--force")
	expect(t, r, 0, "3 added, 111 removed", "accepting the page despite")
	expect(t, runAt(t, "status", "--data-dir", dir), 0, "total      3", "")
}

func TestRefreshDryRunWritesNothing(t *testing.T) {
	srv := newSite(t, v2)
	dir := filepath.Join(t.TempDir(), "data")
	r := runAt(t, "refresh", "--url", srv.URL+"/article", "--data-dir", dir, "--dry-run")
	expect(t, r, 0, v2Summary, "dry run: nothing written to "+dir)
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("dry run created the data directory: %v", err)
	}
	expect(t, runAt(t, "stats", "--data-dir", dir), 0, "total                 109", "embedded copy")
}

// Two refreshes at once, as two processes (the test binary running main's
// run, see TestHelperProcess): the lock makes the second build on the
// first, and the data directory ends consistent. (Goroutines would not do:
// urfave/cli keeps package-level state, so two Apps in one process race.)
func TestConcurrentRefresh(t *testing.T) {
	srv := newSite(t, v2, v3)
	dir := t.TempDir()
	var wg sync.WaitGroup
	results := make([]result, 2)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = runProcess(t, "refresh", "--url", srv.URL+"/article", "--data-dir", dir)
		}()
	}
	wg.Wait()
	for _, r := range results {
		expect(t, r, 0, "", "saved snapshot")
	}
	store := &source.Store{Dir: dir}
	hist, err := store.History()
	if err != nil || len(hist) != 2 {
		t.Fatalf("history %v, %v", hist, err)
	}
	cur, err := store.Current()
	if err != nil {
		t.Fatal(err)
	}
	first, _ := store.Open(cur.Meta.Previous)
	if first == nil || first.Meta.Previous != "" || cur.Name == first.Name {
		t.Fatalf("snapshots do not chain: current %s after %q", cur.Name, cur.Meta.Previous)
	}
	// Whichever ran second compared against the first's snapshot.
	summaries := results[0].stdout + results[1].stdout
	if !strings.Contains(summaries, v2Summary) || !strings.Contains(summaries, "0 added, 0 removed, 1 reworded, 0 edited, 0 renumbered, 0 moved, 110 unchanged") {
		t.Errorf("the refreshes did not run one after the other:\n%s", summaries)
	}
	ents, _ := os.ReadDir(dir)
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	if !reflect.DeepEqual(names, []string{"current", "snapshots"}) {
		t.Errorf("data directory holds %v", names)
	}
	expect(t, runAt(t, "status", "--data-dir", dir), 0, "history  2 snapshot(s)", "")
}

// runProcess runs one command line in a child process.
func runProcess(t *testing.T, argv ...string) result {
	args, _ := json.Marshal(argv)
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), "XOPSEXPORT_HELPER_ARGS="+string(args))
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Error(err)
	}
	return result{code, out.String(), errb.String()}
}

// TestHelperProcess is the child of runProcess; it does nothing in a
// normal test run.
func TestHelperProcess(t *testing.T) {
	raw := os.Getenv("XOPSEXPORT_HELPER_ARGS")
	if raw == "" {
		return
	}
	var argv []string
	if raw == "-" {
		// The command line follows "--" (a shell wrapper's "$@"). os.Args
		// becomes that line too: urfave/cli's completion reads it.
		argv = os.Args[slices.Index(os.Args, "--")+1:]
		os.Args = append([]string{"xopsexport"}, argv...)
	} else {
		json.Unmarshal([]byte(raw), &argv)
	}
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	if os.Getenv("XOPSEXPORT_HELPER_READY") != "" {
		os.Stderr.WriteString("ready\n") // signals are handled from here on
	}
	os.Exit(runMain(append([]string{"xopsexport"}, argv...), os.Stdin, os.Stdout, os.Stderr, sigs, true))
}

func TestDiff(t *testing.T) {
	srv := newSite(t, v2)
	a, b := "../../source/article.txt", "../../testdata/revisions/article-v2.txt"
	expect(t, runAt(t, "diff", a, b), 0, v2Summary, "")
	expect(t, runAt(t, "diff", a, srv.URL+"/article"), 0, "Changes from "+a+" to "+srv.URL+"/article:", "")
	expect(t, runAt(t, "diff", a, a), 0, "no changes (109 questions)", "")

	r := runAt(t, "diff", a, b, "--json")
	expect(t, r, 0, `"unchanged": 78`, "")
	var c map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &c); err != nil {
		t.Errorf("diff --json after the arguments: %v", err)
	}
	expect(t, runAt(t, "diff", "--json", a, b), 0, `"unchanged": 78`, "")

	expect(t, runAt(t, "diff", a), 2, "", "diff takes two sources, OLD and NEW (got 1)")
	expect(t, runAt(t, "diff", "-", "-"), 2, "", "only one of OLD and NEW")
	expect(t, runAt(t, "diff", a, b, "--jsn"), 2, "", "flag provided but not defined: --jsn")
	expect(t, runAt(t, "diff", a, "nope.txt"), 4, "", "reading nope.txt: no such file or directory")
	expect(t, runAt(t, "diff", a, srv.URL+"/404"), 4, "", "HTTP 404 Not Found")
	expect(t, runAt(t, "diff", a, "../../testdata/revisions/layout-changed.html"), 3, "", "no questions found")
}

func TestStatusEmbedded(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "none")
	r := runAt(t, "status", "--data-dir", dir)
	expect(t, r, 0, "the embedded copy (no refreshed snapshot yet", "")
	for _, want := range []string{"from     " + source.DefaultURL, "taken    2026-11-25", "history  0 snapshot(s) in " + dir, "devops     22", "total      109"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("status lacks %q:\n%s", want, r.stdout)
		}
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Error("status created the data directory")
	}
}

func TestSourceFlagURL(t *testing.T) {
	srv := newSite(t, v2)
	expect(t, runAt(t, "stats", "--source", srv.URL+"/article"), 0, "total                 111", "source: "+srv.URL+"/article")
	expect(t, runAt(t, "stats", "--source", srv.URL+"/404"), 4, "", "fetching "+srv.URL+"/404: HTTP 404 Not Found")
	expect(t, runAt(t, "stats", "--source", "ftp://example.com/a.txt"), 4, "", "ftp URLs are not supported")
}

// TestBrokenDataDir (M4): a damaged current snapshot does not stop any
// command. Readers fall back with a warning, status shows the damage and
// the fix, and refresh repairs it.
func TestBrokenDataDir(t *testing.T) {
	// current names a snapshot that does not exist.
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "current"), []byte("20990101T000000Z-deadbeef\n"), 0o644)
	expect(t, runAt(t, "stats", "--data-dir", dir), 0, "total                 109", "snapshot 20990101T000000Z-deadbeef is damaged")
	expect(t, runAt(t, "status", "--data-dir", dir), 0, "fix      run `xopsexport refresh` or delete", "")

	// A real snapshot whose body was damaged on disk.
	srv := newSite(t, v2, v2)
	url := srv.URL + "/article"
	dir = t.TempDir()
	expect(t, runAt(t, "refresh", "--url", url, "--data-dir", dir), 0, "", "saved snapshot")
	cur, _ := os.ReadFile(filepath.Join(dir, "current"))
	name := strings.TrimSpace(string(cur))
	body := filepath.Join(dir, "snapshots", name, "body")
	os.WriteFile(body, []byte("damaged"), 0o644)
	r := runAt(t, "stats", "--data-dir", dir)
	expect(t, r, 0, "total                 109", "snapshot "+name+" is damaged")
	if !strings.Contains(r.stderr, "using the embedded copy") {
		t.Errorf("stats does not say what it uses instead: %s", r.stderr)
	}
	expect(t, runAt(t, "status", "--data-dir", dir), 0, "damaged  snapshot "+name+" is damaged", "")
	expect(t, runAt(t, "refresh", "--dry-run", "--url", url, "--data-dir", dir), 0, "", "is damaged")
	if b, _ := os.ReadFile(filepath.Join(dir, "current")); string(b) != string(cur) {
		t.Error("a dry run changed current")
	}
	r = runAt(t, "refresh", "--url", url, "--data-dir", dir)
	expect(t, r, 0, "", "repaired:")
	if !strings.Contains(r.stderr, "saved snapshot") {
		t.Errorf("refresh after repair: %s", r.stderr)
	}
	r = runAt(t, "stats", "--data-dir", dir)
	expect(t, r, 0, "total", "")
	if strings.Contains(r.stderr, "damaged") {
		t.Errorf("still damaged after refresh: %s", r.stderr)
	}
}

func TestTrailingBoolFlags(t *testing.T) {
	tests := []struct {
		args    []string
		rest    []string
		json    bool
		wantErr string
	}{
		{[]string{"a", "b"}, []string{"a", "b"}, false, ""},
		{[]string{"a", "b", "--json"}, []string{"a", "b"}, true, ""},
		{[]string{"a", "-json", "b"}, []string{"a", "b"}, true, ""},
		{[]string{"a", "b", "--json=false"}, []string{"a", "b"}, false, ""},
		{[]string{"-", "b"}, []string{"-", "b"}, false, ""},
		{[]string{"a", "--", "--json"}, []string{"a", "--json"}, false, ""},
		{[]string{"a", "b", "--json=maybe"}, nil, false, `invalid value "maybe" for flag -json`},
		{[]string{"a", "b", "-x"}, nil, false, "flag provided but not defined: -x"},
	}
	for _, tt := range tests {
		var j bool
		rest, err := trailingBoolFlags(tt.args, map[string]*bool{"json": &j})
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("%v: error %v, want %s", tt.args, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(rest, tt.rest) || j != tt.json {
			t.Errorf("%v: %v %v %v", tt.args, rest, j, err)
		}
	}
}
