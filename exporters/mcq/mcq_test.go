package mcq

import (
	"reflect"
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

// TestBuildArticle: one item per question of the article, each with the
// question's own gist as the right option among n different ones, the same
// for the same seed.
func TestBuildArticle(t *testing.T) {
	d := testdeck.Article()
	for _, n := range []int{0, 2, 4, 6, 10} {
		items := Build(d, Options{Choices: n, Seed: 1})
		if len(items) != d.Count() {
			t.Fatalf("choices %d: %d items for %d questions", n, len(items), d.Count())
		}
		want := n
		if n == 0 {
			want = DefaultChoices
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
				if it.Correct < 0 || it.Correct >= len(it.Options) || it.Options[it.Correct] != gist(&q) {
					t.Errorf("%s: Correct %d of %q, want the gist %q", q.ID, it.Correct, it.Options, gist(&q))
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
		if again := Build(d, Options{Choices: n, Seed: 1}); !reflect.DeepEqual(items, again) {
			t.Errorf("choices %d: two builds with seed 1 differ", n)
		}
	}
	if a, b := Build(d, Options{Seed: 1}), Build(d, Options{Seed: 2}); reflect.DeepEqual(a, b) {
		t.Error("seeds 1 and 2 give the same items")
	}
}

// Out-of-range choices are clamped, never a panic.
func TestBuildClamps(t *testing.T) {
	d := testdeck.Article()
	for n, want := range map[int]int{1: 2, -5: 2, 11: 10, 1000: 10} {
		for _, it := range Build(d, Options{Choices: n}) {
			if len(it.Options) != want {
				t.Fatalf("Choices %d: %d options, want %d", n, len(it.Options), want)
			}
		}
	}
}

// A question with no answer, or alone with its answer in its role, has no
// item; the others keep theirs; an empty ID is derived as the model does.
func TestBuildLeavesOut(t *testing.T) {
	p := func(s string) []model.Block { return []model.Block{{Type: model.Paragraph, Text: s}} }
	d := &model.Deck{Sections: []model.Section{
		{Role: "a", Questions: []model.Question{
			{ID: "a-1", Question: "No answer?"},
			{ID: "a-2", Question: "Blank answer?", Answer: p("  ")},
			{Question: "First?", Answer: p("The first answer is this one.")},
			{ID: "a-4", Question: "Second?", Answer: p("The second answer is another one.")},
		}},
		{Role: "b", Questions: []model.Question{{ID: "b-1", Question: "Alone?", Answer: p("Alone in its role.")}}},
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
	if want := []string{model.QuestionID("a", "First?"), "a-4"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("items for %q, want %q", ids, want)
	}
	for _, it := range items {
		if len(it.Options) != 2 {
			t.Errorf("%s: %d options %q, want 2 (the role has two answers)", it.QuestionID, len(it.Options), it.Options)
		}
	}
}
