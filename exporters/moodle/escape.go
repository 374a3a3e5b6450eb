package moodle

import (
	"unicode/utf8"
)

// Text reaches the writers in three layers, always in this order:
//
//  1. appendHTML turns plain model text into the HTML that Moodle stores
//     (both formats use the [html] / format="html" text format);
//  2. appendGIFT escapes that HTML for GIFT, or appendCDATA / appendXML
//     wraps it for Moodle XML.
//
// HTML-escaping first matters for GIFT beyond display: every '&' we emit
// starts "&amp;", "&lt;" or "&gt;", so the text can never contain "&&",
// the prefix of the placeholders Moodle's importer substitutes for escaped
// characters (qformat_gift::escapedchar_pre); and no source text can put a
// tag such as <script> or <table> in the file, which would make Moodle
// sniff a .gift upload as text/html and refuse it.

// xmlChar reports whether XML 1.0 allows r in a document (Char production).
// Go strings decode invalid bytes as U+FFFD and never yield surrogates, so
// only C0 controls and the two non-characters U+FFFE/U+FFFF remain to drop.
func xmlChar(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r < 0x20:
		return false
	case r == 0xFFFE || r == 0xFFFF:
		return false
	}
	return true
}

// lineBreak reports whether r ends a line in some reader: NEL and the
// Unicode line and paragraph separators are line ends for JavaScript-based
// GIFT tools, so they are written as <br> like '\n'.
func lineBreak(r rune) bool {
	return r == '\n' || r == 0x85 || r == 0x2028 || r == 0x2029
}

// appendHTML appends s as HTML text: & < > become entities, line breaks
// (\n, \r\n, lone \r, NEL, U+2028, U+2029) become <br>, characters XML 1.0
// forbids are dropped and invalid UTF-8 becomes U+FFFD. The result holds no
// raw newline, so a GIFT question stays on one physical line.
func appendHTML(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c == '&':
				b = append(b, "&amp;"...)
			case c == '<':
				b = append(b, "&lt;"...)
			case c == '>':
				b = append(b, "&gt;"...)
			case c == '\r':
				if i < len(s) && s[i] == '\n' {
					i++
				}
				b = append(b, "<br>"...)
			case c == '\n':
				b = append(b, "<br>"...)
			case !xmlChar(rune(c)):
				// dropped: Moodle XML cannot carry it and HTML has no use for it
			default:
				b = append(b, c)
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case lineBreak(r):
			b = append(b, "<br>"...)
		case !xmlChar(r):
		default:
			// An invalid byte decodes as (RuneError, 1) and is written as U+FFFD.
			b = utf8.AppendRune(b, r)
		}
	}
	return b
}

// htmlText returns appendHTML of s as a string.
func htmlText(s string) string { return string(appendHTML(nil, s)) }

// giftSpecial reports whether c must be backslash-escaped in GIFT text. The
// list is Moodle's own export (qformat_gift::repchar) and the GIFT docs:
// "Backslash escapes the special meaning of ~, =, #, {, }, and :".
func giftSpecial(c byte) bool {
	switch c {
	case '\\', '~', '=', '#', '{', '}', ':':
		return true
	}
	return false
}

// appendGIFT appends s escaped for any GIFT text piece (name, question
// text, answer, feedback): the specials get a backslash, a newline becomes
// the \n escape and a carriage return is dropped, as Moodle's exporter does,
// because GIFT has no escape for it and it would end the line.
func appendGIFT(b []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\n' && c != '\r' && !giftSpecial(c) {
			continue
		}
		b = append(b, s[start:i]...)
		start = i + 1
		switch c {
		case '\n':
			b = append(b, `\n`...)
		case '\r':
		default:
			b = append(b, '\\', c)
		}
	}
	return append(b, s[start:]...)
}

// giftEscape returns appendGIFT of s as a string.
func giftEscape(s string) string { return string(appendGIFT(nil, s)) }

// appendXML appends s as XML character data outside CDATA: & < > become
// entities, a carriage return becomes &#13; (a parser would otherwise turn
// it into \n), forbidden characters are dropped and invalid UTF-8 becomes
// U+FFFD. Quotes are left alone: this is never used inside an attribute.
func appendXML(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c == '&':
				b = append(b, "&amp;"...)
			case c == '<':
				b = append(b, "&lt;"...)
			case c == '>':
				b = append(b, "&gt;"...)
			case c == '\r':
				b = append(b, "&#13;"...)
			case !xmlChar(rune(c)):
			default:
				b = append(b, c)
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if xmlChar(r) {
			b = utf8.AppendRune(b, r)
		}
	}
	return b
}

// appendCDATA appends s as one or more CDATA sections that an XML parser
// reads back as s (minus forbidden characters, invalid UTF-8 as U+FFFD).
// "]]>" cannot appear inside CDATA, so it is split across two sections as
// "]]" + ">" (what Moodle's own export does); a carriage return is written
// between sections as &#13;, because inside CDATA a parser would normalise
// it to \n. An empty s writes nothing.
func appendCDATA(b []byte, s string) []byte {
	if s == "" {
		return b
	}
	b = append(b, "<![CDATA["...)
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c == ']' && i+1 < len(s) && s[i] == ']' && s[i+1] == '>':
				// "]]>": keep "]]" in this section, start the next with ">".
				b = append(b, "]]]]><![CDATA[>"...)
				i += 2
			case c == '\r':
				b = append(b, "]]>&#13;<![CDATA["...)
			case !xmlChar(rune(c)):
			default:
				b = append(b, c)
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if xmlChar(r) {
			b = utf8.AppendRune(b, r)
		}
	}
	return append(b, "]]>"...)
}
