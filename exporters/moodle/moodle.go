// Package moodle writes Moodle question banks: GIFT and Moodle XML.
//
// Both writers share one plan (quiz, built by plan): one category per role
// under the parent category, and per question an essay (the model answer
// as general feedback), a multiple-choice question (the answer's short form
// among distractors drawn from other answers, built by package mcq), or
// both. All text is stored as HTML; escape.go says how it is escaped for
// each format.
package moodle

import (
	"fmt"
	"github.com/xopsexport/xopsexport/exporters/internal/xmlchar"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/xopsexport/xopsexport/exporters/internal/answerhtml"
	"github.com/xopsexport/xopsexport/exporters/mcq"
	"github.com/xopsexport/xopsexport/model"
)

// Question kinds in a plan.
const (
	kindEssay = "essay"
	kindMCQ   = "multichoice"
)

// mcqSuffix marks the multiple-choice variant of a question in its ID
// number and name, whatever --type produced it, so essay and multiple-choice
// questions of one source question never share an ID number (Moodle drops a
// duplicate ID number on import without a word).
const mcqSuffix = "-mcq"

// maxIDNumber is the length of Moodle's question.idnumber column.
const maxIDNumber = 100

// quiz is what both formats write.
type quiz struct {
	title, source string // for the header comment (plain text)
	summary       string // "109 essay questions", for the header comment
	categories    []category
}

type category struct {
	path  string // "$course$/top/xOps Interview/CloudOps", raw (never GIFT-escaped)
	info  string // HTML: the section heading, for Moodle XML's category description
	items []item
}

type item struct {
	kind     string
	name     string // plain text; each writer escapes it
	idnumber string
	tags     []string
	stem     string   // HTML
	feedback string   // HTML: the whole model answer ("" for an empty answer)
	options  []option // multichoice only, already shuffled
	note     string   // why a requested multiple-choice question is an essay ("" if it is not)
}

type option struct {
	html    string
	correct bool
}

// GIFT writes d as a GIFT file; see gift.go.
func GIFT(w io.Writer, d *model.Deck, opts Options) error {
	q, err := plan(d, opts)
	if err != nil {
		return fmt.Errorf("gift: %w", err)
	}
	if err := writeGIFT(w, q); err != nil {
		return fmt.Errorf("gift: %w", err)
	}
	return nil
}

// XML writes d as Moodle XML; see xml.go.
func XML(w io.Writer, d *model.Deck, opts Options) error {
	q, err := plan(d, opts)
	if err != nil {
		return fmt.Errorf("moodlexml: %w", err)
	}
	if err := writeXML(w, q); err != nil {
		return fmt.Errorf("moodlexml: %w", err)
	}
	return nil
}

// normalize fills in the zero values' defaults.
func (o Options) normalize() Options {
	if o.Type == "" {
		o.Type = "essay"
	}
	if o.Choices == 0 {
		o.Choices = 4
	}
	if strings.TrimSpace(o.Category) == "" {
		o.Category = DefaultCategory
	}
	return o
}

// plan turns the deck into the questions to write. It reads d only.
func plan(d *model.Deck, opts Options) (*quiz, error) {
	if err := opts.Check(); err != nil {
		return nil, err
	}
	opts = opts.normalize()
	essay := opts.Type == "essay" || opts.Type == "both"
	multi := opts.Type == "mcq" || opts.Type == "both"
	parent := categoryParent(opts.Category)

	q := &quiz{title: d.Title, source: d.Source.URL}
	var mcqs []mcq.Item // in deck order; next is the first not yet used
	next := 0
	if multi {
		mcqs = mcq.Build(d, mcq.Options{Choices: opts.Choices, Seed: opts.Seed})
	}
	total := 0
	for si := range d.Sections {
		s := &d.Sections[si]
		if len(s.Questions) == 0 {
			continue // an empty category would only clutter the bank
		}
		roleName := s.Name
		if roleName == "" {
			roleName = model.RoleName(s.Role)
		}
		if strings.TrimSpace(roleName) == "" {
			roleName = "Questions"
		}
		c := category{
			path: parent + "/" + categoryName(roleName),
			info: "<p>" + htmlText(s.Heading) + "</p>",
		}
		if s.Heading == "" {
			c.info = ""
		}
		for i := range s.Questions {
			qu := &s.Questions[i]
			id := s.IDOf(qu)
			num := qu.Number
			if num <= 0 {
				num = i + 1
			}
			base := item{
				name:     clipName(roleName) + " Q" + strconv.Itoa(num),
				tags:     tags(s.Role, qu.Tags),
				stem:     "<p>" + htmlText(qu.Question) + "</p>",
				feedback: answerHTML(qu.Answer),
			}
			if essay {
				e := base
				e.kind = kindEssay
				e.idnumber = idNumber(id, "")
				e.name += " (" + e.idnumber + ")"
				c.items = append(c.items, e)
			}
			if multi {
				m := base
				m.idnumber = idNumber(id, mcqSuffix)
				m.name += " (" + m.idnumber + ")"
				// mcq.Build leaves out the questions it cannot ask, so the
				// next item is this question's only if it says so.
				var it *mcq.Item
				if next < len(mcqs) && mcqs[next].QuestionID == id && mcqs[next].Role == s.Role && mcqs[next].Prompt == qu.Question {
					it = &mcqs[next]
					next++
				}
				m.kind, m.options, m.note = choices(it, qu)
				c.items = append(c.items, m)
			}
		}
		total += len(c.items)
		q.categories = append(q.categories, c)
	}
	if len(q.categories) == 0 {
		// No questions: the parent category alone still makes a file that
		// GIFT parsers accept (a file of comments only is a syntax error).
		q.categories = []category{{path: parent}}
	}
	switch opts.Type {
	case "essay":
		q.summary = fmt.Sprintf("%d essay questions", total)
	case "mcq":
		q.summary = fmt.Sprintf("%d multiple-choice questions with up to %d answers each (seed %d)", total, opts.Choices, opts.Seed)
	default:
		q.summary = fmt.Sprintf("%d questions: every question as an essay and as multiple choice with up to %d answers (seed %d)", total, opts.Choices, opts.Seed)
	}
	return q, nil
}

