package extract

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/xopsexport/xopsexport/model"
)

// build assembles a deck from a block stream in phases: candidates says
// what each block could be as a question, chooseLayout which shape the
// document asks its questions in, headingRoles what every other heading
// is (a section, a sub-heading inside an answer, an answer label), the
// assembler gathers answers, and finish drops empty sections, gives out
// role names and IDs and runs the checks lint reports.
func build(blocks []block, h hints, opts Options) (*model.Deck, error) {
	if key, _, err := parseQuestions(opts.Questions); err == nil && opts.Questions != "" && key.pat == patTable {
		blocks = forceTables(blocks)
	}
	next := nextNonBlank(blocks)
	cs, ids := candidates(blocks, next)
	lay, err := chooseLayout(blocks, cs, opts)
	if err != nil {
		return nil, err
	}
	a := &assembler{
		blocks: blocks,
		cs:     cs,
		lay:    lay,
		isQ:    lay.isQ,
		role:   headingRoles(blocks, cs, ids, lay.isQ, next),
		next:   next,
		md:     h.markup == "markdown",
		opts:   opts,
		d:      &model.Deck{Title: h.title, Author: h.author},
	}
	for i := range blocks {
		a.add(i)
	}
	a.endQuestion()
	lay.report(blocks, opts)
	d, err := finish(a.d, opts)
	if err != nil {
		return nil, err
	}
	if opts.Layout != nil {
		opts.Layout(lay.describe(cs, h.markup))
	}
	lintDeck(d, a.qLines, opts)
	return d, nil
}

// nextNonBlank gives, for each block, the index of the next non-blank
// block after it, or len(blocks).
func nextNonBlank(blocks []block) []int {
	n := len(blocks)
	next := make([]int, n)
	nb := n
	for i := n - 1; i >= 0; i-- {
		next[i] = nb
		if blocks[i].kind != bBlank {
			nb = i
		}
	}
	return next
}

// candidates classifies every block. ids marks the headings that only
// name the question below them: "Scenario 3", "Question 1: DevOps Practice
// Area" above the question itself.
func candidates(blocks []block, next []int) (cs []cand, ids []bool) {
	cs = make([]cand, len(blocks))
	ids = make([]bool, len(blocks))
	for i := range blocks {
		var nb *block
		if j := next[i]; j < len(blocks) {
			nb = &blocks[j]
		}
		cs[i] = candidate(blocks[i], nb)
	}
	for i, c := range cs {
		// A line with an answer label right below it is a question
		// whatever its shape: "5. How do you …?" then "● Answer: …".
		wrapped := i > 0 && blocks[i-1].kind != bBlank && cs[i-1].ok() // the line above's question, wrapped
		if j := next[i]; j < len(blocks) && c.ok() && !wrapped && !c.key.pat.explicit() && c.key.pat != patHeading && answerBelow(blocks[j]) {
			cs[i].key = layoutKey{pat: patAnswered}
		}
	}
	titled := titledLabels(blocks, cs, next)
	numberedWords := repeatedNumberedHeadings(blocks)
	for i, b := range blocks {
		j := next[i]
		if b.kind != bHeading || b.inAnswer || j >= len(blocks) || !questionBelow(blocks[j], cs[j]) {
			continue
		}
		if !isIDText(b.text) && !titled[i] && !numberedWords[i] {
			continue
		}
		num := cs[i].number
		if n, ok := isIDHeading(b.text); ok {
			num = n
		} else if _, n, ok := wordNumber(b.text); ok {
			num = n
		}
		ids[i] = true
		cs[i] = cand{}
		if cs[j].key.pat != patLabel {
			text := undecorateEnd(undecorate(blocks[j].text))
			cs[j] = cand{key: layoutKey{pat: patAfterID}, number: num, text: text, asks: true, numbered: num > 0}
		}
	}
	return cs, ids
}

// answerBelow reports a block that opens an answer with its label.
func answerBelow(b block) bool {
	if b.kind != bText && b.kind != bBullet || b.inAnswer {
		return false
	}
	_, ok := answerLabel(b.text)
	return ok && !isAnswerLabelOnly(b.text) || ok && b.kind == bText
}

