package extract

import (
	"regexp"
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