// choices turns the multiple-choice item of a question into options, or
// says why the question must be an essay (it has no item).
func choices(it *mcq.Item, q *model.Question) (kind string, options []option, note string) {
	if it == nil {
		if strings.TrimSpace(q.AnswerText()) == "" {
			return kindEssay, nil, "multiple choice needs an answer and this question has none, so it is an essay question"
		}
		return kindEssay, nil, "multiple choice needs an answer in sentences and at least one other, different answer in the deck, and there is none, so it is an essay question"
	}
	out := make([]option, len(it.Options))
	for i, o := range it.Options {
		out[i] = option{html: htmlText(o), correct: i == it.Correct}
	}
	return kindMCQ, out, ""
}

// answerHTML renders answer blocks with package answerhtml, every text
// escaped by appendHTML. Blank blocks are left out, so an empty answer
// gives "".
func answerHTML(blocks []model.Block) string {
	return string(answerhtml.Append(nil, blocks, appendHTML))
}

// categoryParent cleans the --category value: one line, no trailing
// separator. Its "/" keep their meaning (they separate levels).
func categoryParent(p string) string {
	p = categoryText(p)
	if strings.HasSuffix(p, "/") && !strings.HasSuffix(p, "//") {
		p = p[:len(p)-1]
	}
	return p
}

// categoryName makes a role name one level of a category path: "/" is
// doubled, which Moodle reads as a literal slash (split_category_path).
func categoryName(name string) string {
	return strings.ReplaceAll(categoryText(name), "/", "//")
}

// categoryText makes s safe as (part of) a category path. GIFT category
// lines are not unescaped by Moodle (a "\:" would be stored as "&&058;"), so
// nothing is escaped; instead control characters and line breaks become
// spaces and '<', '>' and '\' are dropped: Moodle strips tags from category
// names, reads backslashes as GIFT escapes, and a tag-like name could make
// the upload look like HTML.
func categoryText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '<' || r == '>' || r == '\\':
		case unicode.IsControl(r) || lineBreak(r) || r == utf8.RuneError:
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// clipName keeps a question name well under Moodle's 255-character limit
// even for a very long role name; the ID that follows it is never cut.
func clipName(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return mcq.Clip(s, 100)
}

// idNumber makes an ID, followed by suffix, usable as a Moodle ID number
// and inside a GIFT "[id:…]" comment: no control characters or brackets,
// at most maxIDNumber characters. A long ID is cut before the suffix, so
// the essay and multiple-choice questions of one long ID still differ.
func idNumber(id, suffix string) string {
	id = tagText(id)
	if r, n := []rune(id), maxIDNumber-utf8.RuneCountInString(suffix); len(r) > n {
		id = string(r[:n])
	}
	return id + suffix
}

// tags returns the question's tags: the role first, then its topics, each
// once, cleaned for GIFT's "[tag:…]" comments and Moodle's tag rules.
func tags(role string, topics []string) []string {
	out := make([]string, 0, len(topics)+1)
	for _, t := range append([]string{role}, topics...) {
		t = tagText(t)
		if t == "" || containsFold(out, t) {
			continue
		}
		out = append(out, t)
	}
	return out
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// tagText drops what Moodle's "[id:…]"/"[tag:…]" comment syntax and tag
// rules (PARAM_TAG) cannot hold: brackets, < > and backquote, control
// characters; spaces are collapsed.
func tagText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case strings.ContainsRune("[]<>`", r):
		case unicode.IsControl(r) || lineBreak(r) || r == utf8.RuneError || !xmlchar.Allowed(r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
