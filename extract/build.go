package extract

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/xopsexport/xopsexport/model"
)

// blockKind is the kind of one unit of the stream the readers produce.
type blockKind int

const (
	bText     blockKind = iota // a line or paragraph of prose
	bHeading                   // a heading (Markdown #, HTML <h1>–<h6>)
	bBullet                    // one bullet or numbered list item
	bBlank                     // a paragraph break
	bQuestion                  // an explicit question (<details><summary>)
)

// block is one unit of a document, already stripped of markup.
type block struct {
	kind  blockKind
	level int    // heading level
	text  string // cleaned text: single spaces, no labels stripped yet
	line  int    // 1-based source line, 0 when unknown
	bold  bool   // the whole block was bold (often a question in HTML)
	code  bool   // a line of a code block: text, never a label
}

// hints carries document facts a reader found outside the block stream.
type hints struct {
	title, author string
}

var (
	// Words that mark a line as a section heading even when numbering does
	// not restart after it.
	headingWords = regexp.MustCompile(`(?i)\b(interview|questions?|q\s*&\s*a|q&as?)\b`)
	authorRe     = regexp.MustCompile(`(?:\b[Bb]y|\b[Aa]uthor:|[Ii]t['’]s|I['’]m|I am)\s+([A-Z][\p{L}'’-]+(?:\s+[A-Z][\p{L}'’-]+){1,2})\b`)
)

// labelRe is a regexp anchored at the start of a line, with the bytes a
// match can start with: most lines fail that test and never run the
// regexp, which keeps parsing at a few microseconds per line.
type labelRe struct {
	first string
	re    *regexp.Regexp
}

func (l labelRe) match(s string) bool {
	return s != "" && strings.IndexByte(l.first, s[0]) >= 0 && l.re.MatchString(s)
}

func (l labelRe) find(s string) []string {
	if s == "" || strings.IndexByte(l.first, s[0]) < 0 {
		return nil
	}
	return l.re.FindStringSubmatch(s)
}

// qinfo is what a block says about being a question.
type qinfo struct {
	ok     bool
	number int // 0 when the source gives none
	text   string
}

func classifyQuestion(b block, next *block) qinfo {
	if b.code {
		return qinfo{}
	}
	switch b.kind {
	case bQuestion:
		if num, rest, ok := parseQ(b.text); ok && rest != "" {
			return qinfo{true, num, rest}
		}
		if num, rest, ok := parseNum(b.text); ok {
			return qinfo{true, num, rest}
		}
		return qinfo{true, 0, b.text}
	case bText, bHeading:
	default:
		return qinfo{}
	}
	if num, rest, ok := parseQ(b.text); ok {
		// "Q7:" alone on a line: the question is on the next line.
		if rest != "" || (next != nil && next.kind == bText && !next.code && !startsBlock(next.text)) {
			return qinfo{true, num, rest}
		}
	}
	if num, rest, ok := parseQBare(b.text); ok {
		return qinfo{true, num, rest}
	}
	if rest, ok := parseQNoNum(b.text); ok {
		return qinfo{true, 0, rest}
	}
	if num, rest, ok := parseNum(b.text); ok {
		// A bare "7." line is also how answers number their steps, so it is
		// a question only when it is shaped like one.
		if b.kind == bHeading || b.bold || strings.HasSuffix(rest, "?") ||
			(next != nil && isALabel(next.text)) {
			return qinfo{true, num, rest}
		}
		return qinfo{}
	}
	// A heading or a bold line that asks something: documents that give
	// each question its own heading, or bold it instead of numbering it.
	if (b.kind == bHeading || b.bold) && strings.HasSuffix(b.text, "?") {
		return qinfo{true, 0, b.text}
	}
	return qinfo{}
}

// questionComplete reports whether a question's text reads as finished,
// so that the line below it is the answer and not the question wrapped
// onto a second line: it asks (has a "?") or ends a sentence.
func questionComplete(s string) bool {
	return strings.ContainsRune(s, '?') || strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, ":")
}

