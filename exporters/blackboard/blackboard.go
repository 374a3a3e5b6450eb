// Package blackboard writes a Blackboard Learn "Upload Questions" file:
// tab-delimited text, one question per line, UTF-8 without a BOM
// (Course › Test, Survey and Pool › Pools or a test › Upload Questions).
//
// Records:
//
//	ESS <TAB> question <TAB> example answer
//	MC  <TAB> question <TAB> answer <TAB> correct|incorrect <TAB> answer <TAB> …
//
// Every text field is HTML, which Blackboard renders: & < > and " are
// entities, a line break (which would end the record) is <br>, and a tab
// (which would end the field) is &#9;, as Blackboard's help for the format
// says ("use <br> for line breaks"). Answers keep their structure:
// paragraphs, lists, sub-headings, code and tables as HTML (answerhtml).
package blackboard

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xopsexport/xopsexport/exporters/internal/answerhtml"
	"github.com/xopsexport/xopsexport/exporters/mcq"
	"github.com/xopsexport/xopsexport/model"
)

// Options tunes the file. The zero value writes essay questions.
type Options struct {
	Type string      // "essay" (default), "mcq" or "both"
	MCQ  mcq.Options // choices and seed of the multiple-choice questions
}

// Types lists the accepted Type values.
func Types() []string { return []string{"essay", "mcq", "both"} }

// Check reports an invalid option value.
func (o Options) Check() error {
	switch o.Type {
	case "", "essay", "mcq", "both":
	default:
		return fmt.Errorf("unknown question type %q (valid: %s)", o.Type, strings.Join(Types(), ", "))
	}
	return o.MCQ.Check()
}

// Export writes d to w as an Upload Questions file: per question an ESS
// record, an MC record, or both (essay first). A question that cannot be
// multiple choice (no answer, or no other answer in its role to draw
// distractors from) is written as ESS when only MC was asked for, so no
// question is lost.
func Export(w io.Writer, d *model.Deck, o Options) error {
	if err := o.Check(); err != nil {
		return fmt.Errorf("blackboard: %w", err)
	}
	if o.Type == "" {
		o.Type = "essay"
	}
	essay := o.Type == "essay" || o.Type == "both"
	wantMCQ := o.Type == "mcq" || o.Type == "both"
	byID := map[string]*mcq.Item{}
	var items []mcq.Item
	if wantMCQ {
		items = mcq.Build(d, o.MCQ)
		for i := range items {
			byID[items[i].QuestionID] = &items[i]
		}
	}
	bw := bufio.NewWriter(w)
	b := make([]byte, 0, 8192)
	for si := range d.Sections {
		s := &d.Sections[si]
		for qi := range s.Questions {
			q := &s.Questions[qi]
			id := s.IDOf(q)
			it := byID[id]
			if essay || it == nil {
				b = append(b, "ESS\t"...)
				b = appendField(b, q.Question)
				b = append(b, '\t')
				start := len(b)
				b = answerhtml.Append(b, q.Answer, appendField)
				// The only quotes left are answerhtml's attribute quotes
				// (class="language-sh"): single quotes are the same HTML
				// and keep the record free of the character some readers
				// of this format treat as CSV quoting.
				for i := start; i < len(b); i++ {
					if b[i] == '"' {
						b[i] = '\''
					}
				}
				b = append(b, '\n')
			}
			if it != nil {
				b = append(b, "MC\t"...)
				b = appendField(b, q.Question)
				for k, opt := range it.Options {
					b = append(b, '\t')
					b = appendField(b, opt)
					if k == it.Correct {
						b = append(b, "\tcorrect"...)
					} else {
						b = append(b, "\tincorrect"...)
					}
				}
				b = append(b, '\n')
			}
			if len(b) > 32<<10 {
				if _, err := bw.Write(b); err != nil {
					return fmt.Errorf("blackboard: %w", err)
				}
				b = b[:0]
			}
		}
	}
	if _, err := bw.Write(b); err != nil {
		return fmt.Errorf("blackboard: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("blackboard: %w", err)
	}
	return nil
}

// appendField appends plain text s as the HTML of one field: & < > "
// become entities, line breaks (\r\n, \r, \n, NEL, U+2028, U+2029) <br>,
// tabs &#9;, other control characters and DEL are dropped and invalid UTF-8
// becomes U+FFFD. The result never holds a tab, a line break or a quote,
// so it cannot end a field or a record, and it never starts with a quote
// (which some readers of the format take as CSV quoting).
func appendField(b []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); {
		c, n, rep := s[i], 1, ""
		if c < utf8.RuneSelf {
			switch {
			case c == '&':
				rep = "&amp;"
			case c == '<':
				rep = "&lt;"
			case c == '>':
				rep = "&gt;"
			case c == '"':
				rep = "&quot;"
			case c == '\t':
				rep = "&#9;"
			case c == '\r':
				if i+1 < len(s) && s[i+1] == '\n' {
					n = 2
				}
				rep = "<br>"
			case c == '\n':
				rep = "<br>"
			case c < 0x20 || c == 0x7f:
				// dropped
			default:
				i++
				continue
			}
		} else {
			r, w := utf8.DecodeRuneInString(s[i:])
			n = w
			switch {
			case r == utf8.RuneError && w == 1:
				rep = "\uFFFD"
			case r == 0x85 || r == 0x2028 || r == 0x2029:
				rep = "<br>"
			case r < 0xa0 || r == 0xFFFE || r == 0xFFFF:
				// C1 controls and non-characters: dropped
			default:
				i += w
				continue
			}
		}
		b = append(b, s[start:i]...)
		b = append(b, rep...)
		i += n
		start = i
	}
	return append(b, s[start:]...)
}
