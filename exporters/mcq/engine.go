package mcq

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"strings"

	"github.com/xopsexport/xopsexport/model"
)

// Tuning of the distractor search. Measured on the article with
// TestGuessers; see the package README note in the issue.
const (
	// poolMin is the least number of candidates a question's distractors
	// are chosen from (2k+4 for k distractors if more).
	poolMin = 10
	// postingCap skips, when looking for related questions, the words
	// that more than this many answers of a role share: they relate
	// everything to everything, and scanning them would make large decks
	// quadratic.
	postingCap = 256
	// maxSets is how many candidate sets of distractors are scored per
	// question; fewer when the pool has fewer combinations.
	maxSets = 300
	// nearOption and nearText are the Dice similarities of option words,
	// and of question-plus-answer words, from which two answers count as
	// the same answer: a related question's paraphrase of the right answer
	// is not a distractor. nearQuestion is the same for question texts
	// (revision.Threshold: a reworded question).
	//
	// askedAlike and answeredAlike: a question that asks much the same,
	// answered in some of the same words, tends to have an answer that
	// answers this one too ("How do you deploy a machine-learning model in
	// production?", Dice 0.36 and 0.25, for "How do you efficiently serve
	// multiple ML models in production?"). Question words alone would not
	// do: "What are the key differences between Terraform and
	// CloudFormation?" shares half its words with the Docker-versus-VM
	// question, whose answer is a fine distractor. Set from a teacher's
	// reading of the article's items (see the issue note).
	// echoWeight is how much more than the other cues the two that echo
	// the question count: they are the strongest on real answers.
	echoWeight = 3

	// flawWeight is what a flaw of the right option's text (see win)
	// costs against the cues it may hide.
	flawWeight = 2

	// restated is the share of an option's own words (those not in the
	// question) found in the question's answer from which the option
	// restates that answer (see restatesBy). A quarter: "I would check the
	// container's logs to see error output" (a third) also answers "How
	// would you use monitoring and logs to identify the cause?".
	restated = 0.25

	nearOption   = 0.5
	nearText     = 0.6
	nearQuestion = 0.6

	askedAlike    = 0.35
	answeredAlike = 0.2
)

// entry is one question that has an option text. Everything the search
// compares is worked out here once per Build, as sorted sets of vocab
// numbers: the search looks at each entry from many others.
type entry struct {
	role, id, prompt string
	roleIx           int    // which of builder.roles
	text             string // option text
	key              int32  // its window's key (see win)
	runes            int
	ow, qw, aw       wset     // words of the option, the question, question and answer
	tags             wset     // the question's topic tags, as numbers of "#"+tag
	otags            []uint32 // topic tags of the option text, likewise
	echoes           wset     // qw and tags: the tokens by which an option echoes the question
	wins             []win    // candidate texts as the right option; text is wins[pick]
	pick             int
	tokens           wset   // aw and tags: what the index holds
	concepts         uint64 // named by its question or answer (see conceptTerms)
	asks             uint64 // named by its question: what any window of its answer is about
	qr               wset   // qw without the words of 3/4 of the role's questions (see askedAlike)
}

// index finds the entries related to one: an inverted index of tokens,
// and the members in order of option length for filling a pool.
type index struct {
	// The entries holding token t, in deck order, are list[start[t]:start[t+1]]:
	// one array for all postings rather than a map of slices.
	start   []int32
	list    []int32
	members []int32 // in deck order
	byLen   []int32 // members sorted by option length, then deck order
}

// postings returns the entries of the index that hold token t.
func (x *index) postings(t uint32) []int32 {
	if int(t)+1 >= len(x.start) {
		return nil
	}
	return x.list[x.start[t]:x.start[t+1]]
}

type builder struct {
	vocab   *vocab
	entries []entry
	roles   []*index       // by entry.roleIx
	roleIx  map[string]int // role → index into roles
	all     *index         // the whole deck; built the first time a role has too few answers

	// Scratch space of pool and choose, reused from question to question
	// (one builder serves one Build, in one goroutine).
	count   []int32  // per entry: tokens shared with the question at hand
	mark    []uint32 // per entry: stamp of the last pool that noted it
	stamp   uint32
	touched []int32
	echoers []int32
	order   []int32
	at      []int32
	ranked  []cand
	echoing []uint64
	group   []cand
	cands   []cand
	chooser chooser
	focus   []uint8  // per vocab number: which sets of the focused entry hold it (see setFocus)
	owner   []uint64 // per vocab number: which of choose's candidates hold it, a bit each
	pooled  []uint64 // per vocab number: which members of the pool being filled hold it
	// Per entry, its relatedness to the focused entry and whether it is
	// near it, valid where the stamp is focusStamp: pools look at the same
	// entries again (ranked, echoing, by length; in the role, in the deck).
	relOf      []float64
	relAt      []uint32
	isNear     []bool
	nearAt     []uint32
	pairs      []pairCounts
	focusStamp uint32
	lex        *lexicon
	scratch    []uint32 // for lex.find
}

// pairCounts are sharedQ's and sharedA's counts for one entry, each valid
// where its stamp is the focus stamp.
type pairCounts struct {
	qAt, aAt uint32
	q, a     int32
}

