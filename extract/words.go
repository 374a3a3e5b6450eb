package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The decorated labels of documents in the wild: emoji in front of a
// question ("🎯 Q1.", "🔹 Q1."), keycap numbers ("1️⃣"), labels in other
// languages ("Pregunta 3:", "Respuesta:"), qualified answer labels
// ("Answer (Natural):", "Expected answer:"). These run on the few blocks
// that can be questions or answer labels, after the plain labels of
// labels.go, which stay the fast path for the article's own "Q7:" and "A:".

// undecorate removes the symbols a line opens with (emoji, arrows, stars,
// check marks) and turns keycap digits ("1️⃣2️⃣") into plain ones, so the
// label behind them can be read. Text without them comes back unchanged.
func undecorate(s string) string {
	if s == "" {
		return s
	}
	if c := s[0]; c < utf8.RuneSelf && (c != '#' && (c < '0' || c > '9') || len(s) < 2 || s[1] < utf8.RuneSelf) {
		// Plain ASCII first: no emoji, and no keycap (a digit followed
		// by U+FE0F or U+20E3).
		return s
	}
	var digits []byte
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r >= '0' && r <= '9' || r == '#':
			// A keycap: digit, optional variation selector, U+20E3.
			j := i + n
			if strings.HasPrefix(s[j:], "\ufe0f") {
				j += len("\ufe0f")
			}
			if !strings.HasPrefix(s[j:], "\u20e3") {
				return keycapRest(digits, s[i:])
			}
			if r != '#' {
				digits = append(digits, byte(r))
			}
			i = j + len("\u20e3")
			continue
		case r == '🔟':
			digits = append(digits, '1', '0')
		case decoration(r):
		case r == ' ':
		default:
			return keycapRest(digits, s[i:])
		}
		i += n
	}
	return keycapRest(digits, "")
}

// keycapRest puts the digits read from keycaps back in front of rest as a
// numbered label: "1️⃣ What" reads as "1. What".
func keycapRest(digits []byte, rest string) string {
	rest = strings.TrimLeft(rest, " ")
	if len(digits) == 0 {
		return rest
	}
	if rest != "" && (rest[0] == '.' || rest[0] == ')' || rest[0] == ':') {
		return string(digits) + rest
	}
	return string(digits) + ". " + rest
}

// decoration reports a symbol that decorates a label rather than saying
// anything: emoji and pictographs, dingbats, arrows, geometric shapes,
// variation selectors and joiners.
func decoration(r rune) bool {
	switch {
	case r == '\ufe0f' || r == '\ufe0e' || r == '\u200d' || r == '\u20e3':
		return true
	case r >= 0x1F000 && r <= 0x1FAFF: // emoji, pictographs, symbols
		return true
	case r >= 0x2190 && r <= 0x21FF, r >= 0x2300 && r <= 0x23FF, r >= 0x25A0 && r <= 0x27BF,
		r >= 0x2900 && r <= 0x297F, r >= 0x2B00 && r <= 0x2BFF:
		return true
	case r == '•' || r == '·' || r == '»' || r == '›' || r == '★' || r == '☆' || r == '✓' || r == '✔':
		return true
	}
	return false
}

// trimDecoration removes decorations at both ends of s.
func trimDecoration(s string) string {
	s = undecorateEnd(undecorate(s))
	return s
}

// undecorateEnd removes trailing decorations ("What is it? 🤔").
func undecorateEnd(s string) string {
	for s != "" {
		r, n := utf8.DecodeLastRuneInString(s)
		if !decoration(r) && r != ' ' {
			break
		}
		s = s[:len(s)-n]
	}
	return s
}

