// Package revision compares two revisions of the article and carries each
// question's ID (and the date its text last changed) from the old to the
// new, so Anki notes, tracker rows and Moodle questions keep their history
// when the article is renumbered, reworded or reorganised. It is pure: decks
// in, changes and ID maps out, no I/O.
package revision

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/xopsexport/xopsexport/model"
)

// Entry is one changed question in a Changelog.
type Entry struct {
	Role string `json:"role"` // the role it is in now (for removed: was in)
	// OldRole is the role a moved question was in.
	OldRole string `json:"old_role,omitempty"`
	// ID is the question's ID in the new revision (for removed: the old).
	ID        string `json:"id"`
	OldNumber *int   `json:"old_number"` // nil for added questions
	NewNumber *int   `json:"new_number"` // nil for removed questions
	Question  string `json:"question"`
	// OldQuestion is a reworded question's previous text.
	OldQuestion string `json:"old_question,omitempty"`
}

// Changelog lists what changed between two revisions. Each question is in
// at most one list, the first that applies in the order moved, reworded,
// edited, renumbered; the entry's numbers still show a renumbering.
type Changelog struct {
	Added      []Entry `json:"added"`
	Removed    []Entry `json:"removed"`
	Reworded   []Entry `json:"reworded"`   // question text changed (same ID)
	Edited     []Entry `json:"edited"`     // same question, answer changed
	Renumbered []Entry `json:"renumbered"` // only the number changed
	Moved      []Entry `json:"moved"`      // same question, another role (same ID)
	Unchanged  int     `json:"unchanged"`
}

// Empty reports whether nothing changed.
func (c *Changelog) Empty() bool {
	return len(c.Added)+len(c.Removed)+len(c.Reworded)+len(c.Edited)+len(c.Renumbered)+len(c.Moved) == 0
}

// Carry is what a question of the new revision carries.
type Carry struct {
	ID string
	// Changed is when the question last changed: its text (question or
	// answer), its role, its number, or the deck's source URL. Exports use
	// it as a modification time (Anki's note mod, which decides whether a
	// re-import updates the note), and they show role, number and source,
	// so those count too: a question renumbered by a neighbour's insertion,
	// or cited from a new URL, still gets its note updated.
	Changed time.Time
}

// Result is the outcome of Compare.
type Result struct {
	Changes Changelog
	// Carry maps every question of the new deck, by the ID extraction gave
	// it, to the ID it keeps and its Changed date. Apply puts it on a deck.
	Carry map[string]Carry
}

// item is a question with what matching needs.
type item struct {
	role  string
	q     *model.Question
	norm  string
	match int // index of the matched item on the other side, or -1
}

func flatten(d *model.Deck) []item {
	var out []item
	for si := range d.Sections {
		s := &d.Sections[si]
		for qi := range s.Questions {
			q := &s.Questions[qi]
			out = append(out, item{role: s.Role, q: q, norm: model.NormalizeQuestion(q.Question), match: -1})
		}
	}
	return out
}

