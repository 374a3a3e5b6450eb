package model

import (
	"reflect"
	"slices"
	"testing"
	"time"
)

func TestCount(t *testing.T) {
	if n := validDeck().Count(); n != 3 {
		t.Errorf("Count = %d, want 3", n)
	}
	if n := (&Deck{}).Count(); n != 0 {
		t.Errorf("empty Count = %d", n)
	}
}

func TestAnswerText(t *testing.T) {
	for _, tc := range []struct {
		answer []Block
		want   string
	}{
		{nil, ""},
		{[]Block{{Type: Paragraph, Text: "One."}}, "One."},
		{[]Block{{Type: List, Items: []string{"a", "b"}}}, "• a\n• b"},
		{[]Block{{Type: Paragraph, Text: "In order:"}, {Type: List, Items: []string{"a", "b"}}, {Type: Paragraph, Text: "Done."}},
			"In order:\n\n• a\n• b\n\nDone."},
		{[]Block{{Type: Heading, Text: "Steps"}, {Type: Code, Lang: "sh", Text: "ls -l\n  cd /"}, {Type: Table, Rows: [][]string{{"A", "B"}, {"1", ""}}}},
			"Steps\n\nls -l\n  cd /\n\nA | B\n1 | "},
	} {
		q := Question{Answer: tc.answer}
		if got := q.AnswerText(); got != tc.want {
			t.Errorf("AnswerText(%v) = %q, want %q", tc.answer, got, tc.want)
		}
	}
}

// TestCloneIsDeep: changing anything reachable from a clone leaves the
// original as it was.
func TestCloneIsDeep(t *testing.T) {
	d := validDeck()
	orig := validDeck()
	c := d.Clone()
	// Equal down to nil versus empty slices, which JSON tells apart
	// ("tags": [] or null).
	if !reflect.DeepEqual(c, d) {
		t.Fatalf("clone differs:\n%+v\n%+v", c, d)
	}
	c.Title = "changed"
	c.Sections[0].Role = "changed"
	c.Sections[0].Questions[0].Question = "changed"
	c.Sections[0].Questions[0].Tags[0] = "changed"
	c.Sections[0].Questions[0].Answer[0].Text = "changed"
	c.Sections[0].Questions[0].Answer[1].Items[0] = "changed"
	c.Sections[0].Questions[0].Answer[2].Rows[1][0] = "changed"
	c.Sections[1].Questions = append(c.Sections[1].Questions, Question{ID: "x"})
	c.Sections = c.Sections[:1]
	if !reflect.DeepEqual(d, orig) {
		t.Errorf("changing the clone changed the original:\n%+v", d)
	}
}

func TestFilter(t *testing.T) {
	d := validDeck()
	roles := func(d *Deck) []string {
		var r []string
		for _, s := range d.Sections {
			r = append(r, s.Role)
		}
		return r
	}
	for _, tc := range []struct {
		keep, want []string
	}{
		{nil, []string{"devops", "platform"}},
		{[]string{"platform"}, []string{"platform"}},
		// The deck's order, not the order asked for.
		{[]string{"platform", "devops"}, []string{"devops", "platform"}},
		{[]string{"mlops"}, nil},
	} {
		f := d.Filter(tc.keep)
		if got := roles(f); !slices.Equal(got, tc.want) {
			t.Errorf("Filter(%q) = %q, want %q", tc.keep, got, tc.want)
		}
		if f.Title != d.Title || f.Author != d.Author || f.Source != d.Source {
			t.Errorf("Filter(%q) lost the deck's title, author or source", tc.keep)
		}
		if len(f.Sections) > 0 {
			f.Sections[0].Questions[0].Question = "changed"
		}
	}
	if !reflect.DeepEqual(d, validDeck()) {
		t.Error("changing a filtered deck changed the original")
	}
}

func TestFind(t *testing.T) {
	d := validDeck()
	id := QuestionID("platform", "a?")
	s, q, ok := d.Find(id)
	if !ok || s.Role != "platform" || q.Question != "a?" {
		t.Fatalf("Find(%s) = %v, %v, %v", id, s, q, ok)
	}
	// The result points into the deck.
	q.Question = "changed"
	if d.Sections[1].Questions[0].Question != "changed" {
		t.Error("Find returned a copy")
	}
	if _, _, ok := d.Find("devops-00000000"); ok {
		t.Error("Find found a missing ID")
	}
}

// Outputs are stamped with the override, else the retrieval date, else the
// epoch: never the clock. Always in UTC.
func TestStampDate(t *testing.T) {
	cet := time.FixedZone("CET", 3600)
	retrieved := time.Date(2026, 11, 25, 1, 0, 0, 0, cet)
	override := time.Date(2027, 1, 2, 0, 30, 0, 0, cet)
	for _, tt := range []struct {
		name                string
		retrieved, override time.Time
		want                time.Time
	}{
		{"override wins", retrieved, override, time.Date(2027, 1, 1, 23, 30, 0, 0, time.UTC)},
		{"retrieval date", retrieved, time.Time{}, time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)},
		{"neither: the epoch", time.Time{}, time.Time{}, time.Unix(0, 0).UTC()},
	} {
		d := &Deck{Source: Source{Retrieved: tt.retrieved}}
		got := d.StampDate(tt.override)
		if !got.Equal(tt.want) || got.Location() != time.UTC {
			t.Errorf("%s: %v, want %v in UTC", tt.name, got, tt.want)
		}
	}
}
