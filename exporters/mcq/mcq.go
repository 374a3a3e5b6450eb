// Package mcq builds multiple-choice questions from a deck: for each
// question, the short form of its model answer among distractors drawn
// from other answers. One engine feeds every multiple-choice output
// (Moodle GIFT and XML, the web page's quiz, QTI and Blackboard), so they
// ask the same questions with the same options for the same seed.
//
// Options are plain text; each exporter escapes them for its format.
package mcq

import (
	"fmt"

	"github.com/xopsexport/xopsexport/model"
)

// Options tunes Build. The zero value means 4 options and seed 0.
type Options struct {
	Choices int   // options per question, 2..10; 0 means 4
	Seed    int64 // distractor selection and shuffling
}

// DefaultChoices is the number of options when Options.Choices is 0.
const DefaultChoices = 4

// Check reports an invalid option value.
func (o Options) Check() error {
	if o.Choices != 0 && (o.Choices < 2 || o.Choices > 10) {
		return fmt.Errorf("--choices must be between 2 and 10, not %d", o.Choices)
	}
	return nil
}

// choices is the number of options to build: the default for 0, and a
// value out of range clamped into it (Build never fails; Check says what
// is wrong).
func (o Options) choices() int {
	switch {
	case o.Choices == 0:
		return DefaultChoices
	case o.Choices < 2:
		return 2
	case o.Choices > 10:
		return 10
	}
	return o.Choices
}

// Item is one multiple-choice question.
type Item struct {
	QuestionID string   // the question's ID (model.QuestionID of role and text if the deck has none)
	Role       string   // the role of its section
	Prompt     string   // the question text, as in the deck
	Options    []string // option texts, plain text, one line each, pairwise different
	Correct    int      // index into Options of the right answer
}

// Build returns the multiple-choice questions of d, in deck order: one per
// question that can get at least one distractor, with up to o.Choices
// options (fewer when the deck has too few usable answers). A question with
// no answer text, or whose role offers no other, different answer, has no
// item. The result depends only on d and o: the same seed gives the same
// items, and a question's options do not depend on the roles exported with
// it. d is only read.
func Build(d *model.Deck, o Options) []Item {
	n := o.choices()
	var items []Item
	for si := range d.Sections {
		s := &d.Sections[si]
		if len(s.Questions) == 0 {
			continue
		}
		gists := make([]string, len(s.Questions))
		for i := range s.Questions {
			gists[i] = gist(&s.Questions[i])
		}
		pool := newChoicePool(gists)
		for i := range s.Questions {
			q := &s.Questions[i]
			if pool.keys[i] == "" {
				continue
			}
			id := q.ID
			if id == "" {
				id = model.QuestionID(s.Role, q.Question)
			}
			rng := newRNG(o.Seed, id)
			picked := pool.pick(i, n-1, rng)
			if len(picked) == 0 {
				continue
			}
			it := Item{QuestionID: id, Role: s.Role, Prompt: q.Question, Options: make([]string, 0, len(picked)+1)}
			it.Options = append(it.Options, gists[i])
			for _, j := range picked {
				it.Options = append(it.Options, gists[j])
			}
			rng.shuffle(len(it.Options), func(a, b int) {
				it.Options[a], it.Options[b] = it.Options[b], it.Options[a]
				switch it.Correct {
				case a:
					it.Correct = b
				case b:
					it.Correct = a
				}
			})
			items = append(items, it)
		}
	}
	return items
}

// Clip shortens s to at most max runes, cutting at a word boundary in the
// second half and adding "…": the truncation rule of options, exported so
// that names and labels next to them are cut the same way.
func Clip(s string, max int) string { return clip(s, max) }
