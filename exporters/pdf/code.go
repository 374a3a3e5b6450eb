package pdf

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Code blocks: the mono Go font on a light box, whitespace kept, tabs
// expanded, and every line that is too wide for the column wrapped inside
// the box (never cut off and never off the page).
const (
	codeTab  = 4   // tab stops every 4 columns
	codePadX = 1.5 // box edge to text, mm
	codePadY = 1.0
)

// codeStyle is the style of code set next to text in st: the mono face a
// little smaller than the text (mono runs wide), but never below the 7 pt
// floor of the smallest layouts.
func codeStyle(st style) style {
	size := max(st.size*0.9, 7)
	if st.size < 7 {
		size = st.size
	}
	return style{face: mono, size: size, colour: black, lead: size * ptToMM * 1.3}
}

// codeBlocks lays out a code sample as one block per printed line, each
// drawing its own slice of the box, so a long sample splits over columns,
// pages and cards like a paragraph does. It starts at x in a column width
// mm wide, with gap above.
func (doc *document) codeBlocks(st style, text string, x, width, gap float64) []block {
	cs := codeStyle(st)
	inner := width - x - 2*codePadX
	lines := doc.codeLines(cs, text, inner)
	if len(lines) == 0 {
		return nil
	}
	blocks := make([]block, len(lines))
	for i, l := range lines {
		h, top := cs.lead, 0.0
		if i == 0 {
			h += codePadY
			top = codePadY
		}
		if i == len(lines)-1 {
			h += codePadY
		}
		ops := []op{{kind: opRect, colour: codeBg, x: x, y: 0, w: width - x, h: h}}
		if l.text != "" {
			ops = append(ops, doc.text(cs, x+codePadX+l.indent, top+cs.baseline(), l.text))
		}
		blocks[i] = block{h: h, ops: ops}
	}
	blocks[0].gap = gap
	if n := len(blocks); n >= 2 {
		blocks[0].keep = true
		blocks[n-2].keep = true
	}
	return blocks
}

// codeLine is one printed line of code: text drawn indent mm from the
// box's text edge (leading spaces become the indent, so the drawn text
// starts with ink).
type codeLine struct {
	text   string
	indent float64
}

// codeLines splits code into printed lines no wider than width mm in cs:
// source lines as they are, with tabs expanded to the next stop and
// characters the fonts lack replaced as in running text; a line too wide
// continues on the next printed line, indented two columns more than it.
func (doc *document) codeLines(cs style, text string, width float64) []codeLine {
	text = strings.TrimRight(text, "\n\r \t")
	if strings.TrimSpace(text) == "" {
		return nil
	}
	space := doc.m.width(cs.face, cs.size, " ")
	maxUnits := int(width / (cs.size * ptToMM) * 1000)
	var out []codeLine
	for _, src := range strings.Split(text, "\n") {
		line := doc.cl.code(expandTabs(strings.TrimRight(src, "\r")))
		body := strings.TrimLeft(line, " ")
		if body == "" {
			out = append(out, codeLine{})
			continue
		}
		lead := len(line) - len(body) // leading spaces, one column each
		// Deep indentation keeps at most half the box, so there is always
		// room for text.
		indent := min(float64(lead)*space, width/2)
		first := true
		for body != "" {
			room := maxUnits - int(indent/(cs.size*ptToMM)*1000)
			piece, rest := cutCode(body, room, func(s string) int { return doc.m.units(cs.face, s) })
			out = append(out, codeLine{text: piece, indent: indent})
			body = strings.TrimLeft(rest, " ")
			if first {
				first = false
				indent = min(indent+2*space, width/2)
			}
		}
	}
	return out
}

// cutCode returns the longest prefix of s no wider than maxUnits, broken
// after the last space in its second half if there is one, and the rest.
// At least one character is always taken, so the caller makes progress.
func cutCode(s string, maxUnits int, units func(string) int) (string, string) {
	if units(s) <= maxUnits {
		return s, ""
	}
	end, w, lastSpace := 0, 0, -1
	for i, r := range s {
		rw := units(string(r))
		if w+rw > maxUnits && i > 0 {
			break
		}
		if r == ' ' {
			lastSpace = i
		}
		w += rw
		end = i + len(string(r))
	}
	if lastSpace > end/2 {
		return strings.TrimRight(s[:lastSpace], " "), s[lastSpace:]
	}
	return s[:end], s[end:]
}

// expandTabs replaces each tab by the spaces up to the next tab stop.
func expandTabs(s string) string {
	if !strings.Contains(s, "\t") {
		return s
	}
	var b strings.Builder
	col := 0
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		if r == '\t' {
			k := codeTab - col%codeTab
			b.WriteString(strings.Repeat(" ", k))
			col += k
		} else {
			b.WriteString(s[:n]) // the bytes as they are: invalid UTF-8 stays invalid for code to mark
			col++
		}
		s = s[n:]
	}
	return b.String()
}

// code cleans one line of code like text does, but keeps every space (a
// run of spaces is alignment in code) and trims only the end.
func (c *cleaner) code(s string) string {
	if !isASCII(s) {
		s = norm.NFC.String(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		s = s[n:]
		if r == utf8.RuneError && n <= 1 {
			b.WriteString(placeholder) // invalid UTF-8, as in running text
			continue
		}
		b.WriteString(c.subst(r))
	}
	return strings.TrimRight(b.String(), " ")
}
