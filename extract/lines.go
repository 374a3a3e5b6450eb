package extract

import (
	"html"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// lineBlocks splits text into blocks, one per line; markdown turns on the
// Markdown syntax: headings, fenced and indented code, tables, block
// quotes and the raw HTML READMEs embed (<details>, <summary>, <h1>).
func lineBlocks(s string, markdown bool) []block {
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(s)
	}
	sc := &lineScanner{lines: strings.Split(s, "\n"), md: markdown}
	sc.blocks = make([]block, 0, len(sc.lines))
	for i := 0; i < len(sc.lines); {
		i = sc.scan(i)
	}
	return joinParagraphs(markOptions(sc.blocks), markdown)
}

// lineScanner is the state of one pass over a document's lines.
type lineScanner struct {
	lines  []string
	md     bool
	blocks []block
	// details counts the open <details> elements; inAnswer is set once
	// the innermost one's <summary> has passed: what follows is its
	// answer, headings and all.
	details  int
	inAnswer bool
	// listCtx: the last non-blank line was a list item or indented under
	// one, so an indented line continues it rather than starting code.
	listCtx bool
	// prevBlank: the line before was blank (or there was none).
	prevBlank bool
}

func (sc *lineScanner) add(b block) {
	b.inAnswer = b.inAnswer || sc.inAnswer
	sc.blocks = append(sc.blocks, b)
}

// cleanLine turns copy-paste spaces into plain ones, for every line that
// is not code.
func cleanLine(raw string) string {
	for i := 0; i < len(raw); i++ {
		// Only a tab or one of spaceReplacer's runes needs replacing;
		// most lines have none and are returned as they are.
		switch c := raw[i]; {
		case c == '\t':
			return spaceReplacer.Replace(raw)
		case c < 0xC2 || i+1 >= len(raw):
		case c == 0xC2 && raw[i+1] == 0xA0, // U+00A0
			c == 0xE2 && raw[i+1] == 0x80 && i+2 < len(raw) && strings.IndexByte("\x87\x8b\x8c\x8d\xaf", raw[i+2]) >= 0, // U+2007, U+200B–D, U+202F
			c == 0xE3 && raw[i+1] == 0x80 && i+2 < len(raw) && raw[i+2] == 0x80,                                         // U+3000
			c == 0xEF && raw[i+1] == 0xBB && i+2 < len(raw) && raw[i+2] == 0xBF:                                         // U+FEFF
			return spaceReplacer.Replace(raw)
		}
	}
	return raw
}

// indentOf counts the leading columns of raw, a tab as four.
func indentOf(raw string) int {
	n := 0
	for i := 0; i < len(raw); i++ {
		switch raw[i] {
		case ' ':
			n++
		case '\t':
			n += 4 - n%4
		default:
			return n
		}
	}
	return n
}

// scan reads the block starting at line i and returns the next line.
func (sc *lineScanner) scan(i int) int {
	raw := sc.lines[i]
	no := i + 1
	t := strings.TrimSpace(cleanLine(raw))
	if t == "" {
		sc.add(block{kind: bBlank, line: no})
		sc.prevBlank = true
		return i + 1
	}
	wasBlank := sc.prevBlank
	sc.prevBlank = false
	indent := indentOf(raw)
	if sc.md {
		if fence, ok := fenceOpen(t); ok {
			return sc.fenced(i, fence, indent, t)
		}
		if indent >= 4 && wasBlank && !sc.listCtx && len(sc.blocks) > 0 {
			if next, ok := sc.indented(i); ok {
				return next
			}
		}
		if j, ok := sc.table(i, t); ok {
			sc.listCtx = false
			return j
		}
		if j, ok := sc.unfenced(i, t); ok {
			return j
		}
	}
	sc.line(t, no, indent)
	return i + 1
}

// fenceOpen reports a code fence line: ``` or ~~~ (three or more), with
// its info string.
func fenceOpen(t string) (string, bool) {
	if !strings.HasPrefix(t, "```") && !strings.HasPrefix(t, "~~~") {
		return "", false
	}
	n := 0
	for n < len(t) && t[n] == t[0] {
		n++
	}
	if t[0] == '`' && strings.IndexByte(t[n:], '`') >= 0 {
		return "", false // inline code such as ```x```, not a fence
	}
	return t[:n], true
}

