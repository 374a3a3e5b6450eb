//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package atomicfile

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func put(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

var errBroke = errors.New("exporter broke")

// onlyFiles lists dir, failing on anything but the names given: no
// temporary file may be left behind.
func onlyFiles(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	for _, e := range entries {
		if !want[e.Name()] {
			t.Errorf("left behind %s", e.Name())
		}
		delete(want, e.Name())
	}
	for n := range want {
		t.Errorf("%s is gone", n)
	}
}

func TestWriteRegularFiles(t *testing.T) {
	tests := []struct {
		name     string
		existing string // "" means no file before
		fn       func(io.Writer) error
		cancel   bool
		want     string // content after; "" means no file
		err      string
	}{
		{"new file", "", put("hello"), false, "hello", ""},
		{"replaces a file", "old", put("new"), false, "new", ""},
		{"empty output", "old", put(""), false, "", ""},
		{"failure keeps the old file", "old", func(w io.Writer) error { io.WriteString(w, "half"); return errBroke }, false, "old", "exporter broke"},
		{"failure leaves no new file", "", func(w io.Writer) error { io.WriteString(w, "half"); return errBroke }, false, "", "exporter broke"},
		{"interrupt keeps the old file", "old", put(strings.Repeat("x", 1<<20)), true, "old", "context canceled"},
		{"interrupt after the writer returned", "old", put("tiny"), true, "old", "context canceled"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "out.txt")
			if tc.existing != "" {
				os.WriteFile(path, []byte(tc.existing), 0o644)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tc.cancel {
				cancel()
			}
			n, err := Write(ctx, path, Options{}, tc.fn)
			if tc.err == "" && err != nil || tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
				t.Fatalf("err = %v, want %q", err, tc.err)
			}
			got, rerr := os.ReadFile(path)
			switch {
			case tc.want == "" && tc.existing == "" && tc.err != "":
				if rerr == nil {
					t.Errorf("file exists with %q", got)
				}
			case string(got) != tc.want:
				t.Errorf("file = %q, want %q", got, tc.want)
			}
			if err == nil && n != int64(len(tc.want)) {
				t.Errorf("n = %d, want %d", n, len(tc.want))
			}
			if tc.want == "" && tc.existing == "" {
				onlyFiles(t, dir) // no new file, and no temporary one
			} else {
				onlyFiles(t, dir, "out.txt")
			}
		})
	}
}

func TestWriteBadTargets(t *testing.T) {
	// Relative links resolved against the working directory by mistake
	// land in a temporary directory, not the source tree (as a mutation
	// run once showed: a file named loop2 beside the package).
	t.Chdir(t.TempDir())
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "afile"), nil, 0o644)
	os.Symlink("loop2", filepath.Join(dir, "loop1"))
	os.Symlink("loop1", filepath.Join(dir, "loop2"))
	for _, tc := range []struct{ path, err string }{
		{filepath.Join(dir, "missing", "f.txt"), "does not exist"},
		{filepath.Join(dir, "afile", "f.txt"), "is not a directory"},
		{dir, "is a directory"},
		{filepath.Join(dir, "loop1"), "too many levels of symbolic links"},
		{filepath.Join(dir, "loop1", "f.txt"), "too many levels of symbolic links"}, // Lstat's own ELOOP
	} {
		_, err := Write(context.Background(), tc.path, Options{}, put("x"))
		if err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s: err = %v, want %q", tc.path, err, tc.err)
		}
		if err != nil && !strings.HasPrefix(err.Error(), "writing "+tc.path+": ") {
			t.Errorf("%s: error %q does not name the path", tc.path, err)
		}
	}
	if os.Geteuid() != 0 { // root ignores a directory's permission bits
		ro := filepath.Join(dir, "ro")
		os.Mkdir(ro, 0o555)
		if _, err := Write(context.Background(), filepath.Join(ro, "f.txt"), Options{}, put("x")); err == nil || !strings.Contains(err.Error(), "permission denied") {
			t.Errorf("read-only dir: %v", err)
		}
	}
}

func mode(t *testing.T, path string) fs.FileMode {
	t.Helper()
	st, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Mode()
}

