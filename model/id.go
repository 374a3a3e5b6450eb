package model

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// NormalizeQuestion reduces a question to the words that carry its meaning:
// Unicode NFKC, lower case, letters and digits only, single spaces. Quote
// style, punctuation, spacing and case changes therefore keep the same ID.
func NormalizeQuestion(s string) string {
	s = norm.NFKC.String(s)
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		} else {
			space = true
		}
	}
	return b.String()
}

// QuestionID is the stable ID of a question: the role, a dash, and the first
// 8 hex digits of SHA-256 over "role\n" + NormalizeQuestion(text). It does
// not depend on the question's number or position, so renumbering keeps it.
func QuestionID(role, text string) string {
	sum := sha256.Sum256([]byte(role + "\n" + NormalizeQuestion(text)))
	return role + "-" + hex.EncodeToString(sum[:4])
}
