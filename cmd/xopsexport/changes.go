package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/xopsexport/xopsexport/model"
	"github.com/xopsexport/xopsexport/revision"
)

func (e *env) printChanges(asJSON bool, title string, old, new *model.Deck, c *revision.Changelog) error {
	if asJSON {
		return writeChangesJSON(e.stdout, c)
	}
	return writeChanges(e.stdout, title, sectionsOf(new, old), c)
}

func writeChangesJSON(w io.Writer, c *revision.Changelog) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(c)
}

// roles is the role IDs of some decks in order of appearance, with their
// display names.
type roles struct {
	order []string
	names map[string]string
}

func sectionsOf(decks ...*model.Deck) roles {
	r := roles{names: map[string]string{}}
	for _, d := range decks {
		for _, s := range d.Sections {
			if _, ok := r.names[s.Role]; !ok {
				r.names[s.Role] = s.Name
				r.order = append(r.order, s.Role)
			}
		}
	}
	return r
}

func (r roles) name(role string) string {
	if n := r.names[role]; n != "" {
		return n
	}
	return model.RoleName(role)
}

// writeChanges prints the changelog per role (the new revision's order,
// then roles only the old one had), and within a role by kind and number.
func writeChanges(w io.Writer, title string, rs roles, c *revision.Changelog) error {
	if c.Empty() {
		_, err := fmt.Fprintf(w, "%s: no changes (%d questions)\n", title, c.Unchanged)
		return err
	}
	kinds := []struct {
		name string
		list []revision.Entry
	}{{"added", c.Added}, {"removed", c.Removed}, {"reworded", c.Reworded}, {"edited", c.Edited}, {"renumbered", c.Renumbered}, {"moved", c.Moved}}
	var b strings.Builder
	fmt.Fprintf(&b, "%s:\n", title)
	for _, role := range rs.order {
		header := false
		for _, k := range kinds {
			for _, e := range k.list {
				if e.Role != role {
					continue
				}
				if !header {
					fmt.Fprintf(&b, "\n%s\n", rs.name(role))
					header = true
				}
				fmt.Fprintf(&b, "  %-10s  %-18s  %-11s %s\n", k.name, e.ID, numbers(rs, e), e.Question)
				if e.OldQuestion != "" {
					fmt.Fprintf(&b, "  %-10s  %-18s  %-11s was: %s\n", "", "", "", e.OldQuestion)
				}
			}
		}
	}
	fmt.Fprintf(&b, "\n%d added, %d removed, %d reworded, %d edited, %d renumbered, %d moved, %d unchanged\n",
		len(c.Added), len(c.Removed), len(c.Reworded), len(c.Edited), len(c.Renumbered), len(c.Moved), c.Unchanged)
	_, err := io.WriteString(w, b.String())
	return err
}

func numbers(rs roles, e revision.Entry) string {
	switch {
	case e.OldNumber == nil:
		return fmt.Sprintf("Q%d", *e.NewNumber)
	case e.NewNumber == nil:
		return fmt.Sprintf("Q%d", *e.OldNumber)
	case e.OldRole != "":
		return fmt.Sprintf("from %s Q%d → Q%d", rs.name(e.OldRole), *e.OldNumber, *e.NewNumber)
	case *e.OldNumber != *e.NewNumber:
		return fmt.Sprintf("Q%d → Q%d", *e.OldNumber, *e.NewNumber)
	}
	return fmt.Sprintf("Q%d", *e.NewNumber)
}