// TestWriteKeepsMode: replacing a file keeps its permission bits (a private
// tracker stays private); a new file gets 0666 less the umask, as > gives.
func TestWriteKeepsMode(t *testing.T) {
	dir := t.TempDir()
	for _, perm := range []fs.FileMode{0o600, 0o640, 0o755, 0o604} {
		p := filepath.Join(dir, "f"+perm.String())
		os.WriteFile(p, []byte("old"), 0o600)
		os.Chmod(p, perm) // past the umask
		if _, err := Write(context.Background(), p, Options{}, put("new")); err != nil {
			t.Fatal(err)
		}
		if got := mode(t, p).Perm(); got != perm {
			t.Errorf("replacing a %v file left %v", perm, got)
		}
	}
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)
	p := filepath.Join(dir, "new")
	if _, err := Write(context.Background(), p, Options{}, put("x")); err != nil {
		t.Fatal(err)
	}
	if got := mode(t, p).Perm(); got != 0o600 {
		t.Errorf("new file under umask 077 is %v, want -rw-------", got)
	}
	syscall.Umask(0o022)
	p = filepath.Join(dir, "new2")
	Write(context.Background(), p, Options{}, put("x"))
	if got := mode(t, p).Perm(); got != 0o644 {
		t.Errorf("new file under umask 022 is %v, want -rw-r--r--", got)
	}
}

// TestWriteReadOnly: a file without write permission is an error, as the
// shell's > makes it, unless Force; the old content stays.
func TestWriteReadOnly(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "locked.tsv")
	os.WriteFile(p, []byte("old"), 0o444)
	_, err := Write(context.Background(), p, Options{}, put("new"))
	if !errors.Is(err, ErrReadOnly) {
		t.Fatalf("err = %v, want ErrReadOnly", err)
	}
	if got, _ := os.ReadFile(p); string(got) != "old" {
		t.Errorf("read-only file now %q", got)
	}
	if _, err := Write(context.Background(), p, Options{Force: true}, put("new")); err != nil {
		t.Fatalf("Force: %v", err)
	}
	if got, _ := os.ReadFile(p); string(got) != "new" {
		t.Errorf("forced file = %q", got)
	}
	if got := mode(t, p).Perm(); got != 0o444 {
		t.Errorf("forced file is %v, want its old -r--r--r--", got)
	}
	onlyFiles(t, dir, "locked.tsv")
}

// TestWriteFollowsSymlinks: a link (absolute, relative, a chain, or one
// whose target does not exist yet) keeps pointing at the new content.
func TestWriteFollowsSymlinks(t *testing.T) {
	t.Chdir(t.TempDir()) // as in TestWriteBadTargets
	dir := t.TempDir()
	sync := filepath.Join(dir, "sync")
	os.Mkdir(sync, 0o755)
	target := filepath.Join(sync, "tracker.xlsx")
	os.WriteFile(target, []byte("old"), 0o640)
	os.Symlink(target, filepath.Join(dir, "abs.xlsx"))
	os.Symlink("sync/tracker.xlsx", filepath.Join(dir, "rel.xlsx"))
	os.Symlink("rel.xlsx", filepath.Join(dir, "chain.xlsx"))
	os.Symlink("sync/later.xlsx", filepath.Join(dir, "dangling.xlsx"))
	for _, link := range []string{"abs.xlsx", "rel.xlsx", "chain.xlsx"} {
		p := filepath.Join(dir, link)
		if _, err := Write(context.Background(), p, Options{}, put("via "+link)); err != nil {
			t.Fatalf("%s: %v", link, err)
		}
		if mode(t, p)&fs.ModeSymlink == 0 {
			t.Errorf("%s was replaced by a regular file", link)
		}
		if got, _ := os.ReadFile(target); string(got) != "via "+link {
			t.Errorf("after writing %s the target holds %q", link, got)
		}
		if got := mode(t, target).Perm(); got != 0o640 {
			t.Errorf("target mode now %v", got)
		}
	}
	p := filepath.Join(dir, "dangling.xlsx")
	if _, err := Write(context.Background(), p, Options{}, put("new")); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(sync, "later.xlsx")); string(got) != "new" {
		t.Errorf("dangling link's target = %q", got)
	}
	onlyFiles(t, dir, "sync", "abs.xlsx", "rel.xlsx", "chain.xlsx", "dangling.xlsx")
	onlyFiles(t, sync, "tracker.xlsx", "later.xlsx")
}

