package extract

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/xopsexport/xopsexport/model"
)

// arena hands out the answers' blocks and items from a few large arrays
// instead of one small allocation per answer. Each slice is capped at its
// length, so appending to one cannot overwrite its neighbour.
type arena struct {
	b []model.Block
	s []string
}

func (a *arena) blocks(bs []model.Block) []model.Block {
	if len(bs) == 0 {
		return nil
	}
	if cap(a.b)-len(a.b) < len(bs) {
		a.b = make([]model.Block, 0, max(256, len(bs)))
	}
	i := len(a.b)
	a.b = append(a.b, bs...)
	return a.b[i:len(a.b):len(a.b)]
}

func (a *arena) strings(ss []string) []string {
	if cap(a.s)-len(a.s) < len(ss) {
		a.s = make([]string, 0, max(256, len(ss)))
	}
	i := len(a.s)
	a.s = append(a.s, ss...)
	return a.s[i:len(a.s):len(a.s)]
}

// assignIDs sets each question's stable ID and topic tags. A question asked
// twice in one role gets "-2", "-3" after its ID, in order of appearance.
func assignIDs(d *model.Deck, opts Options) {
	seen := map[string]int{}
	for i := range d.Sections {
		s := &d.Sections[i]
		for j := range s.Questions {
			q := &s.Questions[j]
			id := model.QuestionID(s.Role, q.Question)
			seen[id]++
			if c := seen[id]; c > 1 {
				opts.serious(KindDuplicate, 0, "%s Q%d asks the same question as an earlier one", s.Name, q.Number)
				id = fmt.Sprintf("%s-%d", id, c)
			}
			q.ID = id
			q.Tags = model.QuestionTopics(q)
			if q.Tags == nil {
				q.Tags = []string{}
			}
			if q.Answer == nil {
				q.Answer = []model.Block{}
			}
		}
	}
}

// sectionName is the display name of a section: the known role's name, or
// the heading's word the role was made from, as written ("SRE", not "Sre").
func sectionName(role, heading string) string {
	for _, r := range model.Roles() {
		if r.ID == role {
			return r.Name
		}
	}
	for _, w := range strings.FieldsFunc(heading, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if strings.ToLower(w) == role {
			return w
		}
	}
	return model.RoleName(role)
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// finish drops the sections that introduced no questions (the title,
// sponsor blocks, footers), makes role ids unique and gives every question
// its ID and tags.
func finish(d *model.Deck, opts Options) (*model.Deck, error) {
	out := d.Sections[:0]
	for _, s := range d.Sections {
		if len(s.Questions) > 0 {
			out = append(out, s)
		}
	}
	d.Sections = out
	if len(d.Sections) == 0 {
		return nil, ErrNoQuestions
	}
	// Role ids must be unique; a second section of one role (counted only
	// among sections that kept questions, so a title or sponsor heading
	// naming a role does not shift the real one) gets "-2", "-3".
	roles := map[string]int{}
	for i := range d.Sections {
		s := &d.Sections[i]
		roles[s.Role]++
		if c := roles[s.Role]; c > 1 {
			s.Name = fmt.Sprintf("%s %d", s.Name, c)
			s.Role = fmt.Sprintf("%s-%d", s.Role, c)
		}
	}
	assignIDs(d, opts)
	return d, nil
}
