package extract

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A document asks its questions in one repeated shape: a heading of one
// level, a numbered line, a bold line, a "Q7:" label, a <summary>, a Q&A
// table row. The readers' blocks are first classified by the shapes they
// could be (candidate), then chooseLayout picks the shapes that repeat,
// read as questions and have answers below them; everything up to the
// next question is its answer, deeper headings included.

// pattern is a shape of question line.
type pattern uint8

const (
	patNone     pattern = iota
	patLabel            // an explicit label: "Q7:", "Question:", "Pregunta 3:"
	patSummary          // a <details> <summary>
	patTable            // a Q&A table row
	patHeading          // a heading of one level
	patNumbered         // a numbered line: "7. …", "1️⃣ …"
	patBold             // a bold line
	patBullet           // a list item
	patPlain            // a paragraph of its own that asks
	patAfterID          // the first line under a heading that only names it ("Scenario 3")
	patAnswered         // a line with an answer label right below it ("Answer: …")
	patRegexp           // --questions REGEXP
)

// explicit patterns say "this is a question" in so many words.
func (p pattern) explicit() bool {
	return p == patLabel || p == patSummary || p == patTable || p == patAfterID || p == patAnswered
}

// layoutKey is one repeated shape: a pattern, and a heading's level.
type layoutKey struct {
	pat   pattern
	level int // patHeading only
}

// cand is what a block could be as a question.
type cand struct {
	key      layoutKey
	number   int    // 0 when the source gives none
	text     string // the question, labels and decorations removed
	asks     bool   // the text reads as a question or a task
	numbered bool   // the source numbers it
	heading  int    // the level of the heading carrying it, 0 if none
}

func (c cand) ok() bool { return c.key.pat != patNone }

// candidate classifies block b; next is the next non-blank block.
func candidate(b block, next *block) cand {
	switch b.kind {
	case bQuestion:
		return summaryCandidate(b)
	case bText, bHeading, bBullet:
	default:
		return cand{}
	}
	if b.inAnswer || b.option || b.quote {
		return cand{}
	}
	c := cand{heading: headingLevel(b)}
	u := undecorate(b.text)
	if b.kind == bBullet {
		u = checkbox(u) // "- [ ] **Question:** …"
	}
	if num, rest, ok := labelCandidate(u, b, next); ok {
		c.key, c.number, c.text, c.numbered = layoutKey{pat: patLabel}, num, rest, num > 0
		c.asks = asks(rest) || rest == ""
		return c
	}
	if n, after, ok := parseNum(u); ok {
		// "1. **Q: What is DevOps?**": a numbered label.
		if num, rest, ok := labelCandidate(after, b, next); ok && rest != "" {
			if num == 0 {
				num = n
			}
			return cand{key: layoutKey{pat: patLabel}, number: num, text: rest, asks: asks(rest), numbered: true, heading: c.heading}
		}
	}
	text := u
	if num, rest, ok := parseNum(u); ok {
		c.number, text, c.numbered = num, rest, true
	}
	switch {
	case b.kind == bHeading:
		c.key = layoutKey{pat: patHeading, level: b.level}
	case c.numbered && b.kind == bText:
		c.key = layoutKey{pat: patNumbered}
	case b.bold:
		c.key = layoutKey{pat: patBold}
	case b.kind == bBullet:
		c.key = layoutKey{pat: patBullet}
	case b.kind == bText && strings.HasSuffix(text, "?") && len(text) <= 800:
		c.key = layoutKey{pat: patPlain}
	default:
		return cand{} // most lines: prose, no shape of a question
	}
	if text = undecorateEnd(text); text == "" {
		return cand{}
	}
	c.text, c.asks = text, asks(text)
	if c.key.pat == patBullet && !c.asks || c.key.pat == patPlain && utf8.RuneCountInString(text) > 200 || isAnswerLabelOnly(u) {
		return cand{}
	}
	return c
}

