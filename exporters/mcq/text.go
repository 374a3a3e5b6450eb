package mcq

import (
	"iter"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/xopsexport/xopsexport/model"
)

// A multiple-choice option is a short form of a model answer, because
// whole answers of 400-800 characters make unreadable options and their
// length alone gives the right one away. It is a run of the answer's
// sentences (list items count as sentences): from one sentence, extended
// by the following ones while shorter than optionMin (or ending in ':', an
// intro to a list), then cut at a word boundary with "…" if longer than
// optionMax: one rule for every option, right or wrong. Which sentence it
// starts from is chosen by option. The full model answer is still the
// question's feedback in every format.
const (
	optionMin = 80
	optionMax = 200
)

// prose returns the sentences of q's answer in order: those of its
// paragraphs and list items. Headings, code and tables are not prose: an
// option made of a code line or table cells would not read as an answer.
func prose(q *model.Question) []string {
	var out []string
	add := func(text string) {
		for s := range sentences(text) {
			out = append(out, s)
		}
	}
	for _, bl := range q.Answer {
		switch bl.Type {
		case model.Heading, model.Code, model.Table:
		case model.List:
			for _, it := range bl.Items {
				add(it)
			}
		default:
			if bl.Type != model.Paragraph && len(bl.Items) > 0 {
				for _, it := range bl.Items {
					add(it)
				}
				continue
			}
			add(bl.Text)
		}
	}
	return out
}

// window joins units[from:] into an option: as many as it takes to reach
// optionMin runes and not end in ':', clipped to optionMax. complete is
// false when the units ran out before optionMin was reached.
func window(units []string, from int) (text string, complete bool) {
	g := ""
	for _, s := range units[from:] {
		if g != "" && utf8.RuneCountInString(g) >= optionMin && !strings.HasSuffix(g, ":") {
			break
		}
		switch {
		case g == "":
			g = s
		case strings.ContainsRune(".!?:;…", lastRune(strings.TrimRight(g, closers))):
			g += " " + s
		default:
			g += "; " + s // list items often end without a full stop
		}
	}
	complete = utf8.RuneCountInString(g) >= optionMin
	return clip(g, optionMax), complete
}

// gist is the option that starts at the answer's first sentence.
func gist(q *model.Question) string {
	g, _ := window(prose(q), 0)
	return g
}

// win is one candidate option text of a question: a window of its answer.
type win struct {
	text  string
	set   wset     // its content words
	key   string   // its optionKey
	otags []string // its topic tags
	runes int
	// echo counts the question's content words and topic tags it names;
	// flaw is what makes it read worse than the first sentence: 1 for
	// opening with a connective ("For example, …", a fragment out of
	// context), 0.5 for having been clipped, 0.1 per sentence it starts
	// after the first.
	echo, flaw float64
}

// windows returns the candidate option texts of q, one per starting
// sentence of its answer (those after the first only if they reach
// optionMin), nil for an answer with no prose.
func windows(v vocab, q *model.Question, qw wset) []win {
	tags := map[string]bool{}
	for _, t := range q.Tags {
		tags[t] = true
	}
	units := prose(q)
	var out []win
	for from := range units {
		text, complete := window(units, from)
		if from > 0 && !complete {
			break // later starts are shorter still
		}
		w := win{text: text, set: v.words(text), key: optionKey(text), otags: model.TopicTags(text), runes: utf8.RuneCountInString(text)}
		w.echo = float64(overlap(w.set, qw))
		for _, t := range w.otags {
			if tags[t] {
				w.echo++
			}
		}
		if connective(units[from]) {
			w.flaw++
		}
		if strings.HasSuffix(text, "…") {
			w.flaw += 0.5
		}
		w.flaw += 0.1 * float64(from)
		out = append(out, w)
	}
	return out
}

