package anki

import (
	"fmt"
	"html"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/xopsexport/xopsexport/exporters/internal/answerhtml"
	"github.com/xopsexport/xopsexport/model"
)

// Both files are written with html:true, so every field is HTML that Anki
// shows as is. The model holds plain text: everything from the source is
// escaped here, and the only markup in a field is <br>, the answer's block
// markup written by package answerhtml (<p>, <ul>, <li>, <h4>, <pre><code>,
// <table>) and one <a> to the source article.

// escapeText turns plain text into HTML text: &, <, > and " become
// entities, line breaks become <br> (a raw newline in HTML is only a space),
// and the ASCII control characters Anki strips on import (all but tab) are
// dropped, as is invalid UTF-8. The result is NFC, as Anki stores it, so the
// package's fields, sort field and checksum are what Anki computes.
func escapeText(s string) string {
	return string(appendText(nil, s))
}

// appendText appends escapeText(s) to b. It is answerhtml's escaper, which
// calls it right after a tag: the text starts where a combining mark must
// not be.
func appendText(b []byte, s string) []byte {
	s = cleanText(s)
	b = slices.Grow(b, len(s)+len(s)/16)
	// Anki NFC-normalises every field it imports. A combining mark right
	// after one of our tags would compose with its '>' (">" + U+0338 is
	// U+226F) and break the markup, so such a mark is written as a
	// character reference, which normalisation leaves alone.
	afterTag := true
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch c {
			case '&':
				b = append(b, "&amp;"...)
			case '<':
				b = append(b, "&lt;"...)
			case '>':
				b = append(b, "&gt;"...)
			case '"':
				b = append(b, "&quot;"...)
			case '\n':
				b = append(b, "<br>"...)
				afterTag = true
				i++
				continue
			default:
				b = append(b, c)
			}
			afterTag = false
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if afterTag && !norm.NFC.PropertiesString(s[i:i+n]).BoundaryBefore() {
			b = fmt.Appendf(b, "&#x%X;", r)
		} else {
			b = append(b, s[i:i+n]...)
		}
		afterTag = false
		i += n
	}
	return b
}

// cleanText is the text escapeText encodes, and what a reader of the field
// gets back: valid UTF-8 (bad bytes as U+FFFD), CR LF and CR as LF, no ASCII
// controls but tab and LF, then NFC - the order Anki applies them in.
func cleanText(s string) string {
	if needsCleaning(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
		s = strings.Map(func(r rune) rune {
			if (r < 0x20 && r != '\t' && r != '\n') || r == 0x7f {
				return -1
			}
			return r
		}, s)
	}
	if !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	return s
}

func needsCleaning(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f {
			return true
		}
	}
	return !utf8.ValidString(s)
}

// answerHTML renders an answer with package answerhtml, every text
// escaped by appendText. Blank blocks are left out rather than shown as
// empty boxes, so an empty answer gives "".
func answerHTML(blocks []model.Block) string {
	return string(answerhtml.Append(nil, blocks, appendText))
}

// sourceLink returns a link to the source article, or "" when raw is not an
// absolute http(s) URL: a file path, a javascript: URL or anything else from
// the command line never becomes a link.
func sourceLink(raw string) string {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.User != nil {
		return ""
	}
	if s := strings.ToLower(u.Scheme); s != "http" && s != "https" {
		return ""
	}
	for _, r := range raw {
		if r <= ' ' || r == 0x7f {
			return ""
		}
	}
	return `<a href="` + html.EscapeString(raw) + `">` + escapeText(u.Hostname()) + `</a>`
}

// ankiStripRE is the pattern Anki's strip_html removes (rslib text.rs):
// comments, style and script elements with their content, then any tag.
var ankiStripRE = regexp.MustCompile(`(?is)(<!--.*?-->)|(<style.*?>.*?</style>)|(<script.*?>.*?</script>)|(<.*?>)`)

// sortText is what Anki stores as a note's sort field and hashes for its
// checksum: the field without tags, entities decoded, and (only when the
// field had an entity) no-break spaces made plain. Anki's decoder gives up
// on a malformed entity; fields written by escapeText have none, so the
// standard decoder gives the same result. Media tags are not special-cased
// because no field here ever holds one.
func sortText(field string) string {
	s := ankiStripRE.ReplaceAllString(field, "")
	if !strings.Contains(s, "&") {
		return s
	}
	return strings.ReplaceAll(html.UnescapeString(s), "\u00a0", " ")
}