// fenced reads a fenced code block: everything to the closing fence (or
// the end), whitespace kept, less the fence's own indentation.
func (sc *lineScanner) fenced(i int, fence string, indent int, t string) int {
	lang := strings.TrimSpace(t[len(fence):])
	if k := strings.IndexAny(lang, " \t{,"); k >= 0 {
		lang = lang[:k]
	}
	var code []string
	j := i + 1
	for ; j < len(sc.lines); j++ {
		l := strings.TrimSpace(sc.lines[j])
		if strings.HasPrefix(l, fence) && strings.Trim(l, fence[:1]) == "" {
			j++
			// A fence nested in a fence ("```python" inside "```")
			// leaves a second closing line right after the first: it
			// closes nothing and must not open a block that swallows
			// the rest of the document.
			if j < len(sc.lines) && strings.TrimSpace(sc.lines[j]) == l && nestedFence(code, fence) {
				j++
			}
			break
		}
		code = append(code, dedent(sc.lines[j], indent))
	}
	sc.code(code, lang, i+1)
	return j
}

// nestedFence reports a fence line with an info string inside code: an
// inner block the author meant to open ("```python").
func nestedFence(code []string, fence string) bool {
	for _, l := range code {
		if l = strings.TrimSpace(l); strings.HasPrefix(l, fence) && len(l) > len(fence) && l[len(fence)] != fence[0] {
			return true
		}
	}
	return false
}

// code adds a code block, without its leading and trailing blank lines.
func (sc *lineScanner) code(lines []string, lang string, no int) {
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	for k, l := range lines {
		lines[k] = strings.TrimRight(l, " \t")
	}
	text := strings.Join(lines, "\n")
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\ufffd")
	}
	if text != "" {
		sc.add(block{kind: bCode, text: text, lang: lang, line: no})
	}
}

// dedent removes up to n columns of leading spaces from raw.
func dedent(raw string, n int) string {
	i := 0
	for i < len(raw) && i < n && raw[i] == ' ' {
		i++
	}
	return raw[i:]
}

// indented reads an indented code block: lines indented four columns or
// more after a blank line, outside a list. Prose indented by habit (an
// answer pushed right) is not code, so the block must look like code.
func (sc *lineScanner) indented(i int) (int, bool) {
	var code []string
	j := i
	for ; j < len(sc.lines); j++ {
		raw := sc.lines[j]
		if strings.TrimSpace(raw) != "" && indentOf(raw) < 4 {
			break
		}
		code = append(code, dedent(strings.ReplaceAll(raw, "\t", "    "), 4))
	}
	if !looksLikeCode(code) {
		return i, false
	}
	sc.code(code, "", i+1)
	for j > i && strings.TrimSpace(sc.lines[j-1]) == "" {
		j-- // the blank lines after it are breaks again
	}
	return j, true
}

// unfenced reads code pasted without a fence: a "# comment" line (which
// Markdown would take for a heading) directly followed by lines of code,
// such as a Dockerfile or a shell script. The run up to the next blank
// line is one code block.
func (sc *lineScanner) unfenced(i int, t string) (int, bool) {
	if !strings.HasPrefix(t, "# ") || i+1 >= len(sc.lines) {
		return i, false
	}
	next := strings.TrimSpace(sc.lines[i+1])
	if next == "" || strings.HasPrefix(next, "#") || !looksLikeCode([]string{next}) {
		return i, false
	}
	j := i
	for j < len(sc.lines) && strings.TrimSpace(sc.lines[j]) != "" {
		j++
	}
	code := slices.Clone(sc.lines[i:j])
	if !looksLikeCode(code) {
		return i, false
	}
	sc.code(code, "", i+1)
	return j, true
}

// codeWords open a line of shell, Dockerfile or a config language.
var codeWords = map[string]bool{
	"kubectl": true, "docker": true, "helm": true, "terraform": true, "aws": true, "az": true,
	"gcloud": true, "git": true, "sudo": true, "apt": true, "apt-get": true, "yum": true, "dnf": true,
	"pip": true, "npm": true, "go": true, "make": true, "curl": true, "wget": true, "cd": true,
	"ls": true, "cat": true, "echo": true, "export": true, "ssh": true, "systemctl": true,
	"journalctl": true, "chmod": true, "chown": true, "grep": true, "ps": true, "top": true,
	"FROM": true, "RUN": true, "COPY": true, "CMD": true, "ENTRYPOINT": true, "ENV": true,
	"WORKDIR": true, "EXPOSE": true, "ADD": true, "ARG": true, "USER": true, "apiVersion:": true,
	"kind:": true, "metadata:": true, "spec:": true, "def": true, "import": true, "func": true,
	"package": true, "resource": true, "provider": true, "variable": true, "module": true,
	"SELECT": true, "$": true, "#": true, "//": true,
}