// wordNumber reads a heading that is one word and a number: "Scenerio
// 3", "Part 2", "Day 36".
func wordNumber(s string) (word string, num int, ok bool) {
	s = trimDecoration(s)
	k := strings.IndexByte(s, ' ')
	if k <= 0 {
		return "", 0, false
	}
	for _, r := range s[:k] {
		if !unicode.IsLetter(r) {
			return "", 0, false
		}
	}
	rest := strings.TrimLeft(strings.TrimSpace(s[k:]), "#")
	n, after, isNum := number(rest)
	if !isNum || strings.Trim(after, " :.") != "" {
		return "", 0, false
	}
	return strings.ToLower(s[:k]), n, true
}

// repeatedNumberedHeadings marks the headings that are one word and a
// number when the word repeats ("Scenerio 1", "Scenerio 2"): numbers for
// the questions below them, whatever the word, typos included.
func repeatedNumberedHeadings(blocks []block) []bool {
	count := map[string]int{}
	for _, b := range blocks {
		if b.kind == bHeading && !b.inAnswer {
			if w, _, ok := wordNumber(b.text); ok {
				count[w]++
			}
		}
	}
	out := make([]bool, len(blocks))
	for i, b := range blocks {
		if b.kind == bHeading && !b.inAnswer {
			if w, _, ok := wordNumber(b.text); ok && count[w] >= 2 {
				out[i] = true
			}
		}
	}
	return out
}

// questionBelow reports a block that can be the question under a heading
// that names it.
func questionBelow(b block, c cand) bool {
	return (b.kind == bText || b.kind == bBullet) && !b.inAnswer && !b.option && !b.quote && !isAnswerLabelOnly(b.text) &&
		(c.key.pat != patHeading)
}

// titledLabels finds labelled headings that give a question a title, not
// the question ("### Question 1: DevOps Practice Area" above the question
// in bold): when most labelled headings have a line that asks right
// below them, they all are titles.
func titledLabels(blocks []block, cs []cand, next []int) []bool {
	var labelled, titled []int
	for i, b := range blocks {
		if b.kind != bHeading || cs[i].key.pat != patLabel {
			continue
		}
		labelled = append(labelled, i)
		if j := next[i]; j < len(blocks) && questionBelow(blocks[j], cs[j]) && asks(blocks[j].text) && cs[j].key.pat != patLabel {
			titled = append(titled, i)
		}
	}
	out := make([]bool, len(blocks))
	if len(titled) < 2 || len(titled)*5 < len(labelled)*3 {
		for _, i := range titled {
			// One alone is a title only when its own text does not ask.
			out[i] = !cs[i].asks && len(titled) == 1
		}
		return out
	}
	for _, i := range titled {
		out[i] = true
	}
	return out
}

// report tells Warn about the question lists the layout skipped or kept.
func (lay *layout) report(blocks []block, opts Options) {
	for _, l := range lay.lists {
		opts.info(KindQuestionList, blocks[l[0]].line, "%s: a list of questions without answers (a table of contents?) is not read as questions", lineSpan(blocks, l))
	}
	for _, l := range lay.unread {
		opts.info(KindQuestionList, blocks[l[0]].line, "%s: questions listed without answers (a question bank or table of contents) are not read as questions", lineSpan(blocks, l))
	}
	for _, l := range lay.keptLists {
		opts.serious(KindQuestionList, blocks[l[0]].line, "%s: the questions are listed without answers (a question bank?)", lineSpan(blocks, l))
	}
}

func lineSpan(blocks []block, l [2]int) string {
	a, b := blocks[l[0]].line, blocks[l[1]].line
	if a == 0 {
		return "a list"
	}
	return fmt.Sprintf("lines %d–%d", a, b)
}

// hrole is what a block that is not a question does in the document.
type hrole uint8

const (
	hNone    hrole = iota
	hSection       // opens a section (or is the document's title)
	hSub           // a sub-heading inside an answer
	hLabel         // an answer label ("Answer", "✅ Senior-Level Answer")
	hID            // names the question right below it ("Scenario 3")
)

