package model

import (
	"strings"
	"testing"
)

// validDeck is a small deck that breaks no rule.
func validDeck() *Deck {
	return &Deck{
		Title:  "T",
		Author: "A",
		Sections: []Section{
			{Role: "devops", Name: "DevOps", Heading: "DevOps Questions", Questions: []Question{
				{ID: QuestionID("devops", "a?"), Number: 1, Question: "a?", Answer: []Block{{Type: Paragraph, Text: "x"}, {Type: List, Items: []string{"y", "z"}},
					{Type: Table, Rows: [][]string{{"k", "v"}, {"a", ""}}}, {Type: Heading, Text: "h"}, {Type: Code, Lang: "go", Text: "x := 1"}}, Tags: []string{"aws"}},
				// An empty answer is allowed: lint reports it, exporters cope.
				{ID: QuestionID("devops", "b?"), Number: 2, Question: "b?", Answer: []Block{}, Tags: []string{}},
			}},
			{Role: "platform", Name: "Platform", Heading: "Platform", Questions: []Question{
				{ID: QuestionID("platform", "a?"), Number: 1, Question: "a?"},
			}},
		},
	}
}

func TestValidateAcceptsValid(t *testing.T) {
	if err := validDeck().Validate(); err != nil {
		t.Fatal(err)
	}
	if err := (&Deck{}).Validate(); err != nil {
		t.Fatalf("an empty deck: %v", err)
	}
}

func TestValidateRejects(t *testing.T) {
	for _, tc := range []struct {
		name   string
		break_ func(d *Deck)
		want   string
	}{
		{"no role", func(d *Deck) { d.Sections[1].Role = "" }, "section 2 (): no role"},
		{"role twice", func(d *Deck) { d.Sections[1].Role = "devops" }, `role "devops" appears twice`},
		{"no ID", func(d *Deck) { d.Sections[0].Questions[0].ID = "" }, "question 1: no ID"},
		{"ID twice", func(d *Deck) { d.Sections[1].Questions[0].ID = d.Sections[0].Questions[0].ID }, "already used by section 1 (devops) question 1"},
		{"empty question", func(d *Deck) { d.Sections[0].Questions[1].Question = " \t" }, "question 2: empty question"},
		{"invalid UTF-8 question", func(d *Deck) { d.Sections[0].Questions[0].Question = "a\xff?" }, "text is not valid UTF-8"},
		{"invalid UTF-8 title", func(d *Deck) { d.Title = "\xc3" }, "title: text is not valid UTF-8"},
		{"NUL in a heading", func(d *Deck) { d.Sections[0].Heading = "a\x00b" }, "heading: text contains a NUL byte"},
		{"NUL in the author", func(d *Deck) { d.Author = "A\x00" }, "author: text contains a NUL byte"},
		{"invalid UTF-8 section name", func(d *Deck) { d.Sections[1].Name = "Pl\xffform" }, "section 2 (platform) name: text is not valid UTF-8"},
		{"NUL in a paragraph", func(d *Deck) { d.Sections[0].Questions[0].Answer[0].Text = "x\x00" }, "question 1 answer block 1: text contains a NUL byte"},
		{"invalid UTF-8 in a table cell", func(d *Deck) { d.Sections[0].Questions[0].Answer[2].Rows[1][1] = "\xc3" }, "answer block 3: text is not valid UTF-8"},
		{"table row without cells", func(d *Deck) { d.Sections[0].Questions[0].Answer[2].Rows[1] = nil }, "answer block 3: table row without cells"},
		{"NUL in a heading block", func(d *Deck) { d.Sections[0].Questions[0].Answer[3].Text = "h\x00" }, "answer block 4: text contains a NUL byte"},
		{"NUL in code", func(d *Deck) { d.Sections[0].Questions[0].Answer[4].Text = "x\x00" }, "answer block 5: text contains a NUL byte"},
		{"invalid UTF-8 code language", func(d *Deck) { d.Sections[0].Questions[0].Answer[4].Lang = "g\xffo" }, "answer block 5: text is not valid UTF-8"},
		{"empty paragraph", func(d *Deck) { d.Sections[0].Questions[0].Answer[0].Text = "" }, "answer block 1: empty paragraph"},
		{"list without items", func(d *Deck) { d.Sections[0].Questions[0].Answer[1].Items = nil }, "answer block 2: list without items"},
		{"empty list item", func(d *Deck) { d.Sections[0].Questions[0].Answer[1].Items[1] = " " }, "empty list item"},
		{"NUL in an item", func(d *Deck) { d.Sections[0].Questions[0].Answer[1].Items[0] = "\x00" }, "contains a NUL byte"},
		{"unknown block type", func(d *Deck) { d.Sections[0].Questions[0].Answer[0].Type = "image" }, `unknown block type "image"`},
		{"table without rows", func(d *Deck) { d.Sections[0].Questions[0].Answer[2].Rows = nil }, "table without rows"},
		{"empty code", func(d *Deck) { d.Sections[0].Questions[0].Answer[4].Text = " \n" }, "empty code block"},
		{"empty heading", func(d *Deck) { d.Sections[0].Questions[0].Answer[3].Text = "" }, "empty heading"},
		{"empty tag", func(d *Deck) { d.Sections[0].Questions[0].Tags = []string{""} }, "is empty or has white space"},
		{"tag with a space", func(d *Deck) { d.Sections[0].Questions[0].Tags = []string{"ci cd"} }, `tag "ci cd"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := validDeck()
			tc.break_(d)
			err := d.Validate()
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
		})
	}
}

// TestValidateJoinsErrors: every problem is reported, not only the first.
func TestValidateJoinsErrors(t *testing.T) {
	d := validDeck()
	d.Sections[0].Questions[0].ID = ""
	d.Sections[1].Role = ""
	d.Sections[1].Questions[0].Question = ""
	err := d.Validate()
	if err == nil {
		t.Fatal("no error")
	}
	if n := len(strings.Split(err.Error(), "\n")); n != 3 {
		t.Errorf("%d errors, want 3:\n%v", n, err)
	}
}