func newBuilder(d *model.Deck) *builder {
	b := &builder{vocab: newVocab(d.Count()), roleIx: map[string]int{}, entries: make([]entry, 0, d.Count())}
	b.lex = newLexicon(b.vocab)
	var members [][]int32 // by role
	for si := range d.Sections {
		s := &d.Sections[si]
		for qi := range s.Questions {
			q := &s.Questions[qi]
			qw := b.vocab.words(q.Question)
			units, span := proseSpans(q)
			sets := make([]wset, len(units))
			ws := windowsOf(b.vocab, q, qw, units, sets)
			if len(ws) == 0 {
				continue
			}
			pick := option(ws)
			if strings.TrimSpace(ws[pick].text) == "" { // an empty optionKey
				continue
			}
			id := s.IDOf(q)
			ri, ok := b.roleIx[s.Role]
			if !ok {
				ri = len(members)
				b.roleIx[s.Role] = ri
				members = append(members, nil)
			}
			asks := b.lex.find(b.vocab, q.Question, &b.scratch)
			concepts := asks
			for _, u := range units {
				concepts |= b.lex.find(b.vocab, u, &b.scratch)
			}
			for i := range ws {
				ws[i].concepts = b.lex.find(b.vocab, ws[i].text, &b.scratch)
			}
			e := entry{role: s.Role, roleIx: ri, id: id, prompt: q.Question, text: ws[pick].text, key: ws[pick].key, concepts: concepts, asks: asks,
				runes: ws[pick].runes, ow: ws[pick].set, qw: qw, wins: ws, pick: pick,
				aw: b.vocab.answerWords(q, qw, units, span, sets), otags: ws[pick].otags}
			for _, t := range q.Tags {
				e.tags = append(e.tags, b.vocab.id("#"+t)) // "#" keeps tags apart from words
			}
			slices.Sort(e.tags)
			e.tags = slices.Compact(e.tags)
			e.tokens = union(e.aw, e.tags)
			e.echoes = union(e.qw, e.tags)
			members[ri] = append(members[ri], int32(len(b.entries)))
			b.entries = append(b.entries, e)
		}
	}
	for _, m := range members {
		b.roles = append(b.roles, b.newIndex(m))
	}
	// Each entry's question words without those in more than 3/4 of the
	// questions of its role: counted per role, so that a question's items
	// do not depend on which other roles are exported.
	df := make([]int32, b.vocab.size())
	for _, m := range members {
		for _, i := range m {
			for _, w := range b.entries[i].qw {
				df[w]++
			}
		}
		for _, i := range m {
			e := &b.entries[i]
			e.qr = slices.DeleteFunc(slices.Clone(e.qw), func(w uint32) bool { return len(m) >= 4 && 4*int(df[w]) > 3*len(m) })
		}
		for _, i := range m {
			for _, w := range b.entries[i].qw {
				df[w] = 0
			}
		}
	}
	b.count = make([]int32, len(b.entries))
	b.focus = make([]uint8, b.vocab.size())
	b.owner = make([]uint64, b.vocab.size())
	b.pooled = make([]uint64, b.vocab.size())
	b.relOf, b.relAt = make([]float64, len(b.entries)), make([]uint32, len(b.entries))
	b.isNear, b.nearAt = make([]bool, len(b.entries)), make([]uint32, len(b.entries))
	b.pairs = make([]pairCounts, len(b.entries))
	b.mark = make([]uint32, len(b.entries))
	return b
}

// newIndex indexes the entries members, given in deck order.
func (b *builder) newIndex(members []int32) *index {
	n := b.vocab.size()
	x := &index{start: make([]int32, n+1)}
	for _, i := range members {
		for _, t := range b.entries[i].tokens {
			x.start[t+1]++
		}
	}
	for t := 1; t <= n; t++ {
		x.start[t] += x.start[t-1]
	}
	x.list = make([]int32, x.start[n])
	next := slices.Clone(x.start[:n])
	for _, i := range members {
		for _, t := range b.entries[i].tokens {
			x.list[next[t]] = i
			next[t]++
		}
	}
	x.members = members
	x.byLen = slices.Clone(members)
	slices.SortStableFunc(x.byLen, func(i, j int32) int { return b.entries[i].runes - b.entries[j].runes })
	return x
}

// allIndex is the index of the whole deck.
func (b *builder) allIndex() *index {
	if b.all == nil {
		all := make([]int32, len(b.entries))
		for i := range all {
			all[i] = int32(i)
		}
		b.all = b.newIndex(all)
	}
	return b.all
}

// The sets of the focused entry, the question being built, by bit of
// builder.focus. Every comparison of another entry or window with that
// question counts the other set's words in the array: one lookup per word
// rather than a merge of two sorted sets, the inner loop of the search.
const (
	inOption   = iota // its option's words, ow
	inQuestion        // its question's words, qw
	inText            // its question's and answer's words, aw
	inTags            // its topic tags
	inAsked           // its question's words less the role's common ones, qr
)

// setFocus marks e's sets in b.focus; clearFocus unmarks them. The
// methods below that take e as "the question" need e in focus.
func (b *builder) setFocus(e int) {
	b.focusStamp++
	if b.focusStamp == 0 { // wrapped: forget every stamp
		clear(b.relAt)
		clear(b.nearAt)
		clear(b.pairs)
		b.focusStamp = 1
	}
	x := &b.entries[e]
	for bit, s := range [...]wset{inOption: x.ow, inQuestion: x.qw, inText: x.aw, inTags: x.tags, inAsked: x.qr} {
		for _, w := range s {
			b.focus[w] |= 1 << bit
		}
	}
}

func (b *builder) clearFocus(e int) {
	x := &b.entries[e]
	for _, s := range [...]wset{x.ow, x.qw, x.aw, x.tags} { // qr is within qw
		for _, w := range s {
			b.focus[w] = 0
		}
	}
}

// shared counts the words of s in the focused entry's set bit: the
// overlap of s with that set.
func (b *builder) shared(s []uint32, bit uint) int {
	n := 0
	for _, w := range s {
		n += int(b.focus[w]>>bit) & 1
	}
	return n
}

// relatedness of entry c to entry e (in focus), from 0 to 1: shared topic
// tags (Jaccard), shared question words and shared question-and-answer
// words (Dice).
func (b *builder) relatedness(e, c int) float64 {
	x, y := &b.entries[e], &b.entries[c]
	tags := 0.0
	if n := len(x.tags) + len(y.tags); n > 0 {
		common := b.shared(y.tags, inTags)
		tags = float64(common) / float64(n-common)
	}
	return 0.4*tags + 0.3*diceOf(b.sharedQ(c), len(x.qw), len(y.qw)) + 0.3*diceOf(b.sharedA(c), len(x.aw), len(y.aw))
}