// labelCandidate reads a question label on a line: the plain "Q7:" forms
// first, then decorated and translated ones.
func labelCandidate(u string, b block, next *block) (num int, rest string, ok bool) {
	if num, rest, ok = parseQ(u); ok {
		// "Q7:" alone on a line: the question is on the next line.
		if rest != "" || (b.kind != bHeading && next != nil && next.kind == bText && !startsBlock(next.text)) {
			return num, rest, true
		}
		return 0, "", false
	}
	if num, rest, ok = parseQBare(u); ok {
		return num, rest, true
	}
	if rest, ok = parseQNoNum(u); ok {
		return 0, rest, true
	}
	if num, rest, ok = questionLabel(u); ok && rest != "" {
		return num, undecorateEnd(rest), true
	}
	return 0, "", false
}

func summaryCandidate(b block) cand {
	key := layoutKey{pat: patSummary}
	if b.table {
		key.pat = patTable
	}
	c := cand{key: key, number: b.number, text: b.text, numbered: b.number > 0}
	if num, rest, ok := parseQ(b.text); ok && rest != "" {
		c.number, c.text, c.numbered = num, rest, true
	} else if num, rest, ok := questionLabel(b.text); ok && rest != "" {
		c.number, c.text, c.numbered = num, rest, num > 0
	} else if num, rest, ok := parseNum(b.text); ok {
		c.number, c.text, c.numbered = num, rest, true
	}
	c.asks = asks(c.text)
	return c
}

// keyStats is how one shape fares in a document.
type keyStats struct {
	key      layoutKey
	idx      []int // the blocks of this shape, in order
	asks     int   // how many read as questions
	answered int   // how many have content before the next of the shape
	good     int   // both
	distinct int   // distinct texts
}

// layout is the chosen question shape of a document.
type layout struct {
	isQ    []bool
	accept []keyStats // the shapes taken, in the order they were taken
	forced string     // the --questions value, if any
	lists  [][2]int   // question lists without answers, skipped: first and last block
	// keptLists are question lists kept because nothing else in the
	// document has answers: a question bank.
	keptLists [][2]int
	// unread are lists of questions of a shape not taken: a question bank
	// or a table of contents above the real Q&A. Lint mentions them.
	unread [][2]int
}

// inKeptList reports block i is a question of a kept question list.
func (lay *layout) inKeptList(i int) bool {
	for _, l := range lay.keptLists {
		if i >= l[0] && i <= l[1] {
			return true
		}
	}
	return false
}

// chooseLayout decides which candidates are questions.
func chooseLayout(blocks []block, cs []cand, opts Options) (*layout, error) {
	lay := &layout{isQ: make([]bool, len(blocks))}
	if opts.Questions != "" {
		if err := lay.force(blocks, cs, opts.Questions); err != nil {
			return nil, err
		}
		return lay, nil
	}
	stats := shapeStats(blocks, cs)
	for _, s := range stats {
		if s.key.pat.explicit() {
			lay.take(s)
		}
	}
	for _, s := range rankImplicit(stats) {
		// List items and plain paragraphs that ask are the weakest
		// shapes: a document with any stronger one asks them in passing.
		weak := s.key.pat == patBullet || s.key.pat == patPlain
		if weak && len(lay.accept) > 0 {
			continue
		}
		if lay.insideShare(blocks, cs, s) <= 0.3 {
			lay.take(inLine(blocks, cs, s))
		}
	}
	if len(lay.accept) == 0 {
		// Nothing repeats with answers: take the best shape there is, so a
		// document of one question, or only questions, still reads.
		if s, ok := fallbackShape(stats); ok {
			lay.take(s)
		}
	}
	lay.unread = unreadLists(blocks, cs, stats, lay.isQ)
	lay.dropQuestionLists(blocks, cs)
	return lay, nil
}

// unreadLists finds runs of three or more questions of one shape, with
// nothing between them, that were not taken as questions.
func unreadLists(blocks []block, cs []cand, stats []keyStats, isQ []bool) [][2]int {
	first := slices.Index(isQ, true)
	if first < 0 {
		return nil
	}
	var out [][2]int
	for _, s := range stats {
		for n := 0; n < len(s.idx); {
			m := n
			for m+1 < len(s.idx) && cs[s.idx[m+1]].asks && !hasContent(blocks, s.idx[m], s.idx[m+1], 0) {
				m++
			}
			taken := false
			for k := n; k <= m; k++ {
				taken = taken || isQ[s.idx[k]]
			}
			// Only above the first question: below it, a list that asks is
			// part of an answer.
			if m-n+1 >= 3 && cs[s.idx[n]].asks && !taken && s.idx[m] < first {
				out = append(out, [2]int{s.idx[n], s.idx[m]})
			}
			n = m + 1
		}
	}
	return out
}