// Compare matches the questions of old (as loaded: IDs already carried)
// with those of new (freshly extracted) and says what changed. A question
// of new that changed in any way (see Carry.Changed) gets Changed = at, the
// new revision's fetch time; an unchanged one keeps its old Changed date
// (old.Source.Retrieved when old has none). Neither deck is modified.
//
// Matching, in this order, each question at most once:
//  1. same role, same normalised text: the same question (it may be
//     renumbered, its answer edited, or its punctuation changed);
//  2. another role, same normalised text: moved; it keeps its ID, because
//     the ID keys the learner's history (Anki reviews, tracker progress),
//     and the question is the same;
//  3. same role, Similarity ≥ Threshold among the still unmatched:
//     reworded, best pairs first, one-to-one; it keeps its ID.
//
// What is left is removed (old) or added (new). A question both moved and
// reworded is reported as removed plus added: across roles only identical
// text is trusted.
func Compare(old, new *model.Deck, at time.Time) *Result {
	olds, news := flatten(old), flatten(new)

	// 1. Same role, same text. Questions asked twice in a role pair up in
	// order of appearance.
	byKey := map[string][]int{}
	for i, o := range olds {
		k := o.role + "\n" + o.norm
		byKey[k] = append(byKey[k], i)
	}
	for j := range news {
		k := news[j].role + "\n" + news[j].norm
		if c := byKey[k]; len(c) > 0 {
			pair(olds, news, c[0], j)
			byKey[k] = c[1:]
		}
	}

	// 2. Moved: the same text in another role.
	byText := map[string][]int{}
	for i, o := range olds {
		if o.match < 0 {
			byText[o.norm] = append(byText[o.norm], i)
		}
	}
	for j := range news {
		if news[j].match >= 0 {
			continue
		}
		if c := byText[news[j].norm]; len(c) > 0 {
			pair(olds, news, c[0], j)
			byText[news[j].norm] = c[1:]
		}
	}

	// 3. Reworded: the most similar pairs within a role, greedily.
	type cand struct {
		o, n  int
		score float64
	}
	var cands []cand
	newWords := make([]map[string]bool, len(news))
	for j, n := range news {
		if n.match < 0 {
			newWords[j] = contentWords(n.q.Question)
		}
	}
	for i, o := range olds {
		if o.match >= 0 {
			continue
		}
		ow := contentWords(o.q.Question)
		for j, n := range news {
			if n.match >= 0 || n.role != o.role {
				continue
			}
			if s := dice(ow, newWords[j]); s >= Threshold {
				cands = append(cands, cand{i, j, s})
			}
		}
	}
	sort.SliceStable(cands, func(a, b int) bool { return cands[a].score > cands[b].score })
	for _, c := range cands {
		if olds[c.o].match < 0 && news[c.n].match < 0 {
			pair(olds, news, c.o, c.n)
		}
	}

	return build(old, new, olds, news, at)
}

func pair(olds, news []item, i, j int) {
	olds[i].match = j
	news[j].match = i
}

func build(old, new *model.Deck, olds, news []item, at time.Time) *Result {
	r := &Result{Carry: make(map[string]Carry, len(news))}
	c := &r.Changes
	c.Added, c.Removed, c.Reworded, c.Edited, c.Renumbered, c.Moved = []Entry{}, []Entry{}, []Entry{}, []Entry{}, []Entry{}, []Entry{}

	// Matched questions keep their old ID; old IDs are unique in old and
	// each is matched once, so these never collide with each other.
	used := map[string]bool{}
	for j := range news {
		n := &news[j]
		if n.match < 0 {
			continue
		}
		o := &olds[n.match]
		e := Entry{Role: n.role, ID: o.q.ID, OldNumber: num(o.q.Number), NewNumber: num(n.q.Number), Question: n.q.Question}
		changed := at
		newURL := old.Source.URL != new.Source.URL
		switch {
		case o.role != n.role:
			e.OldRole = o.role
			c.Moved = append(c.Moved, e)
		case o.q.Question != n.q.Question:
			e.OldQuestion = o.q.Question
			c.Reworded = append(c.Reworded, e)
		case !slices.EqualFunc(o.q.Answer, n.q.Answer, blockEqual):
			c.Edited = append(c.Edited, e)
		case o.q.Number != n.q.Number:
			c.Renumbered = append(c.Renumbered, e)
		default:
			c.Unchanged++
			if !newURL {
				changed = changedOf(old, o.q)
			}
		}
		r.Carry[n.q.ID] = Carry{ID: o.q.ID, Changed: changed}
		used[o.q.ID] = true
	}
	// New questions keep the ID extraction gave them unless a carried ID
	// took it (a new question reading like one reworded earlier); those get
	// a suffix once every free ID is claimed, so no suffix steals one.
	ids := make([]string, len(news))
	for j, n := range news {
		if n.match < 0 && !used[n.q.ID] {
			ids[j] = n.q.ID
			used[n.q.ID] = true
		}
	}
	for j, n := range news {
		if n.match >= 0 {
			continue
		}
		if ids[j] == "" {
			ids[j] = unique(n.q.ID, used)
			used[ids[j]] = true
		}
		r.Carry[n.q.ID] = Carry{ID: ids[j], Changed: at}
		c.Added = append(c.Added, Entry{Role: n.role, ID: ids[j], NewNumber: num(n.q.Number), Question: n.q.Question})
	}
	for _, o := range olds {
		if o.match < 0 {
			c.Removed = append(c.Removed, Entry{Role: o.role, ID: o.q.ID, OldNumber: num(o.q.Number), Question: o.q.Question})
		}
	}
	sortEntries(c, old, new)
	return r
}

func num(n int) *int { return &n }

