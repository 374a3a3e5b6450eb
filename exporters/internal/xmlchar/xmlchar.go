// Package xmlchar holds XML 1.0's Char production, which every exporter
// writing XML (Moodle XML, QTI, the xlsx parts) must keep to: a parser
// refuses a document with any other character.
package xmlchar

// Allowed reports whether XML 1.0 allows r in a document. Go strings
// decode invalid bytes as U+FFFD and never yield surrogates, so only C0
// controls other than tab and line ends, and the non-characters U+FFFE and
// U+FFFF, are left to refuse.
func Allowed(r rune) bool {
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