// inLine keeps the instances of an implicit shape that are questions:
// those that ask, and those that carry the next number in the sequence at
// the questions' indentation ("4. Docker networking" between "3. …?" and
// "5. …?"). A numbered step inside an answer is neither.
func inLine(blocks []block, cs []cand, s keyStats) keyStats {
	indent := -1
	for _, i := range s.idx {
		if cs[i].asks {
			indent = blocks[i].indent
			break
		}
	}
	// When nearly all the questions are numbered, an unnumbered heading
	// among them ("What's Next") is an introduction or an appendix.
	numbered, asking := 0, 0
	for _, i := range s.idx {
		if cs[i].asks {
			asking++
			if cs[i].numbered {
				numbered++
			}
		}
	}
	needNumber := asking >= 3 && numbered*5 >= asking*4
	out := s
	out.idx = nil
	last := 0
	for _, i := range s.idx {
		c := cs[i]
		ok := c.asks && (s.key.pat != patNumbered || blocks[i].indent <= indent) && (c.numbered || !needNumber)
		if !ok && c.numbered && c.number == last+1 && blocks[i].indent == indent {
			ok = true
		}
		if ok {
			out.idx = append(out.idx, i)
			if c.numbered {
				last = c.number
			}
		}
	}
	return out
}

func (lay *layout) take(s keyStats) {
	lay.accept = append(lay.accept, s)
	for _, i := range s.idx {
		lay.isQ[i] = true
	}
}

// shapeStats counts every shape's instances, in order of first use.
func shapeStats(blocks []block, cs []cand) []keyStats {
	var stats []keyStats
	at := map[layoutKey]int{}
	for i, c := range cs {
		if !c.ok() {
			continue
		}
		k, ok := at[c.key]
		if !ok {
			k = len(stats)
			at[c.key] = k
			stats = append(stats, keyStats{key: c.key})
		}
		stats[k].idx = append(stats[k].idx, i)
	}
	for k := range stats {
		s := &stats[k]
		seen := map[string]bool{}
		for n, i := range s.idx {
			end := len(blocks)
			if n+1 < len(s.idx) {
				end = s.idx[n+1]
			}
			a := cs[i].asks
			ans := hasContent(blocks, i, end, cs[i].heading)
			if a {
				s.asks++
			}
			if ans {
				s.answered++
			}
			if a && ans {
				s.good++
			}
			seen[cs[i].text] = true
		}
		s.distinct = len(seen)
	}
	return stats
}

// hasContent reports an answer between block i and end: anything but
// blank lines, stopping at a heading as deep as the question's own.
func hasContent(blocks []block, i, end, level int) bool {
	for k := i + 1; k < end; k++ {
		b := blocks[k]
		switch {
		case b.kind == bBlank:
		case b.kind == bHeading && !b.inAnswer && level > 0 && b.level <= level:
			return false
		case b.kind == bHeading && !b.inAnswer && isAnswerLabelOnly(b.text):
		default:
			return true
		}
	}
	return false
}

// qualifies reports a shape that repeats, mostly reads as questions with
// answers, and does not repeat one text (template sub-headings such as
// "Example" under every answer).
func (s keyStats) qualifies() bool {
	n := len(s.idx)
	return s.good >= 2 && s.good*2 >= n && s.distinct*2 > n
}

// rankImplicit orders the shapes that qualify by how much of the
// document's structure they make: the shallowest qualifying heading level,
// then numbered lines, bold lines, list items and plain paragraphs.
func rankImplicit(stats []keyStats) []keyStats {
	var out []keyStats
	for _, p := range []pattern{patHeading, patNumbered, patBold, patBullet, patPlain} {
		best := -1
		for k, s := range stats {
			if s.key.pat != p || !s.qualifies() {
				continue
			}
			if best < 0 || p == patHeading && s.key.level < stats[best].key.level {
				best = k
			}
		}
		if best >= 0 {
			out = append(out, stats[best])
		}
	}
	return out
}