// sharedQ returns the words c's question shares with the focused
// question, sharedA those c's question and answer share with the focused
// one's: relatedness and near both need them, often for the same entry.
func (b *builder) sharedQ(c int) int {
	p := &b.pairs[c]
	if p.qAt != b.focusStamp {
		p.qAt, p.q = b.focusStamp, int32(b.shared(b.entries[c].qw, inQuestion))
	}
	return int(p.q)
}

func (b *builder) sharedA(c int) int {
	p := &b.pairs[c]
	if p.aAt != b.focusStamp {
		p.aAt, p.a = b.focusStamp, int32(b.shared(b.entries[c].aw, inText))
	}
	return int(p.a)
}

// related is relatedness, remembered per focus.
func (b *builder) related(e, c int) float64 {
	if b.relAt[c] != b.focusStamp {
		b.relOf[c], b.relAt[c] = b.relatedness(e, c), b.focusStamp
	}
	return b.relOf[c]
}

// topicShareOf counts the tags that are tags of e's question (e in focus).
func (b *builder) topicShareOf(e int, tags []uint32) int { return b.shared(tags, inTags) }

// restatesBy reports whether an option of n words, inQ of them in the
// question and inA in its question or answer (see counts), says mostly
// what the answer says: most of its words, leaving out those of the
// question, are words of the answer. Such an option is a true statement
// about the question, not a distractor ("I'd leverage distributed
// training (Horovod, SageMaker)" for "How do you handle large-scale
// distributed training?", from the answer to another question). The
// question's words are among aw (aw is read from the question and the
// answer), so the option's own words are n-inQ, and inA-inQ of those are
// in the answer.
func restatesBy(n, inQ, inA int) bool {
	own, in := n-inQ, inA-inQ
	return own == 0 || float64(in) >= restated*float64(own)
}

// counts counts, in one pass, the words of s in the focused entry's
// option, question, and question and answer.
func (b *builder) counts(s wset) (inO, inQ, inA int) {
	for _, w := range s {
		f := b.focus[w]
		inO += int(f>>inOption) & 1
		inQ += int(f>>inQuestion) & 1
		inA += int(f>>inText) & 1
	}
	return inO, inQ, inA
}

// near reports whether c may not stand beside e (in focus) in one
// question: the same option or a near-duplicate of it, an option naming a
// concept that e's question or answer names, or the answer to (nearly)
// the same question.
func (b *builder) near(e, c int) bool {
	if b.nearAt[c] != b.focusStamp {
		b.isNear[c], b.nearAt[c] = b.nearTo(e, c), b.focusStamp
	}
	return b.isNear[c]
}

// nearTo is near, not remembered.
func (b *builder) nearTo(e, c int) bool {
	x, y := &b.entries[e], &b.entries[c]
	if e == c || sameKey(x.key, y.key) || (y.asks|y.wins[y.pick].concepts)&x.concepts != 0 {
		return true
	}
	// The tests in order of cost (the question's words are the fewest),
	// which does not change their or.
	if diceOf(b.sharedQ(c), len(x.qw), len(y.qw)) >= nearQuestion || b.askedAlike(e, c) {
		return true
	}
	inO, inQ, inA := b.counts(y.ow) // for the option test and restates
	return diceOf(inO, len(x.ow), len(y.ow)) >= nearOption || restatesBy(len(y.ow), inQ, inA) ||
		diceOf(b.sharedA(c), len(x.aw), len(y.aw)) >= nearText
}

// askedAlike reports whether c's question asks much what e's (in focus)
// does, leaving out the words nearly all questions of a role share (a
// template's "handle", "scenario", "production"), and c's answer shares
// some of e's words.
func (b *builder) askedAlike(e, c int) bool {
	x, y := &b.entries[e], &b.entries[c]
	return diceOf(b.shared(y.qr, inAsked), len(x.qr), len(y.qr)) >= askedAlike &&
		diceOf(b.sharedA(c), len(x.aw), len(y.aw)) >= answeredAlike
}

type cand struct {
	e   int
	rel float64
	w   int // the window of e used as the option text (entry.pick by default)
}

// before orders candidates by relatedness, then deck order: a total
// order (relatedness is never NaN, entries are distinct).
func before(p, q *cand) bool { return p.rel > q.rel || p.rel == q.rel && p.e < q.e }

// bestFirst hands out cands in the order of before, as sorting them would
// give them, without sorting the many that are never taken: a binary heap,
// built in O(n), each take O(log n).
type bestFirst []cand

func (h bestFirst) init() {
	for i := len(h)/2 - 1; i >= 0; i-- {
		h.down(i)
	}
}

// take removes and returns the first of h, which must not be empty.
func (h *bestFirst) take() cand {
	q := *h
	top := q[0]
	q[0] = q[len(q)-1]
	*h = q[:len(q)-1]
	h.down(0)
	return top
}

