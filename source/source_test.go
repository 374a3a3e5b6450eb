package source

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

// zeros streams zero bytes and counts how many were read.
type zeros struct{ n int64 }

func (z *zeros) Read(p []byte) (int, error) {
	clear(p)
	z.n += int64(len(p))
	return len(p), nil
}

func TestReadLimited(t *testing.T) {
	for _, tt := range []struct {
		size, max int64
		tooLarge  bool
	}{
		{0, 10, false},
		{9, 10, false},
		{10, 10, false},
		{11, 10, true},
		{1000, 10, true},
	} {
		z := &zeros{}
		body, err := readLimited(io.LimitReader(z, tt.size), tt.max)
		if tt.tooLarge {
			if !errors.Is(err, ErrTooLarge) || body != nil {
				t.Errorf("%d bytes, max %d: %d bytes, %v; want ErrTooLarge", tt.size, tt.max, len(body), err)
			}
		} else if err != nil || int64(len(body)) != tt.size {
			t.Errorf("%d bytes, max %d: %d bytes, %v", tt.size, tt.max, len(body), err)
		}
		// It stops one byte past the limit, whatever is left.
		if want := min(tt.size, tt.max+1); z.n != want {
			t.Errorf("%d bytes, max %d: read %d, want %d", tt.size, tt.max, z.n, want)
		}
	}
	if _, err := readLimited(iotest.ErrReader(io.ErrClosedPipe), 10); !errors.Is(err, io.ErrClosedPipe) {
		t.Errorf("read error: %v", err)
	}
}

// The cap on standard input and files: an endless pipe is refused after
// the limit plus one byte, not read until memory runs out. With -short the
// loader's limit is 1 MiB; without, the real 64 MiB (read once per case).
func TestOpenRefusesHugeInput(t *testing.T) {
	if MaxBody != 64<<20 {
		t.Fatalf("MaxBody = %d; README documents 64 MiB", MaxBody)
	}
	limit, msg := int64(1<<20), "larger than 64 MiB" // the message names MaxBody, the cap users get
	if !testing.Short() {
		limit = MaxBody
	}
	t.Run("stdin", func(t *testing.T) {
		z := &zeros{}
		// Bounded so that a missing cap shows as a failure, not a hang.
		l := &Loader{Stdin: io.LimitReader(z, limit+1<<20), maxBody: limit}
		d, err := l.Open(context.Background(), "-")
		if !errors.Is(err, ErrTooLarge) || d != nil {
			t.Fatalf("endless stdin: %s, %v", bodyLen(d), err)
		}
		if err.Error() != "reading standard input: "+msg {
			t.Errorf("error %q", err)
		}
		if z.n != limit+1 {
			t.Errorf("read %d bytes of stdin, want %d", z.n, limit+1)
		}
	})
	t.Run("file", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "huge.txt")
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		// Sparse: no disk space used.
		if err := f.Truncate(limit + 1); err != nil {
			t.Fatal(err)
		}
		f.Close()
		d, err := (&Loader{maxBody: limit}).Open(context.Background(), path)
		if !errors.Is(err, ErrTooLarge) || d != nil {
			t.Fatalf("huge file: %s, %v", bodyLen(d), err)
		}
		if want := "reading " + path + ": " + msg; err.Error() != want {
			t.Errorf("error %q, want %q", err, want)
		}
		// One byte less is read.
		if err := os.Truncate(path, limit); err != nil {
			t.Fatal(err)
		}
		if d, err := (&Loader{maxBody: limit}).Open(context.Background(), path); err != nil || int64(len(d.Body)) != limit {
			t.Errorf("file of exactly the limit: %v", err)
		}
	})
}

// bodyLen describes a document by its size: a failing cap must not print
// a megabyte of it.
func bodyLen(d *Document) string {
	if d == nil {
		return "no document"
	}
	return fmt.Sprintf("a document of %d bytes", len(d.Body))
}

