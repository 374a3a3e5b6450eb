package mcq

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/xopsexport/xopsexport/internal/testdeck"
	"github.com/xopsexport/xopsexport/model"
)

// The text helpers that Build's speed rests on do by hand what a plain
// composition of the strings package does; these tests hold them to it.

var textSeeds = []string{"", " ", "Hello World", "  two  spaces ", "tab\there", "line\nbreak", "ÄÖÜ İstanbul ǅ",
	"nbsp\u00a0here", "nel\u0085x", "bad \xff utf8 \xc3", "I’d also say", "FOR EXAMPLE, this", "e.g. that",
	"ΣΑΣ final sigma", "K Kelvin", "x\u2028y", "ends with space ", " starts"}

func FuzzAppendLower(f *testing.F) {
	for _, s := range textSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		low, ok := appendLower([]byte("prefix"), s)
		if got, want := string(low), "prefix"+strings.ToLower(s); got != want {
			t.Errorf("appendLower(%q) = %q, want %q", s, got, want)
		}
		if ok != collapsed(s) {
			t.Errorf("appendLower(%q) says collapsed %v, collapsed says %v", s, ok, collapsed(s))
		}
		if ok && string(low[len("prefix"):]) != optionKey(s) {
			t.Errorf("%q is collapsed but its optionKey is %q, not %q", s, optionKey(s), low[len("prefix"):])
		}
		if v := newVocab(1); v.key(s) != v.key(optionKey(s)) || (optionKey(s) != "" && v.key(s) == v.key(optionKey(s)+"x")) {
			t.Errorf("key(%q) does not stand for optionKey %q", s, optionKey(s))
		}
	})
}

func FuzzCollapse(f *testing.F) {
	for _, s := range textSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := collapse(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("collapse(%q) = %q, want %q", s, got, want)
		}
	})
}

func FuzzConnective(f *testing.F) {
	for _, s := range append(textSeeds, connectives...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		low := strings.ToLower(s)
		want := slices.ContainsFunc(connectives, func(p string) bool { return strings.HasPrefix(low, p) })
		if got := connective(s); got != want {
			t.Errorf("connective(%q) = %v, want %v", s, got, want)
		}
	})
}

// refWords is words as first written: split at every rune that is no
// letter or digit, lower-cased, stop words dropped, stemmed.
func refWords(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		w = strings.ToLower(w)
		if len(w) < 2 || stopWords[w] {
			continue
		}
		out = append(out, string(stem([]byte(w))))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// spell turns a wset back into its words.
func spell(v *vocab, s wset) []string {
	names := make([]string, v.size())
	for w, id := range v.ids {
		names[id] = w
	}
	var out []string
	for _, id := range s {
		out = append(out, names[id])
	}
	slices.Sort(out)
	return out
}

func FuzzWords(f *testing.F) {
	for _, s := range append(textSeeds, testdeck.HostileStrings...) {
		f.Add(s, "pipelines Pipeline pipeline's")
	}
	f.Fuzz(func(t *testing.T, s, before string) {
		v := newVocab(1)
		v.words(before) // a vocab that has seen other texts gives the same words
		if got, want := spell(v, v.words(s)), refWords(s); !slices.Equal(got, want) {
			t.Errorf("words(%q) = %q, want %q", s, got, want)
		}
		if got, want := spell(v, v.words(optionKey(s))), spell(v, v.words(s)); !slices.Equal(got, want) {
			t.Errorf("optionKey(%q) has words %q, the text %q (sameKey rests on them being the same)", s, got, want)
		}
	})
}

// answerWords reads the answer's texts one by one; it must give the words
// of the joined text that model.AnswerText makes, on every test deck.
func TestAnswerWords(t *testing.T) {
	odd := &model.Deck{Sections: []model.Section{{Role: "r", Questions: []model.Question{{ID: "odd", Question: "Odd blocks?",
		Answer: []model.Block{
			{Type: "quote", Text: "Quoted text words.", Items: []string{"Quote items differ."}},
			{Type: "quote", Text: "A quote without items. Two sentences!"},
			{Type: model.Paragraph, Text: "Paragraph text. Second sentence?", Items: []string{"Ignored items here."}},
			{Type: model.List, Text: "List text unused", Items: []string{"First item. Still first", "", "Third item"}},
			{Type: model.Heading, Text: "Heading words"},
			{Type: model.Code, Text: "kubectl get pods"},
			{Type: model.Table, Rows: [][]string{{"Cell one", "cell two"}, {}, {"Last row"}}},
			{Type: model.Paragraph, Text: "   "},
			{Type: model.List},
		}}}}}}
	for name, d := range map[string]*model.Deck{"article": testdeck.Article(), "synthetic": testdeck.Synthetic(300),
		"hostile": testdeck.Hostile(), "structured": testdeck.Structured(), "odd": odd} {
		v := newVocab(d.Count())
		for _, s := range d.Sections {
			for i := range s.Questions {
				q := &s.Questions[i]
				qw := v.words(q.Question)
				units, span := proseSpans(q)
				sets := make([]wset, len(units))
				windowsOf(v, q, qw, units, sets) // reads some sentences
				if got, want := v.answerWords(q, qw, units, span, sets), v.words(q.Question+"\n"+q.AnswerText()); !slices.Equal(got, want) {
					t.Errorf("%s %s: answerWords %q, want %q", name, q.ID, spell(v, got), spell(v, want))
				}
			}
		}
	}
}

// Every window text is collapsed (so vocab.key lower-cases it only), and
// its words and rune count are those of its text: for unclipped windows
// windows puts them together from its sentences'.
func TestWindowWords(t *testing.T) {
	for name, d := range map[string]*model.Deck{"article": testdeck.Article(), "synthetic": testdeck.Synthetic(300),
		"hostile": testdeck.Hostile(), "structured": testdeck.Structured()} {
		v := newVocab(d.Count())
		for _, s := range d.Sections {
			for i := range s.Questions {
				q := &s.Questions[i]
				for _, w := range windows(v, q, v.words(q.Question)) {
					if n := utf8.RuneCountInString(w.text); w.runes != n {
						t.Errorf("%s %s: window %q of %d runes says %d", name, q.ID, w.text, n, w.runes)
					}
					if !collapsed(w.text) {
						t.Errorf("%s %s: window %q is not collapsed", name, q.ID, w.text)
					}
					if got, want := spell(v, w.set), spell(v, v.words(w.text)); !slices.Equal(got, want) {
						t.Errorf("%s %s: window %q has words %q, want %q", name, q.ID, w.text, got, want)
					}
				}
			}
		}
	}
}

// sameKey rests on this: lower-casing a rune never makes a letter or digit
// of what was none, nor the reverse, and lower-casing twice changes
// nothing more, so a text and its optionKey have the same words. Checked
// for every rune (invalid UTF-8 reads as U+FFFD either way).
func TestLowerKeepsWords(t *testing.T) {
	word := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if l := unicode.ToLower(r); word(l) != word(r) || unicode.ToLower(l) != l {
			t.Errorf("%U lower-cases to %U", r, l)
		}
	}
}