// looksLikeCode reports lines that read as code: most of them start with
// a command or keyword, or hold the punctuation code is made of.
func looksLikeCode(lines []string) bool {
	n, code := 0, 0
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		n++
		first := t
		if k := strings.IndexByte(first, ' '); k >= 0 {
			first = first[:k]
		}
		switch {
		case codeWords[first], strings.HasPrefix(t, "$ "), strings.HasPrefix(t, "#"):
			code++
		case strings.ContainsAny(t, "{}=;<>|\\") || strings.HasSuffix(t, ":") || strings.HasPrefix(t, "- "):
			code++
		}
	}
	return n > 0 && code*2 >= n
}

// line reads one line that is not code or a table.
func (sc *lineScanner) line(t string, no, indent int) {
	quote := false
	if sc.md {
		for strings.HasPrefix(t, ">") {
			t, quote = strings.TrimSpace(t[1:]), true
		}
		if t == "" {
			sc.add(block{kind: bBlank, line: no})
			return
		}
		if strings.IndexByte(t, '<') >= 0 {
			var done bool
			if t, done = sc.html(t, no); done {
				return
			}
		}
		if sc.mdSyntax(t, no) {
			sc.listCtx = false
			return
		}
	}
	if item, ok := parseBullet(t); ok {
		text := cleanText(item)
		if sc.md {
			text = inline(item)
		}
		if text != "" {
			sc.add(block{kind: bBullet, text: text, line: no, indent: indent, quote: quote, bold: sc.md && wholeBold(checkbox(item))})
		}
		sc.listCtx = true
		return
	}
	b := block{kind: bText, text: cleanText(t), line: no, indent: indent, quote: quote}
	if sc.md {
		// "**1. Design:**" is bold; "1. **Design**" is a numbered item.
		b.bold = wholeBold(t)
		b.lead = strings.HasPrefix(t, "**") && len(t) > 2 && t[2] >= '0' && t[2] <= '9'
		b.text = inline(t)
		if strings.ContainsAny(t, "[<") && furniture(b.text) {
			return // a "Back to top" link
		}
	}
	if b.text == "" || hashtags(b.text) {
		return
	}
	_, _, numbered := parseNum(b.text)
	sc.listCtx = numbered || (sc.listCtx && indent >= 2)
	sc.add(b)
}

// mdSyntax reads a Markdown heading, setext underline or rule.
func (sc *lineScanner) mdSyntax(t string, no int) bool {
	if level, text, ok := atxHeading(t); ok {
		sc.add(block{kind: bHeading, level: level, text: inline(text), line: no})
		return true
	}
	if isSetext(t) && len(sc.blocks) > 0 && sc.blocks[len(sc.blocks)-1].kind == bText {
		prev := &sc.blocks[len(sc.blocks)-1]
		prev.kind, prev.level = bHeading, 1
		if t[0] == '-' {
			prev.level = 2
		}
		return true
	}
	if isRule(t) {
		sc.add(block{kind: bBlank, line: no})
		return true
	}
	return false
}

// atxHeading reads "## Heading ##": one to six "#", white space, the text,
// and optionally a closing run of "#" after white space. It is the
// regexp ^(#{1,6})\s+(.*?)(?:\s+#+)?$ (mdHeadingSpec in the tests) by
// hand, as it runs on every line.
func atxHeading(t string) (level int, text string, ok bool) {
	for level < len(t) && t[level] == '#' {
		level++
	}
	if level == 0 || level > 6 || level == len(t) || !isSpaceByte(t[level]) {
		return 0, "", false
	}
	text = strings.TrimLeft(t[level:], " \t\n\r\f")
	// A closing sequence: "#"s at the end, with white space before them.
	end := len(text)
	for end > 0 && text[end-1] == '#' {
		end--
	}
	if end < len(text) {
		k := end
		for k > 0 && isSpaceByte(text[k-1]) {
			k--
		}
		if k < end {
			text = text[:k]
		}
	}
	return level, text, true
}

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

// wholeBold reports a line that is bold from start to end: "**What?**".
func wholeBold(t string) bool {
	for _, m := range []string{"**", "__"} {
		if len(t) > 4 && strings.HasPrefix(t, m) && strings.HasSuffix(t, m) {
			return !strings.Contains(t[2:len(t)-2], m) || strings.Count(t, m) == 2
		}
	}
	return false
}

