package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/xopsexport/xopsexport/internal/atomicfile"
)

// writeFile writes path through fn with atomicfile.Write: a failure or an
// interrupt leaves no partial file and an existing file untouched; devices,
// pipes and /dev/stdout are written into, never replaced.
func (e *env) writeFile(ctx context.Context, path string, force bool, fn func(io.Writer) error) (int64, error) {
	n, err := atomicfile.Write(ctx, path, atomicfile.Options{Force: force, Temps: e.temps}, fn)
	if errors.Is(err, atomicfile.ErrReadOnly) {
		return 0, fmt.Errorf("%w (use --force to replace it)", err)
	}
	return n, err
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

// unwrapPath drops the *PathError wrapper of an error about a path the
// message names already.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// readLimited reads at most n bytes of the file at path.
func readLimited(path string, n int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, errors.New("is a directory")
	}
	return io.ReadAll(io.LimitReader(f, n))
}