func (h bestFirst) down(i int) {
	for {
		m, l, r := i, 2*i+1, 2*i+2
		if l < len(h) && before(&h[l], &h[m]) {
			m = l
		}
		if r < len(h) && before(&h[r], &h[m]) {
			m = r
		}
		if m == i {
			return
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}

// pool returns up to n candidates for e's distractors from ix: the most
// related first, then (to fill it) those nearest in option length; none
// near e or near one already in the pool, none of e's role if otherRoles.
func (b *builder) pool(e int, ix *index, n int, otherRoles bool, into []cand) []cand {
	x := &b.entries[e]
	// A new stamp marks, per entry, that this pool has noted it as holding
	// a token that echoes the question.
	b.stamp++
	if b.stamp == 0 {
		clear(b.mark)
		b.stamp = 1
	}
	// The option words of the pool's members are marked in b.pooled, a bit
	// per member, so that a new candidate's words shared with each member
	// are counted in one pass over its words.
	marked := n < 64 // always: n is max(poolMin, 2k+4)
	add := func(c cand) {
		into = append(into, c)
		if marked {
			for _, w := range b.entries[c.e].ow {
				b.pooled[w] |= 1 << (len(into) - 1)
			}
		}
	}
	if marked {
		for i, p := range into {
			for _, w := range b.entries[p.e].ow {
				b.pooled[w] |= 1 << i
			}
		}
		defer func() {
			for _, p := range into {
				for _, w := range b.entries[p.e].ow {
					b.pooled[w] = 0
				}
			}
		}()
	}
	var common [64]int
	ok := func(c int) bool {
		y := &b.entries[c]
		if otherRoles && y.roleIx == x.roleIx || b.near(e, c) {
			return false
		}
		if marked {
			clear(common[:len(into)])
			for _, w := range y.ow {
				for m := b.pooled[w]; m != 0; m &= m - 1 {
					common[bits.TrailingZeros64(m)]++
				}
			}
		}
		// Two distractors need only differ in text: answers to similar
		// questions may stand side by side.
		for i, p := range into {
			o := &b.entries[p.e]
			if p.e == c || sameKey(o.key, y.key) {
				return false
			}
			if marked && diceOf(common[i], len(o.ow), len(y.ow)) >= nearOption ||
				!marked && dice(o.ow, y.ow) >= nearOption {
				return false
			}
		}
		return true
	}
	// Entries sharing the most tokens with e, then in deck order: counted
	// in an array, then ordered by a counting sort on the count (a few
	// dozen at most) of the counted entries in deck order. When the
	// postings read cover the index several times over, the counted
	// entries are found by reading the index once rather than by noting
	// each on its first count. The entries holding a token that echoes the
	// question are noted on the way, for the echo scan below.
	read := 0
	for _, t := range x.tokens {
		if p := ix.postings(t); len(p) <= postingCap {
			read += len(p)
		}
	}
	dense := read > 2*len(ix.members)
	touched, echoers := b.touched[:0], b.echoers[:0]
	for _, t := range x.tokens {
		p := ix.postings(t)
		switch {
		case len(p) > postingCap:
		case b.focus[t]&(1<<inQuestion|1<<inTags) != 0: // one of e's echoes
			for _, c := range p {
				if b.count[c] == 0 && !dense {
					touched = append(touched, c)
				}
				b.count[c]++
				if b.mark[c] != b.stamp {
					b.mark[c] = b.stamp
					echoers = append(echoers, c)
				}
			}
		case dense:
			for _, c := range p {
				b.count[c]++
			}
		default:
			for _, c := range p {
				if b.count[c] == 0 {
					touched = append(touched, c)
				}
				b.count[c]++
			}
		}
	}
	if dense {
		for _, c := range ix.members {
			if b.count[c] > 0 {
				touched = append(touched, c)
			}
		}
	} else {
		slices.Sort(touched)
	}
	top := 0
	for _, c := range touched {
		top = max(top, int(b.count[c]))
	}
	// How many entries have each count, then (summed) where they start:
	// those of count c at at[top-c] on, in deck order.
	at := slices.Grow(b.at[:0], top+2)[:top+2]
	clear(at)
	for _, c := range touched {
		at[top-int(b.count[c])+1]++
	}
	for i := 1; i < len(at); i++ {
		at[i] += at[i-1]
	}
	order := slices.Grow(b.order[:0], len(touched))[:len(touched)]
	for _, c := range touched {
		i := &at[top-int(b.count[c])]
		order[*i] = c
		*i++
		b.count[c] = 0
	}
	b.touched, b.echoers, b.at, b.order = touched, echoers, at, order
	if len(order) > 4*n {
		order = order[:4*n]
	}
	ranked := b.ranked[:0]
	for _, o := range order {
		c := int(o)
		if r := b.related(e, c); r > 0 {
			ranked = append(ranked, cand{c, r, b.entries[c].pick})
		}
	}
	slices.SortStableFunc(ranked, func(x, y cand) int { return cmp.Compare(y.rel, x.rel) })
	b.ranked = ranked
	// First a few that echo the question, in words or topic, at least as
	// much as e's own option does, so that a right option that cannot help
	// naming the question's terms is not the only one naming them.
	ownWords, ownTopic := b.shared(x.ow, inQuestion), b.topicShareOf(e, x.otags)
	echoing := b.echoing[:0] // by score, then deck order: (score, entry) packed in a word
	for _, c := range echoers {
		y := &b.entries[c]
		words, topic := b.shared(y.ow, inQuestion), b.topicShareOf(e, y.otags)
		if words >= max(1, ownWords) || topic >= max(1, ownTopic) {
			echoing = append(echoing, uint64(math.MaxUint32-uint32(words+topic))<<32|uint64(c))
		}
	}
	slices.Sort(echoing)
	b.echoing = echoing
	// They are taken by score, then relatedness, then deck order, until
	// half the pool is filled. Only a few are taken, often of hundreds
	// that echo alike, so relatedness is worked out only for the scores
	// reached, and the most related drawn one by one (see bestFirst).
	for i := 0; i < len(echoing) && len(into) < n/2; {
		j := i
		for j < len(echoing) && echoing[j]>>32 == echoing[i]>>32 {
			j++
		}
		// Those that ok refuses whatever the pool holds (near e, or of e's
		// role in the deck-wide pool) are dropped before ordering: often
		// most of them, and near is cheaper than relatedness.
		group := b.group[:0]
		for _, o := range echoing[i:j] {
			c := int(uint32(o))
			if !(otherRoles && b.entries[c].roleIx == x.roleIx) && !b.near(e, c) {
				group = append(group, cand{c, b.related(e, c), b.entries[c].pick})
			}
		}
		b.group = group
		h := bestFirst(group)
		for h.init(); len(into) < n/2 && len(h) > 0; {
			if c := h.take(); ok(c.e) {
				add(c)
			}
		}
		i = j
	}
	for _, c := range ranked {
		if len(into) >= n {
			return into
		}
		if ok(c.e) {
			add(c)
		}
	}
	// Fill from the answers nearest in length, walking out from e's.
	runes := x.runes
	hi, _ := slices.BinarySearchFunc(ix.byLen, runes, func(c int32, r int) int { return b.entries[c].runes - r })
	lo := hi - 1
	dist := func(c int32) int { return abs(b.entries[c].runes - runes) }
	for steps := 0; len(into) < n && (lo >= 0 || hi < len(ix.byLen)) && steps < 8*n; steps++ {
		var c int32
		if hi >= len(ix.byLen) || (lo >= 0 && dist(ix.byLen[lo]) <= dist(ix.byLen[hi])) {
			c, lo = ix.byLen[lo], lo-1
		} else {
			c, hi = ix.byLen[hi], hi+1
		}
		if ok(int(c)) {
			add(cand{int(c), b.related(e, int(c)), b.entries[c].pick})
		}
	}
	return into
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// item builds the multiple-choice question of entry e with up to k
// distractors, the right option first, or reports that it has none. slot
// orders the role's items for placing the right option (see place).
func (b *builder) item(e, k int, seed int64) (it Item, slot uint64, rng *splitMix, ok bool) {
	x := &b.entries[e]
	b.setFocus(e)
	defer b.clearFocus(e)
	rng = newRNG(seed, x.id)
	slot = rng.next()
	n := max(poolMin, 2*k+4)
	cands := b.pool(e, b.roles[x.roleIx], n, false, b.cands[:0])
	if len(cands) < k {
		// Too few in the role: the rest of the deck.
		cands = b.pool(e, b.allIndex(), n, true, cands)
	}
	b.cands = cands
	if len(cands) == 0 {
		return Item{}, 0, nil, false
	}
	b.echoWindows(e, cands)
	// Fewer distractors when no set of k can stand together (the pool's
	// answers too alike in the windows chosen for this question).
	var chosen []int
	right := x.pick
	for n := min(k, len(cands)); n > 0 && len(chosen) == 0; n-- {
		chosen, right = b.choose(e, cands, n, rng)
	}
	if len(chosen) == 0 {
		return Item{}, 0, nil, false
	}
	it = Item{QuestionID: x.id, Role: x.role, Prompt: x.prompt, Options: make([]string, 0, len(chosen)+1), From: make([]string, 0, len(chosen)+1)}
	it.Options = append(it.Options, x.wins[right].text)
	it.From = append(it.From, x.id)
	for _, i := range chosen {
		c := &cands[i]
		it.Options = append(it.Options, b.entries[c.e].wins[c.w].text)
		it.From = append(it.From, b.entries[c.e].id)
	}
	return it, slot, rng, true
}

// echoWindows sets, for each candidate, the window of its answer that
// names the most of e's question words and topics (flaws counting
// against), so that distractors are about what the question asks as much
// as the right option is; never one near e's own option.
func (b *builder) echoWindows(e int, cands []cand) {
	x := &b.entries[e]
	for i := range cands {
		c := &cands[i]
		best := -math.MaxFloat64
		for w := range b.entries[c.e].wins {
			win := &b.entries[c.e].wins[w]
			inO, inQ, inA := b.counts(win.set)
			if diceOf(inO, len(win.set), len(x.ow)) >= nearOption || restatesBy(len(win.set), inQ, inA) || win.concepts&x.concepts != 0 {
				continue
			}
			score := float64(inQ) + float64(b.topicShareOf(e, win.otags)) - win.flaw
			if score > best || (score == best && w == b.entries[c.e].pick) {
				best, c.w = score, w
			}
		}
	}
}

// place puts the right option (first in it.Options) at position p (mod
// the number of options) and the distractors in the other positions, in
// random order.
func place(it *Item, p int, rng *splitMix) {
	right, d := it.Options[0], slices.Clone(it.Options[1:])
	from, df := it.From[0], slices.Clone(it.From[1:])
	rng.shuffle(len(d), func(i, j int) { d[i], d[j] = d[j], d[i]; df[i], df[j] = df[j], df[i] })
	p %= len(it.Options)
	it.Options = append(append(append(it.Options[:0], d[:p]...), right), d[p:]...)
	it.From = append(append(append(it.From[:0], df[:p]...), from), df[p:]...)
	it.Correct = p
}

// choose picks k of the candidates for e (their indexes in cands), and
// which of e's windows is the right option's text. Each way a student who
// knows nothing could guess (the option sharing most words with the
// question, or most of its topics, the longest, the shortest, the one most
// like the others) ranks the right option among the options; for each, a
// target rank is drawn at random, and of the candidate sets the one whose
// ranks come nearest their targets is taken, preferring sets of related
// and similar-length distractors and right options without flaws. So no
// cue points to the right option more often than chance, and the options
// stay on the subject. The chosen slice is valid until the next call.
func (b *builder) choose(e int, cands []cand, k int, rng *splitMix) (chosen []int, right int) {
	x := &b.entries[e]
	n := len(cands)
	ch := &b.chooser
	ch.reset(n, k, rng)
	// Scores of the candidates at 1..n; index 0 is the right option, set
	// per window below.
	cw := func(i int) *win { return &b.entries[cands[i].e].wins[cands[i].w] }
	for i := range cands {
		o := cw(i)
		ch.echo[i+1] = float64(b.shared(o.set, inQuestion))
		ch.length[i+1] = float64(o.runes)
		ch.topic[i+1] = float64(b.topicShareOf(e, o.otags))
		ch.rel[i+1] = cands[i].rel
		ch.maxRel = max(ch.maxRel, cands[i].rel)
	}
	// The words each pair of candidates share, and each window of e and
	// each candidate: one pass over the words, each marked with a bit per
	// candidate that holds it, rather than a merge of every pair of sets.
	marked := n < 64 // always: a pool holds max(poolMin, 2k+4) candidates
	if marked {
		for i := 1; i <= n; i++ {
			for _, w := range cw(i - 1).set {
				b.owner[w] |= 1 << i
			}
		}
		defer func() {
			for i := range cands {
				for _, w := range cw(i).set {
					b.owner[w] = 0
				}
			}
		}()
		for j := 1; j <= n; j++ {
			for _, w := range cw(j - 1).set {
				for m := b.owner[w] & (1<<j - 1); m != 0; m &= m - 1 {
					ch.common[bits.TrailingZeros64(m)*ch.stride+j]++
				}
			}
		}
	}
	for i := 1; i <= n; i++ {
		for j := i + 1; j <= n; j++ {
			var v float64
			if marked {
				v = diceOf(int(ch.common[i*ch.stride+j]), len(cw(i-1).set), len(cw(j-1).set))
			} else {
				v = dice(cw(i-1).set, cw(j-1).set)
			}
			ch.sim[i*ch.stride+j], ch.sim[j*ch.stride+i] = v, v
			a := v >= nearOption || sameKey(cw(i-1).key, cw(j-1).key) // may not both be options
			ch.alike[i*ch.stride+j], ch.alike[j*ch.stride+i] = a, a
			if a && j < 64 {
				ch.compat[i] &^= 1 << j
				ch.compat[j] &^= 1 << i
			}
		}
	}
	// Target ranks: anywhere for length and likeness to the others; below
	// the top for the two cues that echo the question, because some right
	// options cannot help echoing it (a definition names what it defines),
	// and the other questions must make up for them.
	ch.target[0] = float64(rng.intn(max(2, (k+1)/2)))
	ch.target[1] = float64(rng.intn(k + 1))
	ch.target[2] = float64(rng.intn(max(2, (k+1)/2)))
	ch.target[3] = float64(rng.intn(k + 1))
	ch.terms()
	for w := range x.wins {
		win := &x.wins[w]
		ch.banned[0] = false
		if marked {
			clear(ch.common[:n+1]) // row 0: the window's words shared with each candidate
			for _, w := range win.set {
				for m := b.owner[w]; m != 0; m &= m - 1 {
					ch.common[bits.TrailingZeros64(m)]++
				}
			}
		}
		for i := range cands {
			o := cw(i)
			var v float64
			if marked {
				v = diceOf(int(ch.common[i+1]), len(win.set), len(o.set))
			} else {
				v = dice(win.set, o.set)
			}
			ch.banned[i+1] = sameKey(win.key, o.key) || v >= nearOption // too near this window
			ch.sim[i+1], ch.sim[(i+1)*ch.stride] = v, v
		}
		ch.echo[0] = float64(b.shared(win.set, inQuestion))
		ch.length[0] = float64(win.runes)
		ch.topic[0] = float64(b.topicShareOf(e, win.otags))
		ch.flaw = flawWeight * win.flaw
		ch.ranks()
		ch.win = w
		if binomial(n, k) <= maxSets {
			if n < 64 { // always: a pool holds max(poolMin, 2k+4) candidates
				free := uint64(0)
				for i := 1; i <= n; i++ {
					if !ch.banned[i] {
						free |= 1 << i
					}
				}
				ch.walk(0, free)
			} else {
				combinations(n, k, ch.comb, func(pick []int) { ch.consider(pick, ch.cost(pick)) })
			}
			continue
		}
		// Too many sets to score them all: a random sample, the budget
		// shared by the windows.
		perm := ch.perm[:n]
		for s := 0; s < max(maxSets/len(x.wins), 30); s++ {
			for i := range perm {
				perm[i] = i + 1
			}
			for i := 0; i < k; i++ {
				j := i + rng.intn(n-i)
				perm[i], perm[j] = perm[j], perm[i]
			}
			ch.consider(perm[:k], ch.cost(perm[:k]))
		}
	}
	if ch.bestWin < 0 {
		return nil, x.pick
	}
	chosen = ch.best
	for i := range chosen {
		chosen[i]-- // scores count from 1, cands from 0
	}
	return chosen, ch.bestWin
}

// chooser holds choose's tables for one question, in slices kept from
// question to question. Index 0 of a score is the right option, i the
// candidate i-1; the pair i, j is at i*stride+j. Ranks are counted in
// halves (a tie counts half), so that they are small integers.
type chooser struct {
	n, k, stride        int
	echo, length, topic []float64
	rel                 []float64 // relatedness of the candidates
	maxRel              float64
	flaw                float64 // the current window's flaw, weighted
	target              [4]float64
	// term[m][h] is the cost of the right option ranking h/2 on cue m
	// (echo, length, topic, likeness to the others): worked out once per
	// question, the same expression cost would evaluate per set.
	term    [4][]float64
	below   [3][]int  // per cue (echo, length, topic): what option i adds to the right one's rank, in halves
	sim     []float64 // Dice similarity of two options' words
	common  []int32   // words two options share
	alike   []bool    // two candidates that may not both be options
	compat  []uint64  // per candidate below 64, the bit set of those not alike to it
	banned  []bool    // candidates too near the current window
	central []float64
	part    []float64 // walk's similarity sums, (k+1)×(k+1)
	acc     []sums    // walk's other sums, per depth
	set     []int
	comb    []int
	perm    []int
	rng     *splitMix
	// The cheapest set so far, its cost and the window it was for (-1 for
	// none yet).
	best     []int
	bestCost float64
	win      int // the window being scored
	bestWin  int
}

// sums are the sums over a pick, as cost adds them up.
type sums struct {
	r       [3]int // ranks, in halves
	rel, dl float64
}

// reset sizes the tables for n candidates and k distractors, all zero.
func (ch *chooser) reset(n, k int, rng *splitMix) {
	ch.n, ch.k, ch.stride, ch.rng, ch.maxRel = n, k, n+1, rng, 0
	ch.bestCost, ch.bestWin = math.Inf(1), -1
	grow := func(s []float64, m int) []float64 {
		if cap(s) < m {
			return make([]float64, m)
		}
		s = s[:m]
		clear(s)
		return s
	}
	ch.echo, ch.length, ch.topic, ch.rel = grow(ch.echo, n+1), grow(ch.length, n+1), grow(ch.topic, n+1), grow(ch.rel, n+1)
	for m := range ch.term {
		ch.term[m] = grow(ch.term[m], 2*k+1)
	}
	for m := range ch.below {
		if cap(ch.below[m]) < n+1 {
			ch.below[m] = make([]int, n+1)
		}
		ch.below[m] = ch.below[m][:n+1]
	}
	ch.sim = grow(ch.sim, (n+1)*(n+1))
	if cap(ch.common) < (n+1)*(n+1) {
		ch.common = make([]int32, (n+1)*(n+1))
	}
	ch.common = ch.common[:(n+1)*(n+1)]
	clear(ch.common)
	ch.central = grow(ch.central, k+1)
	ch.part = grow(ch.part, (k+1)*(k+1))
	if cap(ch.acc) < k+1 {
		ch.acc = make([]sums, k+1)
	}
	ch.acc = ch.acc[:k+1]
	clear(ch.acc)
	if cap(ch.alike) < (n+1)*(n+1) {
		ch.alike = make([]bool, (n+1)*(n+1))
	}
	ch.alike = ch.alike[:(n+1)*(n+1)]
	clear(ch.alike)
	if cap(ch.compat) < n+1 {
		ch.compat = make([]uint64, n+1)
	}
	ch.compat = ch.compat[:n+1]
	for i := range ch.compat {
		ch.compat[i] = ^uint64(0)
	}
	if cap(ch.banned) < n+1 {
		ch.banned = make([]bool, n+1)
	}
	ch.banned = ch.banned[:n+1]
	clear(ch.banned)
	if cap(ch.perm) < n+1 {
		ch.set, ch.comb, ch.perm = make([]int, 1, n+2), make([]int, n+1), make([]int, n+1)
	}
	ch.set = ch.set[:1]
	ch.set[0] = 0
}

// terms fills term from the targets: the rank terms of the cost, for
// every rank a set can give.
func (ch *chooser) terms() {
	k := float64(ch.k)
	weight := [4]float64{echoWeight, 1, echoWeight}
	for m := range ch.term {
		for h := range ch.term[m] {
			r := float64(h) / 2 // exact: a rank is a sum of ones and halves
			if m < 3 {
				ch.term[m][h] = weight[m] * math.Abs(r-ch.target[m]) / k
			} else {
				ch.term[m][h] = math.Abs(r-ch.target[m]) / k
			}
		}
	}
}

// ranks works out, for the current window as the right option, what each
// candidate adds to its rank on each cue, in halves: 2 if the candidate
// scores below it, 1 on a tie.
func (ch *chooser) ranks() {
	for m, score := range [3][]float64{ch.echo, ch.length, ch.topic} {
		for i := 1; i <= ch.n; i++ {
			switch {
			case score[i] < score[0]:
				ch.below[m][i] = 2
			case score[i] == score[0]:
				ch.below[m][i] = 1
			default:
				ch.below[m][i] = 0
			}
		}
	}
}

// cost of the options pick (candidates by score index) beside the current
// window: how far the right option's rank on each cue is from its target,
// how unrelated and how different in length the distractors are, the
// window's flaw, and a little noise to break ties; +Inf for a set that may
// not stand, for which no noise is drawn.
func (ch *chooser) cost(pick []int) float64 {
	for a, i := range pick {
		if ch.banned[i] {
			return math.Inf(1)
		}
		row := ch.alike[i*ch.stride:]
		for _, j := range pick[:a] {
			if row[j] {
				return math.Inf(1) // two distractors alike
			}
		}
	}
	set := append(ch.set[:1], pick...)
	ch.set = set
	for i, si := range set {
		row := ch.sim[si*ch.stride : (si+1)*ch.stride]
		s := 0.0
		for _, sj := range set {
			s += row[sj]
		}
		ch.central[i] = s
	}
	var a sums
	for _, i := range pick {
		a.r[0] += ch.below[0][i]
		a.r[1] += ch.below[1][i]
		a.r[2] += ch.below[2][i]
		a.rel += ch.rel[i]
		a.dl += math.Abs(ch.length[i] - ch.length[0])
	}
	return ch.finish(&a, ch.central)
}

// finish is the cost of a set that may stand from its sums, central being
// each option's similarity to the set, in set order: head, then tail.
func (ch *chooser) finish(a *sums, central []float64) float64 {
	return ch.tail(ch.head(a), a, central)
}

// head is the first terms of the cost: the window's flaw and the rank
// terms of the echo, length and topic cues. The terms are added in one
// fixed order, head's then tail's: floating-point sums depend on it, and
// so does which set wins.
func (ch *chooser) head(a *sums) float64 {
	c := ch.flaw
	c += ch.term[0][a.r[0]]
	c += ch.term[1][a.r[1]]
	c += ch.term[2][a.r[2]]
	return c
}

// tail adds the other terms to head's c, and the noise.
func (ch *chooser) tail(c float64, a *sums, central []float64) float64 {
	k := float64(ch.k)
	c += ch.term[3][rankOf(central)]
	if ch.maxRel > 0 {
		c += 1 - a.rel/k/ch.maxRel
	}
	c += 0.5 * a.dl / k / max(ch.length[0], 1)
	return c + 0.05*float64(ch.rng.next()>>11)/(1<<53)
}

// hopeless is the margin by which head's terms alone must exceed the best
// cost so far for a set to be passed over unscored. Every term tail adds
// is at least 0 but 1-rel/k/maxRel, which rounding can take below 0 by
// about k·2⁻⁵³ (rel, a sum of k numbers up to maxRel, may round up past
// k·maxRel); such a set cannot cost less than the best, so it is not
// taken, scored or not.
const hopeless = 1e-9

// consider keeps pick if it is the cheapest set so far.
func (ch *chooser) consider(pick []int, c float64) {
	if c < ch.bestCost {
		ch.best, ch.bestCost, ch.bestWin = append(ch.best[:0], pick...), c, ch.win
	}
}

// walk considers every k-subset of 1..n that may stand, with its cost, in
// lexicographic order: what calling cost on each subset would give, for
// less. It goes depth first, pick[d] taking the values in avail (the
// candidates that may join pick[:d]: not banned, not alike to one in it,
// after the last), and keeps per depth the sums over the pick so far, so
// that a subset costs O(k) rather than O(k²). The subsets it never reaches
// are those holding a banned candidate or two alike ones, to which cost
// gives +Inf without drawing noise. The sums are cost's, term by term and
// in the same order (adding a zero changes no sum), so the costs are
// identical. The last pick is leaves' to make.
func (ch *chooser) walk(d int, avail uint64) {
	k, stride, n := ch.k, ch.k+1, ch.stride
	if d == k-1 {
		ch.leaves(avail)
		return
	}
	pick := ch.comb[:k]
	// part[L*stride+i] is, with positions 0..L of the set filled (0 the
	// right option, i ≥ 1 pick[i-1]), position i's similarity to them;
	// acc[L] the other sums over pick[:L]. The tables are read into locals
	// once: this is the inner loop of the whole package.
	prev, next := ch.part[d*stride:d*stride+d+1], ch.part[(d+1)*stride:(d+1)*stride+d+2]
	base, sim := ch.acc[d], ch.sim
	chosen := pick[:d]
	// pick[d] leaves room for the picks after it; those are drawn from all.
	all := avail
	for avail &= 1<<(ch.n-(k-1-d)+1) - 1; avail != 0; avail &= avail - 1 {
		v := bits.TrailingZeros64(avail)
		pick[d] = v
		srow := sim[v*n : v*n+n]
		s := srow[0] // position 0, the right option
		next[0] = prev[0] + s
		for i, j := range chosen {
			next[i+1] = prev[i+1] + srow[j]
			s += srow[j]
		}
		next[d+1] = s
		a := &ch.acc[d+1]
		*a = base
		a.r[0] += ch.below[0][v]
		a.r[1] += ch.below[1][v]
		a.r[2] += ch.below[2][v]
		a.rel += ch.rel[v]
		a.dl += math.Abs(ch.length[v] - ch.length[0])
		ch.walk(d+1, all&ch.compat[v]&^(2<<v-1))
	}
}

// leaves considers the sets pick[:k-1] and one of avail, as walk. Most
// are passed over: a set whose head (the flaw and rank terms, from the
// rank sums alone) is hopeless is not scored further, but its noise is
// still drawn (skipped over), so that the sets after it draw the same
// noise. This loop runs for nearly every set: it keeps to locals, and
// counts the draws it skips until one is needed.
func (ch *chooser) leaves(avail uint64) {
	base := &ch.acc[ch.k-1]
	r0, r1, r2 := base.r[0], base.r[1], base.r[2]
	t0, t1, t2 := ch.term[0], ch.term[1], ch.term[2]
	b0, b1, b2 := ch.below[0], ch.below[1], ch.below[2]
	limit := ch.bestCost + hopeless
	skipped := uint64(0)
	for avail &= 1<<(ch.n+1) - 1; avail != 0; avail &= avail - 1 {
		v := bits.TrailingZeros64(avail)
		c := ch.flaw // head, as head adds it up
		c += t0[r0+b0[v]]
		c += t1[r1+b1[v]]
		c += t2[r2+b2[v]]
		if c > limit {
			skipped++
			continue
		}
		ch.rng.skipN(skipped)
		skipped = 0
		ch.score(v, c)
		limit = ch.bestCost + hopeless
	}
	ch.rng.skipN(skipped)
}

// score considers the set pick[:k-1] and v, whose head is c.
func (ch *chooser) score(v int, c float64) {
	k, stride, n := ch.k, ch.k+1, ch.stride
	d := k - 1
	pick := ch.comb[:k]
	prev, next := ch.part[d*stride:d*stride+d+1], ch.part[(d+1)*stride:(d+1)*stride+d+2]
	pick[d] = v
	srow := ch.sim[v*n : v*n+n]
	s := srow[0]
	next[0] = prev[0] + s
	for i, j := range pick[:d] {
		next[i+1] = prev[i+1] + srow[j]
		s += srow[j]
	}
	next[d+1] = s
	a := ch.acc[d]
	a.r[0] += ch.below[0][v]
	a.r[1] += ch.below[1][v]
	a.r[2] += ch.below[2][v]
	a.rel += ch.rel[v]
	a.dl += math.Abs(ch.length[v] - ch.length[0])
	ch.consider(pick, ch.tail(c, &a, next))
}

// combinations calls f with every k-subset of 1..n in lexicographic order,
// in buf (of capacity k or more).
func combinations(n, k int, buf []int, f func([]int)) {
	c := buf[:k]
	for i := range c {
		c[i] = i + 1
	}
	for {
		f(c)
		i := k - 1
		for i >= 0 && c[i] == n-k+i+1 {
			i--
		}
		if i < 0 {
			return
		}
		c[i]++
		for j := i + 1; j < k; j++ {
			c[j] = c[j-1] + 1
		}
	}
}

// rankOf is how many of score[1:] are below score[0], in halves (a tie
// counting one): the right option's rank when score is in set order.
func rankOf(score []float64) int {
	h := 0
	for _, s := range score[1:] {
		switch {
		case s < score[0]:
			h += 2
		case s == score[0]:
			h++
		}
	}
	return h
}

// binomial is n choose k, saturating above maxSets.
func binomial(n, k int) int {
	r := 1
	for i := 1; i <= k; i++ {
		r = r * (n - k + i) / i
		if r > maxSets {
			return maxSets + 1
		}
	}
	return r
}