// checkbox removes a task-list box: "[ ] Question" and "[x] Question".
func checkbox(item string) string {
	if len(item) >= 3 && item[0] == '[' && item[2] == ']' && (item[1] == ' ' || item[1] == 'x' || item[1] == 'X') {
		rest, _ := spaces(item[3:])
		return rest
	}
	return item
}

// htmlTag matches the HTML tags Markdown documents embed. Only known tag
// names: a literal placeholder such as <name> is text, not a tag.
var htmlTag = regexp.MustCompile(`(?i)</?(?:a|abbr|b|big|blockquote|br|center|code|dd|del|details|div|dl|dt|em|font|h[1-6]|hr|i|img|ins|kbd|li|mark|ol|p|picture|pre|s|samp|small|source|span|strike|strong|sub|summary|sup|table|tbody|td|th|thead|tr|tt|u|ul|var)(?:\s[^<>]*)?/?>`)

// htmlHeadingLine is a whole line that is one HTML heading.
var htmlHeadingLine = regexp.MustCompile(`(?i)^<h([1-6])(?:\s[^<>]*)?>(.*?)</h[1-6]>$`)

// badgeTag is an element that decorates a question: a difficulty badge,
// a tag, an arrow icon.
var badgeTag = regexp.MustCompile(`(?i)<(span|small|kbd|img|i|sup|code)\s[^<>]*class\s*=\s*"[^"]*\b(badge|tag|label|chip|pill|difficulty|level|icon|arrow|chevron|toggle|beginner|intermediate|advanced|easy|medium|hard)\b[^"]*"[^<>]*>[^<]*(</(span|small|kbd|i|sup|code)>)?`)

// html reads the raw HTML on a Markdown line: <details> and <summary>
// track where answers are, a <summary> that asks is a question, an <hN>
// line is a heading; other tags are dropped. done reports the line was
// used up.
func (sc *lineScanner) html(t string, no int) (rest string, done bool) {
	lower := strings.ToLower(t)
	if m := htmlHeadingLine.FindStringSubmatch(t); m != nil {
		text := inline(stripTags(m[2]))
		if text != "" {
			sc.add(block{kind: bHeading, level: int(m[1][0] - '0'), text: text, line: no})
		}
		return "", true
	}
	opened := strings.Count(lower, "<details")
	closed := strings.Count(lower, "</details>")
	if opened > 0 {
		sc.details += opened
		sc.inAnswer = false
	}
	if i := strings.Index(lower, "<summary"); i >= 0 {
		if j := strings.IndexByte(t[i:], '>'); j >= 0 {
			body := t[i+j+1:]
			after := ""
			if k := strings.Index(strings.ToLower(body), "</summary>"); k >= 0 {
				body, after = body[:k], body[k+len("</summary>"):]
			}
			if q := summaryText(body); q != "" && !isAnswerLabelOnly(q) {
				sc.add(block{kind: bQuestion, text: q, line: no})
			}
			sc.inAnswer = sc.details > 0
			t = t[:i] + " " + after
		}
	}
	if closed > 0 {
		sc.details = max(0, sc.details-closed)
		sc.inAnswer = false
	}
	t = strings.TrimSpace(stripTags(t))
	if t == "" || furniture(t) {
		sc.add(block{kind: bBlank, line: no})
		return "", true
	}
	return t, false
}

// summaryText is a <summary>'s question: badges, arrows and tags gone.
func summaryText(body string) string {
	body = badgeTag.ReplaceAllString(body, " ")
	q := inline(stripTags(body))
	return trimDecoration(stripDifficulty(q))
}

// stripTags drops the known HTML tags and decodes entities.
func stripTags(t string) string {
	if strings.IndexByte(t, '<') >= 0 {
		t = htmlTag.ReplaceAllString(t, " ")
	}
	if strings.IndexByte(t, '&') >= 0 {
		t = html.UnescapeString(t)
	}
	return t
}

// difficulties are the badge words decorated questions end with.
var difficulties = []string{"easy", "medium", "hard", "beginner", "intermediate", "advanced", "basic", "expert"}

