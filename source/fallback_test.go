package source

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// threeSnapshots saves three snapshots, one day apart, and returns their
// names, oldest first; the last is current.
func threeSnapshots(t *testing.T, s *Store) []string {
	t.Helper()
	l := lockT(t, s)
	defer l.Close()
	var names []string
	for i, body := range []string{"<p>one</p>", "<p>two</p>", "<p>three</p>"} {
		snap, err := l.Save(fetched(body, time.Date(2026, 12, 1+i, 10, 0, 0, 0, time.UTC)), map[string]CarriedID{"q": {ID: body}})
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, snap.Name)
	}
	return names
}

func TestInUseFallsBack(t *testing.T) {
	bodies := []string{"<p>one</p>", "<p>two</p>", "<p>three</p>"}
	type damage struct {
		snap   int    // index of the damaged snapshot; -1: the current file
		reason string // Damage.Reason, or its start
	}
	tests := []struct {
		name  string
		harm  func(dir string, names []string)
		using int // index of the snapshot used; -1: the embedded copy
		want  []damage
	}{
		{"body changed", func(dir string, n []string) { write(dir, n[2], "body", "<p>thr33</p>") }, 1,
			[]damage{{2, "body is damaged (SHA-256 "}}},
		{"body missing", func(dir string, n []string) { os.Remove(filepath.Join(dir, "snapshots", n[2], "body")) }, 1,
			[]damage{{2, "body: no such file or directory"}}},
		{"meta.json unreadable", func(dir string, n []string) { write(dir, n[2], "meta.json", `{"url": `) }, 1,
			[]damage{{2, "meta.json: unexpected end of JSON input"}}},
		{"ids.json unreadable", func(dir string, n []string) { write(dir, n[2], "ids.json", "[1]") }, 1,
			[]damage{{2, "ids.json: json: cannot unmarshal array"}}},
		{"current names a missing snapshot", func(dir string, n []string) { setCurrent(dir, "20261204T000000Z-deadbeef") }, 2,
			[]damage{{-2, "missing"}}},
		{"current names no snapshot", func(dir string, n []string) { setCurrent(dir, "../../etc") }, 2,
			[]damage{{-1, `names no snapshot: "../../etc"`}}},
		{"current holds a long garbage line", func(dir string, n []string) { setCurrent(dir, strings.Repeat("x/", 50)) }, 2,
			[]damage{{-1, `names no snapshot: "` + strings.Repeat("x/", 20) + `"`}}},
		{"current unreadable", func(dir string, n []string) {
			os.Remove(filepath.Join(dir, "current"))
			os.Mkdir(filepath.Join(dir, "current"), 0o755)
		}, 2, []damage{{-1, "is a directory"}}},
		{"two damaged", func(dir string, n []string) {
			write(dir, n[2], "body", "x")
			write(dir, n[1], "meta.json", "")
		}, 0, []damage{{2, "body is damaged"}, {1, "meta.json: unexpected end of JSON input"}}},
		{"all damaged", func(dir string, n []string) {
			for _, name := range n {
				write(dir, name, "body", "x")
			}
		}, -1, []damage{{2, "body is damaged"}, {1, "body is damaged"}, {0, "body is damaged"}}},
		// A snapshot newer than the one current names is not "previous".
		{"rolled back, damaged", func(dir string, n []string) {
			setCurrent(dir, n[1])
			write(dir, n[1], "body", "x")
		}, 0, []damage{{1, "body is damaged"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := &Store{Dir: t.TempDir()}
			names := threeSnapshots(t, s)
			tt.harm(s.Dir, names)
			doc := s.InUse()
			fb := doc.Fallback
			if fb == nil {
				t.Fatalf("no fallback; using %s", doc.Name)
			}
			if tt.using >= 0 {
				if doc.Snapshot == nil || doc.Snapshot.Name != names[tt.using] || fb.Using != names[tt.using] ||
					string(doc.Body) != bodies[tt.using] || doc.Snapshot.IDs["q"].ID != bodies[tt.using] {
					t.Errorf("using %s (%q), want %s", fb.Using, doc.Body, names[tt.using])
				}
			} else if doc.Name != "embedded" || fb.Using != "" || doc.Snapshot != nil {
				t.Errorf("using %s, want the embedded copy", doc.Name)
			}
			if len(fb.Damaged) != len(tt.want) {
				t.Fatalf("damaged %v, want %d", fb.Damaged, len(tt.want))
			}
			for i, w := range tt.want {
				d := fb.Damaged[i]
				switch w.snap {
				case -1:
					if d.Name != "" || d.Path != filepath.Join(s.Dir, "current") {
						t.Errorf("damage %d is %+v, want the current file", i, d)
					}
				case -2:
					if d.Name != "20261204T000000Z-deadbeef" {
						t.Errorf("damage %d is %+v, want the missing snapshot", i, d)
					}
				default:
					if d.Name != names[w.snap] || d.Path != filepath.Join(s.Dir, "snapshots", names[w.snap]) {
						t.Errorf("damage %d is %+v, want snapshot %s", i, d, names[w.snap])
					}
				}
				if !strings.HasPrefix(d.Reason, w.reason) {
					t.Errorf("damage %d: reason %q, want %q…", i, d.Reason, w.reason)
				}
			}
			// The loader gives the same, when asked to fall back.
			ld, err := (&Loader{DataDir: s.Dir, AllowFallback: true}).Open(context.Background(), "")
			if err != nil || ld.Name != doc.Name || !reflect.DeepEqual(ld.Fallback, fb) {
				t.Errorf("Loader.Open: %v, %+v", err, ld)
			}
			// …and fails without.
			if _, err := (&Loader{DataDir: s.Dir}).Open(context.Background(), ""); err == nil {
				t.Error("Loader.Open without AllowFallback: no error")
			}
		})
	}
}

func write(dir, snap, file, content string) {
	os.WriteFile(filepath.Join(dir, "snapshots", snap, file), []byte(content), 0o644)
}

func setCurrent(dir, name string) {
	os.WriteFile(filepath.Join(dir, "current"), []byte(name+"\n"), 0o644)
}

func TestInUseWhole(t *testing.T) {
	s := &Store{Dir: filepath.Join(t.TempDir(), "data")}
	if d := s.InUse(); d.Name != "embedded" || d.Fallback != nil {
		t.Errorf("no data directory: %+v", d)
	}
	names := threeSnapshots(t, s)
	d := s.InUse()
	if d.Fallback != nil || d.Snapshot == nil || d.Snapshot.Name != names[2] || string(d.Body) != "<p>three</p>" {
		t.Errorf("whole store: %+v", d)
	}
	// Damage in an older snapshot does not matter while current is whole.
	write(s.Dir, names[1], "body", "x")
	if d := s.InUse(); d.Fallback != nil || d.Snapshot.Name != names[2] {
		t.Errorf("older snapshot damaged: %+v", d)
	}
}

func TestFallbackWarning(t *testing.T) {
	dir := filepath.Join("data", "x")
	for _, tt := range []struct {
		fb   Fallback
		want string
	}{
		{Fallback{Dir: dir, Using: "B", Damaged: []Damage{{Name: "A", Reason: "body is damaged (SHA-256 1, recorded 2)"}}},
			"snapshot A is damaged (body is damaged (SHA-256 1, recorded 2)); using B; run `xopsexport refresh` or delete " + filepath.Join(dir, "current")},
		{Fallback{Dir: dir, Damaged: []Damage{{Path: filepath.Join(dir, "current"), Reason: `names no snapshot: "x/y"`}, {Name: "A", Reason: "missing"}}},
			filepath.Join(dir, "current") + ` is damaged (names no snapshot: "x/y"); snapshot A is damaged (missing); using the embedded copy; run ` +
				"`xopsexport refresh` or delete " + filepath.Join(dir, "current")},
	} {
		if got := tt.fb.Warning(); got != tt.want {
			t.Errorf("Warning:\n got %s\nwant %s", got, tt.want)
		}
	}
}

// Repair points current at the fallback, so the warning stops; the
// damaged snapshot is kept. A refresh saved after damage names the
// fallback as its previous snapshot.
func TestRepair(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	names := threeSnapshots(t, s)
	l := lockT(t, s)
	defer l.Close()
	if fb, err := l.Repair(); fb != nil || err != nil {
		t.Fatalf("repair of a whole store: %v, %v", fb, err)
	}
	write(s.Dir, names[2], "body", "x")
	fb, err := l.Repair()
	if err != nil || fb == nil || fb.Using != names[1] {
		t.Fatalf("repair: %+v, %v", fb, err)
	}
	if raw, _ := os.ReadFile(filepath.Join(s.Dir, "current")); string(raw) != names[1]+"\n" {
		t.Errorf("current holds %q after repair", raw)
	}
	if d := s.InUse(); d.Fallback != nil || d.Snapshot.Name != names[1] {
		t.Errorf("after repair: %+v", d)
	}
	if _, err := os.Stat(filepath.Join(s.Dir, "snapshots", names[2], "body")); err != nil {
		t.Errorf("the damaged snapshot was removed: %v", err)
	}

	// Saved on top of a fallback: previous is what it was compared with.
	write(s.Dir, names[1], "body", "x")
	snap, err := l.Save(fetched("<p>four</p>", time.Date(2026, 12, 9, 0, 0, 0, 0, time.UTC)), nil)
	if err != nil {
		t.Fatal(err)
	}
	if snap.Meta.Previous != names[0] {
		t.Errorf("previous %q, want the fallback %s", snap.Meta.Previous, names[0])
	}

	// Nothing whole left: current goes, the embedded copy is used.
	for _, n := range []string{names[0], snap.Name} {
		write(s.Dir, n, "body", "x")
	}
	if fb, err := l.Repair(); err != nil || fb == nil || fb.Using != "" {
		t.Fatalf("repair to the embedded copy: %+v, %v", fb, err)
	}
	if _, err := os.Stat(filepath.Join(s.Dir, "current")); !os.IsNotExist(err) {
		t.Errorf("current kept: %v", err)
	}
	if d := s.InUse(); d.Name != "embedded" || d.Fallback != nil {
		t.Errorf("after repair to the embedded copy: %+v", d)
	}
}

func TestStatus(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	if st := s.Status(); st.Doc.Name != "embedded" || st.History != nil || st.Damaged != nil || st.Refresh != nil {
		t.Errorf("empty store: %+v", st)
	}
	names := threeSnapshots(t, s)
	write(s.Dir, names[0], "meta.json", "{")
	write(s.Dir, names[2], "body", "x")
	st := s.Status()
	if !reflect.DeepEqual(st.History, names) {
		t.Errorf("history %v", st.History)
	}
	if len(st.Damaged) != 2 || st.Damaged[0].Name != names[0] || st.Damaged[1].Name != names[2] {
		t.Errorf("damaged %+v", st.Damaged)
	}
	if st.Doc.Fallback == nil || st.Doc.Fallback.Using != names[1] {
		t.Errorf("in use %+v", st.Doc)
	}
	if st.Refresh != nil {
		t.Errorf("refresh running: %+v", st.Refresh)
	}
	l := lockT(t, s)
	defer l.Close()
	if st := s.Status(); st.Refresh == nil || st.Refresh.PID != os.Getpid() || !strings.HasPrefix(st.Refresh.String(), "pid ") {
		t.Errorf("lock held: %+v", st.Refresh)
	}
}

// A refresh that must wait is told who it waits for, once per holder.
func TestLockOnWait(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	first := lockT(t, s)
	waiting := make(chan LockHolder, 10)
	got := make(chan error, 1)
	go func() {
		l, err := (&Store{Dir: s.Dir, LockWait: time.Minute, OnWait: func(h LockHolder) { waiting <- h }}).Lock(context.Background())
		if err == nil {
			l.Close()
		}
		got <- err
	}()
	h := <-waiting
	if h.PID != os.Getpid() || h.Since.IsZero() {
		t.Errorf("waiting for %+v", h)
	}
	if want := "pid " + strconv.Itoa(os.Getpid()) + " on "; !strings.HasPrefix(h.String(), want) {
		t.Errorf("holder %q, want %q…", h, want)
	}
	first.Close()
	if err := <-got; err != nil {
		t.Fatal(err)
	}
	close(waiting)
	for h := range waiting {
		t.Errorf("told again of the same holder: %+v", h)
	}
	if (LockHolder{}).String() != "holder unknown" {
		t.Error("zero holder")
	}
}

// A refresh waiting for a lock that is not released is told once, though
// it polls several times, and gives up at LockWait naming the holder.
func TestLockOnWaitOnce(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	first := lockT(t, s)
	defer first.Close()
	var told []LockHolder
	_, err := (&Store{Dir: s.Dir, LockWait: 300 * time.Millisecond, OnWait: func(h LockHolder) { told = append(told, h) }}).Lock(context.Background())
	if err == nil || !strings.Contains(err.Error(), "in use by another refresh (pid "+strconv.Itoa(os.Getpid())) {
		t.Errorf("error %v", err)
	}
	if len(told) != 1 {
		t.Errorf("told %d times: %+v", len(told), told)
	}
}
