//go:build linux

package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestOutputTargets runs format commands against the targets the audit
// found harmed (H1, M1): a device node, a symlink, a private file, a
// read-only file. atomicfile's own tests cover each case in depth; this
// checks the CLI passes them through (and --force).
func TestOutputTargets(t *testing.T) {
	dir := t.TempDir()
	null := filepath.Join(dir, "null")
	if err := syscall.Mknod(null, syscall.S_IFCHR|0o666, 1<<8|3); err != nil {
		t.Skipf("cannot make a device node: %v", err)
	}
	if f, err := os.OpenFile(null, os.O_WRONLY, 0); err != nil {
		t.Skipf("device nodes do not open here: %v", err)
	} else {
		f.Close()
	}
	r := runCLI(t, "", false, "anki", "-o", null)
	if r.code != 0 {
		t.Fatalf("anki -o null: %d %s", r.code, r.stderr)
	}
	if st, _ := os.Lstat(null); st.Mode()&fs.ModeCharDevice == 0 {
		t.Fatalf("the device node became %v", st.Mode())
	}

	target := filepath.Join(dir, "real.tsv")
	os.WriteFile(target, []byte("old"), 0o600)
	link := filepath.Join(dir, "link.tsv")
	os.Symlink("real.tsv", link)
	if r := runCLI(t, "", false, "anki", "-o", link); r.code != 0 {
		t.Fatalf("anki -o link: %d %s", r.code, r.stderr)
	}
	if st, _ := os.Lstat(link); st.Mode()&fs.ModeSymlink == 0 {
		t.Error("the symlink was replaced by a file")
	}
	if st, _ := os.Stat(target); st.Mode().Perm() != 0o600 || st.Size() < 1000 {
		t.Errorf("target is %v, %d bytes; want the new deck with mode 0600", st.Mode(), st.Size())
	}

	ro := filepath.Join(dir, "locked.tsv")
	os.WriteFile(ro, []byte("old"), 0o444)
	r = runCLI(t, "", false, "anki", "-o", ro)
	if r.code != exitFailure || !strings.Contains(r.stderr, "read-only (use --force to replace it)") {
		t.Errorf("read-only target: %d %q", r.code, r.stderr)
	}
	if b, _ := os.ReadFile(ro); string(b) != "old" {
		t.Errorf("read-only file changed to %d bytes", len(b))
	}
	if r := runCLI(t, "", false, "anki", "--force", "-o", ro); r.code != 0 {
		t.Errorf("--force: %d %s", r.code, r.stderr)
	}
	if r := runCLI(t, "", false, "export", "--force", "-f", "anki", "-d", dir); r.code != 0 {
		t.Errorf("export --force: %d %s", r.code, r.stderr)
	}
}
