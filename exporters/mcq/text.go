package mcq

import (
	"iter"
	"slices"
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
	units, _ := proseSpans(q)
	return units
}

// proseSpans is prose, also saying which sentences come from which block:
// those of q.Answer[i] are units[span[i]:span[i+1]].
func proseSpans(q *model.Question) (units []string, span []int) {
	var out []string
	add := func(text string) {
		for s := range sentences(text) {
			out = append(out, s)
		}
	}
	span = make([]int, len(q.Answer)+1)
	for i, bl := range q.Answer {
		span[i] = len(out)
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
	span[len(q.Answer)] = len(out)
	return out, span
}

// window joins units[from:] into an option: as many as it takes to reach
// optionMin runes and not end in ':', clipped to optionMax. complete is
// false when the units ran out before optionMin was reached.
func window(units []string, from int) (text string, complete bool) {
	text, _, _, complete, _ = windowUnits(units, nil, from)
	return text, complete
}

// windowUnits is window, also saying how many units it joined, how many
// runes they make, and whether it clipped them. runes holds the rune count
// of each unit, or is nil.
func windowUnits(units []string, runes []int, from int) (text string, n, used int, complete, clipped bool) {
	g := "" // of n runes
	for i, s := range units[from:] {
		if g != "" && n >= optionMin && !strings.HasSuffix(g, ":") {
			break
		}
		r := 0
		if runes != nil {
			r = runes[from+i]
		} else {
			r = utf8.RuneCountInString(s)
		}
		switch {
		case g == "":
			g, n = s, r
		case strings.ContainsRune(".!?:;…", lastRune(strings.TrimRight(g, closers))):
			g, n = g+" "+s, n+1+r
		default:
			g, n = g+"; "+s, n+2+r // list items often end without a full stop
		}
		used++
	}
	complete = n >= optionMin
	if n > optionMax {
		return clip(g, optionMax), n, used, complete, true
	}
	return g, n, used, complete, false
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
	key   int32    // its optionKey's number if it has no content words, else -1 (see sameKey)
	otags []uint32 // its topic tags, numbered by the vocab as "#"+tag
	runes int
	// echo counts the question's content words and topic tags it names;
	// flaw is what makes it read worse than the first sentence: 1 for
	// opening with a connective ("For example, …", a fragment out of
	// context), 0.5 for having been clipped, 0.1 per sentence it starts
	// after the first.
	echo, flaw float64
	concepts   uint64 // the concepts it names (see conceptTerms)
}

// windows returns the candidate option texts of q, one per starting
// sentence of its answer (those after the first only if they reach
// optionMin), nil for an answer with no prose.
func windows(v *vocab, q *model.Question, qw wset) []win {
	units := prose(q)
	return windowsOf(v, q, qw, units, make([]wset, len(units)))
}

// windowsOf is windows for the sentences units of q's answer. sets[i] is
// the words of units[i] once read, nil before: each sentence is read once,
// for the windows that share it and for the caller.
func windowsOf(v *vocab, q *model.Question, qw wset, units []string, sets []wset) []win {
	if len(units) == 0 {
		return nil
	}
	// The words of an unclipped window are those of its sentences (the
	// separators hold no letters).
	runes := make([]int, len(units))
	for i, u := range units {
		runes[i] = utf8.RuneCountInString(u)
	}
	out := make([]win, 0, len(units))
	for from := range units {
		text, n, used, complete, clipped := windowUnits(units, runes, from)
		if from > 0 && !complete {
			break // later starts are shorter still
		}
		w := win{text: text, key: -1, runes: n}
		if clipped {
			w.runes = utf8.RuneCountInString(text)
		}
		if clipped {
			w.set = v.words(text) // the cut may fall inside a word
		} else {
			for i := from; i < from+used; i++ {
				if sets[i] == nil {
					sets[i] = v.words(units[i])
				}
				w.set = union(w.set, sets[i])
			}
		}
		if len(w.set) == 0 {
			w.key = v.key(text)
		}
		w.echo = float64(overlap(w.set, qw))
		tags := model.TopicTags(text)
		w.otags = make([]uint32, len(tags))
		for i, t := range tags {
			w.otags[i] = v.id("#" + t) // "#" keeps tags apart from words
			if slices.Contains(q.Tags, t) {
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
	// Only the start matters: lower-case the first 16 runes, which make
	// at least 16 bytes, more than the longest connective.
	end := len(s)
	for i, n := 0, 0; i < len(s); n++ {
		if n == 16 {
			end = i
			break
		}
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
	}
	var buf [64]byte
	low, _ := appendLower(buf[:0], s[:end])
	for _, p := range connectives {
		if len(low) >= len(p) && string(low[:len(p)]) == p {
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
	// A sentence after the first starts with the space after the last
	// one's full stop: trimming it (Fields would drop it) usually leaves
	// nothing to collapse, and no copy to make.
	s = strings.TrimSpace(s)
	if collapsed(s) {
		return s
	}
	// strings.Join(strings.Fields(s), " "), in one pass: the fields, as
	// written, one space apart.
	out := make([]byte, 0, len(s))
	gap := false
	for i := 0; i < len(s); {
		r, n, space := rune(s[i]), 1, false
		if r < utf8.RuneSelf {
			space = r == ' ' || asciiSpace(byte(r))
		} else {
			r, n = utf8.DecodeRuneInString(s[i:])
			space = unicode.IsSpace(r)
		}
		if space {
			gap = true
		} else {
			if gap && len(out) > 0 {
				out = append(out, ' ')
			}
			gap = false
			out = append(out, s[i:i+n]...)
		}
		i += n
	}
	return string(out)
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

// sameKey reports, for two windows' keys, whether their texts have the
// same optionKey, where it matters: every test of two options for the same
// key also asks whether their words are alike (Dice at least nearOption),
// and texts with the same optionKey have the same words (lower-casing
// keeps a letter or digit one and changes nothing twice:
// TestLowerKeepsWords), so for texts with words Dice (1) decides. Only
// texts without content words need their keys compared, and only they
// have one.
func sameKey(a, b int32) bool { return a >= 0 && a == b }

// optionKey is how a student compares two options: case and spacing do
// not make two options different.
func optionKey(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}
