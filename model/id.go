package model

import (
	"crypto/sha256"
	"encoding/hex"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// NormalizeQuestion reduces a question to the words that carry its meaning:
// Unicode NFKC, lower case, letters and digits only, single spaces. Quote
// style, punctuation, spacing and case changes therefore keep the same ID.
func NormalizeQuestion(s string) string {
	return string(appendNormalized(make([]byte, 0, len(s)), s))
}

// appendNormalized appends NormalizeQuestion(s) to dst.
func appendNormalized(dst []byte, s string) []byte {
	if !isASCII(s) {
		s = norm.NFKC.String(s)
	}
	start := len(dst)
	space := false
	for _, r := range s {
		r = unicode.ToLower(r)
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && len(dst) > start {
				dst = append(dst, ' ')
			}
			space = false
			dst = utf8.AppendRune(dst, r)
		} else {
			space = true
		}
	}
	return dst
}

// QuestionID is the stable ID of a question: the role, a dash, and the first
// 8 hex digits of SHA-256 over "role\n" + NormalizeQuestion(text). It does
// not depend on the question's number or position, so renumbering keeps it.
func QuestionID(role, text string) string {
	var buf [256]byte // most questions fit: no allocation for the hash input
	in := append(append(buf[:0], role...), '\n')
	in = appendNormalized(in, text)
	sum := sha256.Sum256(in)
	var id [8]byte
	hex.Encode(id[:], sum[:4])
	return role + "-" + string(id[:])
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// IDOf is the ID of q, a question of s: its own, or for a deck built
// without IDs (by hand, in a test) the one QuestionID derives, as the
// extractor would have set it. Every exporter keys questions by it.
func (s *Section) IDOf(q *Question) string {
	if q.ID != "" {
		return q.ID
	}
	return QuestionID(s.Role, q.Question)
}
