package mcq

import (
	"bytes"
	"slices"
	"strings"
	"unicode"
)

// words returns the set of content words of s, numbered by v: lower-cased
// runs of letters and digits, without the function words that carry no
// subject, with plural and a few inflection endings stripped so that
// "pipelines" and "pipeline" count as one. It is how every comparison in
// this package sees a text: the guessers of Report, relatedness and
// near-duplicates.
func (v vocab) words(s string) wset {
	out := make(wset, 0, 16)
	buf := make([]byte, 0, 32)
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		buf = append(buf[:0], s[start:end]...)
		start = -1
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
		if len(buf) < 2 || stopWords[string(buf)] {
			return
		}
		buf = stem(buf)
		n, ok := v[string(buf)]
		if !ok {
			n = v.id(string(buf))
		}
		out = append(out, n)
	}
	for i, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	flush(len(s))
	slices.Sort(out)
	return slices.Compact(out)
}

// id returns the number of word w, numbering it if it is new.
func (v vocab) id(w string) uint32 {
	n, ok := v[w]
	if !ok {
		n = uint32(len(v))
		v[w] = n
	}
	return n
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

// vocab numbers words.
type vocab map[string]uint32

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
func dice(a, b wset) float64 {
	if len(a)+len(b) == 0 {
		return 0
	}
	return 2 * float64(overlap(a, b)) / float64(len(a)+len(b))
}

// has reports whether s holds the word numbered id.
func (s wset) has(id uint32) bool {
	_, ok := slices.BinarySearch(s, id)
	return ok
}
