package source

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

func fetched(body string, at time.Time) *Fetched {
	return &Fetched{
		Doc:        &Document{Body: []byte(body), Name: "https://example.com/qa", URL: "https://example.com/qa", MediaType: "text/html", FetchedAt: at, Origin: "https://example.com/qa"},
		Validators: Validators{ETag: `"abc"`, LastModified: "Tue, 01 Dec 2026 09:00:00 GMT"},
		FinalURL:   "https://www.example.com/qa",
	}
}

func lockT(t *testing.T, s *Store) *Locked {
	t.Helper()
	l, err := s.Lock(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestSaveAndOpen(t *testing.T) {
	s := &Store{Dir: filepath.Join(t.TempDir(), "data")}
	if cur, err := s.Current(); cur != nil || err != nil {
		t.Fatalf("empty store: %v, %v", cur, err)
	}
	if h, err := s.History(); len(h) != 0 || err != nil {
		t.Fatalf("empty store history: %v, %v", h, err)
	}
	// Without a snapshot, "" is the embedded copy.
	ld := &Loader{DataDir: s.Dir}
	if d, err := ld.Open(context.Background(), ""); err != nil || d.Name != "embedded" {
		t.Fatalf("Open(\"\") without snapshots: %v, %v", d, err)
	}

	t1 := time.Date(2026, 12, 1, 10, 15, 0, 0, time.UTC)
	ids1 := map[string]CarriedID{"devops-11111111": {ID: "devops-00000000", Changed: t1}}
	l := lockT(t, s)
	snap1, err := l.Save(fetched("<p>one</p>", t1), ids1)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte("<p>one</p>"))
	if want := "20261201T101500Z-" + hex.EncodeToString(sum[:4]); snap1.Name != want {
		t.Errorf("name %s, want %s", snap1.Name, want)
	}
	t2 := t1.Add(48 * time.Hour)
	snap2, err := l.Save(fetched("<p>two</p>", t2), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(s.Dir, "lock")); !os.IsNotExist(err) {
		t.Error("lock file left after Close")
	}

	cur, err := s.Current()
	if err != nil {
		t.Fatal(err)
	}
	if cur.Name != snap2.Name || cur.Meta.Previous != snap1.Name || cur.Meta.FinalURL != "https://www.example.com/qa" ||
		cur.Meta.ETag != `"abc"` || cur.Meta.Size != len("<p>two</p>") || !cur.Meta.FetchedAt.Equal(t2) {
		t.Errorf("current = %+v", cur)
	}
	old, err := s.Open(snap1.Name)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(old.IDs, ids1) {
		t.Errorf("IDs round trip: %v, want %v", old.IDs, ids1)
	}
	if h, _ := s.History(); !reflect.DeepEqual(h, []string{snap1.Name, snap2.Name}) {
		t.Errorf("history = %v", h)
	}

	d, err := ld.Open(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	if string(d.Body) != "<p>two</p>" || d.Snapshot == nil || d.Snapshot.Name != snap2.Name || d.URL != "https://example.com/qa" ||
		d.MediaType != "text/html" || !d.FetchedAt.Equal(t2) || !strings.Contains(d.Origin, snap2.Name) {
		t.Errorf("Open(\"\") = %+v", d)
	}

	// final_url is recorded only when a redirect changed the address.
	for _, tt := range []struct {
		final string
		want  bool
	}{{"https://example.com/qa", false}, {"https://www.example.com/qa", true}} {
		f := fetched("<p>three</p>", t2.Add(time.Hour))
		f.FinalURL = tt.final
		l := lockT(t, s)
		snap, err := l.Save(f, nil)
		l.Close()
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := os.ReadFile(filepath.Join(snap.Dir, "meta.json"))
		if got := strings.Contains(string(raw), `"final_url"`); got != tt.want {
			t.Errorf("final %s: meta.json has final_url: %v, want %v\n%s", tt.final, got, tt.want, raw)
		}
		if snap.Meta.URL != "https://example.com/qa" {
			t.Errorf("url %s", snap.Meta.URL)
		}
	}
	setCurrent(s.Dir, snap2.Name)

	// The same body fetched in the same second gets a distinct name.
	l = lockT(t, s)
	again, err := l.Save(fetched("<p>two</p>", t2), nil)
	l.Close()
	if err != nil || again.Name != snap2.Name+"-2" {
		t.Errorf("same name twice: %v, %v", again, err)
	}
	l = lockT(t, s)
	third, err := l.Save(fetched("<p>two</p>", t2), nil)
	l.Close()
	if err != nil || third.Name != snap2.Name+"-3" {
		t.Errorf("same name thrice: %v, %v", third, err)
	}
}

func TestSnapshotDamage(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	l := lockT(t, s)
	snap, err := l.Save(fetched("<p>one</p>", time.Now()), nil)
	l.Close()
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(snap.Dir, "body"), []byte("<p>0ne</p>"), 0o644)
	if _, err := snap.Document(); err == nil || !strings.Contains(err.Error(), "body is damaged") {
		t.Errorf("damaged body: %v", err)
	}

	for _, tt := range []struct{ current, want string }{
		{"../../etc", "names no snapshot"},
		{"", "names no snapshot"},
		{"20990101T000000Z-deadbeef", "no such file or directory"},
	} {
		os.WriteFile(filepath.Join(s.Dir, "current"), []byte(tt.current+"\n"), 0o644)
		if _, err := s.Current(); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("current %q: %v, want %q", tt.current, err, tt.want)
		}
		if _, err := (&Loader{DataDir: s.Dir}).Open(context.Background(), ""); err == nil {
			t.Errorf("Open(\"\") with current %q: no error", tt.current)
		}
	}
}

