// Package atomicfile replaces files so that readers see the old content or
// the new, never a mix: data goes to a synced temporary file beside the
// target, which is renamed over it only when everything succeeded. A
// failure or a cancelled context leaves no partial file and the old file
// intact.
package atomicfile

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Write replaces path with what fn writes and returns the byte count.
// Errors from fn and ctx come back as they are; file-system errors are
// stripped of the temporary file's name.
func Write(ctx context.Context, path string, fn func(io.Writer) error) (int64, error) {
	dir := filepath.Dir(path)
	if st, err := os.Stat(dir); err != nil {
		return 0, fmt.Errorf("directory %s does not exist", dir)
	} else if !st.IsDir() {
		return 0, fmt.Errorf("%s is not a directory", dir)
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return 0, errors.New("is a directory")
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return 0, Unwrap(err)
	}
	cw := &countingWriter{ctx: ctx, w: tmp}
	bw := bufio.NewWriterSize(cw, 64<<10)
	if err := fn(bw); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		if cerr := ctx.Err(); cerr != nil {
			return 0, cerr
		}
		return 0, err
	}
	err = bw.Flush()
	if err == nil {
		err = ctx.Err()
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		if errors.Is(err, context.Canceled) {
			return 0, err
		}
		return 0, Unwrap(err)
	}
	SyncDir(dir)
	return cw.n, nil
}

// WriteBytes replaces path with data.
func WriteBytes(path string, data []byte) error {
	_, err := Write(context.Background(), path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
	return err
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
func Unwrap(err error) error {
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

// countingWriter counts bytes and stops at the first write after ctx is
// cancelled, so Ctrl-C aborts a long export promptly.
type countingWriter struct {
	ctx context.Context
	w   io.Writer
	n   int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// NewCountingWriter wraps w so that writes fail once ctx is cancelled.
func NewCountingWriter(ctx context.Context, w io.Writer) io.Writer {
	return &countingWriter{ctx: ctx, w: w}
}
