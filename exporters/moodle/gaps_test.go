package moodle

import (
	"encoding/xml"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xopsexport/xopsexport/model"
)

// The tests in this file pin down behaviour that mutation testing found
// unguarded (issue 18, design/TESTS-2026-12.md #9, #13, #15 and the
// smaller ones): each fails when the statement it names is deleted.

func gapDeck() *model.Deck {
	return &model.Deck{Title: "Gaps", Sections: []model.Section{{Role: "devops", Name: "DevOps", Heading: "DevOps Q&A", Questions: []model.Question{
		{ID: "devops-1", Number: 1, Question: "First?", Answer: []model.Block{{Type: model.Paragraph, Text: "The first answer, about queues and disks."}}},
		{ID: "devops-2", Number: 2, Question: "Second?", Answer: []model.Block{{Type: model.Paragraph, Text: "The second answer, about networks and caches."}}},
	}}}}
}

// #9: the user's --category is cleaned (categoryText in categoryParent):
// a line break would start new GIFT text, '<' and '\' would be stored
// mangled.
func TestCategoryCleaned(t *testing.T) {
	d := gapDeck()
	o := Options{Type: "both", Category: "top/a\n::X::{}<b>\\"}
	out := exportGIFT(t, d, o)
	var cats []string
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "$CATEGORY:") {
			cats = append(cats, line)
		}
	}
	if want := "$CATEGORY: top/a ::X::{}b/DevOps"; len(cats) != 1 || cats[0] != want {
		t.Errorf("category lines %q, want only %q", cats, want)
	}
	qs, err := readGIFT(out)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, q := range qs {
		if q.Type != "category" {
			n++
		}
	}
	if n != 2*d.Count() {
		t.Errorf("the GIFT reader finds %d questions, want %d", n, 2*d.Count())
	}
	for _, q := range readXML(t, exportXML(t, d, o)) {
		if q.Type == "category" && q.Category != "top/a ::X::{}b/DevOps" {
			t.Errorf("XML category %q", q.Category)
		}
	}
}

// #15: a trailing '/' of --category is dropped, a doubled one (a literal
// slash in the last level) kept.
func TestCategoryTrailingSlash(t *testing.T) {
	for in, want := range map[string]string{"a/b/": "a/b/DevOps", "a/b//": "a/b///DevOps", "  ": DefaultCategory + "/DevOps"} {
		qs, err := readGIFT(exportGIFT(t, gapDeck(), Options{Category: in}))
		if err != nil {
			t.Fatal(err)
		}
		if qs[0].Category != want {
			t.Errorf("--category %q: category %q, want %q", in, qs[0].Category, want)
		}
	}
}

// #13: IDs become Moodle ID numbers and [id:…] comments only when clean:
// no brackets, < > or backquote, controls as spaces, at most maxIDNumber
// runes, the -mcq suffix kept.
func TestIDNumberCleaned(t *testing.T) {
	raw := "a]b[c<d>\x01e`f" + strings.Repeat("é", 200)
	d := gapDeck()
	d.Sections[0].Questions[0].ID = raw
	want := "abcd ef" + strings.Repeat("é", maxIDNumber-7)
	o := Options{Type: "both", Seed: 1}
	check := func(format string, qs []giftQuestion) {
		t.Helper()
		var ids []string
		for _, q := range qs {
			if q.Type != "category" {
				ids = append(ids, q.IDNumber)
			}
		}
		for _, id := range ids[:2] {
			if strings.ContainsAny(id, "[]<>`\x01") || utf8.RuneCountInString(id) > maxIDNumber {
				t.Errorf("%s: ID number %q (%d runes)", format, id, utf8.RuneCountInString(id))
			}
		}
		if ids[0] != want {
			t.Errorf("%s: essay ID number %q, want %q", format, ids[0], want)
		}
		// The ID is cut before the -mcq suffix, so the two stay apart
		// (Moodle drops a duplicate ID number on import).
		if wantMCQ := "abcd ef" + strings.Repeat("é", maxIDNumber-11) + "-mcq"; ids[1] != wantMCQ {
			t.Errorf("%s: mcq ID number %q, want %q", format, ids[1], wantMCQ)
		}
	}
	out := exportGIFT(t, d, o)
	qs, err := readGIFT(out)
	if err != nil {
		t.Fatal(err)
	}
	check("GIFT", qs)
	check("XML", readXML(t, exportXML(t, d, o)))
	if !strings.Contains(out, "// [id:"+want+"]") {
		t.Errorf("GIFT has no [id:%s] comment", want)
	}
}