func TestOpenStdinAndFiles(t *testing.T) {
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.FixedZone("CET", 3600))
	l := &Loader{Stdin: strings.NewReader("Q1: What is CI?\n"), Now: func() time.Time { return now }}
	d, err := l.Open(context.Background(), "-")
	if err != nil {
		t.Fatal(err)
	}
	if string(d.Body) != "Q1: What is CI?\n" || d.Name != "-" || d.Origin != "standard input" || !d.FetchedAt.Equal(now) ||
		d.FetchedAt.Location() != time.UTC || d.Snapshot != nil {
		t.Errorf("stdin: %+v", d)
	}
	if _, err := (&Loader{}).Open(context.Background(), "-"); err == nil || err.Error() != "reading standard input: no input" {
		t.Errorf("no stdin: %v", err)
	}
	if _, err := (&Loader{Stdin: iotest.ErrReader(io.ErrUnexpectedEOF)}).Open(context.Background(), "-"); err == nil ||
		err.Error() != "reading standard input: unexpected EOF" {
		t.Errorf("failing stdin: %v", err)
	}

	dir := t.TempDir()
	path := filepath.Join(dir, "qa.md")
	os.WriteFile(path, []byte("## DevOps\n"), 0o644)
	mod := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)
	os.Chtimes(path, mod, mod)
	d, err = (&Loader{}).Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(d.Body, []byte("## DevOps\n")) || d.Name != path || d.Origin != "file "+path || !d.FetchedAt.Equal(mod) {
		t.Errorf("file: %+v", d)
	}
	for _, tt := range []struct{ path, want string }{
		{filepath.Join(dir, "missing.txt"), "reading " + filepath.Join(dir, "missing.txt") + ": no such file or directory"},
		{dir, "reading " + dir + ": is a directory"},
	} {
		if _, err := (&Loader{}).Open(context.Background(), tt.path); err == nil || err.Error() != tt.want {
			t.Errorf("Open(%s) = %v, want %s", tt.path, err, tt.want)
		}
	}
	if d := Embedded(); d.Name != "embedded" || d.URL != DefaultURL || len(d.Body) == 0 || d.Snapshot != nil {
		t.Errorf("embedded: %+v", d)
	}
	// Without a data directory "" is the embedded copy, even where the
	// working directory looks like one.
	t.Chdir(t.TempDir())
	os.WriteFile("current", []byte("garbage\n"), 0o644)
	for _, fallback := range []bool{false, true} {
		if d, err := (&Loader{AllowFallback: fallback}).Open(context.Background(), ""); err != nil || d.Name != "embedded" || d.Fallback != nil {
			t.Errorf("Open(\"\") without a data directory: %v, %v", d, err)
		}
	}
}

func TestOtherScheme(t *testing.T) {
	for _, tt := range []struct {
		ref, scheme string
		ok          bool
	}{
		{"ftp://x/y", "ftp", true},
		{"git+ssh://host/r", "git+ssh", true},
		{"s3://bucket/key", "s3", true},
		{"C://notes.txt", "", false}, // a Windows drive
		{"notes.txt", "", false},
		{"dir/notes.txt", "", false},
		{"1ftp://x", "", false},
		{"my_proto://x", "", false},
		{"://x", "", false},
		{"azAZ09+-.://x", "azAZ09+-.", true}, // every edge of the allowed ranges
		{"a`://x", "", false}, {"a{://x", "", false}, {"a@://x", "", false}, {"a[://x", "", false},
		{"a/://x", "", false}, {"a;://x", "", false}, {"9a://x", "", false},
	} {
		if s, ok := otherScheme(tt.ref); s != tt.scheme || ok != tt.ok {
			t.Errorf("otherScheme(%q) = %q, %v; want %q, %v", tt.ref, s, ok, tt.scheme, tt.ok)
		}
	}
	if (&Loader{}).timeout() != DefaultTimeout || (&Loader{Timeout: time.Second}).timeout() != time.Second {
		t.Error("timeout default")
	}
}
