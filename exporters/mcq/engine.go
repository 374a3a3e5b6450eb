package mcq

import (
	"cmp"
	"math"
	"slices"

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
	// echoWeight is how much more than the other cues the two that echo
	// the question count: they are the strongest on real answers.
	echoWeight = 3

	// flawWeight is what a flaw of the right option's text (see win)
	// costs against the cues it may hide.
	flawWeight = 2

	// restated is the share of an option's own words (those not in the
	// question) found in the question's answer from which the option
	// restates that answer (see restates).
	restated = 0.4

	nearOption   = 0.5
	nearText     = 0.6
	nearQuestion = 0.6
)

// entry is one question that has an option text.
type entry struct {
	role, id, prompt string
	text, key        string // option text and its optionKey
	runes            int
	ow, qw, aw       wset            // words of the option, the question, question and answer
	tags             map[string]bool // the question's topic tags
	otags            []string        // topic tags of the option text
	wins             []win           // candidate texts as the right option; text is wins[pick]
	pick             int
	tokens           wset // aw and the "#"+tag of each tag: what the index holds
}

// index finds the entries related to one: an inverted index of tokens,
// and the members in order of option length for filling a pool.
type index struct {
	members  []int
	postings map[uint32][]int
	byLen    []int // members sorted by option length, then index
}

type builder struct {
	vocab    vocab
	tagToken map[uint32]bool // the tokens that stand for a topic tag
	entries  []entry
	roles    map[string]*index
	all      *index
}

func newBuilder(d *model.Deck) *builder {
	b := &builder{roles: map[string]*index{}, vocab: vocab{}, tagToken: map[uint32]bool{}}
	for si := range d.Sections {
		s := &d.Sections[si]
		for qi := range s.Questions {
			q := &s.Questions[qi]
			qw := b.vocab.words(q.Question)
			ws := windows(b.vocab, q, qw)
			if len(ws) == 0 {
				continue
			}
			pick := option(ws)
			text := ws[pick].text
			key := ws[pick].key
			if key == "" {
				continue
			}
			id := q.ID
			if id == "" {
				id = model.QuestionID(s.Role, q.Question)
			}
			aw := b.vocab.words(q.Question + "\n" + q.AnswerText())
			e := entry{role: s.Role, id: id, prompt: q.Question, text: text, key: key,
				runes: ws[pick].runes, ow: ws[pick].set, qw: qw, wins: ws, pick: pick,
				aw: aw, tags: map[string]bool{}, otags: ws[pick].otags}
			e.tokens = slices.Clone(aw)
			for _, t := range q.Tags {
				if !e.tags[t] {
					e.tags[t] = true
					id := b.vocab.id("#" + t) // "#" keeps tags apart from words
					b.tagToken[id] = true
					e.tokens = append(e.tokens, id)
				}
			}
			slices.Sort(e.tokens)
			b.entries = append(b.entries, e)
		}
	}
	b.all = &index{postings: map[uint32][]int{}}
	for i := range b.entries {
		e := &b.entries[i]
		ix := b.roles[e.role]
		if ix == nil {
			ix = &index{postings: map[uint32][]int{}}
			b.roles[e.role] = ix
		}
		for _, x := range []*index{ix, b.all} {
			x.members = append(x.members, i)
			for _, t := range e.tokens {
				x.postings[t] = append(x.postings[t], i)
			}
		}
	}
	for _, x := range append(mapValues(b.roles), b.all) {
		x.byLen = slices.Clone(x.members)
		slices.SortStableFunc(x.byLen, func(i, j int) int { return b.entries[i].runes - b.entries[j].runes })
	}
	return b
}