func TestLockExcludes(t *testing.T) {
	s := &Store{Dir: t.TempDir(), LockWait: 100 * time.Millisecond}
	l := lockT(t, s)
	_, err := s.Lock(context.Background())
	if err == nil || !strings.Contains(err.Error(), "in use by another refresh (pid ") {
		t.Errorf("second lock: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := (&Store{Dir: s.Dir}).Lock(ctx); err != context.Canceled {
		t.Errorf("cancelled wait: %v", err)
	}
	l.Close()
	l2 := lockT(t, s)
	l2.Close()
}

func TestLockStale(t *testing.T) {
	host, _ := os.Hostname()
	info := func(pid int, host string) []byte {
		b, _ := json.Marshal(lockInfo{PID: pid, Host: host, Since: time.Now().UTC()})
		return b
	}
	tests := []struct {
		name    string
		content []byte
		age     time.Duration
		stale   bool
	}{
		{"dead process on this host", info(1<<30, host), 0, true},
		{"live process on this host", info(os.Getppid(), host), 0, false},
		{"process on another host", info(1<<30, "elsewhere.example"), 0, false},
		{"another host, old", info(1<<30, "elsewhere.example"), time.Hour, true},
		{"being written", nil, 0, false},
		// Not a process ID: age decides, as for garbage (kill(-5, 0) would
		// ask about a whole process group).
		{"negative pid on this host", info(-5, host), 0, false},
		{"garbage, old", []byte("x"), time.Hour, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var told []LockHolder
			s := &Store{Dir: t.TempDir(), LockWait: 300 * time.Millisecond, OnWait: func(h LockHolder) { told = append(told, h) }}
			path := filepath.Join(s.Dir, "lock")
			os.WriteFile(path, tt.content, 0o644)
			old := time.Now().Add(-tt.age)
			os.Chtimes(path, old, old)
			l, err := s.Lock(context.Background())
			// A stale lock is taken over without waiting; a live one is
			// waited for (several polls) and the wait told once.
			if tt.stale && len(told) != 0 || !tt.stale && len(told) != 1 {
				t.Errorf("told of %d waits: %+v", len(told), told)
			}
			var li lockInfo
			json.Unmarshal(tt.content, &li)
			if !tt.stale && told[0].PID != max(li.PID, 0) { // not a PID: unknown
				t.Errorf("told of %+v, want pid %d", told[0], li.PID)
			}
			if tt.stale {
				if err != nil {
					t.Fatalf("stale lock not taken over: %v", err)
				}
				if raw, _ := os.ReadFile(path); !bytes.Equal(raw, l.token) {
					t.Error("lock file is not ours")
				}
				l.Close()
			} else if err == nil {
				t.Error("live lock taken over")
				l.Close()
			}
			if matches, _ := filepath.Glob(path + ".stale.*"); len(matches) > 0 {
				t.Errorf("left %v", matches)
			}
		})
	}
}

// A lock taken over as stale is not removed by its late first owner.
func TestLockCloseOnlyOwn(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	l := lockT(t, s)
	os.WriteFile(filepath.Join(s.Dir, "lock"), []byte(`{"pid":2,"host":"other"}`), 0o644)
	l.Close()
	if _, err := os.Stat(filepath.Join(s.Dir, "lock")); err != nil {
		t.Error("Close removed a lock that was not its own")
	}
}

