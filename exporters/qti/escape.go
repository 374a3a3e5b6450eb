package qti

import (
	"github.com/xopsexport/xopsexport/exporters/internal/xmlchar"
	"unicode/utf8"
)

// Text reaches a QTI file in two steps, always in this order:
//
//  1. appendHTML turns plain model text into HTML (the question, the model
//     answer through answerhtml), as Canvas stores it;
//  2. appendXML escapes that HTML (or any plain value: titles, idents) as
//     XML character data or attribute value, so <mattext texttype="text/html">
//     holds "&lt;p&gt;…", exactly what Canvas writes in its own exports.
//
// Both drop what XML 1.0 cannot carry (C0 controls but tab and line ends,
// U+FFFE, U+FFFF) and turn invalid UTF-8 into U+FFFD, so no input can make
// a file a parser refuses.

// appendXML appends s escaped for XML character data and for attribute
// values in double quotes: & < > " become entities; a carriage return,
// tab or newline in an attribute would be normalised to a space by the
// parser, so they become character references; forbidden characters are
// dropped and invalid UTF-8 becomes U+FFFD.
func appendXML(b []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); {
		c, n, rep := s[i], 1, ""
		if c < utf8.RuneSelf {
			switch c {
			case '&':
				rep = "&amp;"
			case '<':
				rep = "&lt;"
			case '>':
				rep = "&gt;"
			case '"':
				rep = "&quot;"
			case '\r':
				rep = "&#13;"
			case '\t':
				rep = "&#9;"
			case '\n':
				rep = "&#10;"
			default:
				if xmlchar.Allowed(rune(c)) {
					i++
					continue
				}
			}
		} else {
			r, w := utf8.DecodeRuneInString(s[i:])
			n = w
			switch {
			case r == utf8.RuneError && w == 1:
				rep = "\uFFFD"
			case !xmlchar.Allowed(r):
			default:
				i += w
				continue
			}
		}
		b = append(b, s[start:i]...)
		b = append(b, rep...)
		i += n
		start = i
	}
	return append(b, s[start:]...)
}

// appendHTML appends plain text s as HTML text: & < > become entities,
// characters XML forbids are dropped, invalid UTF-8 becomes U+FFFD, and
// white space is kept as it is (inside <pre> it matters). It is the
// escaper handed to answerhtml.Append.
func appendHTML(b []byte, s string) []byte { return appendHTMLText(b, s, false) }

// appendHTMLLines is appendHTML with line breaks (\r\n, \r, \n) as <br>,
// for text outside <pre> whose lines must show: the question.
func appendHTMLLines(b []byte, s string) []byte { return appendHTMLText(b, s, true) }

func appendHTMLText(b []byte, s string, br bool) []byte {
	start := 0
	for i := 0; i < len(s); {
		c, n, rep := s[i], 1, ""
		if c < utf8.RuneSelf {
			switch {
			case c == '&':
				rep = "&amp;"
			case c == '<':
				rep = "&lt;"
			case c == '>':
				rep = "&gt;"
			case br && c == '\r':
				if i+1 < len(s) && s[i+1] == '\n' {
					n = 2
				}
				rep = "<br>"
			case br && c == '\n':
				rep = "<br>"
			case xmlchar.Allowed(rune(c)):
				i++
				continue
			}
		} else {
			r, w := utf8.DecodeRuneInString(s[i:])
			n = w
			switch {
			case r == utf8.RuneError && w == 1:
				rep = "\uFFFD"
			case !xmlchar.Allowed(r):
			default:
				i += w
				continue
			}
		}
		b = append(b, s[start:i]...)
		b = append(b, rep...)
		i += n
		start = i
	}
	return append(b, s[start:]...)
}

// ident makes s usable as an XML ID (the manifest's identifiers are xs:ID,
// so an NCName): ASCII letters, digits, '-', '_' and '.' are kept, anything
// else becomes '_', and a name that does not start with a letter or '_'
// gets the "x" prefix. Question IDs are already of this form ("cloudops-9d4e8ac8").
func ident(s string) string {
	b := make([]byte, 0, len(s)+1)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '_', c == '.':
			b = append(b, c)
		default:
			b = append(b, '_')
		}
	}
	if len(b) == 0 || !(b[0] == '_' || 'a' <= b[0] && b[0] <= 'z' || 'A' <= b[0] && b[0] <= 'Z') {
		b = append([]byte("x"), b...)
	}
	return string(b)
}
