package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// countingWriter counts bytes and stops at the first error or once ctx is
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

// writeAtomic writes a file through fn: into a temporary file beside path,
// renamed over path only when fn and every flush succeeded. A failure or an
// interrupt leaves no partial file and an existing file untouched.
func writeAtomic(ctx context.Context, path string, fn func(io.Writer) error) (int64, error) {
	dir := filepath.Dir(path)
	if st, err := os.Stat(dir); err != nil {
		return 0, fmt.Errorf("writing %s: directory %s does not exist", path, dir)
	} else if !st.IsDir() {
		return 0, fmt.Errorf("writing %s: %s is not a directory", path, dir)
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return 0, fmt.Errorf("writing %s: is a directory", path)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return 0, fmt.Errorf("writing %s: %w", path, pathErr(err))
	}
	cw := &countingWriter{ctx: ctx, w: tmp}
	bw := bufio.NewWriterSize(cw, 64<<10)
	if err := fn(bw); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		if cerr := ctx.Err(); cerr != nil {
			return 0, cerr
		}
		// The exporter's own error already names the format and the cause.
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
		return 0, fmt.Errorf("writing %s: %w", path, pathErr(err))
	}
	return cw.n, nil
}

// pathErr drops the *PathError wrapper, whose text names the temp file.
func pathErr(err error) error {
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

// defaultBase is the file name stem for an export of roles.
func defaultBase(roles []string) string {
	if len(roles) == 0 {
		return "xops-all"
	}
	return "xops-" + strings.Join(roles, "-")
}

// humanSize prints a byte count the way ls -h does.
func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
