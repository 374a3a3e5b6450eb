// Package mcq builds multiple-choice questions from a deck: for each
// question, the short form of its model answer among distractors drawn
// from other answers. One engine feeds every multiple-choice output
// (Moodle GIFT and XML, the web page's quiz, QTI and Blackboard), so they
// ask the same questions with the same options for the same seed.
//
// Options are plain text; each exporter escapes them for its format.
package mcq

import (
	"cmp"
	"fmt"
	"slices"

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
	// From holds, for each option, the ID of the question whose answer it
	// was taken from (From[Correct] is QuestionID): for a teacher's review
	// (lint --mcq --items) and for CrossRole.
	From []string
}

// Build returns the multiple-choice questions of d, in deck order: one per
// question whose answer has prose and for which at least one distractor
// can be found, with up to o.Choices options (fewer only when the whole
// deck has too few usable answers). The right option is a short form of
// the question's own answer; the distractors are the short forms of the
// answers to the most related questions of its role (by topic tags and
// content words), from other roles only when its role has too few, never
// one that is a near-duplicate of the right one or of another option. Of
// the sets of distractors that could be chosen, the one whose options give
// least away is taken (see choose). The result depends only on d and o:
// the same seed gives the same items, and a question whose role has
// enough answers gets the same options whatever other roles are exported
// with it. d is only read.
func Build(d *model.Deck, o Options) []Item {
	b := newBuilder(d)
	k := o.choices() - 1
	type built struct {
		it   Item
		slot uint64
		rng  *splitMix
	}
	var all []built
	byRole := map[string][]int{} // indexes into all
	var roles []string
	for e := range b.entries {
		it, slot, rng, ok := b.item(e, k, o.Seed)
		if !ok {
			continue
		}
		if byRole[it.Role] == nil {
			roles = append(roles, it.Role)
		}
		byRole[it.Role] = append(byRole[it.Role], len(all))
		all = append(all, built{it, slot, rng})
	}
	// The right option's position: the role's items in an order drawn from
	// the seed take the positions in turn from a drawn start, so each
	// position holds the right option equally often (to one item per role)
	// and a question's position is uniform over seeds.
	for _, r := range roles {
		ix := byRole[r]
		slices.SortFunc(ix, func(i, j int) int { return cmp.Or(cmp.Compare(all[i].slot, all[j].slot), i-j) })
		start := newRNG(o.Seed, "role\x00"+r).intn(k + 1)
		for n, i := range ix {
			place(&all[i].it, start+n, all[i].rng)
		}
	}
	items := make([]Item, len(all))
	for i := range all {
		items[i] = all[i].it
	}
	return items
}

// CrossRole returns the IDs of the items (built from d) that have a
// distractor taken from another role, because their own role had too few
// usable answers; lint reports them.
func CrossRole(d *model.Deck, items []Item) []string {
	role := map[string]string{} // question ID → role
	for _, s := range d.Sections {
		for _, q := range s.Questions {
			id := s.IDOf(&q)
			role[id] = s.Role
		}
	}
	var out []string
	for _, it := range items {
		if slices.ContainsFunc(it.From, func(id string) bool { return role[id] != it.Role }) {
			out = append(out, it.QuestionID)
		}
	}
	return out
}

// Clip shortens s to at most max runes, cutting at a word boundary in the
// second half and adding "…": the truncation rule of options, exported so
// that names and labels next to them are cut the same way.
func Clip(s string, max int) string { return clip(s, max) }
