package pdf

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/xopsexport/xopsexport/model"
)

// Quiz geometry, mm.
const (
	quizMargin  = 18.0
	quizBottom  = 18.0
	quizHang    = 9.0
	quizRule    = 7.5 // handwriting line spacing, a little wider than college ruled
	quizKeyCols = 2
	quizGutter  = 6.0
)

var (
	quizTitle    = style{face: bold, size: 16, colour: accent, lead: 7.5}
	quizMeta     = style{face: regular, size: 9, colour: grey, lead: 4.5}
	quizSection  = style{face: bold, size: 13, colour: accent, lead: 6.5}
	quizQuestion = style{face: bold, size: 10.5, colour: black, lead: 5}
	quizKeyHead  = style{face: bold, size: 10, colour: accent, lead: 5}
	quizKeyNum   = style{face: bold, size: 8.5, colour: black, lead: 3.8}
	quizKeyText  = style{face: regular, size: 8.5, colour: black, lead: 3.8}
)

// quiz lays out the questions with ruled space to write the answers, then
// the answer key in two columns on its own pages.
func (doc *document) quiz() []page {
	d := doc.deck
	width := doc.pw - 2*quizMargin
	frames := func(i int) frame {
		return frame{page: i, x: quizMargin, top: quizMargin, bottom: doc.ph - quizBottom}
	}
	var bs []block
	title := doc.title()
	bs = append(bs, doc.lines(quizTitle, "Quiz: "+title, 0, width, 0)...)
	var facts []string
	if d.Author != "" {
		facts = append(facts, d.Author)
	}
	if d.Source.URL != "" {
		facts = append(facts, d.Source.URL)
	}
	facts = append(facts, fmt.Sprintf("%d questions; answer key at the end", d.Count()))
	bs = append(bs, doc.lines(quizMeta, strings.Join(facts, " · "), 0, width, 1)...)
	// Name, date and score fields to fill in.
	field := func(x, w float64, label string) []op {
		lw := doc.m.width(quizMeta.face, quizMeta.size, label) + 2
		return []op{
			doc.text(quizMeta, x, 6, label),
			{kind: opLine, colour: lightGrey, size: 0.3, x: x + lw, y: 6.8, w: w - lw - 4},
		}
	}
	var fields []op
	fields = append(fields, field(0, width*0.5, "Name")...)
	fields = append(fields, field(width*0.5, width*0.25, "Date")...)
	fields = append(fields, field(width*0.75, width*0.25, "Score")...)
	bs = append(bs, block{h: 9, gap: 3, ops: fields})
	if d.Count() == 0 {
		bs = append(bs, doc.lines(style{face: italic, size: 10, colour: grey, lead: 5}, "This deck has no questions.", 0, width, 6)...)
	}
	for _, s := range d.Sections {
		bs = append(bs, doc.quizSection(s, width, 9)...)
		for _, q := range s.Questions {
			bs = append(bs, doc.quizQuestion(q, width)...)
		}
	}
	fl := newFlow(frames)
	fl.add(bs)
	pages := fl.pages
	if d.Count() > 0 {
		pages = append(pages, doc.answerKey()...)
	}
	for i := range pages {
		foot := fmt.Sprintf("Page %d of %d", i+1, len(pages))
		fw := doc.m.width(studyRunning.face, studyRunning.size, foot)
		pages[i].ops = append(pages[i].ops, doc.text(studyRunning, (doc.pw-fw)/2, doc.ph-studyFooterUp, foot))
	}
	return pages
}

func (doc *document) quizSection(s model.Section, width, gap float64) []block {
	name := doc.sectionName(s)
	bs := doc.lines(quizSection, name, 0, width, gap)
	if len(bs) == 0 {
		return nil
	}
	bs[0].ops = append(bs[0].ops, op{kind: opBookmark, s: meta(name), level: 0})
	bs = append(bs, block{h: 2.5, ops: []op{{kind: opLine, colour: lightGrey, size: 0.3, x: 0, y: 1, w: width}}})
	for i := range bs {
		bs[i].keep = true
	}
	return bs
}

// quizQuestion is the numbered question and ruled lines to write on, kept
// together on one page. Longer model answers get more lines.
func (doc *document) quizQuestion(q model.Question, width float64) []block {
	qs := doc.lines(quizQuestion, q.Question, quizHang, width, 5)
	if len(qs) == 0 {
		qs = []block{{h: quizQuestion.lead, gap: 5}}
	}
	qs[0].ops = append(qs[0].ops, doc.text(quizQuestion, 0, quizQuestion.baseline(), strconv.Itoa(q.Number)+"."))
	n := min(max(len(q.AnswerText())/150+2, 3), 6)
	for i := 0; i < n; i++ {
		qs = append(qs, block{h: quizRule, ops: []op{{kind: opLine, colour: lightGrey, size: 0.2, x: quizHang, y: quizRule, w: width - quizHang}}})
	}
	for i := range qs[:len(qs)-1] {
		qs[i].keep = true
	}
	return qs
}

// answerKey lists every answer under its section and number, in two
// columns starting on a new page.
func (doc *document) answerKey() []page {
	d := doc.deck
	width := doc.pw - 2*quizMargin
	colW := (width - (quizKeyCols-1)*quizGutter) / quizKeyCols
	head := doc.lines(quizTitle, "Answer key", 0, width, 0)
	head[0].ops = append(head[0].ops, op{kind: opBookmark, s: "Answer key", level: 0})
	headOps, headH := stack(head)
	frames := func(i int) frame {
		f := frame{page: i / quizKeyCols, x: quizMargin + float64(i%quizKeyCols)*(colW+quizGutter),
			top: quizMargin, bottom: doc.ph - quizBottom}
		if f.page == 0 {
			f.top += headH + 3
		}
		return f
	}
	var bs []block
	for _, s := range d.Sections {
		if len(s.Questions) == 0 {
			continue
		}
		h := doc.lines(quizKeyHead, doc.sectionName(s), 0, colW, 4)
		for i := range h {
			h[i].keep = true
		}
		bs = append(bs, h...)
		for _, q := range s.Questions {
			ans := doc.answerBlocks(q, quizKeyText, 7, colW, 0.8)
			ans[0].gap = 1.8
			ans[0].ops = append(ans[0].ops, doc.text(quizKeyNum, 0, quizKeyNum.baseline(), strconv.Itoa(q.Number)+"."))
			bs = append(bs, ans...)
		}
	}
	fl := newFlow(frames)
	fl.add(bs)
	fl.pages[0].ops = translate(headOps, quizMargin, quizMargin, fl.pages[0].ops)
	return fl.pages
}