// foldPrefix removes word from the start of s ignoring case (Unicode
// simple folding), and reports whether it was there as a whole word.
func foldPrefix(s, word string) (string, bool) {
	i := 0
	for _, w := range word {
		if i >= len(s) {
			return s, false
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r != w && unicode.ToLower(r) != w {
			return s, false
		}
		i += n
	}
	if i < len(s) {
		if r, _ := utf8.DecodeRuneInString(s[i:]); unicode.IsLetter(r) {
			return s, false
		}
	}
	return s[i:], true
}

// questionWords label a question; the first ones are the common ones.
var questionWords = []string{
	"question", "ques", "q", "pregunta", "frage", "pergunta", "domanda", "вопрос",
	"问题", "問題", "질문", "soru", "pytanie", "vraag", "scenario", "challenge", "exercise",
}

// answerWords label an answer.
var answerWords = []string{
	"answer", "ans", "a", "solution", "respuesta", "réponse", "reponse", "antwort", "resposta",
	"risposta", "ответ", "答案", "回答", "답변", "cevap", "odpowiedź", "antwoord", "svar", "jawaban",
}

// answerQualifiers come before an answer word: "Expected answer:",
// "Senior-Level Answer", "Sample Answer".
var answerQualifiers = []string{
	"expected", "sample", "short", "model", "suggested", "example", "ideal", "correct", "detailed",
	"simple", "brief", "full", "long", "best", "possible", "your", "my", "the", "interview",
	"senior-level", "senior", "junior", "natural", "final", "quick", "official", "proposed",
}

// questionLabel reads a decorated or translated question label: "🎯 Q1.
// How?", "Pregunta 3: ¿Qué?", "Q. Explain", "**Question:**" (already
// stripped of emphasis). It gives the number (0 when none) and the text
// after the label, which may be empty.
func questionLabel(s string) (num int, rest string, ok bool) {
	s = undecorate(s)
	for _, w := range questionWords {
		after, found := foldPrefix(s, w)
		if !found {
			continue
		}
		after, _ = spaces(after)
		n, afterNum, hasNum := number(after)
		if hasNum {
			after, _ = spaces(afterNum)
		} else if w != "q" && w != "ques" && strings.HasPrefix(after, "#") {
			// "Question #3:"
			if n, afterNum, hasNum = number(after[1:]); hasNum {
				after, _ = spaces(afterNum)
			}
		}
		for _, sep := range []string{":-", ":", ".", ")", "-", "–", "—"} {
			if !hasNum && sep != ":" && sep != ":-" && (sep != "." || w != "q") {
				continue
			}
			if r, cut := strings.CutPrefix(after, sep); cut {
				r, _ = spaces(r)
				return n, r, true
			}
		}
		if hasNum && after == "" {
			return n, "", true
		}
		return 0, "", false
	}
	return 0, "", false
}

// answerLabel reads an answer label: "A:", "Answer (Natural):", "Expected
// answer:", "✅ Answer", "Respuesta:", "**Answer**." It gives the text after
// the label, which may be empty. Bare "A" needs its colon; the words take a
// colon, a dash, a full stop or nothing.
func answerLabel(s string) (rest string, ok bool) {
	s = undecorate(s)
	after := s
	for range 3 {
		w, r := firstWord(after)
		if w == "" || !answerQualifierSet[lowerWord(w)] || !strings.HasPrefix(r, " ") {
			break
		}
		after, _ = spaces(r)
	}
	w, r := firstWord(after)
	if w == "" {
		return "", false
	}
	lw := lowerWord(w)
	if !answerWordSet[lw] {
		return "", false
	}
	r, _ = spaces(r)
	if strings.HasPrefix(r, "(") {
		// A qualifier in parentheses: "Answer (Natural):".
		if k := strings.IndexByte(r, ')'); k > 0 && k < 40 {
			r, _ = spaces(r[k+1:])
		}
	}
	if lw != "a" {
		// "Expected Answer Structure:", "Sample answer outline:".
		if t, tail := firstWord(r); answerTails[lowerWord(t)] {
			r, _ = spaces(tail)
		}
	}
	r = undecorate(r)
	for _, sep := range []string{":-", ":", "-", "–", "—", "."} {
		if lw == "a" && sep != ":" && sep != ":-" {
			continue
		}
		if t, cut := strings.CutPrefix(r, sep); cut {
			t, _ = spaces(t)
			return t, true
		}
	}
	if r == "" && (lw != "a" || after != s) {
		return "", true
	}
	return "", false
}

// firstWord splits off the word s starts with: letters, and hyphens
// between them ("Senior-Level").
func firstWord(s string) (word, rest string) {
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(r) && (r != '-' || i == 0) {
			break
		}
		i += n
	}
	return strings.TrimRight(s[:i], "-"), s[len(strings.TrimRight(s[:i], "-")):]
}