// option returns the index of q's option text among its windows: the one
// that names the fewest of the question's words and topics, counting a
// flaw as one more, the earliest on a tie. Answers often open by restating
// the question ("RTO (Recovery Time Objective) is…" for "What are RTO and
// RPO…"), and an option that echoes the question while the others do not
// gives itself away; a later sentence that carries the substance does not.
// It is the text a question's answer has as a distractor; as the right
// option, choose may take another of its windows.
func option(ws []win) int {
	best := 0
	for i, w := range ws {
		if w.echo+w.flaw < ws[best].echo+ws[best].flaw {
			best = i
		}
	}
	return best
}

// connective reports whether a sentence opens with words that tie it to
// the one before, so that alone it reads as a fragment.
func connective(s string) bool {
	s = strings.ToLower(s)
	for _, p := range connectives {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

var connectives = []string{"for example", "for instance", "e.g.", "i.e.", "in short", "in summary", "in addition",
	"also", "additionally", "however", "then ", "next ", "finally", "so ", "thus", "this ", "these ", "that ",
	"otherwise", "instead", "it ", "they ", "from there", "after that", "i'd also", "i’d also", "i also",
	"we also", "i've also", "i’ve also", "it's also", "it’s also", "those ", "such "}

// closers are the brackets and quotes that may follow a sentence's full stop.
const closers = `)]"'”’`

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// sentences yields the non-empty sentences of text, each with its
// whitespace collapsed (line breaks read as spaces). A sentence ends at
// '.', '!' or '?' (plus closing brackets and quotes) followed by white
// space, unless the '.' ends an abbreviation such as "e.g.".
func sentences(text string) iter.Seq[string] {
	return func(yield func(string) bool) {
		start := 0
		for i := 0; i < len(text); i++ {
			c := text[i]
			if c != '.' && c != '!' && c != '?' {
				continue
			}
			end := i + 1
			for end < len(text) {
				r, n := utf8.DecodeRuneInString(text[end:])
				if !strings.ContainsRune(closers, r) {
					break
				}
				end += n
			}
			if end < len(text) {
				if r, _ := utf8.DecodeRuneInString(text[end:]); !unicode.IsSpace(r) {
					continue // "1.5", "e.g.,", "file.txt"
				}
			}
			if c == '.' && abbreviation(text[start:i+1]) {
				continue
			}
			if s := collapse(text[start:end]); s != "" && !yield(s) {
				return
			}
			start = end
		}
		if s := collapse(text[start:]); s != "" {
			yield(s)
		}
	}
}

// collapse trims s and turns every run of white space into one space.
func collapse(s string) string {
	if collapsed(s) {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// collapsed reports whether s has no white space but single ' ' between
// other characters, the usual case, which collapse then need not copy.
func collapsed(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == ' ' {
				if i == 0 || i == len(s)-1 || s[i+1] == ' ' {
					return false
				}
			} else if asciiSpace(c) {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			return false
		}
		i += n
	}
	return true
}

func asciiSpace(c byte) bool {
	return c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// abbreviation reports whether the sentence candidate s ends in an
// abbreviation that does not end a sentence ("e.g.", "i.e.", "vs.").
func abbreviation(s string) bool {
	word := s
	if i := strings.LastIndexFunc(s, unicode.IsSpace); i >= 0 {
		_, n := utf8.DecodeRuneInString(s[i:])
		word = s[i+n:]
	}
	word = strings.TrimLeft(word, `("'“‘[`)
	switch strings.ToLower(word) {
	case "e.g.", "i.e.", "vs.", "cf.", "approx.", "incl.", "etc.":
		return true
	}
	return false
}

// clip shortens s to at most max runes, cutting at the last space in the
// second half of the allowance and adding "…".
func clip(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	// Byte offset of rune number max-1, leaving room for the ellipsis.
	cut, n := 0, 0
	for i := range s {
		if n == max-1 {
			cut = i
			break
		}
		n++
	}
	head := s[:cut]
	if sp := strings.LastIndexByte(head, ' '); sp >= len(head)/2 {
		head = head[:sp]
	}
	head = strings.TrimRightFunc(head, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(",;:-–—(", r)
	})
	return head + "…"
}

// optionKey is how a student compares two options: case and spacing do
// not make two options different.
func optionKey(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}
