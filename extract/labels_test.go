package extract

import (
	"regexp"
	"slices"
	"strconv"
	"testing"
)

// The label grammar as regexps: the specification the hand-written parsers
// in labels.go implement (ASCII case-insensitive; \s is a space).
var (
	specQ      = regexp.MustCompile(`^[Qq](?:[Uu][Ee][Ss][Tt][Ii][Oo][Nn])?\s*(\d{1,5})\s*[:.)\-–—]\s*(.*)$`)
	specQBare  = regexp.MustCompile(`^[Qq](?:[Uu][Ee][Ss][Tt][Ii][Oo][Nn])?\s*(\d{1,5})\s+(.+\?)$`)
	specQNoNum = regexp.MustCompile(`^(?:[Qq]|[Qq][Uu][Ee][Ss][Tt][Ii][Oo][Nn])\s*:\s*(.+)$`)
	specNum    = regexp.MustCompile(`^(\d{1,5})\s*[.)]\s+(.+)$`)
	specA      = regexp.MustCompile(`^(?:[Aa]|[Aa][Nn][Ss]|[Aa][Nn][Ss][Ww][Ee][Rr])\s*:\s*(.*)$`)
	specQStart = regexp.MustCompile(`^[Qq](?:[Uu][Ee][Ss][Tt][Ii][Oo][Nn])?\s*\d{1,5}\b`)
	specBullet = regexp.MustCompile(`^[•·▪◦‣●∙\-*+]\s+(.*)$`)
	specRule   = regexp.MustCompile(`^(?:\*\s*){3,}$|^(?:-\s*){3,}$|^(?:_\s*){3,}$`)
	specSetext = regexp.MustCompile(`^(=+|-+)$`)
	specATX    = regexp.MustCompile(`^(#{1,6})\s+(.*?)(?:\s+#+)?$`)
)

// checkLabels compares every parser with its regexp on s.
func checkLabels(t *testing.T, s string) {
	t.Helper()
	num := func(m []string) int {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	same := func(name string, m []string, ok bool, gotNum, wantNumIdx int, gotRest string, restIdx int) {
		t.Helper()
		if (m != nil) != ok {
			t.Errorf("%s(%q): ok = %v, regexp matched = %v", name, s, ok, m != nil)
			return
		}
		if m == nil {
			return
		}
		if wantNumIdx > 0 && gotNum != num(m) {
			t.Errorf("%s(%q): number %d, regexp %s", name, s, gotNum, m[1])
		}
		if gotRest != m[restIdx] {
			t.Errorf("%s(%q): rest %q, regexp %q", name, s, gotRest, m[restIdx])
		}
	}
	n, rest, ok := parseQ(s)
	same("parseQ", specQ.FindStringSubmatch(s), ok, n, 1, rest, 2)
	n, rest, ok = parseQBare(s)
	same("parseQBare", specQBare.FindStringSubmatch(s), ok, n, 1, rest, 2)
	rest, ok = parseQNoNum(s)
	same("parseQNoNum", specQNoNum.FindStringSubmatch(s), ok, 0, 0, rest, 1)
	n, rest, ok = parseNum(s)
	same("parseNum", specNum.FindStringSubmatch(s), ok, n, 1, rest, 2)
	rest, ok = parseA(s)
	same("parseA", specA.FindStringSubmatch(s), ok, 0, 0, rest, 1)
	rest, ok = parseBullet(s)
	same("parseBullet", specBullet.FindStringSubmatch(s), ok, 0, 0, rest, 1)
	if got, want := isRule(s), specRule.MatchString(s); got != want {
		t.Errorf("isRule(%q) = %v, regexp %v", s, got, want)
	}
	if got, want := isSetext(s), specSetext.MatchString(s); got != want {
		t.Errorf("isSetext(%q) = %v, regexp %v", s, got, want)
	}
	if got, want := hasQStart(s), specQStart.MatchString(s); got != want {
		t.Errorf("hasQStart(%q) = %v, regexp %v", s, got, want)
	}
	if level, text, ok := atxHeading(s); ok != (specATX.MatchString(s)) {
		t.Errorf("atxHeading(%q) ok = %v, regexp %v", s, ok, !ok)
	} else if m := specATX.FindStringSubmatch(s); ok && (level != len(m[1]) || text != m[2]) {
		t.Errorf("atxHeading(%q) = %d %q, regexp %d %q", s, level, text, len(m[1]), m[2])
	}
}

var labelCases = []string{
	"", "Q", "Q1", "Q1:", "Q1: What?", "q1. what", "Q 7) x", "Q7 - x", "Q7 – x", "Q7 — x", "Q7—x",
	"Question 7: x", "QUESTION7:x", "Questions 7: x", "Qu 7: x", "Q123456: x", "Q12345: x", "Q1:\u00a0x",
	"Q7 What is it?", "Q7 ?", "Q7  ?", "Q7 x?", "Q7What?", "Q7 x", "Q7", "Q7a", "Q7_", "Q7.", "Q 7 ", "Q99999",
	"Q: x", "Q : x", "Question: x", "Q:", "Q: ", "Q:  x", "question :x",
	"1. x", "1) x", "1.x", "1 . x", "12345. x", "123456. x", "1.", "1. ", "7) What?",
	"A: x", "A:", "a : x", "Ans: x", "Answer: x", "ANSWER:x", "Answers: x", "An: x", "A x", "Answer:",
	"What is Q1: x", "• Q1: x", "Anſwer: x", "Queſtion 1: x",
	"• x", "•x", "- x", "-x", "* x", "+ x", "· x", "▪ x", "◦ x", "‣ x", "● x", "∙ x", "• ", "•", "– x", "** x", "—",
	"***", "* * *", "---", "- - -", "___", "**", "*-*", "--- x", "===", "=", "-", "==-", "____ _",
	"# x", "#x", "## x ##", "## x##", "### ###", "## #", "####### x", "# x #  ", "#\tx", "##  a b  #", "# ", "#",
}

func TestLabels(t *testing.T) {
	for _, s := range labelCases {
		checkLabels(t, cleanText(s))
	}
	// A few results spelled out, beyond agreeing with the regexps.
	if n, rest, ok := parseQ("Question 12) How?"); !ok || n != 12 || rest != "How?" {
		t.Errorf("parseQ = %d %q %v", n, rest, ok)
	}
	if rest, ok := parseA("Answer: Yes."); !ok || rest != "Yes." {
		t.Errorf("parseA = %q %v", rest, ok)
	}
	if _, ok := parseA("Analysis: no"); ok {
		t.Error("parseA took a word that starts with an a")
	}
}

// FuzzLabels checks the parsers against their regexps on clean text, the
// only input they get.
func FuzzLabels(f *testing.F) {
	for _, s := range labelCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkLabels(t, cleanText(s))
	})
}