// TestWriteKeepsOwner: as root (a container, CI), replacing a user's file
// must not hand it to root.
func TestWriteKeepsOwner(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to give a file away")
	}
	p := filepath.Join(t.TempDir(), "f.tsv")
	os.WriteFile(p, []byte("old"), 0o600)
	if err := os.Chown(p, 65534, 65534); err != nil {
		t.Skip(err)
	}
	if _, err := Write(context.Background(), p, Options{}, put("new")); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(p)
	s := st.Sys().(*syscall.Stat_t)
	if s.Uid != 65534 || s.Gid != 65534 {
		t.Errorf("owner now %d:%d, want 65534:65534", s.Uid, s.Gid)
	}
}

// mknod makes a character device node in a private directory (never the
// real /dev); it skips where that is not allowed.
func mknod(t *testing.T, path string, major, minor uint32) {
	t.Helper()
	if err := syscall.Mknod(path, syscall.S_IFCHR|0o666, int(major<<8|minor)); err != nil {
		t.Skipf("cannot make a device node here: %v", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Skipf("device nodes do not open here (nodev mount?): %v", err)
	}
	f.Close()
}

// TestWriteDevices: a device is written into, never renamed over (H1: as
// root, -o /dev/null used to turn the node into a regular file).
func TestWriteDevices(t *testing.T) {
	dir := t.TempDir()
	null := filepath.Join(dir, "null")
	mknod(t, null, 1, 3)
	n, err := Write(context.Background(), null, Options{}, put(strings.Repeat("x", 100<<10)))
	if err != nil || n != 100<<10 {
		t.Fatalf("null: n=%d err=%v", n, err)
	}
	if m := mode(t, null); m&fs.ModeCharDevice == 0 {
		t.Errorf("null is now %v, want a character device", m)
	}
	full := filepath.Join(dir, "full")
	mknod(t, full, 1, 7)
	_, err = Write(context.Background(), full, Options{}, put("x"))
	if err == nil || !strings.Contains(err.Error(), "no space left on device") || !strings.HasPrefix(err.Error(), "writing "+full) {
		t.Errorf("full: err = %v, want writing %s: no space left on device", err, full)
	}
	// A link to a device is a device too.
	os.Symlink(null, filepath.Join(dir, "link"))
	if _, err := Write(context.Background(), filepath.Join(dir, "link"), Options{}, put("x")); err != nil {
		t.Fatal(err)
	}
	if m := mode(t, null); m&fs.ModeCharDevice == 0 {
		t.Errorf("null behind a link is now %v", m)
	}
	onlyFiles(t, dir, "null", "full", "link")
}

// TestWriteFIFO: a named pipe gets the data and stays a pipe.
func TestWriteFIFO(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skip(err)
	}
	got := make(chan string)
	go func() {
		f, err := os.Open(p)
		if err != nil {
			got <- err.Error()
			return
		}
		b, _ := io.ReadAll(f)
		f.Close()
		got <- string(b)
	}()
	if _, err := Write(context.Background(), p, Options{}, put("through the pipe")); err != nil {
		t.Fatal(err)
	}
	if s := <-got; s != "through the pipe" {
		t.Errorf("reader got %q", s)
	}
	if m := mode(t, p); m&fs.ModeNamedPipe == 0 {
		t.Errorf("pipe is now %v", m)
	}
	onlyFiles(t, dir, "pipe")
}

