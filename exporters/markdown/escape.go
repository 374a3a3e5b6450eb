package markdown

import (
	"strings"
	"unicode/utf8"
)

// escapeInline returns plain text s as Markdown inline text that GitHub
// (GFM) and Obsidian show as s and never read as markup:
//
//   - ASCII punctuation that starts markup anywhere gets a backslash:
//     \ ` * _ [ ] < > # | ~ $ & { } (emphasis, code, links, HTML, tags,
//     tables, strikethrough, math, entities, the spaced-repetition
//     plugin's {{cloze}});
//   - pairs that only mean something doubled are split: "::" (the plugin's
//     one-line card separator), "==" (highlight, setext underline), "%%"
//     (Obsidian comment) become ":\:", "=\=", "%\%"; "^" before text at a
//     line end (a block ID) is escaped everywhere;
//   - at the start of a line (after trimming the spaces that would make
//     it a code block): "-", "+" and a number followed by "." or ")" are
//     list markers, so the marker is escaped; a line that is only "?" or
//     "??" (the plugin's multi-line card separators) is escaped.
//
// Line breaks are kept (the caller decides what a line break is), other
// control characters are dropped and invalid UTF-8 becomes U+FFFD.
func escapeInline(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	lines := strings.Split(normalizeBreaks(s), "\n")
	for li, line := range lines {
		if li > 0 {
			b.WriteByte('\n')
		}
		line = strings.TrimLeft(line, " ")
		if t := strings.TrimSpace(line); t == "?" || t == "??" {
			b.WriteString(strings.ReplaceAll(t, "?", `\?`))
			continue
		}
		start := 0
		// A list marker at the start: "-", "+", or digits then "." / ")".
		if len(line) > 0 && (line[0] == '-' || line[0] == '+') {
			b.WriteByte('\\')
		} else {
			n := 0
			for n < len(line) && n < 9 && line[n] >= '0' && line[n] <= '9' {
				n++
			}
			if n > 0 && n < len(line) && (line[n] == '.' || line[n] == ')') {
				b.WriteString(line[:n])
				b.WriteByte('\\')
				start = n
			}
		}
		for i := start; i < len(line); {
			c := line[i]
			if c >= utf8.RuneSelf {
				r, w := utf8.DecodeRuneInString(line[i:])
				switch {
				case r == utf8.RuneError && w == 1:
					b.WriteRune(utf8.RuneError)
				case r >= 0x7f && r < 0xa0, r == 0xFFFE, r == 0xFFFF:
				default:
					b.WriteString(line[i : i+w])
				}
				i += w
				continue
			}
			switch {
			case strings.IndexByte("\\`*_[]<>#|~$&{}^", c) >= 0:
				b.WriteByte('\\')
				b.WriteByte(c)
			case (c == ':' || c == '=' || c == '%') && i > 0 && line[i-1] == c:
				b.WriteByte('\\')
				b.WriteByte(c)
			case c == '\t':
				b.WriteByte(' ')
			case c < 0x20 || c == 0x7f:
			default:
				b.WriteByte(c)
			}
			i++
		}
	}
	return b.String()
}

// normalizeBreaks turns \r\n, \r, NEL, U+2028 and U+2029 into \n.
func normalizeBreaks(s string) string {
	if !strings.ContainsAny(s, "\r\u0085\u2028\u2029") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.NewReplacer("\r", "\n", "\u0085", "\n", "\u2028", "\n", "\u2029", "\n").Replace(s)
}

// oneLine is escapeInline with line breaks as spaces, for headings.
func oneLine(s string) string {
	return escapeInline(strings.Join(strings.Fields(normalizeBreaks(s)), " "))
}

// fence returns a code fence longer than any run of backticks that starts
// a line of code (CommonMark closes a fence only with a run at least as
// long; the plugin closes at a line starting with the opening run).
func fence(code string) string {
	longest := 0
	for _, line := range strings.Split(code, "\n") {
		line = strings.TrimLeft(line, " ")
		n := 0
		for n < len(line) && line[n] == '`' {
			n++
		}
		longest = max(longest, n)
	}
	return strings.Repeat("`", max(3, longest+1))
}

// codeText returns code with line breaks as \n and characters Markdown
// files should not hold (other C0 controls, DEL, invalid UTF-8) removed or
// replaced; its white space is kept exactly.
func codeText(s string) string {
	s = normalizeBreaks(s)
	var b strings.Builder
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && w == 1:
			b.WriteRune(utf8.RuneError)
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r < 0x20 || (r >= 0x7f && r < 0xa0):
		default:
			b.WriteString(s[i : i+w])
		}
		i += w
	}
	return b.String()
}

// safeLang reports whether a code block's language can follow the fence
// as it is.
func safeLang(lang string) bool {
	if lang == "" || len(lang) > 32 {
		return false
	}
	for i := 0; i < len(lang); i++ {
		c := lang[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '+' || c == '-') {
			return false
		}
	}
	return true
}

// anchor makes an ID safe as an HTML id and a tag part: ASCII letters,
// digits, '-' and '_'; anything else becomes '-'.
func anchor(s string) string {
	b := []byte(s)
	for i, c := range b {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			b[i] = '-'
		}
	}
	if len(b) == 0 {
		return "q"
	}
	return string(b)
}
