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

// build assembles a deck from a block stream.
func build(blocks []block, h hints, opts Options) (*model.Deck, error) {
	n := len(blocks)
	qs := make([]qinfo, n)
	nextNonBlank := make([]int, n) // index of the next non-blank block, or n
	nb := n
	for i := n - 1; i >= 0; i-- {
		nextNonBlank[i] = nb
		if blocks[i].kind != bBlank {
			nb = i
		}
	}
	for i := range blocks {
		var next *block
		if j := nextNonBlank[i]; j < n {
			next = &blocks[j]
		}
		qs[i] = classifyQuestion(blocks[i], next)
	}
	// Section headings: real headings that are not questions, and prose
	// lines shaped like a heading directly above a question.
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
			j := nextNonBlank[i]
			if j >= n || !qs[j].ok || isALabel(b.text) || utf8.RuneCountInString(b.text) > 150 ||
				strings.ContainsAny(b.text[len(b.text)-1:], ".,;:!?") {
				continue
			}
			restart := lastNum < 0 || qs[j].number <= 1 || qs[j].number <= lastNum
			if restart || headingWords.MatchString(b.text) {
				isHeading[i] = true
			}
		}
	}

	d := &model.Deck{Title: h.title, Author: h.author}
	var (
		sec       *model.Section
		q         *model.Question
		qLine     int
		cur       model.Question // the question q points to while one is open
		para      []string       // the lines of the paragraph being gathered
		items     []string       // the items of the list being gathered
		inList    bool
		answer    []model.Block // the blocks of the answer being gathered
		store     arena
		afterQ    bool // still on the question's own lines
		seenFirst bool
		prevNum   int
	)
	flushPara := func() {
		if len(para) > 0 && q != nil {
			answer = append(answer, model.Block{Type: model.Paragraph, Text: strings.Join(para, " ")})
		}
		para = para[:0]
	}
	flushList := func() {
		if inList && q != nil && len(items) > 0 {
			answer = append(answer, model.Block{Type: model.List, Items: store.strings(items)})
		}
		items, inList = items[:0], false
	}
	endQuestion := func() {
		flushPara()
		flushList()
		switch {
		case q == nil:
		case q.Question == "":
			// Only a label: nothing to ask, so nothing to keep.
			opts.warn(qLine, "Q%d has a label but no question text; skipped", q.Number)
		default:
			if len(answer) == 0 {
				opts.warn(qLine, "Q%d has no answer", q.Number)
			}
			q.Answer = store.blocks(answer)
			sec.Questions = append(sec.Questions, *q)
		}
		q, answer = nil, answer[:0]
	}
	newSection := func(heading string) {
		endQuestion()
		role := model.RoleFromHeading(heading)
		d.Sections = append(d.Sections, model.Section{Role: role, Name: sectionName(role, heading), Heading: heading})
		sec = &d.Sections[len(d.Sections)-1]
		prevNum = 0
	}
	for i, b := range blocks {
		if isHeading[i] {
			if d.Title == "" && len(d.Sections) == 0 && b.kind == bHeading && b.level == 1 && !seenFirst {
				d.Title = b.text
				continue
			}
			newSection(b.text)
			continue
		}
		if qs[i].ok {
			if sec == nil {
				// No heading before the first question: the document's
				// title names the group ("Docker Interview Questions").
				heading := d.Title
				if heading == "" {
					heading = "Questions"
				}
				newSection(heading)
			}
			endQuestion()
			seenFirst = true
			num := qs[i].number
			switch {
			case num == 0:
				num = prevNum + 1
			case num == prevNum:
				opts.warn(b.line, "Q%d repeats the number of the question before it", num)
			case num < prevNum:
				opts.warn(b.line, "numbering goes back: Q%d follows Q%d", num, prevNum)
			case num > prevNum+1:
				opts.warn(b.line, "numbering gap: Q%d follows Q%d", num, prevNum)
			}
			prevNum = num
			cur = model.Question{Number: num, Question: strings.TrimSpace(qs[i].text)}
			q = &cur
			qLine = b.line
			afterQ = !questionComplete(q.Question)
			continue
		}
		if q == nil {
			if !seenFirst && d.Title == "" && b.kind == bText && utf8.RuneCountInString(b.text) <= 200 {
				d.Title = b.text
			}
			if d.Author == "" && !seenFirst {
				if m := authorRe.FindStringSubmatch(b.text); m != nil {
					d.Author = m[1]
				}
			}
			if (b.kind == bText || b.kind == bBullet) && strings.HasSuffix(b.text, "?") && seenFirst {
				opts.warn(b.line, "text looks like a question but is not numbered or labelled: %q", clip(b.text, 60))
			}
			continue
		}
		switch b.kind {
		case bBlank:
			flushPara()
			afterQ = afterQ && q.Question == ""
		case bBullet:
			afterQ = false
			flushPara()
			inList = true
			items = append(items, b.text)
		case bText, bHeading, bQuestion:
			text := b.text
			if _, step, ok := parseNum(text); ok && !afterQ {
				// A numbered step inside an answer is a list item.
				flushPara()
				inList = true
				items = append(items, step)
				continue
			}
			if rest, ok := parseA(text); ok && len(answer) == 0 && len(para) == 0 && !inList {
				text = rest
				afterQ = false
			}
			if afterQ {
				// A question wrapped onto a second line.
				q.Question = strings.TrimSpace(q.Question + " " + text)
				afterQ = !questionComplete(q.Question)
				continue
			}
			flushList()
			if text != "" {
				para = append(para, text)
			}
			// Prose followed by an "A:" label is a question that lost its
			// number: say so rather than guess.
			switch {
			case text == "" || b.code:
			case hasQStart(text):
				opts.warn(b.line, "text starts like a question label but was not taken as one: %q", clip(text, 60))
			case nextNonBlank[i] < n && isALabel(blocks[nextNonBlank[i]].text),
				strings.HasSuffix(text, "?") && utf8.RuneCountInString(text) <= 200 &&
					(i == 0 || blocks[i-1].kind == bBlank) && (i+1 == n || blocks[i+1].kind == bBlank):
				// A short paragraph of its own that asks something, or
				// prose followed by an "A:" label, is a question that lost
				// its number: say so rather than guess.
				opts.warn(b.line, "text looks like a question but is not numbered or labelled: %q", clip(text, 60))
			}
		}
	}
	endQuestion()

	// Drop sections that introduced no questions (the title, sponsor
	// blocks, footers), then give every question its ID and tags.
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