// build assembles a deck from a block stream in four phases: classify
// says which blocks are questions, sectionHeadings which open a section,
// the assembler gathers answers, and finish drops empty sections and gives
// out role names and IDs.
func build(blocks []block, h hints, opts Options) (*model.Deck, error) {
	next := nextNonBlank(blocks)
	qs := classify(blocks, next)
	a := &assembler{
		blocks:  blocks,
		qs:      qs,
		heading: sectionHeadings(blocks, qs, next),
		next:    next,
		opts:    opts,
		d:       &model.Deck{Title: h.title, Author: h.author},
	}
	for i := range blocks {
		a.add(i)
	}
	a.endQuestion()
	return finish(a.d, opts)
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

// classify says of each block whether it is a question.
func classify(blocks []block, next []int) []qinfo {
	qs := make([]qinfo, len(blocks))
	for i := range blocks {
		var nb *block
		if j := next[i]; j < len(blocks) {
			nb = &blocks[j]
		}
		qs[i] = classifyQuestion(blocks[i], nb)
	}
	return qs
}

// sectionHeadings marks the blocks that open a section: real headings that
// are not questions, and prose lines shaped like a heading directly above a
// question.
func sectionHeadings(blocks []block, qs []qinfo, next []int) []bool {
	n := len(blocks)
	isHeading := make([]bool, n)
	lastNum := -1
	for i, b := range blocks {
		if qs[i].ok {
			lastNum = qs[i].number
			continue
		}
		switch b.kind {
		case bHeading:
			isHeading[i] = true
		case bText:
			j := next[i]
			if j >= n || !qs[j].ok || isALabel(b.text) || utf8.RuneCountInString(b.text) > 150 ||
				strings.ContainsAny(b.text[len(b.text)-1:], ".,;:!?") {
				continue
			}
			// A line above a question whose numbering restarts, or one
			// that names questions, heads a section.
			restart := lastNum < 0 || qs[j].number <= 1 || qs[j].number <= lastNum
			if restart || headingWords.MatchString(b.text) {
				isHeading[i] = true
			}
		}
	}
	return isHeading
}

// assembler walks the classified blocks and gathers sections, questions
// and their answers. Each rule of the answer grammar is one method.
type assembler struct {
	blocks  []block
	qs      []qinfo
	heading []bool
	next    []int
	opts    Options
	d       *model.Deck

	sec       *model.Section
	q         *model.Question // the open question, nil between questions
	cur       model.Question  // the question q points to while one is open
	qLine     int
	para      []string      // the lines of the paragraph being gathered
	items     []string      // the items of the list being gathered
	inList    bool          // items is open
	answer    []model.Block // the blocks of the answer being gathered
	store     arena
	afterQ    bool // still on the question's own lines
	seenFirst bool // a question has been seen
	prevNum   int  // the number of the section's previous question
}

// add takes block i.
func (a *assembler) add(i int) {
	b := a.blocks[i]
	switch {
	case a.heading[i]:
		a.sectionHeading(b)
	case a.qs[i].ok:
		a.startQuestion(b, a.qs[i])
	case a.q == nil:
		a.outside(b)
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
func (a *assembler) startQuestion(b block, qi qinfo) {
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
	num := a.number(b, qi.number)
	a.cur = model.Question{Number: num, Question: strings.TrimSpace(qi.text)}
	a.q = &a.cur
	a.qLine = b.line
	a.afterQ = !questionComplete(a.q.Question)
}

// number is a question's number: the source's, or the next in sequence
// when the source gives none. Gaps and repeats are reported.
func (a *assembler) number(b block, num int) int {
	prev := a.prevNum
	switch {
	case num == 0:
		num = prev + 1
	case num == prev:
		a.opts.warn(b.line, "Q%d repeats the number of the question before it", num)
	case num < prev:
		a.opts.warn(b.line, "numbering goes back: Q%d follows Q%d", num, prev)
	case num > prev+1:
		a.opts.warn(b.line, "numbering gap: Q%d follows Q%d", num, prev)
	}
	a.prevNum = num
	return num
}

// outside takes a block before the first question or between a section
// heading and its first question: the title and author live here.
func (a *assembler) outside(b block) {
	if !a.seenFirst && a.d.Title == "" && b.kind == bText && utf8.RuneCountInString(b.text) <= 200 {
		a.d.Title = b.text
	}
	if a.d.Author == "" && !a.seenFirst {
		if m := authorRe.FindStringSubmatch(b.text); m != nil {
			a.d.Author = m[1]
		}
	}
	if (b.kind == bText || b.kind == bBullet) && strings.HasSuffix(b.text, "?") && a.seenFirst {
		a.opts.warn(b.line, "text looks like a question but is not numbered or labelled: %q", clip(b.text, 60))
	}
}

// answerBlock takes block i inside an open question.
func (a *assembler) answerBlock(i int, b block) {
	switch b.kind {
	case bBlank:
		a.flushPara()
		a.afterQ = a.afterQ && a.q.Question == ""
	case bBullet:
		a.afterQ = false
		a.flushPara()
		a.inList = true
		a.items = append(a.items, b.text)
	case bText, bHeading, bQuestion:
		a.answerLine(i, b)
	}
}

// answerLine takes a line of prose inside an open question.
func (a *assembler) answerLine(i int, b block) {
	text := b.text
	if _, step, ok := parseNum(text); ok && !a.afterQ {
		// A numbered step inside an answer is a list item.
		a.flushPara()
		a.inList = true
		a.items = append(a.items, step)
		return
	}
	if rest, ok := parseA(text); ok && len(a.answer) == 0 && len(a.para) == 0 && !a.inList {
		text = rest
		a.afterQ = false
	}
	if a.afterQ {
		// A question wrapped onto a second line.
		a.q.Question = strings.TrimSpace(a.q.Question + " " + text)
		a.afterQ = !questionComplete(a.q.Question)
		return
	}
	a.flushList()
	if text != "" {
		a.para = append(a.para, text)
	}
	a.lostQuestion(i, b, text)
}

// lostQuestion warns about answer text that looks like a question the
// classifier did not take: say so rather than guess.
func (a *assembler) lostQuestion(i int, b block, text string) {
	n := len(a.blocks)
	switch {
	case text == "" || b.code:
	case hasQStart(text):
		a.opts.warn(b.line, "text starts like a question label but was not taken as one: %q", clip(text, 60))
	case a.next[i] < n && isALabel(a.blocks[a.next[i]].text),
		strings.HasSuffix(text, "?") && utf8.RuneCountInString(text) <= 200 &&
			(i == 0 || a.blocks[i-1].kind == bBlank) && (i+1 == n || a.blocks[i+1].kind == bBlank):
		// A short paragraph of its own that asks something, or prose
		// followed by an "A:" label, is a question that lost its number.
		a.opts.warn(b.line, "text looks like a question but is not numbered or labelled: %q", clip(text, 60))
	}
}

func (a *assembler) flushPara() {
	if len(a.para) > 0 && a.q != nil {
		a.answer = append(a.answer, model.Block{Type: model.Paragraph, Text: strings.Join(a.para, " ")})
	}
	a.para = a.para[:0]
}

func (a *assembler) flushList() {
	if a.inList && a.q != nil && len(a.items) > 0 {
		a.answer = append(a.answer, model.Block{Type: model.List, Items: a.store.strings(a.items)})
	}
	a.items, a.inList = a.items[:0], false
}

// endQuestion closes the open question and files it in its section.
func (a *assembler) endQuestion() {
	a.flushPara()
	a.flushList()
	q := a.q
	switch {
	case q == nil:
	case q.Question == "":
		// Only a label: nothing to ask, so nothing to keep.
		a.opts.warn(a.qLine, "Q%d has a label but no question text; skipped", q.Number)
	default:
		if len(a.answer) == 0 {
			a.opts.warn(a.qLine, "Q%d has no answer", q.Number)
		}
		q.Answer = a.store.blocks(a.answer)
		a.sec.Questions = append(a.sec.Questions, *q)
	}
	a.q, a.answer = nil, a.answer[:0]
}

// finish drops the sections that introduced no questions (the title,
// sponsor blocks, footers), makes role ids unique and gives every question
// its ID and tags.
func finish(d *model.Deck, opts Options) (*model.Deck, error) {
	out := d.Sections[:0]
	for _, s := range d.Sections {
		if len(s.Questions) > 0 {
			out = append(out, s)
		}
	}
	d.Sections = out
	if len(d.Sections) == 0 {
		return nil, ErrNoQuestions
	}
	// Role ids must be unique; a second section of one role (counted only
	// among sections that kept questions, so a title or sponsor heading
	// naming a role does not shift the real one) gets "-2", "-3".
	roles := map[string]int{}
	for i := range d.Sections {
		s := &d.Sections[i]
		roles[s.Role]++
		if c := roles[s.Role]; c > 1 {
			s.Name = fmt.Sprintf("%s %d", s.Name, c)
			s.Role = fmt.Sprintf("%s-%d", s.Role, c)
		}
	}
	assignIDs(d, opts)
	return d, nil
}

// arena hands out the answers' blocks and items from a few large arrays
// instead of one small allocation per answer. Each slice is capped at its
// length, so appending to one cannot overwrite its neighbour.
type arena struct {
	b []model.Block
	s []string
}

func (a *arena) blocks(bs []model.Block) []model.Block {
	if len(bs) == 0 {
		return nil
	}
	if cap(a.b)-len(a.b) < len(bs) {
		a.b = make([]model.Block, 0, max(256, len(bs)))
	}
	i := len(a.b)
	a.b = append(a.b, bs...)
	return a.b[i:len(a.b):len(a.b)]
}

func (a *arena) strings(ss []string) []string {
	if cap(a.s)-len(a.s) < len(ss) {
		a.s = make([]string, 0, max(256, len(ss)))
	}
	i := len(a.s)
	a.s = append(a.s, ss...)
	return a.s[i:len(a.s):len(a.s)]
}

// assignIDs sets each question's stable ID and topic tags. A question asked
// twice in one role gets "-2", "-3" after its ID, in order of appearance.
func assignIDs(d *model.Deck, opts Options) {
	seen := map[string]int{}
	for i := range d.Sections {
		s := &d.Sections[i]
		for j := range s.Questions {
			q := &s.Questions[j]
			id := model.QuestionID(s.Role, q.Question)
			seen[id]++
			if c := seen[id]; c > 1 {
				opts.warn(0, "%s Q%d asks the same question as an earlier one", s.Name, q.Number)
				id = fmt.Sprintf("%s-%d", id, c)
			}
			q.ID = id
			q.Tags = model.QuestionTopics(q)
			if q.Tags == nil {
				q.Tags = []string{}
			}
			if q.Answer == nil {
				q.Answer = []model.Block{}
			}
		}
	}
}

// sectionName is the display name of a section: the known role's name, or
// the heading's word the role was made from, as written ("SRE", not "Sre").
func sectionName(role, heading string) string {
	for _, r := range model.Roles() {
		if r.ID == role {
			return r.Name
		}
	}
	for _, w := range strings.FieldsFunc(heading, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if strings.ToLower(w) == role {
			return w
		}
	}
	return model.RoleName(role)
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
