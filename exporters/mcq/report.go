package mcq

import (
	"strconv"
	"unicode/utf8"

	"github.com/xopsexport/xopsexport/model"
)

// Guesser is how often one naive strategy, which knows nothing of the
// subject, picks the right option.
type Guesser struct {
	Name           string
	Correct, Total int
}

// Report measures how much the options of items give away: for each naive
// guesser, over the items, how often it picks the right option. With n
// options, chance is 1/n; a guesser well above it means the options carry
// a cue that is not knowledge (the right one echoes the question, is the
// longest, or is the one the others are variations of). The guessers are:
//
//   - most (and fewest) content words shared with the question
//   - most (and fewest) topic tags shared with the question's tags in d
//   - longest and shortest option
//   - most (and least) similar to the other options
//   - always position k, for each k
//
// A guesser facing a tie takes the first of the tied options, which the
// shuffle makes a fair draw. d is the deck the items were built from (for
// the questions' tags); items of questions not in d count with no tags.
func Report(d *model.Deck, items []Item) []Guesser {
	v := newVocab(len(items))
	tags := map[string][]string{}
	if d != nil {
		for _, s := range d.Sections {
			for _, q := range s.Questions {
				tags[q.ID] = q.Tags
			}
		}
	}
	type guess struct {
		name string
		pick func(it *Item, opt []wset, q wset) int
	}
	sharedWords := func(it *Item, opt []wset, q wset) []float64 {
		s := make([]float64, len(opt))
		for i, o := range opt {
			s[i] = float64(overlap(o, q))
		}
		return s
	}
	sharedTags := func(it *Item) []float64 {
		want := map[string]bool{}
		for _, t := range tags[it.QuestionID] {
			want[t] = true
		}
		s := make([]float64, len(it.Options))
		for i, o := range it.Options {
			for _, t := range model.TopicTags(o) {
				if want[t] {
					s[i]++
				}
			}
		}
		return s
	}
	runes := func(it *Item) []float64 {
		s := make([]float64, len(it.Options))
		for i, o := range it.Options {
			s[i] = float64(utf8.RuneCountInString(o))
		}
		return s
	}
	central := func(opt []wset) []float64 {
		s := make([]float64, len(opt))
		for i := range opt {
			for j := range opt {
				if i != j {
					s[i] += dice(opt[i], opt[j])
				}
			}
		}
		return s
	}
	guessers := []guess{
		{"most words shared with the question", func(it *Item, opt []wset, q wset) int { return argmax(sharedWords(it, opt, q)) }},
		{"fewest words shared with the question", func(it *Item, opt []wset, q wset) int { return argmin(sharedWords(it, opt, q)) }},
		{"most topic tags shared with the question", func(it *Item, _ []wset, _ wset) int { return argmax(sharedTags(it)) }},
		{"longest option", func(it *Item, _ []wset, _ wset) int { return argmax(runes(it)) }},
		{"shortest option", func(it *Item, _ []wset, _ wset) int { return argmin(runes(it)) }},
		{"most similar to the other options", func(_ *Item, opt []wset, _ wset) int { return argmax(central(opt)) }},
		{"least similar to the other options", func(_ *Item, opt []wset, _ wset) int { return argmin(central(opt)) }},
	}
	positions := 0
	for _, it := range items {
		positions = max(positions, len(it.Options))
	}
	out := make([]Guesser, len(guessers)+positions)
	for i, g := range guessers {
		out[i].Name = g.name
	}
	for p := 0; p < positions; p++ {
		out[len(guessers)+p].Name = "always option " + strconv.Itoa(p+1)
	}
	for i := range items {
		it := &items[i]
		if len(it.Options) == 0 {
			continue
		}
		opt := make([]wset, len(it.Options))
		for j, o := range it.Options {
			opt[j] = v.words(o)
		}
		q := v.words(it.Prompt)
		for gi, g := range guessers {
			out[gi].Total++
			if g.pick(it, opt, q) == it.Correct {
				out[gi].Correct++
			}
		}
		for p := range it.Options {
			out[len(guessers)+p].Total++
			if p == it.Correct {
				out[len(guessers)+p].Correct++
			}
		}
	}
	return out
}

// argmax is the index of the first largest score.
func argmax(s []float64) int {
	best := 0
	for i, v := range s {
		if v > s[best] {
			best = i
		}
	}
	return best
}

// argmin is the index of the first smallest score.
func argmin(s []float64) int {
	best := 0
	for i, v := range s {
		if v < s[best] {
			best = i
		}
	}
	return best
}
