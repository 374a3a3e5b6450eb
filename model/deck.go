// Package model holds the structured Q&A deck that every reader produces and
// every exporter consumes. It is plain data: no I/O, no formats.
package model

import (
	"slices"
	"time"
)

// Deck is one interview Q&A document: its provenance and its role sections.
type Deck struct {
	Title    string    `json:"title"`
	Author   string    `json:"author"`
	Source   Source    `json:"source"`
	Sections []Section `json:"sections"`
}

// Source says where the deck came from, so every export can cite it.
type Source struct {
	URL       string    `json:"url"`
	Retrieved time.Time `json:"retrieved,omitzero"`
	SHA256    string    `json:"sha256"`
}

// Section is one group of questions, usually one role.
type Section struct {
	Role      string     `json:"role"`    // "devops", "cloudops", or a slug of the heading
	Name      string     `json:"name"`    // display name: "CloudOps"
	Heading   string     `json:"heading"` // the heading as written in the source
	Questions []Question `json:"questions"`
}

// Question is one question with its answer.
type Question struct {
	ID       string   `json:"id"`     // stable across renumbering; see ID
	Number   int      `json:"number"` // as numbered in the source (restarts per section)
	Question string   `json:"question"`
	Answer   []Block  `json:"answer"`
	Tags     []string `json:"tags"`
	// Changed is when this question's text last changed, as tracked by
	// refreshed snapshots; zero means "as of Source.Retrieved". Anki uses it
	// as the note's modification time, so a re-import updates only the notes
	// whose content changed.
	Changed time.Time `json:"changed,omitzero"`
}

// BlockType is the kind of an answer block.
type BlockType string

// The answer block kinds.
const (
	Paragraph BlockType = "paragraph" // Text
	List      BlockType = "list"      // Items
	// Code is a code sample: Text with its whitespace kept exactly (no
	// trailing newline), Lang the fence's language tag if any.
	Code BlockType = "code"
	// Table is a table: Rows, the first row its header.
	Table BlockType = "table"
	// Heading is a sub-heading inside an answer (Text).
	Heading BlockType = "heading"
)

// Block is one piece of an answer: a paragraph or heading (Text), a bullet
// list (Items), a code sample (Text, Lang) or a table (Rows).
type Block struct {
	Type  BlockType  `json:"type"`
	Text  string     `json:"text,omitempty"`
	Lang  string     `json:"lang,omitempty"`
	Items []string   `json:"items,omitempty"`
	Rows  [][]string `json:"rows,omitempty"`
}

// Count returns the number of questions in the deck.
func (d *Deck) Count() int {
	n := 0
	for _, s := range d.Sections {
		n += len(s.Questions)
	}
	return n
}

// AnswerText returns the answer as plain text: blocks separated by blank
// lines, list items prefixed with "• ", table cells separated by " | ", code
// as it is.
func (q *Question) AnswerText() string {
	var b []byte
	for i, bl := range q.Answer {
		if i > 0 {
			b = append(b, "\n\n"...)
		}
		switch bl.Type {
		case List:
			for j, it := range bl.Items {
				if j > 0 {
					b = append(b, '\n')
				}
				b = append(b, "• "...)
				b = append(b, it...)
			}
		case Table:
			for j, row := range bl.Rows {
				if j > 0 {
					b = append(b, '\n')
				}
				for k, c := range row {
					if k > 0 {
						b = append(b, " | "...)
					}
					b = append(b, c...)
				}
			}
		default:
			b = append(b, bl.Text...)
		}
	}
	return string(b)
}

// Clone returns a deep copy of d, so callers can filter or renumber without
// touching the original. Nil and empty slices stay as they were, so a clone
// compares equal to its original.
func (d *Deck) Clone() *Deck {
	c := *d
	c.Sections = slices.Clone(d.Sections)
	for i := range c.Sections {
		c.Sections[i].Questions = cloneQuestions(c.Sections[i].Questions)
	}
	return &c
}

func cloneQuestions(qs []Question) []Question {
	out := slices.Clone(qs)
	for i := range out {
		q := &out[i]
		q.Tags = slices.Clone(q.Tags)
		q.Answer = slices.Clone(q.Answer)
		for j := range q.Answer {
			q.Answer[j].Items = slices.Clone(q.Answer[j].Items)
			if rows := q.Answer[j].Rows; rows != nil {
				q.Answer[j].Rows = make([][]string, len(rows))
				for k, r := range rows {
					q.Answer[j].Rows[k] = slices.Clone(r)
				}
			}
		}
	}
	return out
}

// Filter returns a copy of d holding only the sections whose role is in
// roles; an empty roles keeps every section.
func (d *Deck) Filter(roles []string) *Deck {
	if len(roles) == 0 {
		return d.Clone()
	}
	keep := make(map[string]bool, len(roles))
	for _, r := range roles {
		keep[r] = true
	}
	c := *d
	c.Sections = nil
	for _, s := range d.Clone().Sections {
		if keep[s.Role] {
			c.Sections = append(c.Sections, s)
		}
	}
	return &c
}

// Find returns the question with the given ID and its section.
func (d *Deck) Find(id string) (*Section, *Question, bool) {
	for i := range d.Sections {
		s := &d.Sections[i]
		for j := range s.Questions {
			if s.Questions[j].ID == id {
				return s, &s.Questions[j], true
			}
		}
	}
	return nil, nil, false
}

// StampDate is the date outputs made from d are stamped with: override if
// set, else when the source was retrieved, else the Unix epoch; never the
// clock, so the same input gives the same bytes.
func (d *Deck) StampDate(override time.Time) time.Time {
	switch {
	case !override.IsZero():
		return override.UTC()
	case !d.Source.Retrieved.IsZero():
		return d.Source.Retrieved.UTC()
	}
	return time.Unix(0, 0).UTC()
}
