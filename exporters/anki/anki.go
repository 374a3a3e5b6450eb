// Package anki writes Anki decks: a text file with Anki's import headers
// (TSV) and a .apkg package. Both carry the same notes: the same GUIDs
// (derived from each question's stable ID), the same HTML fields and the
// same tags, so a re-import of a later export updates notes in place.
package anki

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/xopsexport/xopsexport/model"
)

// note is one question as both writers emit it.
type note struct {
	guid   string
	deck   int // index into plan.decks
	front  string
	back   string
	role   string // the role's display name, as HTML
	number string // the question's number in its section, "" if unknown
	tags   []string
	mod    int64 // seconds: when the content last changed
}

// plan is the deck laid out for writing: deck names, notes and stamps.
type plan struct {
	parent string   // the parent deck: Options.Deck, cleaned
	decks  []string // every deck a note goes to, in first-use order
	split  bool     // one subdeck per role (more than one role)
	notes  []note
	source string // link to the source article, "" if it has no http(s) URL
	stamp  time.Time
}

// newPlan checks the options and lays d out. It never modifies d.
func newPlan(d *model.Deck, opts Options) (*plan, error) {
	if d == nil {
		return nil, errors.New("no deck")
	}
	if err := opts.Check(); err != nil {
		return nil, err
	}
	p := &plan{
		parent: parentDeck(opts.Deck),
		source: sourceLink(d.Source.URL),
		stamp:  stampOf(d, opts),
	}
	roles := map[string]bool{}
	for _, s := range d.Sections {
		roles[s.Role] = true
	}
	p.split = len(roles) > 1
	deckIndex := map[string]int{}
	guids := make(map[string]string, d.Count())
	for si, s := range d.Sections {
		name := s.Name
		if strings.TrimSpace(name) == "" {
			name = model.RoleName(s.Role)
		}
		deck := p.parent
		if p.split {
			level := deckLevel(name)
			if level == "" {
				level = deckLevel(s.Role)
			}
			if level == "" {
				level = "Section " + strconv.Itoa(si+1)
			}
			deck = p.parent + "::" + level
		}
		// Anki matches deck names case-insensitively: two sections whose
		// names differ only in case share one deck.
		key := strings.ToLower(deck)
		di, ok := deckIndex[key]
		if !ok {
			di = len(p.decks)
			deckIndex[key] = di
			p.decks = append(p.decks, deck)
		}
		role := escapeText(name)
		for _, q := range s.Questions {
			id := s.IDOf(&q)
			g := GUID(id)
			if prev, dup := guids[g]; dup {
				return nil, fmt.Errorf("questions %s and %s would share the note GUID %s; question IDs must be unique", prev, id, g)
			}
			guids[g] = id
			n := note{
				guid:  g,
				deck:  di,
				front: escapeText(q.Question),
				back:  answerHTML(q.Answer),
				role:  role,
				tags:  noteTags(s.Role, q.Tags),
				mod:   noteMod(q, d, p.stamp),
			}
			if q.Number > 0 {
				n.number = strconv.Itoa(q.Number)
			}
			p.notes = append(p.notes, n)
		}
	}
	if len(p.decks) == 0 {
		p.decks = []string{p.parent}
	}
	return p, nil
}

// stampOf is the date the package is stamped with: Options.Date, else the
// source's retrieval date, else the Unix epoch - never the clock.
func stampOf(d *model.Deck, opts Options) time.Time { return d.StampDate(opts.Date) }

// noteMod is a note's modification time in seconds: when its content last
// changed. Anki's package import updates a note only if this is newer than
// the note it has, so an unchanged question keeps the learner's own edits
// and a changed one is updated.
func noteMod(q model.Question, d *model.Deck, stamp time.Time) int64 {
	switch {
	case !q.Changed.IsZero():
		return q.Changed.Unix()
	case !d.Source.Retrieved.IsZero():
		return d.Source.Retrieved.Unix()
	}
	return stamp.Unix()
}

// parentDeck cleans the --deck value: each "::" level as deckLevel cleans
// it, empty levels dropped; nothing left means DefaultDeck.
func parentDeck(name string) string {
	var levels []string
	for _, l := range strings.Split(name, "::") {
		if l = deckLevel(l); l != "" {
			levels = append(levels, l)
		}
	}
	if len(levels) == 0 {
		return DefaultDeck
	}
	return strings.Join(levels, "::")
}

// deckLevel makes s one level of a deck name the way Anki would store it:
// NFC, no control characters, white space runs as one space, no "::" (which
// would start another level) and no leading or trailing colons or spaces
// (Anki trims them, rslib decks/name.rs).
func deckLevel(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return ' '
		}
		return r
	}, norm.NFC.String(strings.ToValidUTF8(s, "")))
	for strings.Contains(s, "::") {
		s = strings.ReplaceAll(s, "::", ":")
	}
	return strings.Trim(strings.Join(strings.Fields(s), " "), " :")
}