// fallbackShape is the best shape when none qualifies: the one with most
// questions that have answers, else the one with most that ask.
func fallbackShape(stats []keyStats) (keyStats, bool) {
	best, score := -1, 0
	for k, s := range stats {
		sc := 2*s.good + s.asks
		if s.good == 0 && s.asks < 1 {
			continue
		}
		if sc > score {
			best, score = k, sc
		}
	}
	if best < 0 {
		return keyStats{}, false
	}
	return stats[best], true
}

// insideShare is the share of s's instances that sit inside the answer of
// a question already taken: after it, with no heading (or, for a heading
// question, no heading as deep) between them and no heading-shaped line
// directly above the instance.
func (lay *layout) insideShare(blocks []block, cs []cand, s keyStats) float64 {
	if len(lay.accept) == 0 || len(s.idx) == 0 {
		return 0
	}
	inside := 0
	open := -1 // the taken question whose answer we are in
	next := 0  // the next instance of s
	for i := 0; i < len(blocks) && next < len(s.idx); i++ {
		if i == s.idx[next] {
			if open >= 0 && !headingLineAbove(blocks, i) {
				inside++
			}
			next++
			continue
		}
		if lay.isQ[i] {
			open = i
			continue
		}
		b := blocks[i]
		if open >= 0 && b.kind == bHeading && !b.inAnswer && (cs[open].heading == 0 || b.level <= cs[open].heading) {
			open = -1
		}
	}
	return float64(inside) / float64(len(s.idx))
}

// headingLineAbove reports a short line with no closing punctuation right
// above block i: in plain text, the heading of a new section.
func headingLineAbove(blocks []block, i int) bool {
	k := i - 1
	for k >= 0 && blocks[k].kind == bBlank {
		k--
	}
	if k < 0 || blocks[k].kind != bText || blocks[k].bold && !wholeLineHeading(blocks[k].text) {
		return false
	}
	return wholeLineHeading(blocks[k].text)
}

func wholeLineHeading(t string) bool {
	if t == "" || utf8.RuneCountInString(t) > 150 || isALabel(t) || strings.ContainsAny(t[len(t)-1:], ".,;:!?") {
		return false
	}
	// "Save this for later 👇" points at what follows: a lead-in.
	return !strings.HasSuffix(strings.TrimRight(t, "\ufe0f "), "👇") && !strings.HasSuffix(strings.TrimRight(t, "\ufe0f "), "⬇")
}

// dropQuestionLists finds runs of three or more questions with nothing
// between them: a table of contents or a question list. They are not
// questions when the document has answered questions elsewhere.
func (lay *layout) dropQuestionLists(blocks []block, cs []cand) {
	var q []int
	for i, ok := range lay.isQ {
		if ok {
			q = append(q, i)
		}
	}
	runs, firstAnswered := questionRuns(blocks, cs, q)
	if firstAnswered < 0 {
		for _, r := range runs {
			lay.keptLists = append(lay.keptLists, [2]int{q[r[0]], q[r[1]]})
		}
		return
	}
	if len(runs) == 0 {
		return
	}
	lastAt := map[string]int{} // a question text's last place in q
	for k, i := range q {
		lastAt[cs[i].text] = k
	}
	for _, r := range runs {
		// A list above the first answered question, or one whose
		// questions come again below, is a table of contents; others are
		// questions left unanswered.
		repeated := 0
		for k := r[0]; k <= r[1]; k++ {
			if lastAt[cs[q[k]].text] > k {
				repeated++
			}
		}
		if r[1] > firstAnswered && repeated*2 < r[1]-r[0]+1 {
			continue
		}
		// The run's last question owns whatever follows it; it is a
		// question of its own only when an answer starts right below it,
		// not a heading.
		last := r[1]
		if k := nextContent(blocks, q[last]); k < len(blocks) && blocks[k].kind != bHeading && repeated == 0 {
			last--
		}
		if last-r[0]+1 < 3 {
			continue
		}
		for k := r[0]; k <= last; k++ {
			lay.isQ[q[k]] = false
		}
		lay.lists = append(lay.lists, [2]int{q[r[0]], q[last]})
	}
}

