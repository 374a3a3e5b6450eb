package extract

import (
	"fmt"
	"regexp"
	"strconv"
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
	// "Q7:", "Q 7.", "Question 7)", "Q7 -"
	qLabel = regexp.MustCompile(`^(?i:q(?:uestion)?)\s*(\d{1,5})\s*[:.)\-–—]\s*(.*)$`)
	// "Q7 What is ...?" (no punctuation after the number: only with a '?')
	qLabelBare = regexp.MustCompile(`^(?i:q(?:uestion)?)\s*(\d{1,5})\s+(.+\?)$`)
	// "Q: What is ...", "Question: ..."
	qLabelNoNum = regexp.MustCompile(`^(?i:q|question)\s*:\s*(.+)$`)
	// "7. What is ...", "7) ..."
	numLabel = regexp.MustCompile(`^(\d{1,5})\s*[.)]\s+(.+)$`)
	aLabel   = regexp.MustCompile(`^(?i:a|ans|answer)\s*:\s*(.*)$`)
	// The start of a question label, to report ones that were not taken.
	qLabelStart = regexp.MustCompile(`^(?i:q(?:uestion)?)\s*\d{1,5}\b`)
	// Words that mark a line as a section heading even when numbering does
	// not restart after it.
	headingWords = regexp.MustCompile(`(?i)\b(interview|questions?|q\s*&\s*a|q&as?)\b`)
	authorRe     = regexp.MustCompile(`(?:\b[Bb]y|\b[Aa]uthor:|[Ii]t['’]s|I['’]m|I am)\s+([A-Z][\p{L}'’-]+(?:\s+[A-Z][\p{L}'’-]+){1,2})\b`)
)

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
		if m := qLabel.FindStringSubmatch(b.text); m != nil && m[2] != "" {
			return qinfo{true, atoi(m[1]), m[2]}
		}
		if m := numLabel.FindStringSubmatch(b.text); m != nil {
			return qinfo{true, atoi(m[1]), m[2]}
		}
		return qinfo{true, 0, b.text}
	case bText, bHeading:
	default:
		return qinfo{}
	}
	if m := qLabel.FindStringSubmatch(b.text); m != nil {
		// "Q7:" alone on a line: the question is on the next line.
		if strings.TrimSpace(m[2]) != "" || (next != nil && next.kind == bText && !next.code && !startsBlock(next.text)) {
			return qinfo{true, atoi(m[1]), m[2]}
		}
	}
	if m := qLabelBare.FindStringSubmatch(b.text); m != nil {
		return qinfo{true, atoi(m[1]), m[2]}
	}
	if m := qLabelNoNum.FindStringSubmatch(b.text); m != nil {
		return qinfo{true, 0, m[1]}
	}
	if m := numLabel.FindStringSubmatch(b.text); m != nil {
		// A bare "7." line is also how answers number their steps, so it is
		// a question only when it is shaped like one.
		if b.kind == bHeading || b.bold || strings.HasSuffix(m[2], "?") ||
			(next != nil && aLabel.MatchString(next.text)) {
			return qinfo{true, atoi(m[1]), m[2]}
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

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
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
			if j >= n || !qs[j].ok || aLabel.MatchString(b.text) || utf8.RuneCountInString(b.text) > 150 ||
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
		para      []string // the paragraph being gathered
		list      *model.Block
		afterQ    bool // still on the question's own lines
		seenFirst bool
		prevNum   int
	)
	flushPara := func() {
		if len(para) > 0 && q != nil {
			q.Answer = append(q.Answer, model.Block{Type: model.Paragraph, Text: strings.Join(para, " ")})
		}
		para = nil
	}
	flushList := func() {
		if list != nil && q != nil && len(list.Items) > 0 {
			q.Answer = append(q.Answer, *list)
		}
		list = nil
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
			if len(q.Answer) == 0 {
				opts.warn(qLine, "Q%d has no answer", q.Number)
			}
			sec.Questions = append(sec.Questions, *q)
		}
		q = nil
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
			q = &model.Question{Number: num, Question: strings.TrimSpace(qs[i].text)}
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
			if list == nil {
				list = &model.Block{Type: model.List}
			}
			list.Items = append(list.Items, b.text)
		case bText, bHeading, bQuestion:
			text := b.text
			if m := numLabel.FindStringSubmatch(text); m != nil && !afterQ {
				// A numbered step inside an answer is a list item.
				flushPara()
				if list == nil {
					list = &model.Block{Type: model.List}
				}
				list.Items = append(list.Items, m[2])
				continue
			}
			if m := aLabel.FindStringSubmatch(text); m != nil && len(q.Answer) == 0 && len(para) == 0 && list == nil {
				text = strings.TrimSpace(m[1])
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
			case qLabelStart.MatchString(text):
				opts.warn(b.line, "text starts like a question label but was not taken as one: %q", clip(text, 60))
			case nextNonBlank[i] < n && aLabel.MatchString(blocks[nextNonBlank[i]].text),
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
			q.Tags = model.TopicTags(q.Question + " " + q.AnswerText())
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
