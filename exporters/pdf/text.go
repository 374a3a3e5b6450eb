package pdf

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// placeholder stands in for a character none of the embedded fonts can
// draw (Chinese, Japanese, Korean, Hebrew, Arabic, emoji, ...). A visible
// white square, like a browser's "tofu", tells the reader something is
// missing without turning it into mojibake; U+FFFD is avoided because text
// extractors and checkers read it as a decoding error.
const placeholder = "□"

// cleaner makes text safe to hand to fpdf: only characters every embedded
// face can draw, no controls, single spaces. fpdf panics on runes above
// U+FFFF and draws empty boxes of zero width for runes its font lacks, which
// breaks measuring; every string that reaches the page goes through text.
type cleaner struct {
	cov *coverage
}

// text returns s with whitespace runs collapsed to one space and trimmed,
// invisible format characters dropped, and every character the fonts lack
// replaced: first by a typographic equivalent (‐ → -), then by its
// compatibility decomposition (𝕏 → X, ﬁ → fi, full-width Ａ → A), else by
// the placeholder.
func (c *cleaner) text(s string) string {
	if plainASCII(s) {
		return s
	}
	if !isASCII(s) {
		s = norm.NFC.String(s)
	}
	return mapRunes(s, c.subst)
}

// fallback returns a typographic equivalent for a common character WGL4
// lacks, or "".
func fallback(r rune) string {
	switch r {
	case '\u2010', '\u2011', '\u2012', '\u2043', '\u2212': // hyphens, figure dash, minus sign
		return "-"
	case '\u2015': // horizontal bar
		return "—"
	case '\u2027': // hyphenation point
		return "·"
	}
	return ""
}

// subst returns what r prints as: itself, a replacement, " " for any
// space, or "" to drop it.
func (c *cleaner) subst(r rune) string {
	switch {
	case r == ' ':
		return " "
	case r > ' ' && r < 127:
		return string(r)
	case unicode.IsSpace(r):
		return " "
	case unicode.Is(unicode.Cc, r), unicode.Is(unicode.Cf, r):
		return "" // controls, zero-width joiners, bidi marks, soft hyphens, BOM
	case unicode.Is(unicode.Variation_Selector, r), r >= 0x1F3FB && r <= 0x1F3FF:
		return "" // emoji presentation selectors and skin-tone modifiers
	case r == utf8.RuneError:
		return placeholder // the fonts have U+FFFD, but readers take it for a decoding error
	case c.cov.has(r):
		return string(r)
	}
	if f := fallback(r); f != "" && c.allCovered(f) {
		return f
	}
	if d := norm.NFKC.String(string(r)); d != string(r) && c.allCovered(d) {
		return d
	}
	if unicode.In(r, unicode.Mn, unicode.Me) {
		return "" // a combining mark NFC could not compose: drop the accent, keep the letter
	}
	return placeholder
}

func (c *cleaner) allCovered(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r != ' ' && !c.cov.has(r) {
			return false
		}
	}
	return true
}

// meta returns s cleaned for places a viewer renders with its own fonts
// (document info, bookmarks): any Basic Multilingual Plane character is
// fine there, but fpdf's UTF-16 encoder cannot write surrogate pairs.
func meta(s string) string {
	if plainASCII(s) {
		return s
	}
	return mapRunes(norm.NFC.String(s), func(r rune) string {
		switch {
		case unicode.IsSpace(r):
			return " "
		case unicode.Is(unicode.Cc, r), unicode.Is(unicode.Cf, r), unicode.Is(unicode.Variation_Selector, r):
			return ""
		case r > 0xFFFF:
			rep := norm.NFKC.String(string(r))
			if strings.ContainsFunc(rep, func(r rune) bool { return r > 0xFFFF }) {
				return placeholder
			}
			return rep
		case r >= 0xD800 && r <= 0xDFFF:
			return placeholder
		}
		return string(r)
	})
}