// questionRuns finds, among the questions q (block indices), the runs of
// three or more with nothing between them, as first and last places in q,
// and the place of the first question outside a run that has an answer
// (-1 if none has).
func questionRuns(blocks []block, cs []cand, q []int) (runs [][2]int, firstAnswered int) {
	firstAnswered = -1
	// A <details> or a table row is a Q&A item even when its answer is
	// empty: never part of a list.
	item := func(k int) bool { p := cs[q[k]].key.pat; return p == patSummary || p == patTable }
	for n := 0; n < len(q); {
		m := n
		for m+1 < len(q) && !item(m) && !item(m+1) && !hasContent(blocks, q[m], q[m+1], 0) {
			m++
		}
		if m-n+1 >= 3 {
			runs = append(runs, [2]int{n, m})
		}
		for k := n; m-n+1 < 3 && k <= m && firstAnswered < 0; k++ {
			end := len(blocks)
			if k+1 < len(q) {
				end = q[k+1]
			}
			if hasContent(blocks, q[k], end, 0) {
				firstAnswered = k
			}
		}
		n = m + 1
	}
	return runs, firstAnswered
}

// nextContent is the first non-blank block after i.
func nextContent(blocks []block, i int) int {
	k := i + 1
	for k < len(blocks) && blocks[k].kind == bBlank {
		k++
	}
	return k
}

// The named layouts --questions accepts besides a regular expression.
var namedLayouts = []string{"heading:N", "label", "numbered", "bold", "bullet", "summary", "table"}

// CheckQuestions reports whether s is a valid --questions value: a named
// layout (heading:1 … heading:6, label, numbered, bold, bullet, summary,
// table) or a regular expression matched against each line.
func CheckQuestions(s string) error {
	_, _, err := parseQuestions(s)
	return err
}

// parseQuestions reads a --questions value.
func parseQuestions(s string) (layoutKey, *regexp.Regexp, error) {
	switch v := strings.ToLower(strings.TrimSpace(s)); v {
	case "label", "labels":
		return layoutKey{pat: patLabel}, nil, nil
	case "numbered":
		return layoutKey{pat: patNumbered}, nil, nil
	case "bold":
		return layoutKey{pat: patBold}, nil, nil
	case "bullet", "list":
		return layoutKey{pat: patBullet}, nil, nil
	case "summary", "details":
		return layoutKey{pat: patSummary}, nil, nil
	case "table":
		return layoutKey{pat: patTable}, nil, nil
	default:
		if l, ok := strings.CutPrefix(v, "heading:"); ok {
			n, err := strconv.Atoi(l)
			if err != nil || n < 1 || n > 6 {
				return layoutKey{}, nil, fmt.Errorf("--questions %s: the heading level must be 1 to 6", s)
			}
			return layoutKey{pat: patHeading, level: n}, nil, nil
		}
	}
	re, err := regexp.Compile(s)
	if err != nil {
		return layoutKey{}, nil, fmt.Errorf("--questions %q is neither a layout (%s) nor a regular expression: %v",
			s, strings.Join(namedLayouts, ", "), err)
	}
	return layoutKey{pat: patRegexp}, re, nil
}

// force takes the layout --questions names: every block of that shape is a
// question, whether it asks or not.
func (lay *layout) force(blocks []block, cs []cand, value string) error {
	key, re, err := parseQuestions(value)
	if err != nil {
		return err
	}
	lay.forced = value
	s := keyStats{key: key}
	for i, b := range blocks {
		c, ok := forcedCandidate(b, cs[i], key, re)
		if !ok {
			continue
		}
		cs[i] = c
		s.idx = append(s.idx, i)
		lay.isQ[i] = true
	}
	lay.accept = append(lay.accept, s)
	return nil
}

