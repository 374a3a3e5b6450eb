package pdf

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/xopsexport/xopsexport/model"
)

// Study sheet geometry, mm.
const (
	studyMarginX  = 20.0
	studyTop      = 22.0 // below the running header
	studyBottom   = 20.0 // above the footer
	studyHang     = 10.0 // hanging indent of question text and answers
	studyHeaderY  = 12.0 // running header baseline
	studyFooterUp = 10.0 // footer baseline above the page's bottom edge
)

var (
	studyTitle    = style{face: bold, size: 22, colour: accent, lead: 10}
	studyLabel    = style{face: regular, size: 10, colour: grey, lead: 5}
	studyValue    = style{face: regular, size: 10, colour: black, lead: 5}
	studyLink     = style{face: regular, size: 10, colour: linkBlue, lead: 5}
	studyH2       = style{face: bold, size: 14, colour: accent, lead: 7}
	studyTOCName  = style{face: bold, size: 11, colour: black, lead: 5.5}
	studyTOCNote  = style{face: regular, size: 9, colour: grey, lead: 4.5}
	studyChapter  = style{face: bold, size: 20, colour: accent, lead: 9}
	studySubhead  = style{face: italic, size: 11, colour: grey, lead: 5.5}
	studyQuestion = style{face: bold, size: 11, colour: black, lead: 5.4}
	studyAnswer   = style{face: regular, size: 10, colour: black, lead: 5}
	studyRunning  = style{face: regular, size: 8.5, colour: grey, lead: 4}
	studyRunBold  = style{face: bold, size: 8.5, colour: grey, lead: 4}
)

// study lays out the study sheet: a title page with the contents, then one
// chapter per section, each starting on a new page.
func (doc *document) study() []page {
	width := doc.pw - 2*studyMarginX
	oneFrame := func(i int) frame {
		return frame{page: i, x: studyMarginX, top: studyTop, bottom: doc.ph - studyBottom}
	}
	secs := doc.deck.Sections
	anchors := make([]int, len(secs))
	chapters := make([][]page, len(secs))
	for i, s := range secs {
		anchors[i] = doc.anchor()
		fl := newFlow(oneFrame)
		fl.add(doc.studyChapter(s, anchors[i], width))
		chapters[i] = fl.pages
	}
	// The contents' own length does not depend on the page numbers it
	// shows, so lay it out once to count its pages, then again with them.
	front := doc.studyFront(anchors, nil, width, oneFrame)
	starts := make([]int, len(secs))
	next := len(front) + 1
	for i := range secs {
		starts[i] = next
		next += len(chapters[i])
	}
	pages := doc.studyFront(anchors, starts, width, oneFrame)
	running := make([]string, len(pages))
	for i, ch := range chapters {
		for range ch {
			running = append(running, doc.sectionName(secs[i]))
		}
		pages = append(pages, ch...)
	}
	doc.studyFurniture(pages, running)
	return pages
}

// studyFront is the title block and the clickable contents. starts holds
// each section's first page number (nil while counting pages).
func (doc *document) studyFront(anchors, starts []int, width float64, frames func(int) frame) []page {
	d := doc.deck
	var bs []block
	title := doc.title()
	bs = append(bs, doc.lines(studyTitle, title, 0, width, 0)...)
	bs = append(bs, block{h: 4})
	labelW := 30.0
	row := func(label, value string, st style, url string) {
		ls := doc.lines(st, value, labelW, width, 1.5)
		if len(ls) == 0 {
			return
		}
		ls[0].ops = append(ls[0].ops, doc.text(studyLabel, 0, studyLabel.baseline(), label))
		if url != "" {
			for i := range ls {
				t := ls[i].ops[0]
				ls[i].ops = append(ls[i].ops, op{kind: opURL, x: t.x, y: 0, w: t.w, h: st.lead, s: url})
			}
		}
		bs = append(bs, ls...)
	}
	if d.Author != "" {
		row("Author", d.Author, studyValue, "")
	}
	if d.Source.URL != "" {
		row("Source", d.Source.URL, studyLink, linkTarget(d.Source.URL))
	}
	if r := doc.retrieved(); r != "" {
		row("Retrieved", r, studyValue, "")
	}
	row("Questions", fmt.Sprintf("%d in %d %s", d.Count(), len(d.Sections), plural(len(d.Sections), "section", "sections")), studyValue, "")

	contents := doc.lines(studyH2, "Contents", 0, width, 12)
	contents[0].keep = true
	bs = append(bs, contents...)
	if d.Count() == 0 && len(d.Sections) == 0 {
		bs = append(bs, doc.lines(studySubhead, "This deck has no questions.", 0, width, 3)...)
	}
	numW := doc.m.width(studyTOCName.face, studyTOCName.size, "0000")
	for i, s := range d.Sections {
		pageNo := "0"
		if starts != nil {
			pageNo = strconv.Itoa(starts[i])
		}
		name := doc.lines(studyTOCName, doc.sectionName(s), 0, width-numW-6, 4)
		note := s.Heading
		if note == "" || note == doc.sectionName(s) {
			note = ""
		} else {
			note += " · "
		}
		note += fmt.Sprintf("%d %s", len(s.Questions), plural(len(s.Questions), "question", "questions"))
		notes := doc.lines(studyTOCNote, note, 0, width-numW-6, 0)
		entry := append(name, notes...)
		// The page number, right-aligned on the first line, with dotted
		// leaders from the name.
		first := &entry[0]
		num := doc.cl.text(pageNo)
		nw := doc.m.width(studyTOCName.face, studyTOCName.size, num)
		first.ops = append(first.ops, doc.text(studyTOCName, width-nw, studyTOCName.baseline(), num))
		last := first.ops[0]
		from, to := last.x+last.w+2, width-numW-2
		if dotW := doc.m.width(studyTOCNote.face, studyTOCNote.size, ". "); to > from && dotW > 0 {
			n := int((to - from) / dotW)
			dots := strings.TrimSpace(strings.Repeat(". ", n))
			first.ops = append(first.ops, doc.text(studyTOCNote, to-doc.m.width(studyTOCNote.face, studyTOCNote.size, dots), studyTOCName.baseline(), dots))
		}
		for j := range entry {
			entry[j].keep = j < len(entry)-1
			entry[j].ops = append(entry[j].ops, op{kind: opLink, anchor: anchors[i], x: 0, y: 0, w: width, h: entry[j].h})
		}
		bs = append(bs, entry...)
	}
	fl := newFlow(frames)
	fl.add(bs)
	return fl.pages
}

