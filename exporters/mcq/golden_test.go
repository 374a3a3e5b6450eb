package mcq

import (
	"fmt"
	"strings"
	"testing"

	"github.com/xopsexport/xopsexport/internal/golden"
	"github.com/xopsexport/xopsexport/internal/testdeck"
	"github.com/xopsexport/xopsexport/model"
)

// TestBuildGolden pins Build's output, every option of every item, on the
// article (seeds 1–3, and 2, 6 and 10 choices: more than 4 takes the
// sampling path of choose), on a 1,000-question synthetic deck (seeds
// 1–3), with 10 choices on a smaller one, and on the hostile and
// structured decks (small roles take distractors from the others). The
// files were recorded before Build was made fast: any change in them is a
// change of every multiple-choice export, and the speed work must not make
// one.
func TestBuildGolden(t *testing.T) {
	article := testdeck.Article()
	synthetic := testdeck.Synthetic(1000)
	cases := []struct {
		name string
		d    *model.Deck
		o    Options
	}{
		{"article-seed1", article, Options{Seed: 1}},
		{"article-seed2", article, Options{Seed: 2}},
		{"article-seed3", article, Options{Seed: 3}},
		{"article-choices2", article, Options{Seed: 1, Choices: 2}},
		{"article-choices6", article, Options{Seed: 1, Choices: 6}},
		{"article-choices10", article, Options{Seed: 1, Choices: 10}},
		{"synthetic1000-seed1", synthetic, Options{Seed: 1}},
		{"synthetic1000-seed2", synthetic, Options{Seed: 2}},
		{"synthetic1000-seed3", synthetic, Options{Seed: 3}},
		{"synthetic200-choices10", testdeck.Synthetic(200), Options{Seed: 1, Choices: 10}},
		{"hostile", testdeck.Hostile(), Options{Seed: 1}},
		{"structured", testdeck.Structured(), Options{Seed: 1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			golden.Check(t, "testdata/build/"+c.name+".txt", []byte(dump(Build(c.d, c.o))))
		})
	}
}

// dump writes items one per paragraph: ID, role, the right option's index,
// the prompt, then the options in order, the right one marked.
func dump(items []Item) string {
	var b strings.Builder
	for _, it := range items {
		fmt.Fprintf(&b, "%s %s correct=%d\n%q\n", it.QuestionID, it.Role, it.Correct, it.Prompt)
		for j, o := range it.Options {
			mark := " "
			if j == it.Correct {
				mark = "*"
			}
			fmt.Fprintf(&b, "%s %q\n", mark, o)
		}
		b.WriteByte('\n')
	}
	return b.String()
}
