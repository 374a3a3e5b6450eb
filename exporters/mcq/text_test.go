package mcq

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xopsexport/xopsexport/internal/testdeck"
	"github.com/xopsexport/xopsexport/model"
)

func para(s string) []model.Block { return []model.Block{{Type: model.Paragraph, Text: s}} }

func TestGist(t *testing.T) {
	long := strings.Repeat("word ", 60) // 300 characters, no full stop
	for _, c := range []struct {
		name   string
		answer []model.Block
		want   string
	}{
		{"empty", nil, ""},
		{"blank paragraph", para("   "), ""},
		{"first sentence long enough",
			para("Terraform state tracks the real-world resources created by your configs and their metadata. It matters because plan compares against it."),
			"Terraform state tracks the real-world resources created by your configs and their metadata."},
		{"short first sentence takes the next",
			para("DevSecOps can embed privacy by design. For example, we automate checks for personal data in logs. Third sentence."),
			"DevSecOps can embed privacy by design. For example, we automate checks for personal data in logs."},
		{"abbreviations and decimals do not end a sentence",
			para("Use a tool (e.g. Vault, i.e. a secret store) with version 1.5 of the API vs. the old one at all times. Next."),
			"Use a tool (e.g. Vault, i.e. a secret store) with version 1.5 of the API vs. the old one at all times."},
		{"closing bracket stays with its sentence",
			para("It scales out on demand for every service we run in the production cluster (with HPA.) Then it settles down again later."),
			"It scales out on demand for every service we run in the production cluster (with HPA.)"},
		{"a sentence ending in a bracket is joined with a space",
			para("It scales out on demand (with HPA.) Then it settles down again later."),
			"It scales out on demand (with HPA.) Then it settles down again later."},
		{"list items joined with semicolons",
			[]model.Block{{Type: model.List, Items: []string{"Identify unused resources", "Use ML-driven autoscaling", "Schedule shutdowns"}}},
			"Identify unused resources; Use ML-driven autoscaling; Schedule shutdowns"},
		{"intro colon takes the list",
			[]model.Block{{Type: model.Paragraph, Text: "There are three steps to follow in this order, and each of them matters a lot:"}, {Type: model.List, Items: []string{"Plan.", "Apply."}}},
			"There are three steps to follow in this order, and each of them matters a lot: Plan."},
		{"whitespace and line breaks collapsed",
			para("one\n two\t\tthree   four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"),
			"one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"},
		{"clipped at a word boundary", para(long), strings.TrimSpace(strings.Repeat("word ", 39)) + "…"},
	} {
		t.Run(c.name, func(t *testing.T) {
			q := &model.Question{Answer: c.answer}
			if got := gist(q); got != c.want {
				t.Errorf("gist = %q\n          want %q", got, c.want)
			}
		})
	}
}

func TestGistArticle(t *testing.T) {
	d := testdeck.Article()
	for _, s := range d.Sections {
		for _, q := range s.Questions {
			g := gist(&q)
			if n := utf8.RuneCountInString(g); n == 0 || n > gistMax {
				t.Errorf("%s: gist of %d characters: %q", q.ID, n, g)
			}
			// A gist is the start of the answer, not a rewrite of it.
			words := strings.Fields(strings.TrimSuffix(g, "…"))
			plain := strings.Join(strings.Fields(strings.ReplaceAll(strings.ReplaceAll(q.AnswerText(), "• ", ""), "\n", " ")), " ")
			if !strings.HasPrefix(strings.ReplaceAll(plain, ";", ""), strings.ReplaceAll(strings.Join(words[:min(5, len(words))], " "), ";", "")) {
				t.Errorf("%s: gist %q does not start the answer %q", q.ID, g, plain[:min(80, len(plain))])
			}
		}
	}
}

func pick(p *choicePool, i, k int, seed int64, id string) []int {
	return p.pick(i, k, newRNG(seed, id))
}

// TestPick checks the distractor rules on every question of the article:
// k of them, never the question itself or its answer, pairwise different,
// the same for the same seed.
func TestPick(t *testing.T) {
	d := testdeck.Article()
	differ, total := 0, 0
	var pickedDist, allDist, nPicked, nAll int
	for si := range d.Sections {
		s := &d.Sections[si]
		gists := make([]string, len(s.Questions))
		for i := range s.Questions {
			gists[i] = gist(&s.Questions[i])
		}
		p := newChoicePool(gists)
		for i, q := range s.Questions {
			for _, k := range []int{1, 3, 9} {
				got := pick(p, i, k, 1, q.ID)
				if len(got) != k {
					t.Fatalf("%s: %d distractors, want %d", q.ID, len(got), k)
				}
				keys := map[string]bool{optionKey(p.gists[i]): true}
				for _, j := range got {
					if j < 0 || j >= len(s.Questions) || j == i {
						t.Fatalf("%s: distractor index %d", q.ID, j)
					}
					if keys[optionKey(p.gists[j])] {
						t.Errorf("%s: distractor %q repeats an option", q.ID, p.gists[j])
					}
					keys[optionKey(p.gists[j])] = true
				}
				if again := pick(p, i, k, 1, q.ID); !slices.Equal(got, again) {
					t.Errorf("%s: seed 1 gave %v then %v", q.ID, got, again)
				}
			}
			one, two := pick(p, i, 3, 1, q.ID), pick(p, i, 3, 2, q.ID)
			total++
			if !slices.Equal(one, two) {
				differ++
			}
			// Length preference: picked distractors are closer in length to
			// the right answer than the role's answers on average.
			for _, j := range one {
				pickedDist += abs(p.lens[j] - p.lens[i])
				nPicked++
			}
			for j := range s.Questions {
				if j != i {
					allDist += abs(p.lens[j] - p.lens[i])
					nAll++
				}
			}
		}
	}
	if differ < total/2 {
		t.Errorf("seeds 1 and 2 differ on only %d of %d questions", differ, total)
	}
	if pickedMean, allMean := float64(pickedDist)/float64(nPicked), float64(allDist)/float64(nAll); pickedMean >= allMean/2 {
		t.Errorf("mean length difference of distractors %.1f, of all answers %.1f: length is not preferred", pickedMean, allMean)
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func TestPickSmallPools(t *testing.T) {
	for _, c := range []struct {
		name  string
		gists []string
		k     int
		want  int // distractors for question 0
	}{
		{"alone", []string{"only answer"}, 3, 0},
		{"one other", []string{"right", "other"}, 3, 1},
		{"duplicates of the right answer", []string{"Same answer.", "same  ANSWER.", "same answer."}, 3, 0},
		{"duplicates among the others", []string{"right", "other", "Other", "other ", "third"}, 3, 2},
		{"empty answers are not options", []string{"right", "", "", "other"}, 3, 1},
		{"no answer to begin with", []string{"", "a", "b"}, 3, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := pick(newChoicePool(c.gists), 0, c.k, 1, "x")
			if len(got) != c.want {
				t.Errorf("%d distractors %v, want %d", len(got), got, c.want)
			}
		})
	}
}