// mapRunes replaces every rune of s by subst(r) ("" drops it, " " is a
// space), invalid UTF-8 by the placeholder, and collapses and trims spaces.
func mapRunes(s string, subst func(rune) string) string {
	var b strings.Builder
	b.Grow(len(s))
	pendingSpace := false
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		s = s[n:]
		var rep string
		if r == utf8.RuneError && n <= 1 {
			rep = placeholder // invalid UTF-8
		} else {
			rep = subst(r)
		}
		switch rep {
		case "":
			continue
		case " ":
			pendingSpace = true
			continue
		}
		if pendingSpace && b.Len() > 0 {
			b.WriteByte(' ')
		}
		pendingSpace = false
		b.WriteString(rep)
	}
	return b.String()
}

// plainASCII reports whether s is printable ASCII with single inner spaces
// and no leading or trailing space: already clean, the common case.
func plainASCII(s string) bool {
	prevSpace := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < ' ' || c > '~' {
			return false
		}
		if c == ' ' {
			if prevSpace {
				return false
			}
			prevSpace = true
		} else {
			prevSpace = false
		}
	}
	return !prevSpace || s == ""
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// wline is one wrapped line. hard is true when the line ends inside a word
// that was too wide for the measure, so joining it with the next line needs
// no space.
type wline struct {
	text string
	hard bool
}

// wrap breaks cleaned text s (single spaces, see cleaner.text) into lines
// no wider than maxUnits as measured by units. Lines break at spaces; a word
// wider than a whole line (a URL, a kubectl command) is broken, preferably
// after a slash, dash, dot or similar, otherwise between any two
// characters. Only a single character wider than the line can exceed it.
func wrap(s string, maxUnits int, units func(string) int) []wline {
	if s == "" {
		return nil
	}
	var lines []wline
	space := units(" ")
	start, end, w := 0, 0, 0 // current line is s[start:end], w wide; start==end means empty
	pos := 0
	for pos <= len(s) {
		i := strings.IndexByte(s[pos:], ' ')
		wordEnd := len(s)
		if i >= 0 {
			wordEnd = pos + i
		}
		word := s[pos:wordEnd]
		ww := units(word)
		switch {
		case start != end && w+space+ww <= maxUnits:
			end, w = wordEnd, w+space+ww
		default:
			if start != end {
				lines = append(lines, wline{text: s[start:end]})
			}
			if ww <= maxUnits || word == "" {
				start, end, w = pos, wordEnd, ww
				break
			}
			pieces := breakWord(word, maxUnits, units)
			for _, p := range pieces[:len(pieces)-1] {
				lines = append(lines, wline{text: p, hard: true})
			}
			last := pieces[len(pieces)-1]
			start, end, w = wordEnd-len(last), wordEnd, units(last)
		}
		pos = wordEnd + 1
	}
	if start != end {
		lines = append(lines, wline{text: s[start:end]})
	}
	return lines
}

// breakWord splits a word wider than maxUnits into pieces that fit,
// preferring to break after punctuation that reads as a natural joint.
func breakWord(word string, maxUnits int, units func(string) int) []string {
	var pieces []string
	start, w, lastJoint := 0, 0, -1
	for i := 0; i < len(word); {
		_, n := utf8.DecodeRuneInString(word[i:])
		rw := units(word[i : i+n])
		if w+rw > maxUnits && i > start {
			cut := i
			// Break at the last joint if that keeps at least half the line
			// and what follows the joint still fits with this rune.
			if lastJoint > start && units(word[start:lastJoint]) >= maxUnits/2 && units(word[lastJoint:i])+rw <= maxUnits {
				cut = lastJoint
			}
			pieces = append(pieces, word[start:cut])
			start, lastJoint = cut, -1
			w = units(word[start:i])
		}
		w += rw
		i += n
		if strings.IndexByte("/-_.,:;?&=|\\)]}", word[i-n]) >= 0 && n == 1 {
			lastJoint = i
		}
	}
	return append(pieces, word[start:])
}
