package anki

import (
	"fmt"
	"html"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/xopsexport/xopsexport/model"
)

// Both files are written with html:true, so every field is HTML that Anki
// shows as is. The model holds plain text: everything from the source is
// escaped here, and the only markup in a field is what this file writes
// (<br>, <p>, <ul>, <li> and one <a> to the source article).

// escapeText turns plain text into HTML text: &, <, > and " become
// entities, line breaks become <br> (a raw newline in HTML is only a space),
// and the ASCII control characters Anki strips on import (all but tab) are
// dropped, as is invalid UTF-8. The result is NFC, as Anki stores it, so the
// package's fields, sort field and checksum are what Anki computes.
func escapeText(s string) string {
	var b strings.Builder
	appendText(&b, s)
	return b.String()
}

// appendText writes escapeText(s) to b.
func appendText(b *strings.Builder, s string) {
	s = cleanText(s)
	b.Grow(len(s) + len(s)/16)
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
				b.WriteString("&amp;")
			case '<':
				b.WriteString("&lt;")
			case '>':
				b.WriteString("&gt;")
			case '"':
				b.WriteString("&quot;")
			case '\n':
				b.WriteString("<br>")
				afterTag = true
				i++
				continue
			default:
				b.WriteByte(c)
			}
			afterTag = false
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if afterTag && !norm.NFC.PropertiesString(s[i:i+n]).BoundaryBefore() {
			fmt.Fprintf(b, "&#x%X;", r)
		} else {
			b.WriteString(s[i : i+n])
		}
		afterTag = false
		i += n
	}
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

// answerHTML renders an answer: one <p> per paragraph, one <ul> per list.
// Blank paragraphs and items are left out rather than shown as empty boxes.
func answerHTML(blocks []model.Block) string {
	var b strings.Builder
	for _, bl := range blocks {
		items := bl.Items
		if bl.Type == model.Paragraph || (bl.Type != model.List && len(items) == 0) {
			if strings.TrimSpace(bl.Text) == "" {
				continue
			}
			b.WriteString("<p>")
			appendText(&b, bl.Text)
			b.WriteString("</p>")
			continue
		}
		open := false
		for _, it := range items {
			if strings.TrimSpace(it) == "" {
				continue
			}
			if !open {
				b.WriteString("<ul>")
				open = true
			}
			b.WriteString("<li>")
			appendText(&b, it)
			b.WriteString("</li>")
		}
		if open {
			b.WriteString("</ul>")
		}
	}
	return b.String()
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