// TestWriteInheritedStreams: /proc/self/fd/N (what /dev/stdout and a
// shell's >(…) are) is written into; an inherited >> file is appended to.
func TestWriteInheritedStreams(t *testing.T) {
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		t.Skip("no /proc/self/fd")
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan string)
	go func() { b, _ := io.ReadAll(r); got <- string(b) }()
	path := "/proc/self/fd/" + itoa(int(w.Fd()))
	if _, err := Write(context.Background(), path, Options{}, put("to the pipe")); err != nil {
		t.Fatal(err)
	}
	w.Close()
	if s := <-got; s != "to the pipe" {
		t.Errorf("pipe got %q", s)
	}

	f, _ := os.OpenFile(filepath.Join(t.TempDir(), "log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	defer f.Close()
	f.WriteString("kept\n")
	if _, err := Write(context.Background(), "/dev/fd/"+itoa(int(f.Fd())), Options{}, put("appended\n")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(f.Name()); string(b) != "kept\nappended\n" {
		t.Errorf(">> file = %q", b)
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

func TestIsFDPath(t *testing.T) {
	for p, want := range map[string]bool{
		"/dev/stdout": true, "/dev/stderr": true, "/dev/fd/63": true, "/proc/self/fd/1": true,
		"/proc/123/fd/4": true, "/proc/thread-self/fd/2": true, "/dev/./stdout": true,
		"/dev/null": false, "/proc/self/status": false, "/proc/abc/fd/1": false, "out.tsv": false,
		"/dev/stdout.tsv": false, "/proc//fd/1": false,
	} {
		if got := isFDPath(p); got != want {
			t.Errorf("isFDPath(%q) = %v, want %v", p, got, want)
		}
	}
}

// TestStaleTempsRemoved: leftovers of a killed run (ours, or an older
// version's, for the same name) go once they are an hour old and nobody
// holds them; fresh or locked ones and other people's files stay.
func TestStaleTempsRemoved(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-2 * time.Hour)
	mk := func(name string, age time.Time) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte("junk"), 0o600)
		os.Chtimes(p, age, age)
		return p
	}
	mk(".out.txt.0a1b2c.xopsexport.tmp", old)
	mk(".other.pdf.ffff.xopsexport.tmp", old)
	mk(".out.txt.4176220948.tmp", old) // an earlier version's name
	mk(".out.txt.5.xopsexport.tmp", time.Now())
	mk(".cards.pdf.123.tmp", old) // an earlier version's, another file: not ours to judge
	mk("notes.tmp", old)
	mk(".zz.xopsexport.tmp", old) // after the fresh one in directory order: the sweep goes on past it
	locked := mk(".busy.xopsexport.tmp", old)
	f, _ := os.OpenFile(locked, os.O_RDWR, 0)
	defer f.Close()
	lock(f)
	if _, err := Write(context.Background(), filepath.Join(dir, "out.txt"), Options{}, put("x")); err != nil {
		t.Fatal(err)
	}
	onlyFiles(t, dir, "out.txt", ".out.txt.5.xopsexport.tmp", ".cards.pdf.123.tmp", "notes.tmp", ".busy.xopsexport.tmp")
}

// TestTempsRemoveAll: a signal handler that removes the temporary files
// mid-write leaves nothing behind, and the write fails rather than
// renaming a missing file.
func TestTempsRemoveAll(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.txt")
	os.WriteFile(p, []byte("old"), 0o644)
	temps := &Temps{}
	_, err := Write(context.Background(), p, Options{Temps: temps}, func(w io.Writer) error {
		io.WriteString(w, "half")
		if n := temps.RemoveAll(); n != 1 {
			t.Errorf("RemoveAll removed %d files, want 1", n)
		}
		return nil
	})
	if err == nil {
		t.Error("write succeeded after its temporary file was removed")
	}
	if b, _ := os.ReadFile(p); string(b) != "old" {
		t.Errorf("file = %q", b)
	}
	onlyFiles(t, dir, "out.txt")
	var none *Temps
	if none.RemoveAll() != 0 {
		t.Error("nil Temps removed something")
	}
}

func TestWriteBytes(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f")
	if err := WriteBytes(p, []byte("data")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "data" {
		t.Errorf("got %q", b)
	}
}

// tempIn returns the one temporary file in dir, for a test looking at a
// write in progress.
func tempIn(t *testing.T, dir string) string {
	t.Helper()
	matches, _ := filepath.Glob(filepath.Join(dir, ".*"+tempSuffix))
	if len(matches) != 1 {
		t.Fatalf("temporary files: %v", matches)
	}
	return matches[0]
}

// TestWriteTempIsPrivate: while a private file is being replaced, its new
// content is no more readable than the old (the temporary file starts as
// 0600 and gets the old mode only once complete).
func TestWriteTempIsPrivate(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "secret.txt")
	os.WriteFile(p, []byte("old"), 0o600)
	os.Chmod(p, 0o600)
	_, err := Write(context.Background(), p, Options{}, func(w io.Writer) error {
		if m := mode(t, tempIn(t, dir)).Perm(); m&0o077 != 0 {
			t.Errorf("temporary file mode %v while replacing a 0600 file", m)
		}
		return put("new")(w)
	})
	if err != nil {
		t.Fatal(err)
	}
	if m := mode(t, p).Perm(); m != 0o600 {
		t.Errorf("mode after = %v", m)
	}
}

// TestWriteLockedWhileWriting: a write that takes longer than the stale
// age is not swept away by another run writing in the same directory.
func TestWriteLockedWhileWriting(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "slow.pdf")
	_, err := Write(context.Background(), p, Options{}, func(w io.Writer) error {
		tmp := tempIn(t, dir)
		long := time.Now().Add(-2 * staleAge)
		os.Chtimes(tmp, long, long)
		if _, err := Write(context.Background(), filepath.Join(dir, "other.txt"), Options{}, put("x")); err != nil {
			return err
		}
		if _, err := os.Stat(tmp); err != nil {
			t.Errorf("another run's sweep removed the file being written: %v", err)
		}
		return put("pages")(w)
	})
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "pages" {
		t.Errorf("file = %q", b)
	}
	onlyFiles(t, dir, "slow.pdf", "other.txt")
}