// studyChapter lays out one section: heading, then each numbered question
// in bold with its answer under a hanging indent.
func (doc *document) studyChapter(s model.Section, anchor int, width float64) []block {
	name := doc.sectionName(s)
	var bs []block
	head := doc.lines(studyChapter, name, 0, width, 0)
	head[0].ops = append(head[0].ops,
		op{kind: opAnchor, anchor: anchor},
		op{kind: opBookmark, s: meta(name), level: 0})
	bs = append(bs, head...)
	if s.Heading != "" && s.Heading != name {
		bs = append(bs, doc.lines(studySubhead, s.Heading, 0, width, 1)...)
	}
	count := fmt.Sprintf("%d %s", len(s.Questions), plural(len(s.Questions), "question", "questions"))
	bs = append(bs, doc.lines(studyLabel, count, 0, width, 1)...)
	bs = append(bs, block{h: 3, ops: []op{{kind: opLine, colour: lightGrey, size: 0.3, x: 0, y: 1.5, w: width}}})
	for i := range bs {
		bs[i].keep = true
	}
	for _, q := range s.Questions {
		bs = append(bs, doc.studyQuestion(q, width)...)
	}
	return bs
}

func (doc *document) studyQuestion(q model.Question, width float64) []block {
	num := strconv.Itoa(q.Number) + "."
	qs := doc.lines(studyQuestion, q.Question, studyHang, width, 7)
	if len(qs) == 0 {
		qs = []block{{h: studyQuestion.lead, gap: 7}}
	}
	qs[0].ops = append(qs[0].ops,
		doc.text(studyQuestion, 0, studyQuestion.baseline(), num),
		op{kind: opBookmark, s: meta(num + " " + q.Question), level: 1})
	for i := range qs {
		qs[i].keep = true
	}
	ans := doc.answerBlocks(q, studyAnswer, studyHang, width, 2)
	if len(ans) > 0 {
		ans[0].gap = 1.5
	}
	return append(qs, ans...)
}

// studyFurniture adds the running header (the section on this page and the
// deck's title) and the "Page X of Y" footer. running[i] is empty on the
// front pages, which carry only the footer.
func (doc *document) studyFurniture(pages []page, running []string) {
	width := doc.pw - 2*studyMarginX
	total := len(pages)
	for i := range pages {
		pg := &pages[i]
		if running[i] != "" {
			left := doc.ellipsize(studyRunBold, running[i], width/3)
			pg.ops = append(pg.ops, doc.text(studyRunBold, studyMarginX, studyHeaderY, left))
			lw := doc.m.width(studyRunBold.face, studyRunBold.size, left)
			right := doc.ellipsize(studyRunning, doc.title(), width-lw-10)
			rw := doc.m.width(studyRunning.face, studyRunning.size, right)
			pg.ops = append(pg.ops,
				doc.text(studyRunning, doc.pw-studyMarginX-rw, studyHeaderY, right),
				op{kind: opLine, colour: lightGrey, size: 0.2, x: studyMarginX, y: studyHeaderY + 2, w: width})
		}
		foot := fmt.Sprintf("Page %d of %d", i+1, total)
		fw := doc.m.width(studyRunning.face, studyRunning.size, foot)
		pg.ops = append(pg.ops, doc.text(studyRunning, (doc.pw-fw)/2, doc.ph-studyFooterUp, foot))
	}
}

// linkTarget returns url if it is a web or mail address, so a hostile
// source cannot plant a javascript: link in the document.
func linkTarget(url string) string {
	u := strings.ToLower(strings.TrimSpace(url))
	if strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "mailto:") {
		if strings.ContainsAny(url, " \t\r\n") {
			return ""
		}
		return meta(url)
	}
	return ""
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