// headingRoles decides what each heading and heading-shaped line is, now
// that the questions are known. Inside an answer, a heading deeper than
// the question's own is a sub-heading; a shallower one, or one right
// above a question, opens a section. One as deep as a heading question
// (or, for other questions, deeper than the section's heading) is a
// sub-heading when questions follow it before any shallower heading, and
// after the last question only if the document uses such sub-headings
// elsewhere: otherwise it is an appendix, which ends the answer.
func headingRoles(blocks []block, cs []cand, ids, isQ []bool, next []int) []hrole {
	n := len(blocks)
	role := make([]hrole, n)
	sandwiched := sandwichedHeadings(blocks, ids, isQ)
	open, secLevel, style := -1, 0, false
	lastNum := -1
	for i, b := range blocks {
		if isQ[i] {
			open = i
			lastNum = cs[i].number
			continue
		}
		directQ := next[i] < n && isQ[next[i]]
		switch b.kind {
		case bHeading:
			r := hID
			if !ids[i] || !directQ {
				r = headingRole(b, cs, open, secLevel, directQ, sandwiched[i], &style)
			}
			role[i] = r
			if r == hSection {
				open, secLevel = -1, b.level
			}
		case bText:
			if !b.inAnswer && directQ && wholeLineHeading(b.text) && !strings.ContainsRune(b.text, '?') {
				// A line above a question whose numbering restarts, or
				// one that names questions, heads a section.
				j := next[i]
				restart := lastNum < 0 || cs[j].number <= 1 || cs[j].number <= lastNum
				short := strings.Count(b.text, " ") < 8 // a heading, not a byline
				if (restart || b.bold) && short || headingWords.MatchString(b.text) {
					role[i] = hSection
					open = -1
				}
			}
		}
	}
	return role
}

// headingRole is the role of heading b; open is the question whose answer
// it is in (-1 for none).
func headingRole(b block, cs []cand, open, secLevel int, directQ, sandwiched bool, style *bool) hrole {
	switch {
	case contentsHeading(b.text) && !directQ:
		return hNone
	case open >= 0 && isAnswerLabelOnly(b.text):
		return hLabel
	case open >= 0 && b.inAnswer:
		return hSub
	case directQ && isIDText(b.text):
		return hID
	case open < 0:
		return hSection
	}
	qLevel := cs[open].heading
	l := b.level
	switch {
	case qLevel > 0 && l > qLevel:
		return hSub
	case qLevel > 0 && l < qLevel, directQ:
		return hSection
	case qLevel == 0 && l <= secLevel:
		return hSection
	case sandwiched:
		*style = true
		return hSub
	case *style:
		return hSub
	}
	return hSection
}

func isIDText(s string) bool {
	_, ok := isIDHeading(s)
	return ok
}

// sandwichedHeadings marks the headings after which a question comes
// before any shallower heading.
func sandwichedHeadings(blocks []block, ids, isQ []bool) []bool {
	n := len(blocks)
	out := make([]bool, n)
	nextQ := n
	var shallower [8]int // shallower[l]: the next heading of level ≤ l
	for l := range shallower {
		shallower[l] = n
	}
	for i := n - 1; i >= 0; i-- {
		b := blocks[i]
		if isQ[i] {
			nextQ = i
			continue
		}
		if b.kind != bHeading || b.inAnswer || ids[i] {
			continue // a heading that only numbers a question bounds nothing
		}
		l := min(max(b.level, 1), 6)
		out[i] = nextQ < shallower[l-1]
		for k := l; k < len(shallower); k++ {
			shallower[k] = i
		}
	}
	return out
}

// assembler walks the classified blocks and gathers sections, questions
// and their answers. Each rule of the answer grammar is one method.
type assembler struct {
	blocks []block
	cs     []cand
	lay    *layout
	isQ    []bool
	role   []hrole
	next   []int
	md     bool // Markdown: indentation says what belongs to a list item
	opts   Options
	d      *model.Deck

	sec       *model.Section
	q         *model.Question // the open question, nil between questions
	cur       model.Question  // the question q points to while one is open
	qLine     int
	qIndex    int           // the block the open question came from
	para      []string      // the lines of the paragraph being gathered
	items     []string      // the items of the list being gathered
	inList    bool          // items is open
	answer    []model.Block // the blocks of the answer being gathered
	quoted    bool          // the answer so far is only block quotes and sub-headings
	paraQuote bool          // the paragraph being gathered is a block quote
	indented  int           // answer blocks indented under the question's list item, -1 once one is not
	store     arena
	afterQ    bool  // still on the question's own lines
	seenFirst bool  // a question has been seen
	prevNum   int   // the number of the section's previous question
	lastNum   int   // the number of the document's previous question
	numbered  bool  // a question has been numbered
	qLines    []int // the source line of each filed question, in order
}