// TestWriteCancelled: a run cancelled while its exporter is writing leaves
// the old file as it was and says it was cancelled, whether the exporter
// then returns its own error, nothing, or had written nothing at all.
func TestWriteCancelled(t *testing.T) {
	for name, fn := range map[string]func(cancel func(), w io.Writer) error{
		"fails after the cancel":  func(cancel func(), w io.Writer) error { cancel(); return errBroke },
		"returns nil, wrote none": func(cancel func(), w io.Writer) error { cancel(); return nil },
		"returns nil, wrote some": func(cancel func(), w io.Writer) error { io.WriteString(w, "half"); cancel(); return nil },
		"writes after the cancel": func(cancel func(), w io.Writer) error { cancel(); _, err := io.WriteString(w, "half"); return err },
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, "out.txt")
			os.WriteFile(p, []byte("old"), 0o644)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			_, err := Write(ctx, p, Options{}, func(w io.Writer) error { return fn(cancel, w) })
			if err != context.Canceled { // as it is, not wrapped: Write's contract
				t.Errorf("err = %#v, want context.Canceled", err)
			}
			if b, _ := os.ReadFile(p); string(b) != "old" {
				t.Errorf("file = %q, want the old content", b)
			}
			onlyFiles(t, dir, "out.txt")
		})
	}
}

// TestTempsForgetFinished: a finished write, or a failed one, leaves
// nothing for a signal handler's RemoveAll: the name it used may by then
// be another run's file.
func TestTempsForgetFinished(t *testing.T) {
	dir := t.TempDir()
	temps := &Temps{}
	var used []string
	note := func(fn func(io.Writer) error) func(io.Writer) error {
		return func(w io.Writer) error { used = append(used, tempIn(t, dir)); return fn(w) }
	}
	if _, err := Write(context.Background(), filepath.Join(dir, "a.txt"), Options{Temps: temps}, note(put("a"))); err != nil {
		t.Fatal(err)
	}
	Write(context.Background(), filepath.Join(dir, "b.txt"), Options{Temps: temps}, note(func(io.Writer) error { return errBroke }))
	for _, name := range used { // someone else's files now
		os.WriteFile(name, []byte("theirs"), 0o644)
	}
	if n := temps.RemoveAll(); n != 0 {
		t.Errorf("RemoveAll after finished writes removed %d files", n)
	}
	for _, name := range used {
		if _, err := os.Stat(name); err != nil {
			t.Errorf("%s: %v", filepath.Base(name), err)
		}
	}
}

