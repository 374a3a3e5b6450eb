package pdf

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/xopsexport/xopsexport/model"
)

// Cheat sheet geometry, mm. Three columns on either orientation: about 61
// mm (50 characters) wide in portrait, 90 mm in landscape.
const (
	cheatMargin  = 8.0
	cheatColumns = 3
	cheatGutter  = 5.0
	cheatFootUp  = 6.0 // footer baseline above the bottom edge
	cheatHang    = 4.6 // hanging indent after the question number
)

// The answer size is the floor the issue sets: never below 7 pt.
var (
	cheatTitle    = style{face: bold, size: 12, colour: accent, lead: 5.5}
	cheatMeta     = style{face: regular, size: 7, colour: grey, lead: 3.2}
	cheatSection  = style{face: bold, size: 9, colour: accent, lead: 5}
	cheatQuestion = style{face: bold, size: 7.5, colour: black, lead: 3.25}
	cheatAnswer   = style{face: regular, size: 7, colour: black, lead: 3.0}
	cheatFooter   = style{face: regular, size: 7, colour: grey, lead: 3}
)

// cheatsheet lays out every question in three columns of small type.
func (doc *document) cheatsheet() []page {
	d := doc.deck
	width := doc.pw - 2*cheatMargin
	colW := (width - (cheatColumns-1)*cheatGutter) / cheatColumns

	// Title block across the top of the first page.
	var head []op
	y := cheatMargin
	title := doc.title()
	for _, l := range doc.wrapText(cheatTitle, title, width) {
		head = append(head, doc.text(cheatTitle, cheatMargin, y+cheatTitle.baseline(), l.text))
		y += cheatTitle.lead
	}
	var facts []string
	if d.Author != "" {
		facts = append(facts, d.Author)
	}
	if d.Source.URL != "" {
		facts = append(facts, d.Source.URL)
	}
	if r := doc.retrieved(); r != "" {
		facts = append(facts, "retrieved "+r)
	}
	facts = append(facts, fmt.Sprintf("%d questions", d.Count()))
	for _, l := range doc.wrapText(cheatMeta, strings.Join(facts, " · "), width) {
		head = append(head, doc.text(cheatMeta, cheatMargin, y+cheatMeta.baseline(), l.text))
		y += cheatMeta.lead
	}
	y += 1
	head = append(head, op{kind: opLine, colour: lightGrey, size: 0.3, x: cheatMargin, y: y, w: width})
	firstTop := y + 2.5

	frames := func(i int) frame {
		f := frame{page: i / cheatColumns, x: cheatMargin + float64(i%cheatColumns)*(colW+cheatGutter),
			top: cheatMargin, bottom: doc.ph - cheatMargin - 3}
		if f.page == 0 {
			f.top = firstTop
		}
		return f
	}
	fl := newFlow(frames)
	var bs []block
	if d.Count() == 0 {
		bs = append(bs, doc.lines(style{face: italic, size: 9, colour: grey, lead: 4.5}, "This deck has no questions.", 0, colW, 0)...)
	}
	for _, s := range d.Sections {
		bs = append(bs, doc.cheatSection(s, colW)...)
		for _, q := range s.Questions {
			bs = append(bs, doc.cheatQuestion(q, colW)...)
		}
	}
	fl.add(bs)
	pages := fl.pages
	pages[0].ops = append(head, pages[0].ops...)

	// Footer: what this is and where it came from, and the page.
	for i := range pages {
		right := fmt.Sprintf("Page %d of %d", i+1, len(pages))
		rw := doc.m.width(cheatFooter.face, cheatFooter.size, right)
		left := doc.ellipsize(cheatFooter, title+" — cheat sheet", width-rw-10)
		pages[i].ops = append(pages[i].ops,
			doc.text(cheatFooter, cheatMargin, doc.ph-cheatFootUp, left),
			doc.text(cheatFooter, doc.pw-cheatMargin-rw, doc.ph-cheatFootUp, right))
	}
	return pages
}

// cheatSection is a shaded bar with the section name; it stays with the
// first question under it.
func (doc *document) cheatSection(s model.Section, colW float64) []block {
	name := doc.sectionName(s)
	label := doc.ellipsize(cheatSection, fmt.Sprintf("%s · %d %s", name, len(s.Questions), plural(len(s.Questions), "question", "questions")), colW-3)
	return []block{{
		h: cheatSection.lead, gap: 3, keep: true,
		ops: []op{
			{kind: opRect, colour: shade, x: 0, y: 0, w: colW, h: cheatSection.lead},
			doc.text(cheatSection, 1.5, cheatSection.baseline(), label),
			{kind: opBookmark, s: meta(name), level: 0},
		},
	}}
}

// cheatQuestion is the numbered question in bold, kept with the first line
// of its condensed answer.
func (doc *document) cheatQuestion(q model.Question, colW float64) []block {
	qs := doc.lines(cheatQuestion, q.Question, cheatHang, colW, 1.6)
	if len(qs) == 0 {
		qs = []block{{h: cheatQuestion.lead, gap: 1.6}}
	}
	num := strconv.Itoa(q.Number) + "."
	qs[0].ops = append(qs[0].ops, doc.text(cheatQuestion, 0, cheatQuestion.baseline(), num))
	for i := range qs {
		qs[i].keep = true
	}
	ans := doc.answerBlocks(q, cheatAnswer, cheatHang, colW, 0.6)
	if len(ans) > 0 {
		ans[0].gap = 0.3
	}
	return append(qs, ans...)
}
