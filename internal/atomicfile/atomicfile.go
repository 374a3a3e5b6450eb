// Package atomicfile writes output files without harming what is already
// there.
//
// A regular file (or a missing one) is replaced atomically: data goes to a
// synced temporary file in the directory of the real target (symlinks are
// followed, so a link keeps pointing at the new content), which is renamed
// over it only when everything succeeded; the old file's mode and, as root,
// its owner are kept, and a new file gets 0666 less the umask, as the
// shell's > gives. A failure or a cancelled context leaves no partial file
// and the old file intact. Anything else (a character device such as
// /dev/null, a FIFO, a process substitution, /dev/stdout) is written
// straight into, never renamed over.
package atomicfile

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"time"
)

// ErrReadOnly is returned for an existing file without write permission,
// unless Options.Force is set.
var ErrReadOnly = errors.New("file is read-only")

// Options tunes Write. The zero value is ready to use.
type Options struct {
	// Force replaces a read-only file, as rm -f would.
	Force bool
	// Temps, if set, records the temporary files being written, so that a
	// signal handler can remove them before a forced exit.
	Temps *Temps
}

// tempSuffix ends every temporary file this package makes, so a later run
// can tell its own stale leftovers from anyone else's files.
const tempSuffix = ".xopsexport.tmp"

// staleAge is how old an unlocked temporary file must be before a later run
// removes it; younger ones may belong to a run that is still starting.
const staleAge = time.Hour

// maxLinks bounds symlink chains, as the kernel's ELOOP does.
const maxLinks = 40

// Write replaces path with what fn writes and returns the byte count.
// Errors from fn and ctx come back as they are; file-system errors name
// path (never the temporary file).
func Write(ctx context.Context, path string, o Options, fn func(io.Writer) error) (int64, error) {
	t, err := resolve(path)
	if err != nil {
		return 0, fmt.Errorf("writing %s: %w", path, err)
	}
	if t.direct {
		return writeDirect(ctx, path, t.path, fn)
	}
	if t.exists && !o.Force && !writable(t.info, t.path) {
		return 0, fmt.Errorf("writing %s: %w", path, ErrReadOnly)
	}
	dir := filepath.Dir(t.path)
	removeStale(dir, filepath.Base(t.path))
	perm := os.FileMode(0o666) // the umask applies, as for >
	if t.exists {
		perm = 0o600 // widened to the old file's mode once written
	}
	tmp, err := createTemp(dir, filepath.Base(t.path), perm)
	if err != nil {
		return 0, fmt.Errorf("writing %s: %w", path, unwrap(err))
	}
	o.Temps.add(tmp.Name())
	defer o.Temps.remove(tmp.Name())
	lock(tmp)
	fail := func(err error) (int64, error) {
		tmp.Close()
		os.Remove(tmp.Name())
		return 0, err
	}
	cw := &cancelWriter{ctx: ctx, w: tmp}
	bw := bufio.NewWriterSize(cw, 64<<10)
	if err := fn(bw); err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return fail(cerr)
		}
		var pe *fs.PathError
		if errors.As(err, &pe) && pe.Path == tmp.Name() {
			// The writer passed on a failed write (a full disk).
			return fail(fmt.Errorf("writing %s: %w", path, pe.Err))
		}
		return fail(err)
	}
	err = bw.Flush()
	if err == nil {
		err = ctx.Err()
	}
	if err == nil && t.exists {
		err = keepOwnerAndMode(tmp, t.info)
	}
	// Replacing a file, the data must be on disk before the rename, or a
	// crash could leave an empty file where the old one was. A new file
	// risks nothing older, and an fsync costs more than writing most
	// exports (tens of ms on a busy disk), so it is skipped.
	if err == nil && t.exists {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), t.path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return 0, err
		}
		return 0, fmt.Errorf("writing %s: %w", path, unwrap(err))
	}
	if t.exists {
		SyncDir(dir)
	}
	return cw.n, nil
}

// WriteBytes replaces path with data.
func WriteBytes(path string, data []byte) error {
	_, err := Write(context.Background(), path, Options{}, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
	return err
}

// target is what a path names once symlinks are followed.
type target struct {
	path   string // the file to replace, symlinks resolved
	info   fs.FileInfo
	exists bool
	direct bool // not a regular file: write into it, never rename over it
}

func resolve(path string) (target, error) {
	if isFDPath(path) {
		return target{path: path, direct: true}, nil
	}
	p := path
	for range maxLinks {
		st, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
			return newFile(p)
		}
		if err != nil {
			return target{}, unwrap(err)
		}
		if st.Mode()&fs.ModeSymlink == 0 {
			switch {
			case st.IsDir():
				return target{}, errors.New("is a directory")
			case !st.Mode().IsRegular():
				return target{path: p, info: st, exists: true, direct: true}, nil
			}
			return target{path: p, info: st, exists: true}, nil
		}
		link, err := os.Readlink(p)
		if err != nil {
			return target{}, unwrap(err)
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(filepath.Dir(p), link)
		}
		p = link
	}
	return target{}, errors.New("too many levels of symbolic links")
}

