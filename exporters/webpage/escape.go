package webpage

import (
	"unicode/utf8"
)

// The page carries the deck as JSON inside <script type="application/json">.
// An HTML parser ends that element at the first "</script" whatever the JSON
// means, and "<!--" followed by "<script" switches it into a state where
// "</script>" no longer ends it; so no '<' may appear in the element at all.
// appendJSONString writes every '<', '>' and '&' as a \u escape (JSON.parse
// reads them back as the same characters), which rules out both. U+2028 and
// U+2029 are escaped too: they are valid in JSON but were line terminators
// in JavaScript string literals before ES2019, and some tools still choke.

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string literal, quotes included,
// safe to place in a script data block and in any HTML text or attribute
// context: it contains no '<', '>', '&', '\”, raw control character,
// U+2028 or U+2029. Invalid UTF-8 becomes U+FFFD.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' && c != '\'' && c != 0x7f {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\t':
				dst = append(dst, '\\', 't')
			case '\r':
				dst = append(dst, '\\', 'r')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += n
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += n
			start = i
			continue
		}
		i += n
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// appendHTML appends s as HTML text or a double-quoted attribute value:
// & < > " ' as character references, control characters but tab and line
// feed dropped (they are parse errors in HTML), invalid UTF-8 as U+FFFD.
func appendHTML(dst []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			var rep string
			switch {
			case c == '&':
				rep = "&amp;"
			case c == '<':
				rep = "&lt;"
			case c == '>':
				rep = "&gt;"
			case c == '"':
				rep = "&#34;"
			case c == '\'':
				rep = "&#39;"
			case c < 0x20 && c != '\t' && c != '\n', c == 0x7f:
				rep = ""
			default:
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			dst = append(dst, rep...)
			i++
			start = i
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, "\uFFFD"...)
			start = i + n
		}
		i += n
	}
	return append(dst, s[start:]...)
}
