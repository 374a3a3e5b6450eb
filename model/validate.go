package model

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Validate reports every way d breaks the model's rules, joined into one
// error: sections without a role, duplicate roles or IDs, empty questions,
// malformed blocks and text that is not valid UTF-8. An empty answer is
// allowed (lint reports it); exporters can rely on everything else.
func (d *Deck) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	checkText := func(where, s string) {
		if !utf8.ValidString(s) {
			bad("%s: text is not valid UTF-8", where)
		}
		if strings.ContainsRune(s, 0) {
			bad("%s: text contains a NUL byte", where)
		}
	}
	checkText("title", d.Title)
	checkText("author", d.Author)
	roles := map[string]bool{}
	ids := map[string]string{}
	for i, s := range d.Sections {
		where := fmt.Sprintf("section %d (%s)", i+1, s.Role)
		if s.Role == "" {
			bad("%s: no role", where)
		}
		if roles[s.Role] {
			bad("%s: role %q appears twice", where, s.Role)
		}
		roles[s.Role] = true
		checkText(where+" heading", s.Heading)
		checkText(where+" name", s.Name)
		for j, q := range s.Questions {
			qw := fmt.Sprintf("%s question %d", where, j+1)
			if q.ID == "" {
				bad("%s: no ID", qw)
			} else if prev, dup := ids[q.ID]; dup {
				bad("%s: ID %s already used by %s", qw, q.ID, prev)
			} else {
				ids[q.ID] = qw
			}
			if strings.TrimSpace(q.Question) == "" {
				bad("%s: empty question", qw)
			}
			checkText(qw, q.Question)
			for k, b := range q.Answer {
				bw := fmt.Sprintf("%s answer block %d", qw, k+1)
				switch b.Type {
				case Paragraph:
					if strings.TrimSpace(b.Text) == "" {
						bad("%s: empty paragraph", bw)
					}
					checkText(bw, b.Text)
				case List:
					if len(b.Items) == 0 {
						bad("%s: list without items", bw)
					}
					for _, it := range b.Items {
						if strings.TrimSpace(it) == "" {
							bad("%s: empty list item", bw)
						}
						checkText(bw, it)
					}
				case Heading:
					if strings.TrimSpace(b.Text) == "" {
						bad("%s: empty heading", bw)
					}
					checkText(bw, b.Text)
				case Code:
					if strings.TrimSpace(b.Text) == "" {
						bad("%s: empty code block", bw)
					}
					checkText(bw, b.Text)
					checkText(bw, b.Lang)
				case Table:
					if len(b.Rows) == 0 {
						bad("%s: table without rows", bw)
					}
					for _, row := range b.Rows {
						if len(row) == 0 {
							bad("%s: table row without cells", bw)
						}
						for _, c := range row {
							checkText(bw, c)
						}
					}
				default:
					bad("%s: unknown block type %q", bw, b.Type)
				}
			}
			for _, t := range q.Tags {
				if t == "" || strings.ContainsAny(t, " \t\n") {
					bad("%s: tag %q is empty or has white space", qw, t)
				}
			}
		}
	}
	return errors.Join(errs...)
}
