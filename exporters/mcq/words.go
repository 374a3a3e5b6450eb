package mcq

import (
	"bytes"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/xopsexport/xopsexport/model"
)

// words returns the set of content words of s, numbered by v: lower-cased
// runs of letters and digits, without the function words that carry no
// subject, with plural and a few inflection endings stripped so that
// "pipelines" and "pipeline" count as one. It is how every comparison in
// this package sees a text: the guessers of Report, relatedness and
// near-duplicates.
func (v *vocab) words(s string) wset {
	v.scratch = v.scan(v.scratch[:0], s)
	return v.set()
}

// answerWords is words(q.Question + "\n" + q.AnswerText()) without
// building that text: the words of the question (qw) and of each text of
// the answer that AnswerText joins (its separators hold no letter or
// digit, so they only part words). A paragraph's or list's words are those
// of its sentences (units[span[i]:span[i+1]] of proseSpans, with their
// words in sets, nil where not read yet): sentences part a text only at
// spaces after a full stop.
func (v *vocab) answerWords(q *model.Question, qw wset, units []string, span []int, sets []wset) wset {
	for i, bl := range q.Answer {
		if bl.Type == model.Paragraph || bl.Type == model.List {
			for u := span[i]; u < span[i+1]; u++ {
				if sets[u] == nil {
					sets[u] = v.words(units[u])
				}
			}
		}
	}
	v.scratch = append(v.scratch[:0], qw...)
	for i, bl := range q.Answer {
		switch bl.Type {
		case model.Paragraph, model.List:
			for _, set := range sets[span[i]:span[i+1]] {
				v.scratch = append(v.scratch, set...)
			}
		case model.Table:
			for _, row := range bl.Rows {
				for _, c := range row {
					v.scratch = v.scan(v.scratch, c)
				}
			}
		default:
			v.scratch = v.scan(v.scratch, bl.Text)
		}
	}
	return v.set()
}

// set returns the distinct numbers in v.scratch as a new wset.
func (v *vocab) set() wset {
	slices.Sort(v.scratch)
	return slices.Clone(slices.Compact(v.scratch))
}

// scan appends the numbers of the words of s to out, repeats included.
func (v *vocab) scan(out []uint32, s string) []uint32 {
	start := -1
	for i, n := 0, 1; i < len(s); i += n {
		// unicode.IsLetter or IsDigit, ASCII without decoding.
		c, word := s[i], false
		if n = 1; c < utf8.RuneSelf {
			word = 'a' <= c|0x20 && c|0x20 <= 'z' || '0' <= c && c <= '9'
		} else {
			var r rune
			r, n = utf8.DecodeRuneInString(s[i:])
			word = unicode.IsLetter(r) || unicode.IsDigit(r)
		}
		if word {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			if n := v.token(s[start:i]); n >= 0 {
				out = append(out, uint32(n))
			}
			start = -1
		}
	}
	if start >= 0 {
		if n := v.token(s[start:]); n >= 0 {
			out = append(out, uint32(n))
		}
	}
	return out
}

// token returns the number of the word that raw (one run of letters and
// digits, as written) stands for, or -1 for none. Each distinct spelling
// is lower-cased, checked and stemmed once per vocab: a deck repeats its
// words, and the lookup of a substring of s copies nothing. The map keeps
// raw, a substring of a text of the deck or of its options: those live as
// long as the vocab.
func (v *vocab) token(raw string) int32 {
	if n, ok := v.raw[raw]; ok {
		return n
	}
	buf := append(v.buf[:0], raw...)
	ascii := true
	for i, c := range buf {
		if c >= 0x80 {
			ascii = false
			break
		}
		if 'A' <= c && c <= 'Z' {
			buf[i] = c + 'a' - 'A'
		}
	}
	if !ascii {
		buf = []byte(strings.ToLower(string(buf)))
	}
	n := int32(-1)
	if len(buf) >= 2 && !stopWords[string(buf)] {
		buf = stem(buf)
		if id, ok := v.ids[string(buf)]; ok { // no copy to look up
			n = int32(id)
		} else {
			n = int32(v.id(string(buf)))
		}
	}
	v.buf = buf[:0]
	v.raw[raw] = n
	return n
}

// id returns the number of word w, numbering it if it is new.
func (v *vocab) id(w string) uint32 {
	n, ok := v.ids[w]
	if !ok {
		n = uint32(len(v.ids))
		v.ids[w] = n
	}
	return n
}

