package moodle

import (
	"bytes"
	"github.com/xopsexport/xopsexport/exporters/internal/xmlchar"
	"slices"
	"unicode/utf8"
)

// Text reaches a file in two steps, always in this order:
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
// sniff a .gift upload as text/html and refuse it. (The tables we write
// ourselves are spelled so that it does not: see unsniffable in gift.go.)

// lineBreak reports whether r ends a line in some reader: NEL and the
// Unicode line and paragraph separators are line ends for JavaScript-based
// GIFT tools, so they are written as <br> like '\n'.
func lineBreak(r rune) bool {
	return r == '\n' || r == 0x85 || r == 0x2028 || r == 0x2029
}

// appendHTML appends s as HTML text: & < > become entities, line breaks
// (\n, \r\n, lone \r, NEL, U+2028, U+2029) become <br>, characters XML 1.0
// forbids and DEL are dropped and invalid UTF-8 becomes U+FFFD. The result holds no
// raw newline, so a GIFT question stays on one physical line.
func appendHTML(b []byte, s string) []byte {
	b = slices.Grow(b, len(s)+len(s)/16)
	start := 0 // s[start:i] is a run copied as it is
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
			case '\r':
				if i+1 < len(s) && s[i+1] == '\n' {
					n = 2
				}
				rep = "<br>"
			case '\n':
				rep = "<br>"
			default:
				if xmlchar.Allowed(rune(c)) && c != 0x7f {
					i++
					continue
				}
				// Dropped: Moodle XML cannot carry C0 controls, and a DEL
				// makes PHP's finfo (and file(1)) take a .gift upload for
				// binary data, which Moodle refuses; HTML has no use for either.
			}
		} else {
			r, w := utf8.DecodeRuneInString(s[i:])
			n = w
			switch {
			case r == utf8.RuneError && w == 1:
				rep = "\uFFFD"
			case lineBreak(r):
				rep = "<br>"
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

// htmlText returns appendHTML of s as a string.
func htmlText(s string) string { return string(appendHTML(nil, s)) }

// giftSpecial reports whether c must be backslash-escaped in GIFT text. The
// list is Moodle's own export (qformat_gift::repchar) and the GIFT docs:
// "Backslash escapes the special meaning of ~, =, #, {, }, and :".
func giftSpecial(c byte) bool { return giftSpecials[c] }

var giftSpecials = [256]bool{'\\': true, '~': true, '=': true, '#': true, '{': true, '}': true, ':': true}

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
	return appendXMLish(b, s, false)
}

// appendCDATA appends s as one or more CDATA sections that an XML parser
// reads back as s (minus forbidden characters, invalid UTF-8 as U+FFFD).
// "]]>" cannot appear inside CDATA, so it is split across two sections as
// "]]" + ">" (what Moodle's own export does); a carriage return is written
// between sections as &#13;, because inside CDATA a parser would normalise
// it to \n. An empty s writes nothing. (HTML from appendHTML never holds
// "]]>", its '>' being escaped; the split guards every other caller.)
func appendCDATA(b []byte, s string) []byte {
	if s == "" {
		return b
	}
	b = append(b, "<![CDATA["...)
	b = appendXMLish(b, s, true)
	return append(b, "]]>"...)
}

// appendXMLish is the body of appendXML and appendCDATA.
func appendXMLish(b []byte, s string, cdata bool) []byte {
	b = slices.Grow(b, len(s)+16)
	start := 0 // s[start:i] is a run copied as it is
	for i := 0; i < len(s); {
		c, n, rep := s[i], 1, ""
		if c < utf8.RuneSelf {
			switch {
			case c == '\r' && cdata:
				rep = "]]>&#13;<![CDATA["
			case c == '\r':
				rep = "&#13;"
			case c == '>' && cdata:
				// "]]>" in what is written (a dropped character may have
				// stood between): end the section after "]]", open the next
				// with ">". The section opener ends in '[', so the suffix is
				// always text of this value.
				b = append(b, s[start:i]...)
				start = i
				if !bytes.HasSuffix(b, []byte("]]")) {
					i++
					continue
				}
				rep = "]]><![CDATA[>"
			case cdata && xmlchar.Allowed(rune(c)):
				i++
				continue
			case c == '&':
				rep = "&amp;"
			case c == '<':
				rep = "&lt;"
			case c == '>':
				rep = "&gt;"
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
