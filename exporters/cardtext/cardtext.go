// Package cardtext writes the plain-text card formats: Quizlet's import
// text (also read by Knowt and other flashcard apps) and RFC 4180 CSV for
// spreadsheets and apps without a format of their own (RemNote,
// Brainscape, Google Sheets, Notion, Excel).
//
// Both show answers as readable plain text (model.Question.AnswerText):
// blocks separated by a blank line, list items as "• item", sub-headings as
// their own line, code exactly as written, table rows as "a | b | c".
package cardtext

import (
	"strings"
	"unicode/utf8"

	"github.com/xopsexport/xopsexport/model"
)

// plain returns s with line breaks as \n, tabs as four spaces (Quizlet
// splits on tabs), other control characters dropped, invalid UTF-8 as
// U+FFFD and surrounding white space trimmed.
func plain(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && w == 1:
			b.WriteRune(utf8.RuneError)
		case r == '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				w = 2
			}
			b.WriteByte('\n')
		case r == '\n' || r == 0x85 || r == 0x2028 || r == 0x2029:
			b.WriteByte('\n')
		case r == '\t':
			b.WriteString("    ")
		case r < 0x20 || (r >= 0x7f && r < 0xa0) || r == 0xFFFE || r == 0xFFFF:
		default:
			b.WriteString(s[i : i+w])
		}
		i += w
	}
	return strings.TrimSpace(b.String())
}

// answer is a question's answer as plain text.
func answer(q *model.Question) string { return plain(q.AnswerText()) }