// key returns the number of an option text's optionKey: two texts have
// the same number when a student would see them as the same option, and
// comparing numbers is cheaper than comparing texts in the inner loops.
func (v *vocab) key(text string) int32 {
	// Window texts are collapsed, so optionKey only lower-cases them: in
	// v.buf, looked up without a copy.
	k, ok := appendLower(v.buf[:0], text)
	v.buf = k[:0]
	if !ok {
		k = []byte(optionKey(text))
	}
	n, found := v.keys[string(k)]
	if !found {
		n = int32(len(v.keys))
		v.keys[string(k)] = n
	}
	return n
}

// appendLower appends s lower-cased to buf, as strings.ToLower does it
// (rune by rune with unicode.ToLower, a byte that is not UTF-8 becoming
// U+FFFD), and reports whether s is collapsed (see collapsed): then
// optionKey(s) is what it appended.
func appendLower(buf []byte, s string) ([]byte, bool) {
	ok := true
	for i := 0; i < len(s); {
		// A run of ASCII bytes that stay as they are goes in at once.
		j := i
		for j < len(s) && s[j] < utf8.RuneSelf && s[j] > ' ' && (s[j] < 'A' || s[j] > 'Z') {
			j++
		}
		if j > i {
			buf = append(buf, s[i:j]...)
			i = j
			continue
		}
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			case c == ' ':
				ok = ok && i > 0 && i < len(s)-1 && s[i+1] != ' '
			case asciiSpace(c):
				ok = false
			}
			buf = append(buf, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		ok = ok && !unicode.IsSpace(r)
		buf = utf8.AppendRune(buf, unicode.ToLower(r))
		i += n
	}
	return buf, ok
}

// stem maps the inflections of a word together, crudely, in place: both
// sides of every comparison go through it, so it need not give real stems.
func stem(w []byte) []byte {
	has := func(suf string) bool { return bytes.HasSuffix(w, []byte(suf)) }
	switch {
	case has("sses"), has("ies"):
		w = w[:len(w)-2]
	case has("ss"), has("us"), has("is"):
	case has("s") && len(w) > 3:
		w = w[:len(w)-1]
	}
	for _, suf := range []string{"ation", "ing", "ed"} {
		if len(w) > len(suf)+3 && has(suf) {
			w = w[:len(w)-len(suf)]
			break
		}
	}
	if has("y") {
		w[len(w)-1] = 'i'
	}
	return w
}

// stopWords carry no subject: question openers, pronouns, articles,
// auxiliaries, prepositions and the filler of interview answers.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the and or but nor of to in on for with about at by from into onto as
		is are was were be been being am do does did done can could would should will shall may might must
		have has had having how what why when which who whom whose where that this these those there here
		it its i me my we our us you your yours they them their he she his her if so than then some any
		all each every both either neither such no not only also just very more most other another same
		one two three use used using make makes ensure ensures like e g i.e etc via per up out over under
		s t ll d ve re m`) {
		m[w] = true
	}
	return m
}()

// wset is a set of words as sorted, distinct numbers from a vocab:
// comparing two is a merge, not a map lookup per word.
type wset []uint32

// vocab numbers the words (and topic tags, as "#"+tag) and option keys of
// one Build or Report. Numbers mean nothing beyond equality: every use
// compares sets of them, never their order across vocabs.
type vocab struct {
	ids     map[string]uint32 // stemmed word or "#"+tag → number
	raw     map[string]int32  // token as written → number, -1 for a stop word
	keys    map[string]int32  // optionKey → number
	buf     []byte
	scratch wset
}

// newVocab returns an empty vocab sized for about questions questions: a
// vocabulary that grows ever slower with the deck (the article's 109
// questions have some 1,300 words), and few keys (see sameKey).
func newVocab(questions int) *vocab {
	words := min(12*questions, 2048)
	return &vocab{ids: make(map[string]uint32, words), raw: make(map[string]int32, 2*words), keys: map[string]int32{}}
}

// size is one more than the largest number given out.
func (v *vocab) size() int { return len(v.ids) }

// overlap counts the words a and b share.
func overlap(a, b wset) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}

// dice is the Dice coefficient 2|A∩B|/(|A|+|B|) of two word sets, 0 when
// both are empty.
func dice(a, b wset) float64 { return diceOf(overlap(a, b), len(a), len(b)) }

// diceOf is the Dice coefficient of two sets of sizes la and lb sharing
// common words.
func diceOf(common, la, lb int) float64 {
	if la+lb == 0 {
		return 0
	}
	return 2 * float64(common) / float64(la+lb)
}

// union returns the words of a or b. Sets are never changed once made, so
// it returns one of them itself when the other is empty.
func union(a, b wset) wset {
	switch {
	case len(a) == 0:
		return b
	case len(b) == 0:
		return a
	}
	out := make(wset, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			out = append(out, a[i])
			i++
		case a[i] > b[j]:
			out = append(out, b[j])
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}
