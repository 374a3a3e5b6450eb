package extract

import (
	"bytes"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// seedChunk is the largest seed. The fuzzer mutates small inputs many
// times faster than the 100 KB article page, so the big documents go in as
// pieces (TestFuzzSeedsKeepContract checks them whole).
const seedChunk = 4 << 10

// seedCorpus adds the article and every document under testdata/articles,
// plus small inputs that reach the corners of the readers.
func seedCorpus(f *testing.F) {
	paths, _ := filepath.Glob("../testdata/articles/*")
	paths = append(paths, articlePath)
	for _, p := range paths {
		b := readFile(f, p)
		for len(b) > seedChunk {
			// Cut on a line boundary so each piece is a document of its own.
			cut := bytes.LastIndexByte(b[:seedChunk], '\n') + 1
			if cut == 0 {
				cut = seedChunk
			}
			f.Add(b[:cut])
			b = b[cut:]
		}
		f.Add(b)
	}
	for _, s := range []string{
		"", "\x00", "\xef\xbb\xbf", "\xff\xfe", "\xfe\xff\x00Q",
		"Q1: a?\nA: b",
		"Q1:\n\nA:\n",
		"Q1:\nQ2:\nQ3:",
		"1. What?\n2. Why?\n\n- x\n- y",
		"# T\n## S\n### 1. Q?\nA\n```\nQ2: code\n```\n",
		"<details><summary>Q?</summary>A</details>",
		"<ul><li><p>Q1: a?</p><ul><li>b</li></ul></li></ul>",
		"<h2>DevOps</h2><p><b>Q1:</b> a?<br><b>A:</b> b</p>",
		strings.Repeat("<div>", 2000) + "Q1: a?<p>b</p>",
		"Q1: caf\xe9?\n\nA: \x93ok\x94",
	} {
		f.Add([]byte(s))
	}
}

// checkRead is the contract every reader keeps, whatever the input: an
// error of a known kind, or a valid deck with at least one question whose
// text is clean single-line text; and the same input gives the same deck.
func checkRead(t *testing.T, body []byte, f Format) {
	d, err := Read(body, f, Options{Warn: func(w Warning) {
		if !utf8.ValidString(w.Msg) {
			t.Errorf("warning is not UTF-8: %q", w.Msg)
		}
	}})
	if err != nil {
		if d != nil {
			t.Fatalf("error %v with a deck", err)
		}
		if strings.Contains(err.Error(), "\n") {
			t.Fatalf("error is not one line: %q", err)
		}
		return
	}
	if err := d.Validate(); err != nil {
		t.Fatalf("invalid deck: %v", err)
	}
	if d.Count() == 0 {
		t.Fatal("a deck with no question and no ErrNoQuestions")
	}
	clean := func(what, s string) {
		if s != strings.TrimSpace(s) || strings.ContainsAny(s, "\n\r\t\u00a0") || strings.Contains(s, "  ") {
			t.Fatalf("%s is not clean single-line text: %q", what, s)
		}
	}
	clean("title", d.Title)
	clean("author", d.Author)
	for _, s := range d.Sections {
		if len(s.Questions) == 0 {
			t.Fatalf("section %s has no questions", s.Role)
		}
		clean("heading", s.Heading)
		for _, q := range s.Questions {
			clean("question", q.Question)
			if q.Number < 1 {
				t.Fatalf("%s: question number %d", q.ID, q.Number)
			}
			for _, b := range q.Answer {
				clean("paragraph", b.Text)
				for _, it := range b.Items {
					clean("item", it)
				}
			}
		}
	}
	again, err := Read(body, f, Options{})
	if err != nil || !reflect.DeepEqual(d, again) {
		t.Fatalf("second read differs (err %v)", err)
	}
}

func FuzzText(f *testing.F) {
	seedCorpus(f)
	f.Fuzz(func(t *testing.T, b []byte) { checkRead(t, b, FormatText) })
}

func FuzzMarkdown(f *testing.F) {
	seedCorpus(f)
	f.Fuzz(func(t *testing.T, b []byte) { checkRead(t, b, FormatMarkdown) })
}

func FuzzHTML(f *testing.F) {
	seedCorpus(f)
	f.Fuzz(func(t *testing.T, b []byte) { checkRead(t, b, FormatHTML) })
}

// FuzzDecode: Decode never panics, returns clean UTF-8 text without NUL or
// an error of a known kind, and leaves valid UTF-8 as it is.
func FuzzDecode(f *testing.F) {
	seedCorpus(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		text, enc, err := Decode(b)
		if err != nil {
			if text != "" || enc != "" {
				t.Fatalf("error %v with text or encoding", err)
			}
			return
		}
		if !utf8.ValidString(text) || strings.ContainsRune(text, 0) {
			t.Fatalf("decoded text is not clean UTF-8: %q", text)
		}
		if strings.TrimSpace(text) == "" {
			t.Fatal("empty text without ErrEmpty")
		}
		if utf8.Valid(b) && !bytes.HasPrefix(b, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(b, []byte{0xFE, 0xFF}) {
			if enc != "" || text != strings.TrimPrefix(string(b), "\ufeff") {
				t.Fatalf("valid UTF-8 changed: enc %q", enc)
			}
		}
		// Decoding is idempotent on its own output.
		again, enc2, err := Decode([]byte(text))
		if err != nil && !errors.Is(err, ErrBinary) {
			t.Fatalf("decoded text does not decode again: %v", err)
		}
		if err == nil && (again != strings.TrimPrefix(text, "\ufeff") || enc2 != "") {
			t.Fatalf("decoding the decoded text changed it")
		}
	})
}

// TestFuzzSeedsKeepContract is the fuzz contract on the seeds alone,
// so plain `go test` checks it too.
func TestFuzzSeedsKeepContract(t *testing.T) {
	paths, _ := filepath.Glob("../testdata/articles/*")
	paths = append(paths, articlePath)
	for _, p := range paths {
		for _, f := range Formats() {
			checkRead(t, readFile(t, p), f)
		}
	}
}