func wordSet(words []string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

var (
	answerWordSet      = wordSet(answerWords)
	answerQualifierSet = wordSet(answerQualifiers)
	answerTails        = wordSet([]string{"structure", "outline", "format", "points", "summary", "example"})
)

// startWords open a sentence that asks or sets a task.
var startWords = map[string]bool{
	"what": true, "what's": true, "whats": true, "why": true, "how": true, "how's": true, "when": true,
	"where": true, "which": true, "who": true, "whom": true, "whose": true, "is": true, "are": true,
	"was": true, "were": true, "can": true, "could": true, "do": true, "does": true, "did": true,
	"should": true, "would": true, "will": true, "shall": true, "have": true, "has": true, "may": true,
	"explain": true, "describe": true, "define": true, "compare": true, "contrast": true,
	"differentiate": true, "distinguish": true, "list": true, "name": true, "give": true, "tell": true,
	"walk": true, "discuss": true, "design": true, "write": true, "implement": true, "outline": true,
	"elaborate": true, "summarize": true, "summarise": true, "mention": true, "state": true,
	"identify": true, "illustrate": true, "demonstrate": true, "provide": true, "suppose": true,
	"imagine": true, "assume": true, "propose": true, "suggest": true, "recommend": true,
	"troubleshoot": true, "debug": true, "difference": true, "differences": true, "share": true,
	"talk": true,
	// Other languages.
	"qué": true, "que": true, "cómo": true, "como": true, "cuál": true, "cuáles": true, "cuándo": true,
	"dónde": true, "quién": true, "explique": true, "explica": true, "describa": true,
	"wie": true, "warum": true, "wann": true, "wo": true, "welche": true, "welcher": true,
	"erkläre": true, "erklären": true, "beschreibe": true, "pourquoi": true, "comment": true,
	"quel": true, "quelle": true, "quels": true, "quelles": true, "qu'est-ce": true, "expliquez": true,
	"décrivez": true, "qual": true, "quais": true, "porque": true, "cosa": true, "perché": true,
	"come": true, "quale": true, "spiega": true, "что": true, "как": true, "почему": true,
	"зачем": true, "какие": true, "какой": true, "объясните": true,
}

// asks reports text that reads as a question or an interview task: it asks
// ("?"), opens with a question word or a task verb ("Explain …"), or
// compares ("TCP vs UDP").
func asks(s string) bool {
	s = trimDecoration(s)
	if s == "" {
		return false
	}
	if strings.IndexByte(s, '?') >= 0 || hasNonASCII(s) && (strings.Contains(s, "？") || strings.Contains(s, "¿")) {
		return true
	}
	if startsWithWord(s) {
		return true
	}
	// "In your own words, explain …": a task after a lead-in.
	if i := strings.Index(s, ", "); i > 0 && i < 40 && startsWithWord(s[i+2:]) {
		return true
	}
	if !strings.Contains(s, " v") && !strings.Contains(s, " V") {
		return false
	}
	for _, vs := range []string{" vs ", " vs. ", " Vs ", " VS ", " versus ", " Versus "} {
		if strings.Contains(s, vs) {
			return true
		}
	}
	return false
}

func startsWithWord(s string) bool {
	w := s
	if i := strings.IndexAny(w, " ,:;"); i >= 0 {
		w = w[:i]
	}
	if len(w) > 16 {
		return false // longer than any of the words
	}
	w = lowerWord(w)
	// A task ("Create a pod called web") needs a few words: "Deploy" or
	// "Build stage" alone is a heading.
	return startWords[w] || taskWords[w] && len(strings.Fields(s)) >= 4
}

// taskWords open the exercises interview documents set: "Run a command to
// list the nodes", "Fix the following manifest".
var taskWords = map[string]bool{
	"run": true, "create": true, "check": true, "deploy": true, "fix": true, "place": true,
	"build": true, "configure": true, "set": true, "find": true, "add": true, "remove": true,
	"delete": true, "update": true, "install": true, "show": true, "use": true, "get": true,
	"make": true, "modify": true, "change": true, "rename": true, "scale": true, "expose": true,
	"roll": true, "migrate": true, "convert": true, "calculate": true, "count": true, "print": true,
	"generate": true, "draw": true, "verify": true, "test": true, "inspect": true, "start": true,
	"stop": true, "restart": true, "edit": true, "extract": true, "copy": true, "move": true,
	"mount": true, "backup": true, "restore": true, "upgrade": true, "schedule": true, "apply": true,
	"attach": true, "connect": true, "optimize": true, "reduce": true, "monitor": true, "secure": true,
	"enable": true, "disable": true, "prepare": true, "plan": true, "select": true, "choose": true,
	"sort": true, "analyze": true, "analyse": true, "investigate": true, "automate": true,
	"rewrite": true, "refactor": true, "review": true, "estimate": true, "evaluate": true,
}

// isIDHeading reports a heading that only numbers or names the question
// below it: "Question 12", "Scenario 3", "Q-001", "MLOPS-FINOPS-JN-01".
func isIDHeading(s string) (num int, ok bool) {
	s = trimDecoration(s)
	if i := strings.IndexByte(s, '('); i > 0 && strings.HasSuffix(s, ")") {
		// "Question 5 (Short Answer)": a note on the kind of question.
		s = strings.TrimSpace(s[:i])
	}
	if n, rest, found := questionLabel(s); found && rest == "" {
		return n, true
	}
	for _, w := range []string{"scenario", "exercise", "problem", "task", "case", "challenge", "question"} {
		if r, found := foldPrefix(s, w); found {
			r, _ = spaces(r)
			r = strings.TrimLeft(r, "#-")
			if n, rest, isNum := number(r); isNum && strings.Trim(rest, " :.") == "" {
				return n, true
			}
		}
	}
	switch strings.ToLower(strings.Trim(s, " :")) {
	case "challenge", "exercise", "bonus challenge", "practice exercise", "hands-on exercise", "your task", "task":
		// A closing practice section: the task is the line below.
		return 0, true
	}
	// An upper-case slug ending in a number.
	if len(s) < 4 || len(s) > 60 || strings.ContainsRune(s, ' ') {
		return 0, false
	}
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r >= 'A' && r <= 'Z', r == '-', r == '_', r == '.':
		default:
			return 0, false
		}
	}
	last := s[len(s)-1]
	if digits == 0 || last < '0' || last > '9' || !strings.ContainsAny(s, "-_") {
		return 0, false
	}
	i := len(s)
	for i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
		i--
	}
	n, _, _ := number(s[i:])
	return n, true
}