func blockEqual(a, b model.Block) bool {
	return a.Type == b.Type && a.Text == b.Text && a.Lang == b.Lang && slices.Equal(a.Items, b.Items) &&
		slices.EqualFunc(a.Rows, b.Rows, slices.Equal)
}

// changedOf is when q last changed as far as old knows.
func changedOf(old *model.Deck, q *model.Question) time.Time {
	if !q.Changed.IsZero() {
		return q.Changed
	}
	return old.Source.Retrieved
}

// unique returns the first of id-2, id-3, ... that is not used; callers
// come here only when id itself is taken.
func unique(id string, used map[string]bool) string {
	for n := 2; ; n++ {
		if c := fmt.Sprintf("%s-%d", id, n); !used[c] {
			return c
		}
	}
}

// sortEntries orders each list like the article: by role (new deck's order,
// then roles only the old deck has), then by number.
func sortEntries(c *Changelog, old, new *model.Deck) {
	rank := map[string]int{}
	for _, d := range []*model.Deck{new, old} {
		for _, s := range d.Sections {
			if _, ok := rank[s.Role]; !ok {
				rank[s.Role] = len(rank)
			}
		}
	}
	key := func(e Entry) int {
		if e.NewNumber != nil {
			return *e.NewNumber
		}
		return *e.OldNumber
	}
	for _, l := range [][]Entry{c.Added, c.Removed, c.Reworded, c.Edited, c.Renumbered, c.Moved} {
		sort.SliceStable(l, func(i, j int) bool {
			if ri, rj := rank[l[i].Role], rank[l[j].Role]; ri != rj {
				return ri < rj
			}
			return key(l[i]) < key(l[j])
		})
	}
}

// Apply gives the questions of d (a deck as extracted from a snapshot's
// body) the IDs and Changed dates that m carries. Questions m does not
// know keep their IDs; should one collide with a carried ID, it gets a
// "-2" suffix, so d's IDs stay unique. d is modified in place.
func Apply(d *model.Deck, m map[string]Carry) {
	if len(m) == 0 {
		return
	}
	type ref struct{ si, qi int }
	used := map[string]bool{}
	var rest []ref
	for si := range d.Sections {
		for qi := range d.Sections[si].Questions {
			q := &d.Sections[si].Questions[qi]
			if c, ok := m[q.ID]; ok && c.ID != "" && !used[c.ID] {
				q.ID, q.Changed = c.ID, c.Changed
				used[c.ID] = true
				continue
			}
			rest = append(rest, ref{si, qi})
		}
	}
	// Unknown questions: first those whose ID is free, then the others,
	// so a suffix never takes an ID another question has by right.
	var clash []ref
	for _, r := range rest {
		q := &d.Sections[r.si].Questions[r.qi]
		if used[q.ID] {
			clash = append(clash, r)
			continue
		}
		used[q.ID] = true
	}
	for _, r := range clash {
		q := &d.Sections[r.si].Questions[r.qi]
		q.ID = unique(q.ID, used)
		used[q.ID] = true
	}
}

// MinKept is the share of the previous revision's questions below which a
// new revision looks like a broken extraction rather than an edit.
const MinKept = 0.5

// Check returns the reasons new looks like a broken extraction of the
// article old was: no questions, a whole role gone, or fewer than MinKept
// of the questions. None means it looks like a plausible revision.
func Check(old, new *model.Deck) []string {
	var probs []string
	if new.Count() == 0 {
		return []string{"no questions found"}
	}
	have := map[string]bool{}
	for _, s := range new.Sections {
		have[s.Role] = true
	}
	var gone []string
	lost := 0
	for _, s := range old.Sections {
		if !have[s.Role] {
			gone = append(gone, s.Name)
			lost += len(s.Questions)
		}
	}
	switch len(gone) {
	case 0:
	case 1:
		probs = append(probs, fmt.Sprintf("the %s section (%d questions before) is gone", gone[0], lost))
	default:
		probs = append(probs, fmt.Sprintf("the %s and %s sections (%d questions before) are gone",
			strings.Join(gone[:len(gone)-1], ", "), gone[len(gone)-1], lost))
	}
	if n, o := new.Count(), old.Count(); float64(n) < MinKept*float64(o) {
		probs = append(probs, fmt.Sprintf("only %d questions, fewer than half of the %d before", n, o))
	}
	return probs
}
