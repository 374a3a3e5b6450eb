package mcq

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xopsexport/xopsexport/internal/testdeck"
	"github.com/xopsexport/xopsexport/model"
)

func TestCheck(t *testing.T) {
	for _, c := range []struct {
		choices int
		ok      bool
	}{{0, true}, {2, true}, {4, true}, {10, true}, {1, false}, {-1, false}, {11, false}} {
		err := Options{Choices: c.choices}.Check()
		if (err == nil) != c.ok {
			t.Errorf("Choices %d: Check() = %v", c.choices, err)
		}
		if err != nil && !strings.Contains(err.Error(), "between 2 and 10") {
			t.Errorf("Choices %d: error %q does not give the range", c.choices, err)
		}
	}
}

// TestBuildArticle: one item per question of the article, each with a
// short form of the question's own answer as the right option among n
// options that are pairwise different and each a short form of some
// answer of the deck, the same for the same seed.
func TestBuildArticle(t *testing.T) {
	d := testdeck.Article()
	texts := allWindows(d)
	// Out-of-range choices are clamped (Check reports them), never a panic.
	for _, c := range []struct{ n, want int }{{0, DefaultChoices}, {-5, 2}, {1000, 10}} {
		n, want := c.n, c.want
		items := Build(d, Options{Choices: n, Seed: 1})
		if len(items) != d.Count() {
			t.Fatalf("choices %d: %d items for %d questions", n, len(items), d.Count())
		}
		k := 0
		for _, s := range d.Sections {
			for _, q := range s.Questions {
				it := items[k]
				k++
				if it.QuestionID != q.ID || it.Role != s.Role || it.Prompt != q.Question {
					t.Fatalf("item %d is %s/%s %q, want %s/%s %q", k, it.Role, it.QuestionID, it.Prompt, s.Role, q.ID, q.Question)
				}
				if len(it.Options) != want {
					t.Errorf("%s: %d options, want %d", q.ID, len(it.Options), want)
				}
				if it.Correct < 0 || it.Correct >= len(it.Options) || !ownWindow(&q, it.Options[it.Correct]) {
					t.Errorf("%s: Correct %d of %q is not a short form of its answer", q.ID, it.Correct, it.Options)
				}
				for j, o := range it.Options {
					if j != it.Correct && !texts[o] {
						t.Errorf("%s: distractor %q is no answer's short form", q.ID, o)
					}
					if strings.Contains(strings.ToLower(o), "of the above") {
						t.Errorf("%s: option %q", q.ID, o)
					}
				}
				seen := map[string]bool{}
				for _, o := range it.Options {
					if seen[optionKey(o)] || strings.TrimSpace(o) == "" || strings.Contains(o, "\n") {
						t.Errorf("%s: option %q repeated, blank or on two lines", q.ID, o)
					}
					seen[optionKey(o)] = true
				}
			}
		}
		if n != 0 {
			continue
		}
		if again := Build(d, Options{Seed: 1}); !reflect.DeepEqual(items, again) {
			t.Error("two builds with seed 1 differ")
		}
		if other := Build(d, Options{Seed: 2}); reflect.DeepEqual(items, other) {
			t.Error("seeds 1 and 2 give the same items")
		}
	}
}

// ownWindow reports whether o is one of the option texts of q's answer.
func ownWindow(q *model.Question, o string) bool {
	v := newVocab(1)
	for _, w := range windows(v, q, v.words(q.Question)) {
		if w.text == o {
			return true
		}
	}
	return false
}

// allWindows is the set of the option texts of every answer of d.
func allWindows(d *model.Deck) map[string]bool {
	m := map[string]bool{}
	for _, s := range d.Sections {
		for i := range s.Questions {
			v := newVocab(1)
			for _, w := range windows(v, &s.Questions[i], v.words(s.Questions[i].Question)) {
				m[w.text] = true
			}
		}
	}
	return m
}

