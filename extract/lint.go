package extract

import (
	"fmt"
	"slices"
	"strings"

	"github.com/xopsexport/xopsexport/model"
)

// Severity says how much a warning matters.
type Severity int

const (
	// Info is worth knowing (the layout chosen, a real numbering gap)
	// but does not make the deck doubtful.
	Info Severity = iota
	// Serious means the deck is probably wrong here: an empty answer, two
	// questions merged, text that does not read as a question. Exports
	// print Summary of these; --strict refuses to write.
	Serious
)

func (s Severity) String() string {
	if s == Serious {
		return "serious"
	}
	return "info"
}

// The kinds of warning. Summary counts the serious ones by kind.
const (
	KindEmptyAnswer  = "empty-answer"  // a question with no answer
	KindEmptyLabel   = "empty-label"   // a question label with no question text
	KindMerged       = "merged-answer" // an answer far longer than the rest
	KindNotAQuestion = "not-a-question"
	KindDuplicate    = "duplicate"     // the same question twice in a section
	KindQuestionList = "question-list" // questions listed without answers
	KindEncoding     = "encoding"      // not UTF-8, decoded by a guess
	KindMissedLabel  = "missed-label"  // a question label that was not read
	KindUnlabelled   = "unlabelled"    // text that asks, not taken as a question
	KindNumbering    = "numbering"     // a gap or repeat in the numbering
)

// Warning is an anomaly found while extracting.
type Warning struct {
	Line     int // 1-based line in the input; 0 when unknown (HTML)
	Msg      string
	Severity Severity
	Kind     string // one of the Kind constants
}

// String is the warning as lint prints it: its line and message.
func (w Warning) String() string {
	if w.Line > 0 {
		return fmt.Sprintf("line %d: %s", w.Line, w.Msg)
	}
	return w.Msg
}

func (o Options) emit(sev Severity, kind string, line int, format string, args ...any) {
	if o.Warn != nil {
		o.Warn(Warning{Line: line, Msg: fmt.Sprintf(format, args...), Severity: sev, Kind: kind})
	}
}

func (o Options) info(kind string, line int, format string, args ...any) {
	o.emit(Info, kind, line, format, args...)
}

func (o Options) serious(kind string, line int, format string, args ...any) {
	o.emit(Serious, kind, line, format, args...)
}

// summaryPhrases say, for each kind, what n serious warnings of it mean:
// the singular and plural forms.
var summaryPhrases = []struct {
	kind, one, many string
}{
	{KindQuestionList, "1 list of questions has no answers", "%d lists of questions have no answers"},
	{KindEmptyAnswer, "1 question has an empty answer", "%d questions have empty answers"},
	{KindMerged, "1 answer may hold two questions", "%d answers may hold two questions"},
	{KindNotAQuestion, "1 question does not read as a question", "%d questions do not read as questions"},
	{KindDuplicate, "1 question is asked twice", "%d questions are asked twice"},
	{KindEmptyLabel, "1 question label has no question", "%d question labels have no question"},
	{KindMissedLabel, "1 line looks like a question label but was not read as one", "%d lines look like question labels but were not read as ones"},
	{KindEncoding, "the input's encoding is doubtful", "the input's encoding is doubtful"},
}

// Summary is one line about the serious warnings in ws, for an export to
// print on stderr ("3 questions have empty answers, 1 answer may hold two
// questions; run xopsexport lint"), or "" when there are none.
func Summary(ws []Warning) string {
	counts := map[string]int{}
	other := 0
	for _, w := range ws {
		if w.Severity != Serious {
			continue
		}
		counts[w.Kind]++
	}
	var parts []string
	known := 0
	for _, p := range summaryPhrases {
		n := counts[p.kind]
		if n == 0 {
			continue
		}
		known += n
		if n == 1 {
			parts = append(parts, p.one)
		} else {
			parts = append(parts, fmt.Sprintf(p.many, n))
		}
	}
	for _, n := range counts {
		other += n
	}
	if other -= known; other > 0 {
		parts = append(parts, fmt.Sprintf("%d other problem(s)", other))
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, ", ") + "; run xopsexport lint"
}

// lintDeck runs the checks that need the whole deck: answers far longer
// than the rest (two questions merged into one), questions that do not
// read as questions, and answers that are only a placeholder. lines holds
// each question's source line, in document order.
func lintDeck(d *model.Deck, lines []int, opts Options) {
	if opts.Warn == nil {
		return
	}
	var lens []int
	for _, s := range d.Sections {
		for k := range s.Questions {
			lens = append(lens, answerLen(&s.Questions[k]))
		}
	}
	limit := mergeLimit(lens)
	n := 0
	for _, s := range d.Sections {
		for k := range s.Questions {
			q := &s.Questions[k]
			line := 0
			if n < len(lines) {
				line = lines[n]
			}
			if limit > 0 && lens[n] > limit {
				opts.serious(KindMerged, line, "Q%d's answer is %d times the usual length: it may hold the next question too", q.Number, lens[n]/max(1, limit/mergeFactor))
			}
			if !asks(q.Question) && !quizQuestion(q) {
				opts.serious(KindNotAQuestion, line, "Q%d does not read as a question: %q", q.Number, clip(q.Question, 60))
			}
			if placeholder(q) {
				opts.serious(KindEmptyAnswer, line, "Q%d's answer is only a placeholder: %q", q.Number, clip(q.AnswerText(), 40))
			}
			n++
		}
	}
}

// mergeFactor: an answer this many times the median is suspect.
const mergeFactor = 6

// mergeLimit is the answer length above which an answer is suspect, or 0
// when there are too few answers to say what is usual.
func mergeLimit(lens []int) int {
	if len(lens) < 8 {
		return 0
	}
	sorted := slices.Clone(lens)
	slices.Sort(sorted)
	median := sorted[len(sorted)/2]
	return max(mergeFactor*median, 3000)
}

func answerLen(q *model.Question) int {
	n := 0
	for _, b := range q.Answer {
		n += len(b.Text)
		for _, it := range b.Items {
			n += len(it)
		}
		for _, r := range b.Rows {
			for _, c := range r {
				n += len(c)
			}
		}
	}
	return n
}

// quizQuestion reports a question whose answer opens with its options
// ("A) True", "B) False"): a statement to judge is a question too.
func quizQuestion(q *model.Question) bool {
	if len(q.Answer) == 0 || q.Answer[0].Type != model.List || len(q.Answer[0].Items) < 2 {
		return false
	}
	it := q.Answer[0].Items[0]
	return len(it) > 3 && (it[0] == 'A' || it[0] == 'a') && (it[1] == ')' || it[1] == '.') ||
		strings.HasPrefix(it, "(a)") || strings.HasPrefix(it, "(A)")
}

// placeholders are what unanswered templates hold.
var placeholders = []string{"to be filled", "tbd", "todo", "to be determined", "coming soon", "answer here", "your answer"}

func placeholder(q *model.Question) bool {
	if len(q.Answer) != 1 {
		return false
	}
	t := strings.ToLower(strings.Trim(q.AnswerText(), " _*[]()….:-"))
	for _, p := range placeholders {
		if t == p {
			return true
		}
	}
	return false
}
