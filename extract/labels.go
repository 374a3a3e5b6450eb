package extract

import "strings"

// The labels that mark questions and answers, parsed by hand: they are
// checked on every line, and a regexp per line was most of the parse time.
// labels_test.go holds the regexps these functions implement and checks
// that both agree. Input is clean single-line text (see cleanText).

// cutFold removes prefix (lower-case ASCII letters) from s, ignoring ASCII
// case only: "ſ" is not an "s" in a label.
func cutFold(s, prefix string) (string, bool) {
	if len(s) < len(prefix) {
		return s, false
	}
	for i := 0; i < len(prefix); i++ {
		if s[i]|0x20 != prefix[i] {
			return s, false
		}
	}
	return s[len(prefix):], true
}

// qWord removes a leading "Question" or "Q", in any case.
func qWord(s string) (string, bool) {
	if rest, ok := cutFold(s, "question"); ok {
		return rest, true
	}
	return cutFold(s, "q")
}

// spaces removes leading spaces and says how many there were.
func spaces(s string) (string, int) {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f') {
		i++
	}
	return s[i:], i
}

// number reads 1 to 5 ASCII digits; a longer run is not a label number.
func number(s string) (n int, rest string, ok bool) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		n = n*10 + int(s[i]-'0')
		i++
	}
	if i == 0 || i > 5 {
		return 0, s, false
	}
	return n, s[i:], true
}

// qSeparators follow a question number: "Q7:", "Q7.", "Q7)", "Q7 -".
var qSeparators = []string{":", ".", ")", "-", "–", "—"}

// parseQ reads "Q7: text", "Q 7. text", "Question 7) text", "Q7 - text":
// the number and the text after the label, which may be empty.
func parseQ(s string) (num int, rest string, ok bool) {
	if s, ok = qWord(s); !ok {
		return 0, "", false
	}
	s, _ = spaces(s)
	if num, s, ok = number(s); !ok {
		return 0, "", false
	}
	s, _ = spaces(s)
	for _, sep := range qSeparators {
		if after, found := strings.CutPrefix(s, sep); found {
			rest, _ = spaces(after)
			return num, rest, !strings.Contains(rest, "\n")
		}
	}
	return 0, "", false
}

// parseQBare reads "Q7 What is ...?": a number with no punctuation after
// it, accepted only when the text asks something.
func parseQBare(s string) (num int, rest string, ok bool) {
	if s, ok = qWord(s); !ok {
		return 0, "", false
	}
	s, _ = spaces(s)
	if num, s, ok = number(s); !ok {
		return 0, "", false
	}
	after, n := spaces(s)
	switch {
	case n == 0 || strings.Contains(after, "\n"):
		return 0, "", false
	case len(after) >= 2 && strings.HasSuffix(after, "?"):
		return num, after, true
	case after == "?" && n >= 2:
		// The regexp's \s+ gives its last space to the text.
		return num, s[n-1:], true
	}
	return 0, "", false
}

// parseQNoNum reads "Q: text" and "Question: text".
func parseQNoNum(s string) (rest string, ok bool) {
	for _, w := range []string{"q", "question"} {
		r, found := cutFold(s, w)
		if !found {
			continue
		}
		r, _ = spaces(r)
		if r, found = strings.CutPrefix(r, ":"); !found {
			continue
		}
		if r, _ = spaces(r); r != "" && !strings.Contains(r, "\n") {
			return r, true
		}
	}
	return "", false
}

// parseNum reads "7. text" and "7) text".
func parseNum(s string) (num int, rest string, ok bool) {
	if num, s, ok = number(s); !ok {
		return 0, "", false
	}
	s, _ = spaces(s)
	if s == "" || (s[0] != '.' && s[0] != ')') {
		return 0, "", false
	}
	rest, n := spaces(s[1:])
	if n == 0 || rest == "" || strings.Contains(rest, "\n") {
		return 0, "", false
	}
	return num, rest, true
}

// parseA reads "A: text", "Ans: text" and "Answer: text"; the text may be
// empty ("A:" alone on its line, the answer below).
func parseA(s string) (rest string, ok bool) {
	for _, w := range []string{"a", "ans", "answer"} {
		r, found := cutFold(s, w)
		if !found {
			continue
		}
		r, _ = spaces(r)
		if r, found = strings.CutPrefix(r, ":"); found {
			r, _ = spaces(r)
			return r, !strings.Contains(r, "\n")
		}
	}
	return "", false
}

// hasQStart reports text that starts like a question label ("Q5 explain
// ..."), to warn about one that was not taken.
func hasQStart(s string) bool {
	s, ok := qWord(s)
	if !ok {
		return false
	}
	s, _ = spaces(s)
	_, s, ok = number(s)
	return ok && (s == "" || !isWordByte(s[0]))
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isALabel(s string) bool {
	_, ok := parseA(s)
	return ok
}

func isQLabel(s string) bool {
	_, _, ok := parseQ(s)
	return ok
}
