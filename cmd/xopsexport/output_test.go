package main

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xopsexport/xopsexport/internal/atomicfile"
)

func TestWriteAtomic(t *testing.T) {
	failing := errors.New("exporter broke")
	tests := []struct {
		name     string
		existing string // "" means no file before
		fn       func(io.Writer) error
		cancel   bool
		want     string // file content after; "" means no file
		err      string
	}{
		{"new file", "", func(w io.Writer) error { _, err := io.WriteString(w, "hello"); return err }, false, "hello", ""},
		{"replaces a file", "old", func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }, false, "new", ""},
		{"failure keeps the old file", "old", func(w io.Writer) error { io.WriteString(w, "half"); return failing }, false, "old", "exporter broke"},
		{"failure leaves no new file", "", func(w io.Writer) error { io.WriteString(w, "half"); return failing }, false, "", "exporter broke"},
		{"interrupt keeps the old file", "old", func(w io.Writer) error { _, err := io.WriteString(w, strings.Repeat("x", 1<<20)); return err }, true, "old", "context canceled"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "out.txt")
			if tc.existing != "" {
				os.WriteFile(path, []byte(tc.existing), 0o644)
			}
			ctx, cancel := context.WithCancel(context.Background())
			if tc.cancel {
				cancel()
			}
			defer cancel()
			_, err := writeAtomic(ctx, path, tc.fn)
			if tc.err == "" && err != nil || tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
				t.Fatalf("err = %v, want %q", err, tc.err)
			}
			got, rerr := os.ReadFile(path)
			if tc.want == "" {
				if rerr == nil {
					t.Errorf("file exists with %q", got)
				}
			} else if string(got) != tc.want {
				t.Errorf("file = %q, want %q", got, tc.want)
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if e.Name() != "out.txt" {
					t.Errorf("left behind %s", e.Name())
				}
			}
		})
	}
}

func TestWriteAtomicBadTargets(t *testing.T) {
	dir := t.TempDir()
	ok := func(w io.Writer) error { _, err := io.WriteString(w, "x"); return err }
	if _, err := writeAtomic(context.Background(), filepath.Join(dir, "missing", "f.txt"), ok); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("missing dir: %v", err)
	}
	if _, err := writeAtomic(context.Background(), dir, ok); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("directory as target: %v", err)
	}
	if os.Geteuid() != 0 { // root ignores permission bits
		ro := filepath.Join(dir, "ro")
		os.Mkdir(ro, 0o555)
		if _, err := writeAtomic(context.Background(), filepath.Join(ro, "f.txt"), ok); err == nil || !strings.Contains(err.Error(), "permission denied") {
			t.Errorf("read-only dir: %v", err)
		}
	}
	// A full disk: /dev/full fails every write with ENOSPC.
	if _, err := os.Stat("/dev/full"); err == nil {
		cw := atomicfile.NewCountingWriter(context.Background(), mustOpen(t, "/dev/full"))
		if _, err := cw.Write([]byte("x")); err == nil || !strings.Contains(err.Error(), "no space left") {
			t.Errorf("/dev/full: %v", err)
		}
	}
}

func mustOpen(t *testing.T, path string) *os.File {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Skip(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}