// TestWriteRenameFails: when the final rename fails (here the target
// became a directory while the export ran), the error names the user's
// path and not the temporary file, which is gone.
func TestWriteRenameFails(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.txt")
	_, err := Write(context.Background(), p, Options{}, func(w io.Writer) error {
		if err := os.Mkdir(p, 0o755); err != nil {
			return err
		}
		return put("x")(w)
	})
	if err == nil || !strings.HasPrefix(err.Error(), "writing "+p+": ") || strings.Contains(err.Error(), tempSuffix) {
		t.Errorf("err = %v, want one naming %s and not the temporary file", err, p)
	}
	onlyFiles(t, dir, "out.txt")
}

// TestTempsRemoveAllOnce: RemoveAll forgets what it removed, so a second
// call (a second signal) cannot remove a file made since under that name.
func TestTempsRemoveAllOnce(t *testing.T) {
	dir := t.TempDir()
	temps := &Temps{}
	var name string
	Write(context.Background(), filepath.Join(dir, "out.txt"), Options{Temps: temps}, func(w io.Writer) error {
		name = tempIn(t, dir)
		if n := temps.RemoveAll(); n != 1 {
			t.Errorf("first RemoveAll removed %d", n)
		}
		os.WriteFile(name, []byte("theirs"), 0o644)
		if n := temps.RemoveAll(); n != 0 {
			t.Errorf("second RemoveAll removed %d", n)
		}
		if _, err := os.Stat(name); err != nil {
			t.Errorf("the file made after the first RemoveAll: %v", err)
		}
		return nil // the process would have exited by now; what follows is not the point
	})
}

// TestCountingWriter: the writer the CLI puts before standard output
// counts what passes and refuses to write once the run is cancelled.
func TestCountingWriter(t *testing.T) {
	var out strings.Builder
	ctx, cancel := context.WithCancel(context.Background())
	w := NewCountingWriter(ctx, &out)
	io.WriteString(w, "abc")
	cancel()
	if n, err := io.WriteString(w, "def"); n != 0 || err != context.Canceled {
		t.Errorf("write after cancel = %d, %v", n, err)
	}
	if out.String() != "abc" || w.(*cancelWriter).n != 3 {
		t.Errorf("wrote %q, counted %d", out.String(), w.(*cancelWriter).n)
	}
}

// TestUnwrap drops the wrappers whose text names a temporary file.
func TestUnwrap(t *testing.T) {
	inner := syscall.ENOSPC
	for _, err := range []error{
		&fs.PathError{Op: "write", Path: ".x.tmp", Err: inner},
		&os.LinkError{Op: "rename", Old: ".x.tmp", New: "x", Err: inner},
	} {
		if got := Unwrap(err); got != inner {
			t.Errorf("Unwrap(%v) = %v", err, got)
		}
	}
	if got := Unwrap(errBroke); got != errBroke {
		t.Errorf("Unwrap(plain) = %v", got)
	}
}

// TestWriteDirectErrors: writing into a stream, the exporter's own error
// comes back as it is, and a cancelled run says it was cancelled whatever
// the exporter returned after.
func TestWriteDirectErrors(t *testing.T) {
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		t.Skip("no /proc/self/fd")
	}
	f, err := os.OpenFile(filepath.Join(t.TempDir(), "log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	path := "/dev/fd/" + itoa(int(f.Fd()))
	if _, err := Write(context.Background(), path, Options{}, func(io.Writer) error { return errBroke }); err != errBroke {
		t.Errorf("exporter failing: err = %v, want errBroke", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if _, err := Write(ctx, path, Options{}, func(io.Writer) error { cancel(); return errBroke }); err != context.Canceled {
		t.Errorf("cancelled: err = %v, want context.Canceled", err)
	}
}

// TestWriteExporterPathError: an exporter's own file error (a tracker it
// could not open) comes back as it is, naming that file; only an error
// about the temporary file is reworded to name the output.
func TestWriteExporterPathError(t *testing.T) {
	dir := t.TempDir()
	theirs := &fs.PathError{Op: "open", Path: "/data/tracker.xlsx", Err: fs.ErrNotExist}
	_, err := Write(context.Background(), filepath.Join(dir, "out.xlsx"), Options{}, func(io.Writer) error { return theirs })
	if err != theirs {
		t.Errorf("err = %v, want the exporter's %v", err, theirs)
	}
	onlyFiles(t, dir)
}