// TestAnswerLabel: every answer word is a label, with its qualifiers.
func TestAnswerLabel(t *testing.T) {
	for _, w := range append(slices.Clone(answerWords), answerQualifiers...) {
		if _, ok := answerLabel(w + ": x"); !ok && !slices.Contains(answerQualifiers, w) {
			t.Errorf("answerLabel(%q) not a label", w+": x")
		}
	}
	for in, want := range map[string]string{
		"Answer (Natural): x": "x", "Expected answer: x": "x", "Expected Answer Structure:": "", "A (Simple): x": "x",
		"**Answer**.": "", "Answer:- x": "x", "Respuesta: x": "x", "✅ Answer: x": "x", "Sample Answer": "", "Senior-Level Answer": "",
		"Solution: x": "x", "Ответ: x": "x",
	} {
		in = inline(in)
		if got, ok := answerLabel(in); !ok || got != want {
			t.Errorf("answerLabel(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, no := range []string{"Analysis: no", "A lot of text", "Answers: x", "How to answer", "An answer is", "The answers below"} {
		if got, ok := answerLabel(no); ok {
			t.Errorf("answerLabel(%q) = %q, want no label", no, got)
		}
	}
}

// TestQuestionLabel covers the decorated and translated question labels.
func TestQuestionLabel(t *testing.T) {
	for in, want := range map[string]struct {
		n    int
		rest string
	}{
		"🎯 Q1. How?": {1, "How?"}, "Pregunta 3: ¿Qué?": {3, "¿Qué?"}, "Q. Explain X": {0, "Explain X"},
		"Question #4: Why?": {4, "Why?"}, "Frage 2: Was?": {2, "Was?"}, "Вопрос 5: Что?": {5, "Что?"},
		"Scenario: You are paged.": {0, "You are paged."}, "Q12": {12, ""}, "1️⃣ What?": {0, ""},
	} {
		n, rest, ok := questionLabel(in)
		if in == "1️⃣ What?" {
			if ok {
				t.Errorf("questionLabel(%q) took a keycap number for a label", in)
			}
			if got := undecorate(in); got != "1. What?" {
				t.Errorf("undecorate(%q) = %q", in, got)
			}
			continue
		}
		if !ok || n != want.n || rest != want.rest {
			t.Errorf("questionLabel(%q) = %d %q %v, want %d %q", in, n, rest, ok, want.n, want.rest)
		}
	}
	for _, no := range []string{"Quick question", "Q&A", "Questions: 10", "Queue: x", "Qualifier 3: y"} {
		if n, rest, ok := questionLabel(no); ok {
			t.Errorf("questionLabel(%q) = %d %q, want no label", no, n, rest)
		}
	}
}