// add takes block i.
func (a *assembler) add(i int) {
	b := a.blocks[i]
	switch {
	case a.isQ[i]:
		a.startQuestion(i, b, a.cs[i])
	case a.role[i] == hSection:
		a.sectionHeading(b)
	case a.role[i] == hID:
	case a.q == nil:
		a.outside(b)
	case a.role[i] == hSub:
		a.subHeading(b.text)
	case a.role[i] == hLabel:
		if a.answerEmpty() {
			a.afterQ = false
			return
		}
		a.subHeading(b.text)
	default:
		a.answerBlock(i, b)
	}
}

// sectionHeading opens a section, unless the heading is the document's
// title: a level-1 heading before any section or question.
func (a *assembler) sectionHeading(b block) {
	if a.d.Title == "" && len(a.d.Sections) == 0 && b.kind == bHeading && b.level == 1 && !a.seenFirst {
		a.d.Title = b.text
		return
	}
	a.newSection(b.text)
}

func (a *assembler) newSection(heading string) {
	a.endQuestion()
	role := model.RoleFromHeading(heading)
	a.d.Sections = append(a.d.Sections, model.Section{Role: role, Name: sectionName(role, heading), Heading: heading})
	a.sec = &a.d.Sections[len(a.d.Sections)-1]
	a.prevNum = 0
}

// startQuestion closes the open question and opens the next, checking its
// number against the one before.
func (a *assembler) startQuestion(i int, b block, c cand) {
	if a.sec == nil {
		// No heading before the first question: the document's title
		// names the group ("Docker Interview Questions").
		heading := a.d.Title
		if heading == "" {
			heading = "Questions"
		}
		a.newSection(heading)
	}
	a.endQuestion()
	a.seenFirst = true
	num := a.number(b, c.number)
	a.cur = model.Question{Number: num, Question: strings.TrimSpace(c.text)}
	a.q = &a.cur
	a.qLine, a.qIndex = b.line, i
	a.quoted = false
	a.indented = 0
	if b.indent > 0 || b.kind != bText && b.kind != bBullet {
		a.indented = -1 // only a question at the margin has indented answers
	}
	// Only a plain line can wrap onto the next: a heading, a bold line, a
	// summary or a table cell is the whole question.
	a.afterQ = (b.kind == bText && !b.bold) && !questionComplete(a.q.Question)
}

// questionComplete reports whether a question's text reads as finished,
// so that the line below it is the answer and not the question wrapped
// onto a second line: it asks (has a "?") or ends a sentence.
func questionComplete(s string) bool {
	return strings.ContainsRune(s, '?') || strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, ":")
}

// number is a question's number: the source's, or the next in sequence
// when the source gives none. Gaps and repeats are reported; numbering
// that continues from the previous section, restarts at 1 or wraps past a
// power of ten (…98, 99, 100 written 10, 01) is no gap.
func (a *assembler) number(b block, num int) int {
	prev := a.prevNum
	switch {
	case num == 0:
		num = prev + 1
	case prev == 0 && (num == 1 || num == a.lastNum+1 || !a.numbered):
		// A section restarts or continues the numbering; the document's
		// first question may start anywhere (part 2 of a series).
	case prev == 0 && num > a.lastNum+1:
		a.opts.info(KindNumbering, b.line, "numbering gap: Q%d follows Q%d of the section before", num, a.lastNum)
	case prev == 0:
		a.opts.info(KindNumbering, b.line, "numbering gap: the section starts at Q%d", num)
	case num == prev:
		a.opts.info(KindNumbering, b.line, "Q%d repeats the number of the question before it", num)
	case num < prev:
		if num != 1 && !wraps(prev, num) {
			a.opts.info(KindNumbering, b.line, "numbering goes back: Q%d follows Q%d", num, prev)
		}
	case num > prev+1:
		a.opts.info(KindNumbering, b.line, "numbering gap: Q%d follows Q%d", num, prev)
	}
	a.prevNum, a.lastNum, a.numbered = num, num, true
	return num
}

