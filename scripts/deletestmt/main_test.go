package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

const sample = `package p

import "sort"

type T struct{ n int }

func (t *T) add(xs []int) int {
	used := map[int]bool{}
	for _, x := range xs {
		if used[x] {
			continue
		}
		used[x] = true
		t.n++
	}
	sort.Ints(xs)
	used[0] = true
	return t.n
}

func f() { go func() { defer println("x") }() }
`

func TestMutants(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.go")
	if err := os.WriteFile(path, []byte(sample), 0o644); err != nil {
		t.Fatal(err)
	}
	ms, err := mutants(path, false)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range ms {
		got = append(got, strings.SplitN(m.key, " | ", 2)[1]+" @"+itoa(m.line))
	}
	want := []string{
		"T.add | used := map[int]bool{} @8",
		"T.add | continue @11",
		"T.add | used[x] = true @13",
		"T.add | t.n++ @14",
		"T.add | sort.Ints(xs) @16",
		"T.add | used[0] = true @17",
		"T.add | return t.n @18",
		"f | go func() { defer println(\"x\") }() @21",
		"f | defer println(\"x\") @21",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("mutants:\n got %q\nwant %q", got, want)
	}
	// With compound, the for and the if go too.
	all, _ := mutants(path, true)
	if len(all) != len(ms)+2 {
		t.Errorf("compound: %d mutants, want %d", len(all), len(ms)+2)
	}

	// Deleting keeps every newline, so line numbers stay.
	m := ms[0]
	out := blank([]byte(sample), m.start, m.end)
	if strings.Count(string(out), "\n") != strings.Count(sample, "\n") || strings.Contains(string(out), "used := map") {
		t.Errorf("blank:\n%s", out)
	}
}

func TestDuplicateStatementsGetNumbered(t *testing.T) {
	path := filepath.Join(t.TempDir(), "q.go")
	os.WriteFile(path, []byte("package q\n\nfunc g(m map[int]bool) {\n\tm[1] = true\n\tm[1] = true\n}\n"), 0o644)
	ms, err := mutants(path, false)
	if err != nil || len(ms) != 2 {
		t.Fatalf("%v, %v", ms, err)
	}
	if !strings.HasSuffix(ms[0].key, "| m[1] = true") || !strings.HasSuffix(ms[1].key, "| m[1] = true #2") {
		t.Errorf("keys %q, %q", ms[0].key, ms[1].key)
	}
}

func TestReadEquivalents(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.txt")
	os.WriteFile(good, []byte("# comment\n\na.go | f | x = 1 | why\n"), 0o644)
	m, err := readEquivalents(good)
	if err != nil || !reflect.DeepEqual(m, map[string]string{"a.go | f | x = 1": "why"}) {
		t.Errorf("%v, %v", m, err)
	}
	bad := filepath.Join(dir, "bad.txt")
	os.WriteFile(bad, []byte("a.go | f | no reason\n"), 0o644)
	if _, err := readEquivalents(bad); err == nil || !strings.Contains(err.Error(), "bad.txt:1") {
		t.Errorf("a line without a reason: %v", err)
	}
	// The repository's own list parses.
	if _, err := readEquivalents("equivalents.txt"); err != nil {
		t.Error(err)
	}
}

func TestCovered(t *testing.T) {
	prof := filepath.Join(t.TempDir(), "c.out")
	os.WriteFile(prof, []byte("mode: set\nm/p/a.go:3.10,5.2 2 1\nm/p/a.go:6.2,8.3 1 0\nm/p/b.go:1.1,9.1 1 1\n"), 0o644)
	bs, err := readCover(prof)
	if err != nil || len(bs) != 3 {
		t.Fatalf("%v, %v", bs, err)
	}
	for _, tt := range []struct {
		line int
		want bool
	}{{4, true}, {7, false}, {20, true}} { // 20: in no block, so tried
		if got := covered(bs, "/src/p/a.go", tt.line); got != tt.want {
			t.Errorf("line %d: covered %v, want %v", tt.line, got, tt.want)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