func TestLockRemovesLeftovers(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	tmp := filepath.Join(s.Dir, "snapshots", ".tmp-123")
	os.MkdirAll(tmp, 0o755)
	os.WriteFile(filepath.Join(tmp, "body"), []byte("half"), 0o644)
	// Interrupted after meta.json was written: still not a snapshot.
	os.WriteFile(filepath.Join(tmp, "meta.json"), []byte("{}"), 0o644)
	if h, _ := s.History(); len(h) != 0 {
		t.Errorf("history lists an unfinished save: %v", h)
	}
	// …and still lists the snapshots after it.
	os.MkdirAll(filepath.Join(s.Dir, "snapshots", "20261201T000000Z-00000000"), 0o755)
	os.WriteFile(filepath.Join(s.Dir, "snapshots", "20261201T000000Z-00000000", "meta.json"), []byte("{}"), 0o644)
	if h, _ := s.History(); !reflect.DeepEqual(h, []string{"20261201T000000Z-00000000"}) {
		t.Errorf("history beside an unfinished save: %v", h)
	}
	lockT(t, s).Close()
	if _, err := os.Stat(tmp); !os.IsNotExist(err) {
		t.Error("leftover temporary directory kept")
	}
}

// Savers racing on one directory: every save lands whole, current names
// one of them, nothing temporary is left.
func TestConcurrentSaves(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	const n = 8
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l, err := (&Store{Dir: s.Dir}).Lock(context.Background())
			if err != nil {
				errs <- err
				return
			}
			defer l.Close()
			_, err = l.Save(fetched(fmt.Sprintf("<p>%d</p>", i), time.Date(2026, 12, 1, 0, 0, i, 0, time.UTC)), nil)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	h, err := s.History()
	if err != nil || len(h) != n {
		t.Fatalf("history %v, %v", h, err)
	}
	cur, err := s.Current()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cur.Document(); err != nil {
		t.Error(err)
	}
	for _, name := range h {
		snap, err := s.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := snap.Document(); err != nil {
			t.Error(err)
		}
	}
	ents, _ := os.ReadDir(s.Dir)
	for _, e := range ents {
		if e.Name() != "current" && e.Name() != "snapshots" {
			t.Errorf("left %s in the data directory", e.Name())
		}
	}
}

func TestDefaultDataDir(t *testing.T) {
	home, err := os.UserHomeDir()
	if err != nil {
		t.Skip("no home directory")
	}
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	got, _ := DefaultDataDir(env(map[string]string{"XDG_DATA_HOME": "/srv/data"}))
	if got != filepath.Join("/srv/data", "xopsexport") {
		t.Errorf("with XDG_DATA_HOME: %s", got)
	}
	// A relative XDG_DATA_HOME is invalid by the spec and ignored.
	rel, _ := DefaultDataDir(env(map[string]string{"XDG_DATA_HOME": "data"}))
	def, _ := DefaultDataDir(env(nil))
	if rel != def || !strings.HasPrefix(def, home) || filepath.Base(def) != "xopsexport" {
		t.Errorf("default %s, with relative XDG %s", def, rel)
	}
	want := map[string]string{"darwin": filepath.Join(home, "Library", "Application Support", "xopsexport"),
		"linux": filepath.Join(home, ".local", "share", "xopsexport")}[runtime.GOOS]
	if want != "" && def != want {
		t.Errorf("default on %s: %s, want %s", runtime.GOOS, def, want)
	}
	// LocalAppData means something on Windows only.
	win, _ := DefaultDataDir(env(map[string]string{"LocalAppData": `C:\Users\u\AppData\Local`}))
	if runtime.GOOS == "windows" {
		if win != filepath.Join(`C:\Users\u\AppData\Local`, "xopsexport") {
			t.Errorf("with LocalAppData: %s", win)
		}
	} else if win != def {
		t.Errorf("LocalAppData on %s: %s, want %s", runtime.GOOS, win, def)
	}
}