// wraps reports numbering that went past a power of ten and lost a digit
// (…99 then "10" for 100, "01" for 101).
func wraps(prev, num int) bool {
	next := fmt.Sprint(prev + 1)
	s := fmt.Sprint(num)
	return strings.HasPrefix(next, s) || strings.HasSuffix(next, fmt.Sprintf("%02d", num))
}

// outside takes a block before the first question or between a section
// heading and its first question: the title and author live here.
func (a *assembler) outside(b block) {
	if !a.seenFirst && a.d.Title == "" && b.kind == bText && utf8.RuneCountInString(b.text) <= 200 {
		a.d.Title = b.text
	}
	if a.d.Author == "" && !a.seenFirst && b.kind == bText {
		if m := authorRe.FindStringSubmatch(b.text); m != nil {
			a.d.Author = m[1]
		}
	}
	if (b.kind == bText || b.kind == bBullet) && strings.HasSuffix(b.text, "?") && a.seenFirst && !b.inAnswer {
		a.opts.info(KindUnlabelled, b.line, "text looks like a question but is not numbered or labelled: %q", clip(b.text, 60))
	}
}

// answerEmpty reports an answer with nothing gathered yet, or only block
// quotes (a "Covered in:" reference above the labelled answer).
func (a *assembler) answerEmpty() bool {
	return (len(a.answer) == 0 || a.quoted) && len(a.para) == 0 && !a.inList
}

// answerBlock takes block i inside an open question.
func (a *assembler) answerBlock(i int, b block) {
	if a.outdented(i, b) {
		// Markdown: a paragraph back at the margin after an answer
		// indented under its list item is no part of that item.
		a.endQuestion()
		a.outside(b)
		return
	}
	switch b.kind {
	case bBlank:
		a.flushPara()
		a.afterQ = a.afterQ && a.q.Question == ""
	case bBullet:
		a.bullet(i, b)
	case bCode:
		a.flushAll()
		a.push(model.Block{Type: model.Code, Text: b.text, Lang: b.lang}, false)
	case bTable:
		a.flushAll()
		a.push(model.Block{Type: model.Table, Rows: b.rows}, false)
	case bText, bHeading, bQuestion:
		a.answerLine(i, b)
	}
}

// outdented reports block i back at the margin after the open question's
// answer was indented under it, and tracks that indentation.
func (a *assembler) outdented(i int, b block) bool {
	if !a.md || a.indented < 0 || b.kind == bBlank {
		return false
	}
	if b.indent >= 2 || b.kind == bCode || b.kind == bTable || b.inAnswer {
		a.indented++
		return false
	}
	if a.indented > 0 && b.kind == bText && i > 0 && a.blocks[i-1].kind == bBlank {
		return true
	}
	a.indented = -1
	return false
}

// bullet takes a list item. An answer label on the first item ("- A:
// Data drift is …") is the answer's first paragraph.
func (a *assembler) bullet(i int, b block) {
	a.afterQ = false
	if !b.option && a.answerEmpty() && !a.labelledItems(i) {
		if rest, ok := answerLabel(b.text); ok {
			a.flushPara()
			if rest != "" {
				a.para = append(a.para, rest)
				a.flushPara()
			}
			return
		}
	}
	a.flushPara()
	a.inList = true
	a.items = append(a.items, b.text)
}

// labelledItems reports a list whose next item carries an answer label
// too ("A (Simple): …", "A (Technical): …"): the labels tell the answers
// apart, so they stay.
func (a *assembler) labelledItems(i int) bool {
	j := a.next[i]
	if j >= len(a.blocks) || a.blocks[j].kind != bBullet {
		return false
	}
	_, ok := answerLabel(a.blocks[j].text)
	return ok
}