// newFile is a target that does not exist yet; its directory must.
func newFile(p string) (target, error) {
	dir := filepath.Dir(p)
	st, err := os.Stat(dir)
	switch {
	case err != nil:
		return target{}, fmt.Errorf("directory %s does not exist", dir)
	case !st.IsDir():
		return target{}, fmt.Errorf("%s is not a directory", dir)
	}
	return target{path: p}, nil
}

// isFDPath reports whether path names one of the process's open files
// (/dev/stdout, /dev/fd/3, /proc/self/fd/1, a shell's >(…)): whatever it
// is, it is the caller's stream to write into, not a file to replace.
func isFDPath(path string) bool {
	p := filepath.Clean(path)
	switch p {
	case "/dev/stdout", "/dev/stderr":
		return true
	}
	for _, pre := range []string{"/dev/fd/", "/proc/self/fd/", "/proc/thread-self/fd/"} {
		if strings.HasPrefix(p, pre) {
			return true
		}
	}
	if rest, ok := strings.CutPrefix(p, "/proc/"); ok {
		pid, fd, ok := strings.Cut(rest, "/fd/")
		return ok && pid != "" && strings.Trim(pid, "0123456789") == "" && fd != ""
	}
	return false
}

// writeDirect writes into a device, FIFO or inherited stream. Nothing is
// truncated or created: O_APPEND keeps an inherited >> file whole, and a
// file opened by the shell's > is empty anyway.
func writeDirect(ctx context.Context, path, real string, fn func(io.Writer) error) (int64, error) {
	f, err := os.OpenFile(real, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return 0, fmt.Errorf("writing %s: %w", path, unwrap(err))
	}
	cw := &cancelWriter{ctx: ctx, w: f}
	bw := bufio.NewWriterSize(cw, 64<<10)
	err = fn(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return cw.n, cerr
		}
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return cw.n, fmt.Errorf("writing %s: %w", path, pe.Err)
		}
		return cw.n, err
	}
	return cw.n, nil
}

func createTemp(dir, base string, perm os.FileMode) (*os.File, error) {
	var b [6]byte
	for {
		rand.Read(b[:])
		name := filepath.Join(dir, "."+base+"."+hex.EncodeToString(b[:])+tempSuffix)
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		if !errors.Is(err, fs.ErrExist) {
			return f, err
		}
	}
}

// legacyTemp matches the temporary names of earlier versions
// (.<base>.<digits>.tmp), which were never cleaned up.
var legacyTemp = regexp.MustCompile(`^\..+\.[0-9]+\.tmp$`)

// removeStale deletes temporary files that runs killed with SIGKILL or a
// power cut left in dir: ours by name, older than staleAge, and not locked
// by a run still writing them. Errors are ignored: cleaning up is a
// courtesy, not part of the write.
func removeStale(dir, base string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		n := e.Name()
		ours := strings.HasPrefix(n, ".") && strings.HasSuffix(n, tempSuffix)
		legacy := strings.HasPrefix(n, "."+base+".") && legacyTemp.MatchString(n)
		if !ours && !legacy || !e.Type().IsRegular() {
			continue
		}
		info, err := e.Info()
		if err != nil || time.Since(info.ModTime()) < staleAge {
			continue
		}
		p := filepath.Join(dir, n)
		if f, err := os.OpenFile(p, os.O_RDWR, 0); err == nil {
			if tryLock(f) {
				os.Remove(p)
			}
			f.Close()
		}
	}
}

// SyncDir makes a rename in dir durable. Not every OS can sync a directory
// (Windows cannot); the rename is atomic there all the same, so errors are
// ignored.
func SyncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// Unwrap drops the *PathError or *LinkError wrapper, whose text names a
// temporary file the user never asked about.
func Unwrap(err error) error { return unwrap(err) }

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// cancelWriter counts bytes and fails the first write after ctx is
// cancelled, so Ctrl-C aborts a long export promptly.
type cancelWriter struct {
	ctx context.Context
	w   io.Writer
	n   int64
}

func (c *cancelWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// NewCountingWriter wraps w so that writes fail once ctx is cancelled.
func NewCountingWriter(ctx context.Context, w io.Writer) io.Writer {
	return &cancelWriter{ctx: ctx, w: w}
}

// Temps is the set of temporary files in use. A nil *Temps records
// nothing.
type Temps struct {
	mu    sync.Mutex
	names map[string]bool
}

func (t *Temps) add(name string) {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.names == nil {
		t.names = map[string]bool{}
	}
	t.names[name] = true
}

func (t *Temps) remove(name string) {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.names, name)
}

// RemoveAll deletes every temporary file still being written and returns
// how many it removed; for a signal handler about to exit.
func (t *Temps) RemoveAll() int {
	if t == nil {
		return 0
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	n := 0
	for name := range t.names {
		if os.Remove(name) == nil {
			n++
		}
		delete(t.names, name)
	}
	return n
}