func TestStoreErrors(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	os.WriteFile(file, []byte("x"), 0o644)
	if _, err := (&Store{Dir: file}).Lock(context.Background()); err == nil ||
		err.Error() != "creating data directory "+file+": not a directory" {
		t.Errorf("Lock on a file: %v", err)
	}
	// snapshots/ is a file: History fails, InUse says so and uses the
	// embedded copy.
	s := &Store{Dir: filepath.Join(dir, "data")}
	os.MkdirAll(s.Dir, 0o755)
	os.WriteFile(filepath.Join(s.Dir, "snapshots"), []byte("x"), 0o644)
	setCurrent(s.Dir, "20261201T000000Z-00000000")
	if _, err := s.History(); err == nil || err.Error() != "data directory "+s.Dir+": not a directory" {
		t.Errorf("History: %v", err)
	}
	d := s.InUse()
	if d.Name != "embedded" || d.Fallback == nil || len(d.Fallback.Damaged) != 2 {
		t.Fatalf("InUse: %+v", d)
	}
	if got := d.Fallback.Damaged[1]; got.Path != filepath.Join(s.Dir, "snapshots") || got.Reason != "not a directory" {
		t.Errorf("damage %+v", got)
	}
	// current unreadable: Current fails (InUse falls back, see
	// TestInUseFallsBack).
	os.Remove(filepath.Join(s.Dir, "current"))
	os.Mkdir(filepath.Join(s.Dir, "current"), 0o755)
	if _, err := s.Current(); err == nil || err.Error() != "data directory "+s.Dir+": is a directory" {
		t.Errorf("Current with current a directory: %v", err)
	}
	if _, err := s.Open("../x"); err == nil || err.Error() != "data directory "+s.Dir+`: no snapshot "../x"` {
		t.Errorf("Open(../x): %v", err)
	}
}

// Old snapshots have no ids.json: they open with an empty ID map. Save
// writes {} for no IDs.
func TestIDsOptional(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	l := lockT(t, s)
	defer l.Close()
	snap, err := l.Save(fetched("<p>one</p>", time.Now()), nil)
	if err != nil {
		t.Fatal(err)
	}
	if raw, _ := os.ReadFile(filepath.Join(snap.Dir, "ids.json")); string(raw) != "{}\n" {
		t.Errorf("ids.json for no IDs: %q", raw)
	}
	os.Remove(filepath.Join(snap.Dir, "ids.json"))
	d := s.InUse()
	if d.Fallback != nil || d.Snapshot == nil || d.Snapshot.IDs == nil || len(d.Snapshot.IDs) != 0 {
		t.Errorf("without ids.json: %+v", d)
	}
	if _, err := l.Save(nil, nil); err == nil || err.Error() != "saving snapshot: nothing fetched" {
		t.Errorf("Save(nil): %v", err)
	}
	if _, err := l.Save(&Fetched{NotModified: true}, nil); err == nil {
		t.Error("Save of a 304: no error")
	}
}

func TestSaveErrors(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	l := lockT(t, s)
	defer l.Close()
	// current cannot be replaced (a directory with something in it): the
	// snapshot is stored, but Save says it is not current.
	os.MkdirAll(filepath.Join(s.Dir, "current", "x"), 0o755)
	if _, err := l.Save(fetched("<p>one</p>", time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)), nil); err == nil ||
		!strings.HasPrefix(err.Error(), "making snapshot 20261201T000000Z-") {
		t.Errorf("current not replaceable: %v", err)
	}
	// snapshots/ gone after the lock was taken: nothing is written
	// anywhere else (such as the working directory).
	os.RemoveAll(filepath.Join(s.Dir, "current"))
	os.RemoveAll(filepath.Join(s.Dir, "snapshots"))
	wd := t.TempDir()
	t.Chdir(wd)
	if _, err := l.Save(fetched("<p>two</p>", time.Now()), nil); err == nil ||
		err.Error() != "saving snapshot in "+s.Dir+": no such file or directory" {
		t.Errorf("snapshots gone: %v", err)
	}
	if ents, _ := os.ReadDir(wd); len(ents) != 0 {
		t.Errorf("wrote %v into the working directory", ents)
	}
}

// Repair cannot always write: it says so.
func TestRepairErrors(t *testing.T) {
	for _, whole := range []bool{true, false} {
		s := &Store{Dir: t.TempDir()}
		names := threeSnapshots(t, s)
		if !whole {
			for _, n := range names {
				write(s.Dir, n, "body", "x")
			}
		}
		os.Remove(filepath.Join(s.Dir, "current"))
		os.MkdirAll(filepath.Join(s.Dir, "current", "x"), 0o755)
		l := lockT(t, s)
		fb, err := l.Repair()
		l.Close()
		if err == nil || !strings.HasPrefix(err.Error(), "repairing "+filepath.Join(s.Dir, "current")+": ") || fb != nil {
			t.Errorf("whole snapshots %v: %+v, %v", whole, fb, err)
		}
	}
}

// Without HOME there is no default data directory, and the error says what
// to do.
func TestDefaultDataDirNoHome(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		t.Skip("home is not $HOME here")
	}
	t.Setenv("HOME", "")
	_, err := DefaultDataDir(func(string) string { return "" })
	if err == nil || !strings.HasPrefix(err.Error(), "finding the data directory: ") || !strings.HasSuffix(err.Error(), " (use --data-dir)") {
		t.Errorf("no home: %v", err)
	}
}
