package mcq

import (
	"strings"
	"testing"
	"unicode"

	"github.com/xopsexport/xopsexport/internal/testdeck"
)

// TestConceptTerms: every term keeps its words through the vocab (a term
// whose words were stop words or single letters would match any text
// holding what is left: "a/b test" would match every "test"), no term is
// in two concepts, and the concepts fit the bit set.
func TestConceptTerms(t *testing.T) {
	if len(conceptTerms) > 64 {
		t.Fatalf("%d concepts; lexicon.find returns 64 bits", len(conceptTerms))
	}
	v := newVocab(0)
	seen := map[string]int{}
	for c, line := range conceptTerms {
		for _, term := range strings.Split(line, "|") {
			words := strings.FieldsFunc(term, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
			content := 0
			for _, w := range words {
				if len(w) < 2 {
					t.Errorf("concept %d, term %q: the one-letter word %q is dropped", c, term, w)
				}
				if !stopWords[w] {
					content++
				}
			}
			if got := len(v.scan(nil, term)); got == 0 || got != content {
				t.Errorf("concept %d, term %q: %d of its content words %q are kept", c, term, got, words)
			}
			if term != strings.ToLower(term) || strings.TrimSpace(term) != term {
				t.Errorf("concept %d, term %q: write terms in lower case, trimmed", c, term)
			}
			if d, ok := seen[term]; ok {
				t.Errorf("term %q is in concepts %d and %d", term, d, c)
			}
			seen[term] = c
		}
	}
}

// TestConceptFind: the same concept in different words, case and
// inflection; a part of a term is not the term.
func TestConceptFind(t *testing.T) {
	v := newVocab(0)
	l := newLexicon(v)
	var scratch []uint32
	bit := func(term string) uint64 {
		for c, line := range conceptTerms {
			for _, t := range strings.Split(line, "|") {
				if t == term {
					return 1 << c
				}
			}
		}
		t.Fatalf("no term %q", term)
		return 0
	}
	scan := bit("sca")
	for _, c := range []struct {
		text string
		want uint64
	}{
		{"I integrate Software Composition Analysis (SCA) tools.", scan},
		{"by scanning our code and dependency lists", scan},
		{"third-party libraries", scan},
		{"a composition of analysis software", 0}, // words out of order
		{"We run unit tests and A/B tests.", 0},
		{"tune alert thresholds and suppress false positives", bit("alert fatigue")},
		{"RTO and RPO drive the DR plan; store models in a model registry.", bit("rto") | bit("model registry")},
		{"", 0},
	} {
		if got := l.find(v, c.text, &scratch); got != c.want {
			t.Errorf("find(%q) = %b, want %b", c.text, got, c.want)
		}
	}
}

// TestNoDistractorSharesAConcept: on the article, for several seeds and
// numbers of choices, no distractor names a concept that its question or
// answer names: such an option answers the question in other words.
func TestNoDistractorSharesAConcept(t *testing.T) {
	d := testdeck.Article()
	b := newBuilder(d)
	concepts := map[string]uint64{} // question ID → concepts of question and answer
	for _, e := range b.entries {
		concepts[e.id] = e.concepts
	}
	var scratch []uint32
	checked := 0
	for _, o := range []Options{{Seed: 1}, {Seed: 2}, {Seed: 3}, {Seed: 1, Choices: 6}} {
		for _, it := range Build(d, o) {
			for j, opt := range it.Options {
				if j == it.Correct {
					continue
				}
				checked++
				if shared := b.lex.find(b.vocab, opt, &scratch) & concepts[it.QuestionID]; shared != 0 {
					t.Errorf("%+v, %s: option %q shares concepts %b with its question", o, it.QuestionID, opt, shared)
				}
			}
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d distractors checked", checked)
	}
}