func (a *assembler) subHeading(text string) {
	a.afterQ = false
	a.flushAll()
	if text = trimDecoration(text); text != "" {
		// A sub-heading before any text ("### Task: …") leaves room for
		// the answer label below it.
		a.push(model.Block{Type: model.Heading, Text: text}, a.answerEmpty())
	}
}

// answerLine takes a line of prose inside an open question.
func (a *assembler) answerLine(i int, b block) {
	text := b.text
	if _, step, ok := parseNum(text); ok && !a.afterQ && !b.bold && !b.lead {
		// A numbered step inside an answer is a list item; a bold
		// numbered lead-in ("**1. Design:**") stays a paragraph.
		a.flushPara()
		a.inList = true
		a.items = append(a.items, step)
		return
	}
	if a.answerEmpty() {
		if rest, ok := answerLabel(text); ok && (!a.afterQ || rest != "" || isAnswerLabelOnly(text)) {
			text, a.afterQ = rest, false
		} else if rest, ok := parseA(text); ok {
			text, a.afterQ = rest, false
		}
	}
	if a.afterQ {
		// A question wrapped onto a second line.
		a.q.Question = strings.TrimSpace(a.q.Question + " " + text)
		a.afterQ = !questionComplete(a.q.Question)
		return
	}
	a.flushList()
	if text != "" {
		if len(a.para) == 0 {
			a.paraQuote = b.quote
		}
		a.paraQuote = a.paraQuote && b.quote
		a.para = append(a.para, text)
	}
	a.lostQuestion(i, b, text)
}

// lostQuestion warns about answer text that looks like a question the
// layout did not take: say so rather than guess.
func (a *assembler) lostQuestion(i int, b block, text string) {
	n := len(a.blocks)
	switch {
	case text == "" || b.inAnswer:
	case hasQStart(text):
		a.opts.serious(KindMissedLabel, b.line, "text starts like a question label but was not taken as one: %q", clip(text, 60))
	case a.next[i] < n && isALabel(a.blocks[a.next[i]].text),
		strings.HasSuffix(text, "?") && utf8.RuneCountInString(text) <= 200 &&
			(i == 0 || a.blocks[i-1].kind == bBlank) && (i+1 == n || a.blocks[i+1].kind == bBlank):
		// A short paragraph of its own that asks something, or prose
		// followed by an "A:" label, is a question that lost its number.
		a.opts.info(KindUnlabelled, b.line, "text looks like a question but is not numbered or labelled: %q", clip(text, 60))
	}
}

// push appends a block to the answer; quote says it came from a quote.
func (a *assembler) push(bl model.Block, quote bool) {
	if a.q == nil {
		return
	}
	if len(a.answer) == 0 {
		a.quoted = quote
	} else if !quote {
		a.quoted = false
	}
	a.answer = append(a.answer, bl)
}

func (a *assembler) flushAll() {
	a.flushPara()
	a.flushList()
}

func (a *assembler) flushPara() {
	if len(a.para) > 0 {
		a.push(model.Block{Type: model.Paragraph, Text: strings.Join(a.para, " ")}, a.paraQuote)
	}
	a.para = a.para[:0]
}

func (a *assembler) flushList() {
	if a.inList && len(a.items) > 0 {
		a.push(model.Block{Type: model.List, Items: a.store.strings(a.items)}, false)
	}
	a.items, a.inList = a.items[:0], false
}

// endQuestion closes the open question and files it in its section.
func (a *assembler) endQuestion() {
	a.flushAll()
	q := a.q
	switch {
	case q == nil:
	case q.Question == "":
		// Only a label: nothing to ask, so nothing to keep.
		a.opts.serious(KindEmptyLabel, a.qLine, "Q%d has a label but no question text; skipped", q.Number)
	default:
		if len(a.answer) == 0 && !a.lay.inKeptList(a.qIndex) {
			a.opts.serious(KindEmptyAnswer, a.qLine, "Q%d has no answer", q.Number)
		}
		q.Answer = a.store.blocks(a.answer)
		a.sec.Questions = append(a.sec.Questions, *q)
		a.qLines = append(a.qLines, a.qLine)
	}
	a.q, a.answer = nil, a.answer[:0]
}