// isAnswerLabelOnly reports a line that is nothing but an answer label:
// "Answer", "✅ Senior-Level Answer", "Click to Expand Answer", "Show
// answer". A heading or <summary> like that marks where an answer begins.
func isAnswerLabelOnly(s string) bool {
	if len(s) > 120 {
		return false // longer than any label or phrase, decorations and all
	}
	if rest, ok := answerLabel(s); ok && rest == "" {
		return true
	}
	switch w, _ := firstWord(undecorate(s)); lowerWord(w) {
	case "click", "show", "reveal", "see", "view", "expand", "answer", "toggle":
	default:
		return false // the phrases below all start with one of these
	}
	l := strings.ToLower(trimDecoration(s))
	if utf8.RuneCountInString(l) > 40 {
		return false
	}
	for _, p := range []string{"click to expand answer", "click to see answer", "click to view answer",
		"click to reveal answer", "click for answer", "show answer", "show the answer", "reveal answer",
		"see answer", "view answer", "expand answer", "answer ⬇", "click here for answer", "toggle answer",
		"click to expand", "show solution", "see solution", "view solution"} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return false
}

// furniture reports page furniture in a document's text: "Back to Top 👆"
// links and the like, which are no part of any answer.
func furniture(s string) bool {
	if len(s) > 60 {
		return false // longer than any of them, decorations and all
	}
	l := strings.ToLower(strings.Trim(trimDecoration(s), " []()↑⬆^"))
	switch l {
	case "back to top", "go to top", "return to top", "scroll to top", "top", "back to contents",
		"back to table of contents", "back to toc", "back to index", "table of contents", "contents",
		"toc", "index":
		return true
	}
	return false
}

// hashtags reports a line of nothing but hashtags ("#DevOps #Kubernetes"),
// the tail of a social media post.
func hashtags(s string) bool {
	if s == "" || s[0] != '#' {
		return false
	}
	fields := strings.Fields(s)
	if len(fields) == 0 {
		return false
	}
	for _, f := range fields {
		if len(f) < 2 || f[0] != '#' || f[1] == '#' || f[1] == ' ' {
			return false
		}
	}
	return true
}

// contentsHeading reports a heading that introduces a table of contents.
func contentsHeading(s string) bool {
	l := strings.ToLower(strings.Trim(trimDecoration(s), " :"))
	return l == "table of contents" || l == "contents" || l == "toc" || l == "index" || l == "quick navigation"
}

// lowerWord lower-cases a short word, without allocating when it is ASCII.
func lowerWord(w string) string {
	var buf [16]byte
	if len(w) > len(buf) {
		return strings.ToLower(w)
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			return strings.ToLower(w)
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	if string(buf[:len(w)]) == w {
		return w
	}
	return string(buf[:len(w)])
}

func hasNonASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return true
		}
	}
	return false
}