// #15 and smaller: the fallbacks for an odd deck. A question numbered 0
// takes its place in the section; an empty ID is derived from role and
// text; an empty section writes no category; a blank name falls back to
// the role's name, then to "Questions"; no heading means no category
// description; empty and duplicate tags are dropped.
func TestOddDeckFallbacks(t *testing.T) {
	p := []model.Block{{Type: model.Paragraph, Text: "An answer."}}
	d := &model.Deck{Sections: []model.Section{
		{Role: "empty", Name: "Empty"},
		{Role: "mlops", Heading: "ML heading", Questions: []model.Question{
			{Number: 0, Question: "Unnumbered?", Answer: p, Tags: []string{"", "AWS", "aws", "mlops"}},
			{ID: "m-2", Number: 0, Question: "Also unnumbered?", Answer: p},
		}},
		{Role: "?!", Name: "  ", Questions: []model.Question{{ID: "x-1", Number: 3, Question: "Odd?", Answer: p}}},
	}}
	qs := readXML(t, exportXML(t, d, Options{}))
	var cats []string
	var names, ids []string
	var info []string
	for _, q := range qs {
		if q.Type == "category" {
			cats = append(cats, q.Category)
			continue
		}
		names = append(names, q.Name)
		ids = append(ids, q.IDNumber)
	}
	if want := []string{DefaultCategory + "/MLOps", DefaultCategory + "/Questions"}; fmt.Sprint(cats) != fmt.Sprint(want) {
		t.Errorf("categories %q, want %q", cats, want)
	}
	derived := model.QuestionID("mlops", "Unnumbered?")
	if want := []string{"MLOps Q1 (" + derived + ")", "MLOps Q2 (m-2)", "Questions Q3 (x-1)"}; fmt.Sprint(names) != fmt.Sprint(want) {
		t.Errorf("names %q, want %q", names, want)
	}
	if ids[0] != derived {
		t.Errorf("ID number %q, want the derived %q", ids[0], derived)
	}
	gq, err := readGIFT(exportGIFT(t, d, Options{}))
	if err != nil {
		t.Fatal(err)
	}
	if tags := gq[1].Tags; fmt.Sprint(tags) != "[mlops AWS]" {
		t.Errorf("tags %q, want [mlops AWS]", tags)
	}
	// The category description is the heading, and absent without one.
	src := exportXML(t, d, Options{})
	var quiz struct {
		Questions []struct {
			Type string `xml:"type,attr"`
			Info string `xml:"info>text"`
		} `xml:"question"`
	}
	if err := xml.Unmarshal([]byte(src), &quiz); err != nil {
		t.Fatal(err)
	}
	for _, q := range quiz.Questions {
		if q.Type == "category" {
			info = append(info, q.Info)
		}
	}
	if fmt.Sprint(info) != "[<p>ML heading</p> ]" {
		t.Errorf("category descriptions %q, want the heading, then none", info)
	}
}

// #15: blank blocks are left out of the model answer.
func TestBlankBlocksLeftOut(t *testing.T) {
	got := answerHTML([]model.Block{{Type: model.List}, {Type: model.Paragraph, Text: "  "}, {Type: model.List, Items: []string{"", "kept"}}, {Type: model.Paragraph, Text: "p"}})
	if want := "<ul><li>kept</li></ul><p>p</p>"; got != want {
		t.Errorf("answerHTML = %q, want %q", got, want)
	}
}

// Smaller: "--" in the text of an XML comment (the deck title, the source
// URL) is split so the file stays well-formed.
func TestXMLCommentDashes(t *testing.T) {
	d := gapDeck()
	d.Title = "A -- B --- C-"
	d.Source.URL = "https://example.com/a--b"
	out := exportXML(t, d, Options{Type: "both"})
	if err := xml.Unmarshal([]byte(out), new(struct{})); err != nil {
		t.Fatalf("not well-formed: %v", err)
	}
	if !strings.Contains(out, "A - - B - - - C") {
		t.Errorf("title not in the header comment:\n%s", out[:min(len(out), 400)])
	}
}
