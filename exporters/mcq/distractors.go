package mcq

import (
	"iter"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/xopsexport/xopsexport/model"
)

// A multiple-choice option is a short form of a model answer (its "gist"),
// because whole answers of 400-800 characters make unreadable options and
// their length alone gives the right one away. The gist is the answer's
// first sentence, extended by the following sentences while it is shorter
// than gistMin (or ends in ':', an intro to a list), then cut at a word
// boundary with "…" if longer than gistMax. The full model answer is still
// the question's general feedback.
const (
	gistMin = 80
	gistMax = 200
)

// gist returns the short form of q's answer used as a multiple-choice
// option: plain text on one line, "" for an empty answer. Only the
// sentences it needs are looked at.
func gist(q *model.Question) string {
	g := ""
	enough := func() bool {
		return g != "" && utf8.RuneCountInString(g) >= gistMin && !strings.HasSuffix(g, ":")
	}
	add := func(text string) {
		for s := range sentences(text) {
			if enough() {
				return
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
	}
	for _, bl := range q.Answer {
		if bl.Type == model.List || (bl.Text == "" && len(bl.Items) > 0) {
			for _, it := range bl.Items {
				add(it)
			}
		} else {
			add(bl.Text)
		}
		if enough() {
			break
		}
	}
	return clip(g, gistMax)
}

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

// choicePool holds the gists of one role, prepared once so that choosing
// distractors costs O(log n + k) per question instead of O(n log n).
type choicePool struct {
	gists []string
	keys  []string // optionKey of each gist
	lens  []int    // rune count of each gist
	// order lists, by length then index, the gists usable as options: not
	// empty and the first of their key, so options are pairwise different.
	order []int
}

func newChoicePool(gists []string) *choicePool {
	p := &choicePool{gists: gists, keys: make([]string, len(gists)), lens: make([]int, len(gists))}
	seen := make(map[string]bool, len(gists))
	for j, g := range gists {
		p.keys[j] = optionKey(g)
		p.lens[j] = utf8.RuneCountInString(g)
		if p.keys[j] == "" || seen[p.keys[j]] {
			continue
		}
		seen[p.keys[j]] = true
		p.order = append(p.order, j)
	}
	slices.SortStableFunc(p.order, func(a, b int) int { return p.lens[a] - p.lens[b] })
	return p
}

// pick chooses up to k distractors for the question at index i among the
// other gists of its role. A gist equal to the right answer is never
// chosen, nor two equal gists. The candidates closest in length to the
// right answer form a pool of 2k+2 (ties at its edge broken at random) and k
// are drawn from it at random, so an option's length gives little away
// while the seed still varies the choice. The result holds indexes into the
// gists, in draw order.
func (p *choicePool) pick(i, k int, rng *splitMix) []int {
	if p.keys[i] == "" || k <= 0 {
		return nil
	}
	right, rightLen := p.keys[i], p.lens[i]
	dist := func(j int) int {
		if d := p.lens[j] - rightLen; d >= 0 {
			return d
		}
		return rightLen - p.lens[j]
	}
	// Walk outwards from the right answer's length, nearest first.
	hi, _ := slices.BinarySearchFunc(p.order, rightLen, func(j, n int) int { return p.lens[j] - n })
	lo := hi - 1
	type cand struct {
		j, dist int
		key     uint64
	}
	want := 2*k + 2
	var cands []cand
	for lo >= 0 || hi < len(p.order) {
		var j int
		if hi >= len(p.order) || (lo >= 0 && dist(p.order[lo]) <= dist(p.order[hi])) {
			j, lo = p.order[lo], lo-1
		} else {
			j, hi = p.order[hi], hi+1
		}
		if p.keys[j] == right {
			continue
		}
		// Past the pool size, only take candidates tied with the farthest.
		if len(cands) >= want && dist(j) > cands[len(cands)-1].dist {
			break
		}
		cands = append(cands, cand{j: j, dist: dist(j), key: rng.next()})
	}
	slices.SortFunc(cands, func(a, b cand) int {
		if a.dist != b.dist {
			return a.dist - b.dist
		}
		if a.key != b.key {
			if a.key < b.key {
				return -1
			}
			return 1
		}
		return a.j - b.j
	})
	pool := min(len(cands), want)
	k = min(k, pool)
	// Partial Fisher-Yates: k draws without replacement from the pool.
	for x := 0; x < k; x++ {
		y := x + rng.intn(pool-x)
		cands[x], cands[y] = cands[y], cands[x]
	}
	out := make([]int, k)
	for x := range out {
		out[x] = cands[x].j
	}
	return out
}

// splitMix is SplitMix64 (Steele, Lea, Flood 2014): a tiny generator whose
// output is fixed by its definition, so exports stay byte-identical across
// Go releases (math/rand/v2 does not promise that for Shuffle or IntN).
type splitMix struct{ state uint64 }

// newRNG seeds a generator for one question from the user's seed and the
// question's stable ID, so a question gets the same options whatever else
// is exported with it (--role filters, other roles edited).
func newRNG(seed int64, id string) *splitMix {
	h := uint64(14695981039346656037) // FNV-1a 64
	for i := 0; i < len(id); i++ {
		h ^= uint64(id[i])
		h *= 1099511628211
	}
	s := &splitMix{state: uint64(seed) ^ h}
	s.next() // one step so nearby seeds do not start nearby
	return s
}

func (s *splitMix) next() uint64 {
	s.state += 0x9e3779b97f4a7c15
	z := s.state
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// intn returns a number in [0, n); the modulo bias is below 2^-50 for the
// small n used here.
func (s *splitMix) intn(n int) int { return int(s.next() % uint64(n)) }

// shuffle permutes n items with Fisher-Yates, calling swap like sort.Slice.
func (s *splitMix) shuffle(n int, swap func(i, j int)) {
	for i := n - 1; i > 0; i-- {
		swap(i, s.intn(i+1))
	}
}