// stripDifficulty removes a trailing difficulty word a badge left behind
// after a question that asks: "What is X? Medium" reads "What is X?".
func stripDifficulty(q string) string {
	i := strings.LastIndexAny(q, "?？")
	if i < 0 {
		return q
	}
	tail := strings.ToLower(strings.Trim(q[i+1:], " ()[]|-–—·•"))
	tail = strings.TrimSpace(trimDecoration(tail))
	if tail == "" {
		return strings.TrimSpace(q[:i+1])
	}
	for _, d := range difficulties {
		if tail == d {
			return strings.TrimSpace(q[:i+1])
		}
	}
	return q
}

// markOptions turns a quiz's options ("a) …", "B. …", "(c) …") into list
// items that keep their letters: two or more in sequence from a or A.
func markOptions(blocks []block) []block {
	for i := 0; i < len(blocks); i++ {
		if letter, ok := optionLetter(blocks[i]); !ok || (letter != 'a' && letter != 'A') {
			continue
		}
		// Find the run: b, c, d … with only blank lines between.
		run := []int{i}
		want := blocks[i].text[0]
		if want == '(' {
			want = blocks[i].text[1]
		}
		for j := i + 1; j < len(blocks); j++ {
			if blocks[j].kind == bBlank {
				continue
			}
			l, ok := optionLetter(blocks[j])
			if !ok || l != want+byte(len(run)) {
				break
			}
			run = append(run, j)
		}
		if len(run) < 2 {
			continue
		}
		for _, k := range run {
			blocks[k].kind, blocks[k].option = bBullet, true
		}
		i = run[len(run)-1]
	}
	return blocks
}

// optionLetter reads the letter of a quiz option line.
func optionLetter(b block) (byte, bool) {
	if b.kind != bText || len(b.text) < 4 {
		return 0, false
	}
	s := b.text
	if s[0] == '(' {
		s = s[1:]
		if len(s) < 3 || s[1] != ')' {
			return 0, false
		}
	} else if s[1] != ')' && s[1] != '.' {
		return 0, false
	}
	c := s[0]
	if (c < 'a' || c > 'h') && (c < 'A' || c > 'H') || s[2] != ' ' {
		return 0, false
	}
	return c, true
}

// table reads a Markdown table starting at line i: a row with pipes, a
// delimiter row, then rows to the first line without a pipe.
func (sc *lineScanner) table(i int, t string) (int, bool) {
	if strings.IndexByte(t, '|') < 0 || i+1 >= len(sc.lines) || !isDelimiterRow(strings.TrimSpace(sc.lines[i+1])) {
		return i, false
	}
	rows := [][]string{splitRow(t)}
	j := i + 2
	for ; j < len(sc.lines); j++ {
		l := strings.TrimSpace(cleanLine(sc.lines[j]))
		if l == "" || strings.IndexByte(l, '|') < 0 {
			break
		}
		rows = append(rows, splitRow(l))
	}
	for _, b := range tableBlocks(rows, i+1) {
		sc.add(b)
	}
	return j, true
}

// isDelimiterRow reports a table's |---|:--:| line.
func isDelimiterRow(t string) bool {
	t = strings.Trim(t, "|")
	if !strings.Contains(t, "-") {
		return false
	}
	for _, c := range strings.Split(t, "|") {
		c = strings.TrimSpace(c)
		if strings.Trim(c, ":-") != "" || !strings.Contains(c, "-") {
			return false
		}
	}
	return true
}

// splitRow splits a table row on the pipes that are not escaped or inside
// code spans, and cleans each cell; "<br>" in a cell becomes a new line.
func splitRow(t string) []string {
	t = strings.TrimSpace(t)
	t = strings.TrimPrefix(t, "|")
	if strings.HasSuffix(t, "|") && !strings.HasSuffix(t, "\\|") {
		t = t[:len(t)-1]
	}
	var cells []string
	var cur strings.Builder
	inCode := false
	for k := 0; k < len(t); k++ {
		c := t[k]
		switch {
		case c == '\\' && k+1 < len(t) && t[k+1] == '|':
			cur.WriteByte('|')
			k++
		case c == '`':
			inCode = !inCode
			cur.WriteByte(c)
		case c == '|' && !inCode:
			cells = append(cells, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(c)
		}
	}
	cells = append(cells, cur.String())
	for k, c := range cells {
		cells[k] = cellText(c)
	}
	return cells
}

var brTag = regexp.MustCompile(`(?i)<br\s*/?>`)

// cellText cleans a Markdown table cell, keeping its <br> line breaks.
func cellText(c string) string {
	parts := brTag.Split(c, -1)
	for k, p := range parts {
		parts[k] = inline(stripTags(p))
	}
	return strings.Join(parts, "\n")
}
