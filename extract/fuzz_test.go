package extract

import (
	"bytes"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xopsexport/xopsexport/model"
)

// seedChunk is the largest seed. The fuzzer mutates small inputs many
// times faster than the 100 KB article page, so the big documents go in as
// pieces (TestFuzzSeedsKeepContract checks them whole).
const seedChunk = 4 << 10

// seedCorpus adds the article and every document under testdata/articles,
// plus small inputs that reach the corners of the readers.
func seedCorpus(f *testing.F) {
	paths, _ := filepath.Glob("../testdata/articles/*")
	wild, _ := filepath.Glob("../testdata/wild/*")
	for _, p := range wild {
		if !strings.HasSuffix(p, ".jsonl") && !strings.HasSuffix(p, "README.md") {
			paths = append(paths, p)
		}
	}
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
		"| Question | Answer |\n|---|---|\n| a? | b<br>- c |\n",
		"## 1. a?\n\n```\n# x\n```\n```python\n```\n```\n## 2. b?\n",
		"1️⃣ a?\nAnswer: b\n🔟 c?\nAnswer (x): d\n",
		"<details><summary><span>a?</span><span class=\"badge\">Hard</span>▶</summary><h4>x</h4><table><tr><td>1</td></tr></table><pre>a\n b</pre></details>",
		"### SCN-01\n\n- [ ] **Question:** a?\n> **Covered in:** x\n\n**Answer:** b\n",
		"1. a?\n\n        **Answer:**\n        b\n\nc\n",
		"1. a?\na) x\nb) y\nAnswer: a)\n",
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
				checkBlock(t, b, clean)
			}
		}
	}
	again, err := Read(body, f, Options{})
	if err != nil || !reflect.DeepEqual(d, again) {
		t.Fatalf("second read differs (err %v)", err)
	}
}

// checkBlock is the contract of one answer block: a known type; text,
// items and cells clean single-line text, except code, whose text is kept
// as written but is valid UTF-8, not empty and has no carriage returns.
func checkBlock(t *testing.T, b model.Block, clean func(what, s string)) {
	switch b.Type {
	case model.Code:
		if b.Text == "" || !utf8.ValidString(b.Text) || strings.ContainsAny(b.Text, "\r\x00") || strings.TrimSpace(b.Text) == "" {
			t.Fatalf("bad code block %q", b.Text)
		}
		clean("code language", b.Lang)
	case model.Table:
		if len(b.Rows) == 0 {
			t.Fatal("a table with no rows")
		}
		for _, r := range b.Rows {
			if len(r) != len(b.Rows[0]) {
				t.Fatalf("ragged table %q", b.Rows)
			}
			for _, c := range r {
				if c != "" {
					clean("cell", c)
				}
			}
		}
	case model.Paragraph, model.Heading:
		if b.Text == "" {
			t.Fatalf("empty %s", b.Type)
		}
		clean(string(b.Type), b.Text)
	case model.List:
		if len(b.Items) == 0 {
			t.Fatal("empty list")
		}
		for _, it := range b.Items {
			clean("item", it)
		}
	default:
		t.Fatalf("unknown block type %q", b.Type)
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

// FuzzDetect: Detect never panics and always names a reader, whatever
// the body, the name and the declared type; a declared HTML or Markdown
// type always wins.
func FuzzDetect(f *testing.F) {
	seedCorpus(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		name, mt := "", ""
		if len(b) > 0 {
			// The first byte picks a name and a declared type to try.
			names := []string{"", "a.md", "a.HTML", "a.txt", "README", "x.markdown", "a.htm.bak"}
			types := []string{"", "text/plain", "text/html; charset=utf-8", "text/markdown", "application/octet-stream", ";;bad"}
			name, mt = names[int(b[0])%len(names)], types[int(b[0])/len(names)%len(types)]
		}
		got := Detect(b, name, mt)
		if _, ok := readerFor(got); !ok {
			t.Fatalf("Detect(%q, %q) = %q, not a reader", name, mt, got)
		}
		switch mt {
		case "text/html; charset=utf-8":
			if got != FormatHTML {
				t.Fatalf("declared HTML, detected %s", got)
			}
		case "text/markdown":
			if got != FormatMarkdown {
				t.Fatalf("declared Markdown, detected %s", got)
			}
		}
		if name == "" && mt == "" && DetectContent(b) != got {
			t.Fatal("DetectContent and Detect disagree")
		}
	})
}

// FuzzQuestions: any --questions value either fails CheckQuestions and
// Read alike, or gives a deck that keeps the reader contract.
func FuzzQuestions(f *testing.F) {
	for _, q := range []string{"heading:2", "bold", "summary", "numbered", "table", "label", "bullet", `^Q(\d+)`, "(", "heading:9", ""} {
		f.Add(q, []byte("# T\n\n## 1. a?\n\n**b?**\n\n- c?\n\n| q | a |\n|---|---|\n| x | y |\n\nQ1: d?\nA: e\n"))
	}
	f.Fuzz(func(t *testing.T, q string, b []byte) {
		err := CheckQuestions(q)
		for _, fm := range Formats() {
			d, rerr := Read(b, fm, Options{Questions: q})
			if err != nil && q != "" {
				if rerr == nil || d != nil {
					t.Fatalf("CheckQuestions(%q) = %v but Read gave %v", q, err, rerr)
				}
				continue
			}
			checkRead(t, b, fm)
		}
	})
}

// FuzzWords checks the decorated-label readers on any text: no panic,
// what they return is part of their input, and asks is stable.
func FuzzWords(f *testing.F) {
	for _, s := range []string{"1️⃣ What?", "🎯 Q1. How?", "Pregunta 3: ¿Qué?", "Answer (Natural): x", "Expected Answer Structure:", "🔟", "#️⃣ x", "Scenario 3", "MLOPS-JN-01", "Question 5 (Short Answer)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		s = cleanText(s)
		u := undecorate(s)
		if !utf8.ValidString(u) {
			t.Fatalf("undecorate(%q) = %q: not UTF-8", s, u)
		}
		if n, rest, ok := questionLabel(s); ok && (n < 0 || !strings.Contains(s, rest)) {
			t.Fatalf("questionLabel(%q) = %d %q", s, n, rest)
		}
		if rest, ok := answerLabel(s); ok && !strings.Contains(s, rest) {
			t.Fatalf("answerLabel(%q) = %q", s, rest)
		}
		// Decorations say nothing: taking them off changes neither
		// whether text asks nor what is left.
		if asks(trimDecoration(s)) != asks(s) || trimDecoration(trimDecoration(s)) != trimDecoration(s) {
			t.Fatalf("decorations change %q", s)
		}
		isIDHeading(s)
		isAnswerLabelOnly(s)
	})
}

// TestFuzzSeedsKeepContract is the fuzz contract on the seeds alone,
// so plain `go test` checks it too.
func TestFuzzSeedsKeepContract(t *testing.T) {
	paths, _ := filepath.Glob("../testdata/articles/*")
	wild, _ := filepath.Glob("../testdata/wild/*")
	for _, p := range wild {
		if !strings.HasSuffix(p, ".jsonl") && !strings.HasSuffix(p, "README.md") {
			paths = append(paths, p)
		}
	}
	paths = append(paths, articlePath)
	for _, p := range paths {
		for _, f := range Formats() {
			checkRead(t, readFile(t, p), f)
		}
	}
}
