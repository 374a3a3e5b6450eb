package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/xopsexport/xopsexport/internal/atomicfile"
)

// writeAtomic writes a file through fn with atomicfile.Write: a failure or
// an interrupt leaves no partial file and an existing file untouched. The
// exporter's own errors keep their wording; file-system errors name the path.
func writeAtomic(ctx context.Context, path string, fn func(io.Writer) error) (int64, error) {
	var fnErr error
	n, err := atomicfile.Write(ctx, path, func(w io.Writer) error {
		fnErr = fn(w)
		return fnErr
	})
	var pe *fs.PathError
	switch {
	case err == nil:
		return n, nil
	case errors.Is(err, context.Canceled):
		return 0, err
	case fnErr != nil && errors.As(fnErr, &pe):
		// The exporter passed on a failed write to the temporary file (a
		// full disk): say which file the user asked for.
		return 0, fmt.Errorf("writing %s: %w", path, pe.Err)
	case fnErr != nil:
		return 0, fnErr
	}
	return 0, fmt.Errorf("writing %s: %w", path, err)
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