// A question with no answer has no item; one alone in its role, or whose
// role has fewer than it needs, takes distractors from the other roles
// (and CrossRole says so); an empty ID is derived as the model does; a
// deck with a single answer has no item at all.
func TestBuildLeavesOut(t *testing.T) {
	p := func(s string) []model.Block { return []model.Block{{Type: model.Paragraph, Text: s}} }
	d := &model.Deck{Sections: []model.Section{
		{Role: "a", Questions: []model.Question{
			{ID: "a-1", Question: "No answer?"},
			{ID: "a-2", Question: "Blank answer?", Answer: p("  ")},
			{ID: "a-3", Question: "Code only?", Answer: []model.Block{{Type: model.Code, Text: "ls -la"}}},
			{Question: "First?", Answer: p("The first answer is this one about queues.")},
			{ID: "a-5", Question: "Second?", Answer: p("The second answer is another one about disks.")},
		}},
		{Role: "b", Questions: []model.Question{{ID: "b-1", Question: "Alone?", Answer: p("Alone in its role, talking about networks.")}}},
		{Role: "c"},
		{Role: "d", Questions: []model.Question{
			{ID: "d-1", Question: "Twin one?", Answer: p("Same answer.")},
			{ID: "d-2", Question: "Twin two?", Answer: p("same  ANSWER.")},
		}},
	}}
	items := Build(d, Options{})
	var ids []string
	for _, it := range items {
		ids = append(ids, it.QuestionID)
	}
	if want := []string{model.QuestionID("a", "First?"), "a-5", "b-1", "d-1", "d-2"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("items for %q, want %q", ids, want)
	}
	if got, want := CrossRole(d, items), ids; !reflect.DeepEqual(got, want) {
		t.Errorf("CrossRole = %q, want %q", got, want)
	}
	for _, it := range items {
		for j, o := range it.Options {
			if j != it.Correct && optionKey(o) == optionKey(it.Options[it.Correct]) {
				t.Errorf("%s: distractor %q equals the right option", it.QuestionID, o)
			}
		}
	}
	one := &model.Deck{Sections: []model.Section{{Role: "a", Questions: []model.Question{{ID: "x", Question: "Q?", Answer: p("Only answer.")}}}}}
	if items := Build(one, Options{}); len(items) != 0 {
		t.Errorf("one answer gave items %+v", items)
	}
}

// The right option's position: each position equally often in every role
// (to one item), and for one question uniform over seeds (that part, 200
// builds, only without -short).
func TestPositions(t *testing.T) {
	d := testdeck.Article()
	seeds := 200
	if testing.Short() {
		seeds = 3
	}
	byQuestion := map[string]*[4]int{}
	for seed := int64(1); seed <= int64(seeds); seed++ {
		perRole := map[string]*[4]int{}
		for _, it := range Build(d, Options{Seed: seed}) {
			if perRole[it.Role] == nil {
				perRole[it.Role] = &[4]int{}
			}
			perRole[it.Role][it.Correct]++
			if byQuestion[it.QuestionID] == nil {
				byQuestion[it.QuestionID] = &[4]int{}
			}
			byQuestion[it.QuestionID][it.Correct]++
		}
		for r, at := range perRole {
			if slices.Max(at[:])-slices.Min(at[:]) > 1 {
				t.Fatalf("seed %d, %s: right option at positions %v", seed, r, *at)
			}
		}
	}
	if testing.Short() {
		return
	}
	// Each position should get 50 of 200; under 25 or over 80 is far
	// outside chance (p < 1e-5 per count).
	for id, at := range byQuestion {
		for p, n := range at {
			if n < 25 || n > 80 {
				t.Errorf("%s: right option at position %d in %d of %d seeds (%v)", id, p+1, n, seeds, *at)
			}
		}
	}
}

// A question's options do not depend on the other roles exported with it
// when its role has enough answers.
func TestRoleFilter(t *testing.T) {
	d := testdeck.Article()
	full := map[string]Item{}
	for _, it := range Build(d, Options{Seed: 5}) {
		full[it.QuestionID] = it
	}
	for _, role := range []string{"cloudops", "aiops"} {
		for _, it := range Build(d.Filter([]string{role}), Options{Seed: 5}) {
			if !reflect.DeepEqual(it, full[it.QuestionID]) {
				t.Errorf("%s alone: %s differs\n%+v\n%+v", role, it.QuestionID, it, full[it.QuestionID])
			}
		}
	}
}

// BenchmarkBuild measures the engine on the article and on generated decks;
// ns/question shows whether the cost grows linearly.
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{109, 1000, 10000} {
		d := testdeck.Article()
		if n != 109 {
			d = testdeck.Synthetic(n)
		}
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				Build(d, Options{Seed: 1})
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/question")
		})
	}
}

// TestFrom: each option's From names the question whose answer the option
// was cut from (one of that answer's windows), the right one's own.
func TestFrom(t *testing.T) {
	for _, d := range []*model.Deck{testdeck.Article(), testdeck.Hostile()} {
		b := newBuilder(d)
		wins := map[string]map[string]bool{} // question ID → its window texts
		for _, e := range b.entries {
			wins[e.id] = map[string]bool{}
			for _, w := range e.wins {
				wins[e.id][w.text] = true
			}
		}
		for seed := int64(1); seed <= 3; seed++ {
			for _, it := range Build(d, Options{Seed: seed}) {
				if len(it.From) != len(it.Options) || it.From[it.Correct] != it.QuestionID {
					t.Fatalf("seed %d, %s: From %q for %d options, correct %d", seed, it.QuestionID, it.From, len(it.Options), it.Correct)
				}
				for j, opt := range it.Options {
					if !wins[it.From[j]][opt] {
						t.Errorf("seed %d, %s: option %d %q is not from the answer of %s", seed, it.QuestionID, j, opt, it.From[j])
					}
				}
			}
		}
	}
}