func mapValues(m map[string]*index) []*index {
	out := make([]*index, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// relatedness of entry c to entry e, from 0 to 1: shared topic tags
// (Jaccard), shared question words and shared question-and-answer words
// (Dice).
func (b *builder) relatedness(e, c int) float64 {
	x, y := &b.entries[e], &b.entries[c]
	tags := 0.0
	if n := len(x.tags) + len(y.tags); n > 0 {
		common := 0
		for t := range x.tags {
			if y.tags[t] {
				common++
			}
		}
		tags = float64(common) / float64(n-common)
	}
	return 0.4*tags + 0.3*dice(x.qw, y.qw) + 0.3*dice(x.aw, y.aw)
}

// topicShare counts the topic tags of c's option that are tags of e's
// question.
func (b *builder) topicShare(e, c int) int { return b.topicShareOf(e, b.entries[c].otags) }

// topicShareOf counts the tags that are tags of e's question.
func (b *builder) topicShareOf(e int, tags []string) int {
	n := 0
	for _, t := range tags {
		if b.entries[e].tags[t] {
			n++
		}
	}
	return n
}

// restates reports whether an option with words ow says mostly what e's
// answer says: most of its words, leaving out those of e's question, are
// words of e's answer. Such an option is a true statement about e's
// question, not a distractor ("I'd leverage distributed training
// (Horovod, SageMaker)" for "How do you handle large-scale distributed
// training?", from the answer to another question).
func (b *builder) restates(e int, ow wset) bool {
	x := &b.entries[e]
	own, in := 0, 0
	for _, w := range ow {
		if x.qw.has(w) {
			continue
		}
		own++
		if x.aw.has(w) {
			in++
		}
	}
	return own == 0 || float64(in) >= restated*float64(own)
}

// near reports whether c may not stand beside e in one question: the same
// option or a near-duplicate of it, or the answer to (nearly) the same
// question.
func (b *builder) near(e, c int) bool {
	x, y := &b.entries[e], &b.entries[c]
	return e == c || x.key == y.key || dice(x.ow, y.ow) >= nearOption || dice(x.qw, y.qw) >= nearQuestion ||
		dice(x.aw, y.aw) >= nearText || b.restates(e, y.ow)
}

type cand struct {
	e   int
	rel float64
	w   int // the window of e used as the option text (entry.pick by default)
}

// pool returns up to n candidates for e's distractors from ix: the most
// related first, then (to fill it) those nearest in option length; none
// near e or near one already in the pool, none in skip.
func (b *builder) pool(e int, ix *index, n int, skip func(int) bool, into []cand) []cand {
	ok := func(c int) bool {
		if skip(c) || b.near(e, c) {
			return false
		}
		// Two distractors need only differ in text: answers to similar
		// questions may stand side by side.
		y := &b.entries[c]
		for _, p := range into {
			if o := &b.entries[p.e]; p.e == c || o.key == y.key || dice(o.ow, y.ow) >= nearOption {
				return false
			}
		}
		return true
	}
	counts := map[int]int{}
	for _, t := range b.entries[e].tokens {
		if p := ix.postings[t]; len(p) <= postingCap {
			for _, c := range p {
				counts[c]++
			}
		}
	}
	shared := make([]int, 0, len(counts))
	for c := range counts {
		shared = append(shared, c)
	}
	slices.SortFunc(shared, func(x, y int) int {
		return cmp.Or(counts[y]-counts[x], x-y)
	})
	if len(shared) > 4*n {
		shared = shared[:4*n]
	}
	ranked := make([]cand, 0, len(shared))
	for _, c := range shared {
		if r := b.relatedness(e, c); r > 0 {
			ranked = append(ranked, cand{c, r, b.entries[c].pick})
		}
	}
	slices.SortStableFunc(ranked, func(x, y cand) int { return cmp.Compare(y.rel, x.rel) })
	// First a few that echo the question, in words or topic, at least as
	// much as e's own option does, so that a right option that cannot help
	// naming the question's terms is not the only one naming them.
	x := &b.entries[e]
	ownWords, ownTopic := overlap(x.ow, x.qw), b.topicShare(e, e)
	seen := map[int]bool{}
	type echoer struct {
		cand
		score int
	}
	var echoing []echoer
	for _, t := range x.tokens {
		if !x.qw.has(t) && !b.tagToken[t] {
			continue
		}
		p := ix.postings[t]
		if len(p) > postingCap {
			continue
		}
		for _, c := range p {
			if seen[c] {
				continue
			}
			seen[c] = true
			words, topic := overlap(b.entries[c].ow, x.qw), b.topicShare(e, c)
			if words >= max(1, ownWords) || topic >= max(1, ownTopic) {
				echoing = append(echoing, echoer{cand{c, b.relatedness(e, c), b.entries[c].pick}, words + topic})
			}
		}
	}
	slices.SortFunc(echoing, func(p, q echoer) int {
		return cmp.Or(q.score-p.score, cmp.Compare(q.rel, p.rel), p.e-q.e)
	})
	for _, c := range echoing {
		if len(into) >= n/2 {
			break
		}
		if ok(c.e) {
			into = append(into, c.cand)
		}
	}
	for _, c := range ranked {
		if len(into) >= n {
			return into
		}
		if ok(c.e) {
			into = append(into, c)
		}
	}
	// Fill from the answers nearest in length, walking out from e's.
	runes := b.entries[e].runes
	hi, _ := slices.BinarySearchFunc(ix.byLen, runes, func(c, r int) int { return b.entries[c].runes - r })
	lo := hi - 1
	dist := func(c int) int { return abs(b.entries[c].runes - runes) }
	for steps := 0; len(into) < n && (lo >= 0 || hi < len(ix.byLen)) && steps < 8*n; steps++ {
		var c int
		if hi >= len(ix.byLen) || (lo >= 0 && dist(ix.byLen[lo]) <= dist(ix.byLen[hi])) {
			c, lo = ix.byLen[lo], lo-1
		} else {
			c, hi = ix.byLen[hi], hi+1
		}
		if ok(c) {
			into = append(into, cand{c, b.relatedness(e, c), b.entries[c].pick})
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
	rng = newRNG(seed, x.id)
	slot = rng.next()
	n := max(poolMin, 2*k+4)
	none := func(int) bool { return false }
	cands := b.pool(e, b.roles[x.role], n, none, nil)
	if len(cands) < k {
		// Too few in the role: the rest of the deck.
		other := func(c int) bool { return b.entries[c].role == x.role }
		cands = b.pool(e, b.all, n, other, cands)
	}
	if len(cands) == 0 {
		return Item{}, 0, nil, false
	}
	b.echoWindows(e, cands)
	// Fewer distractors when no set of k can stand together (the pool's
	// answers too alike in the windows chosen for this question).
	var chosen []cand
	right := x.pick
	for n := min(k, len(cands)); n > 0 && len(chosen) == 0; n-- {
		chosen, right = b.choose(e, cands, n, rng)
	}
	if len(chosen) == 0 {
		return Item{}, 0, nil, false
	}
	it = Item{QuestionID: x.id, Role: x.role, Prompt: x.prompt, Options: make([]string, 0, len(chosen)+1)}
	it.Options = append(it.Options, x.wins[right].text)
	for _, c := range chosen {
		it.Options = append(it.Options, b.entries[c.e].wins[c.w].text)
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
			if dice(win.set, x.ow) >= nearOption || b.restates(e, win.set) {
				continue
			}
			score := float64(overlap(win.set, x.qw)) + float64(b.topicShareOf(e, win.otags)) - win.flaw
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
	rng.shuffle(len(d), func(i, j int) { d[i], d[j] = d[j], d[i] })
	p %= len(it.Options)
	it.Options = append(append(append(it.Options[:0], d[:p]...), right), d[p:]...)
	it.Correct = p
}

// choose picks k of the candidates for e, and which of e's windows is the
// right option's text. Each way a student who knows nothing could guess
// (the option sharing most words with the question, or most of its topics,
// the longest, the shortest, the one most like the others) ranks the right
// option among the options; for each, a target rank is drawn at random, and
// of the candidate sets the one whose ranks come nearest their targets is
// taken, preferring sets of related and similar-length distractors and
// right options without flaws. So no cue points to the right option more
// often than chance, and the options stay on the subject.
func (b *builder) choose(e int, cands []cand, k int, rng *splitMix) (chosen []cand, right int) {
	x := &b.entries[e]
	n := len(cands)
	// Scores of the candidates at 1..n; index 0 is the right option, set
	// per window below.
	echo := make([]float64, n+1)
	length := make([]float64, n+1)
	topic := make([]float64, n+1)
	cw := func(i int) *win { return &b.entries[cands[i].e].wins[cands[i].w] }
	for i := range cands {
		o := cw(i)
		echo[i+1] = float64(overlap(o.set, x.qw))
		length[i+1] = float64(o.runes)
		topic[i+1] = float64(b.topicShareOf(e, o.otags))
	}
	sim := make([][]float64, n+1)
	for i := range sim {
		sim[i] = make([]float64, n+1)
	}
	keys := make([]string, n+1)
	for i := 1; i <= n; i++ {
		keys[i] = cw(i - 1).key
	}
	alike := make([][]bool, n+1) // two candidates that may not both be options
	for i := range alike {
		alike[i] = make([]bool, n+1)
	}
	for i := 1; i <= n; i++ {
		for j := i + 1; j <= n; j++ {
			v := dice(cw(i-1).set, cw(j-1).set)
			sim[i][j], sim[j][i] = v, v
			a := v >= nearOption || keys[i] == keys[j]
			alike[i][j], alike[j][i] = a, a
		}
	}
	maxRel := 0.0
	for _, c := range cands {
		maxRel = max(maxRel, c.rel)
	}
	// Target ranks: anywhere for length and likeness to the others; below
	// the top for the two cues that echo the question, because some right
	// options cannot help echoing it (a definition names what it defines),
	// and the other questions must make up for them.
	var target [4]float64
	target[0] = float64(rng.intn(max(2, (k+1)/2)))
	target[1] = float64(rng.intn(k + 1))
	target[2] = float64(rng.intn(max(2, (k+1)/2)))
	target[3] = float64(rng.intn(k + 1))
	weight := [3]float64{echoWeight, 1, echoWeight}
	central := make([]float64, k+1)
	set := make([]int, k+1) // indexes into the scores; set[0] = 0, the right option
	var banned []bool       // candidates too near the current window
	var flaw float64
	cost := func(pick []int) float64 {
		for a, i := range pick {
			if banned[i] {
				return math.Inf(1)
			}
			for _, j := range pick[:a] {
				if alike[i][j] {
					return math.Inf(1) // two distractors alike
				}
			}
		}
		set = append(set[:1], pick...)
		for i := range central {
			central[i] = 0
			for j := range set {
				central[i] += sim[set[i]][set[j]]
			}
		}
		c := flawWeight * flaw
		for m, score := range [][]float64{echo, length, topic} {
			c += weight[m] * math.Abs(rank(score, set)-target[m]) / float64(k)
		}
		c += math.Abs(rankOf(central)-target[3]) / float64(k)
		rel, dl := 0.0, 0.0
		for _, i := range pick {
			rel += cands[i-1].rel
			dl += math.Abs(length[i] - length[0])
		}
		if maxRel > 0 {
			c += 1 - rel/float64(k)/maxRel
		}
		c += 0.5 * dl / float64(k) / max(length[0], 1)
		return c + 0.05*float64(rng.next()>>11)/(1<<53)
	}
	bestCost := math.Inf(1)
	var best []int
	perm := make([]int, n)
	for w := range x.wins {
		win := &x.wins[w]
		banned = make([]bool, n+1)
		wkey := win.key
		for i := range cands {
			o := cw(i)
			banned[i+1] = wkey == keys[i+1] || dice(win.set, o.set) >= nearOption
			sim[0][i+1] = dice(win.set, o.set)
			sim[i+1][0] = sim[0][i+1]
		}
		echo[0] = float64(overlap(win.set, x.qw))
		length[0] = float64(win.runes)
		topic[0] = 0
		for _, t := range win.otags {
			if x.tags[t] {
				topic[0]++
			}
		}
		flaw = win.flaw
		consider := func(pick []int) {
			if c := cost(pick); c < bestCost {
				best, right, bestCost = slices.Clone(pick), w, c
			}
		}
		if binomial(n, k) <= maxSets {
			combinations(n, k, consider)
			continue
		}
		// Too many sets to score them all: a random sample, the budget
		// shared by the windows.
		for s := 0; s < max(maxSets/len(x.wins), 30); s++ {
			for i := range perm {
				perm[i] = i + 1
			}
			for i := 0; i < k; i++ {
				j := i + rng.intn(n-i)
				perm[i], perm[j] = perm[j], perm[i]
			}
			consider(perm[:k])
		}
	}
	if best == nil {
		return nil, x.pick
	}
	chosen = make([]cand, k)
	for i, p := range best {
		chosen[i] = cands[p-1]
	}
	return chosen, right
}

// rank is how many options of set score below the right one (set[0]),
// ties counting half: 0 when it is the lowest, len(set)-1 the highest.
func rank(score []float64, set []int) float64 {
	r := 0.0
	for _, i := range set[1:] {
		switch {
		case score[i] < score[set[0]]:
			r++
		case score[i] == score[set[0]]:
			r += 0.5
		}
	}
	return r
}

// rankOf is rank for scores already in set order.
func rankOf(score []float64) float64 {
	r := 0.0
	for _, s := range score[1:] {
		switch {
		case s < score[0]:
			r++
		case s == score[0]:
			r += 0.5
		}
	}
	return r
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

// combinations calls f with every k-subset of 1..n in lexicographic order.
func combinations(n, k int, f func([]int)) {
	c := make([]int, k)
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