// forcedCandidate is block b as a question of the forced shape key.
func forcedCandidate(b block, c cand, key layoutKey, re *regexp.Regexp) (cand, bool) {
	if b.inAnswer && b.kind != bQuestion || b.kind == bCode || b.kind == bTable || b.kind == bBlank {
		return cand{}, false
	}
	if re != nil {
		m := re.FindStringSubmatchIndex(b.text)
		if m == nil {
			return cand{}, false
		}
		text := b.text
		if len(m) >= 4 && m[2] >= 0 && m[3] > m[2] {
			text = b.text[m[2]:m[3]]
		} else if c.ok() {
			text = c.text
		}
		if text = cleanText(text); text == "" {
			return cand{}, false
		}
		return cand{key: key, number: c.number, text: text, asks: asks(text), numbered: c.numbered, heading: headingLevel(b)}, true
	}
	switch {
	case key.pat == patHeading && b.kind == bHeading && b.level == key.level && !isAnswerLabelOnly(b.text):
	case key.pat == patBold && b.bold && b.kind != bHeading && !isAnswerLabelOnly(b.text):
	case key.pat == patNumbered && b.kind == bText && c.numbered:
	case key.pat == patBullet && b.kind == bBullet && !b.option:
	case key.pat == patLabel && c.key.pat == patLabel:
	case key.pat == patSummary && b.kind == bQuestion && !b.table:
	case key.pat == patTable && b.kind == bQuestion && b.table:
	default:
		return cand{}, false
	}
	if !c.ok() {
		text := undecorateEnd(undecorate(b.text))
		if text == "" {
			return cand{}, false
		}
		c = cand{text: text, asks: asks(text), heading: headingLevel(b)}
	}
	c.key = key
	return c, true
}

func headingLevel(b block) int {
	if b.kind == bHeading {
		return b.level
	}
	return 0
}

// describe is the one line lint prints about the layout: which shape the
// questions have, how many there are, and what an answer is.
func (lay *layout) describe(cs []cand, markup string) string {
	var parts []string
	for _, s := range lay.accept {
		n := 0
		numbered := 0
		for _, i := range s.idx {
			if lay.isQ[i] {
				n++
				if cs[i].numbered {
					numbered++
				}
			}
		}
		if n == 0 {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s (%d found)", shapeName(s.key, markup, numbered*2 > n), n))
	}
	if len(parts) == 0 {
		return "questions: none found"
	}
	var b strings.Builder
	b.WriteString("questions: ")
	b.WriteString(strings.Join(parts, " and "))
	if lay.forced != "" {
		fmt.Fprintf(&b, ", as --questions %s says", lay.forced)
	}
	b.WriteString("; answers: everything up to the next one")
	if len(lay.lists) > 0 {
		fmt.Fprintf(&b, "; %d list(s) of questions without answers skipped", len(lay.lists))
	}
	return b.String()
}

// shapeName says what a shape looks like, in the document's own markup.
func shapeName(k layoutKey, markup string, numbered bool) string {
	sketch := "…?"
	if numbered {
		sketch = "N. …"
	}
	switch k.pat {
	case patHeading:
		mark := strings.Repeat("#", k.level) + " "
		if markup == "html" {
			return fmt.Sprintf("level-%d headings <h%d>%s</h%d>", k.level, k.level, sketch, k.level)
		}
		return fmt.Sprintf("level-%d headings %q", k.level, mark+sketch)
	case patLabel:
		if numbered {
			return `labelled lines "Q1: …"`
		}
		return `labelled lines "Question: …"`
	case patSummary:
		return "<details> <summary> elements"
	case patTable:
		return `Q&A table rows "| Question | Answer |"`
	case patNumbered:
		return `numbered lines "1. …"`
	case patBold:
		if markup == "markdown" {
			return `bold lines "**…?**"`
		}
		return "bold lines"
	case patBullet:
		return `list items "- …?"`
	case patPlain:
		return `paragraphs that ask "…?"`
	case patAfterID:
		return `lines under headings that number them ("Question 3", "Scenario 3")`
	case patAnswered:
		return `lines with an answer label below them ("Answer: …")`
	case patRegexp:
		return "lines matching the pattern"
	}
	return "questions"
}
