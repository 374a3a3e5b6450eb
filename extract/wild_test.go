package extract

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xopsexport/xopsexport/model"
)

// The wild corpus: Q&A documents in the layouts people publish, each with
// an expectation written by hand from the document (never from this
// package's output): its questions in order with their section, number,
// answer block types and the start and end of the answer text, and the
// one-line Summary of serious warnings it should give.

// wantLine is one line of a .want.jsonl file: the header (doc, summary), a
// section heading, or a question.
type wantLine struct {
	Doc     string   `json:"doc"`
	Summary *string  `json:"summary"`
	Section *string  `json:"section"`
	N       int      `json:"n"`
	Q       string   `json:"q"`
	A       []string `json:"a"`
	Pre     string   `json:"pre"`
	Suf     string   `json:"suf"`
}

type wantQuestion struct {
	section string
	wantLine
}

// wildExpect reads a document's expectation.
func wildExpect(t *testing.T, path string) (summary string, qs []wantQuestion) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	section, line := "", 0
	for sc.Scan() {
		line++
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var w wantLine
		dec := json.NewDecoder(strings.NewReader(sc.Text()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&w); err != nil {
			t.Fatalf("%s:%d: %v", path, line, err)
		}
		switch {
		case w.Summary != nil:
			summary = *w.Summary
		case w.Section != nil:
			section = *w.Section
		case w.Q != "":
			qs = append(qs, wantQuestion{section, w})
		default:
			t.Fatalf("%s:%d: a line with no question, section or summary", path, line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return summary, qs
}

type gotQuestion struct {
	section string
	q       model.Question
}

// wildScore matches found questions to expected ones by their text and
// gives recall and precision.
func wildScore(want []wantQuestion, got []gotQuestion) (recall, precision float64, matched map[int]int) {
	byText := map[string][]int{}
	for i, g := range got {
		byText[g.q.Question] = append(byText[g.q.Question], i)
	}
	matched = map[int]int{}
	for i, w := range want {
		if l := byText[w.Q]; len(l) > 0 {
			matched[i] = l[0]
			byText[w.Q] = l[1:]
		}
	}
	if len(want) > 0 {
		recall = float64(len(matched)) / float64(len(want))
	}
	if len(got) > 0 {
		precision = float64(len(matched)) / float64(len(got))
	}
	return recall, precision, matched
}

// TestWildCorpus reads every document under testdata/wild with detection
// alone (no --questions) and checks it against its expectation: at least
// 98% of the questions found, at least 98% of what is found real, every
// matched answer complete (its blocks, its first and last words).
func TestWildCorpus(t *testing.T) {
	docs, err := filepath.Glob("../testdata/wild/*")
	if err != nil {
		t.Fatal(err)
	}
	var table []string
	n := 0
	for _, path := range docs {
		name := filepath.Base(path)
		if strings.HasSuffix(name, ".want.jsonl") || name == "README.md" {
			continue
		}
		n++
		t.Run(name, func(t *testing.T) {
			summary, want := wildExpect(t, path+".want.jsonl")
			body := readFile(t, path)
			var warns []Warning
			d, err := Read(body, Detect(body, name, ""), Options{Warn: func(w Warning) { warns = append(warns, w) }})
			if err != nil {
				t.Fatal(err)
			}
			if err := d.Validate(); err != nil {
				t.Fatal(err)
			}
			var got []gotQuestion
			for _, s := range d.Sections {
				for _, q := range s.Questions {
					got = append(got, gotQuestion{s.Heading, q})
				}
			}
			recall, precision, matched := wildScore(want, got)
			table = append(table, fmt.Sprintf("%-34s %4d %4d %6.1f%% %6.1f%%", name, len(want), len(got), 100*recall, 100*precision))
			if recall < 0.98 || precision < 0.98 {
				t.Errorf("recall %.1f%%, precision %.1f%% (want ≥ 98%% each)", 100*recall, 100*precision)
				for i, w := range want {
					if _, ok := matched[i]; !ok {
						t.Errorf("missed: %q", w.Q)
					}
				}
				found := map[int]bool{}
				for _, g := range matched {
					found[g] = true
				}
				for i, g := range got {
					if !found[i] {
						t.Errorf("not a question: %q", g.q.Question)
					}
				}
			}
			for i, w := range want {
				g, ok := matched[i]
				if !ok {
					continue
				}
				checkWildAnswer(t, w, got[g])
			}
			if s := Summary(warns); s != summary {
				t.Errorf("Summary = %q, want %q; warnings:\n%s", s, summary, warningLines(warns))
			}
		})
	}
	if n < 16 {
		t.Errorf("%d documents under testdata/wild, want at least 16", n)
	}
	slices.Sort(table)
	t.Logf("document                           want  got recall precision\n%s", strings.Join(table, "\n"))
}

func warningLines(ws []Warning) string {
	var b bytes.Buffer
	for _, w := range ws {
		fmt.Fprintf(&b, "  %s %s: %s\n", w.Severity, w.Kind, w)
	}
	return b.String()
}

// checkWildAnswer compares one matched question with its expectation.
func checkWildAnswer(t *testing.T, w wantQuestion, g gotQuestion) {
	t.Helper()
	if g.section != w.section {
		t.Errorf("%q is in section %q, want %q", w.Q, g.section, w.section)
	}
	if w.N != 0 && g.q.Number != w.N {
		t.Errorf("%q is Q%d, want Q%d", w.Q, g.q.Number, w.N)
	}
	var types []string
	for _, b := range g.q.Answer {
		types = append(types, string(b.Type))
	}
	if !slices.Equal(types, w.A) {
		t.Errorf("%q answer blocks %v, want %v\n%s", w.Q, types, w.A, clip(g.q.AnswerText(), 400))
	}
	text := g.q.AnswerText()
	if !strings.HasPrefix(text, w.Pre) {
		t.Errorf("%q answer starts %q, want %q", w.Q, clip(text, len([]rune(w.Pre))+20), w.Pre)
	}
	if !strings.HasSuffix(text, w.Suf) {
		r := []rune(text)
		t.Errorf("%q answer ends %q, want %q", w.Q, string(r[max(0, len(r)-len([]rune(w.Suf))-20):]), w.Suf)
	}
}
