package anki

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// rootTag is on every note, so `tag:xops` finds the whole deck and
// `tag:xops::cloudops` one role (Anki treats "::" as a tag hierarchy).
const rootTag = "xops"

// noteTags returns a question's tags: the root tag, the role tag and the
// topic tags the model computed, made safe and without repeats (Anki
// compares tags case-insensitively), in that order.
func noteTags(role string, topics []string) []string {
	tags := make([]string, 0, 2+len(topics))
	seen := make(map[string]bool, 2+len(topics))
	add := func(t string) {
		t = safeTag(t)
		k := strings.ToLower(t)
		if t == "" || seen[k] {
			return
		}
		seen[k] = true
		tags = append(tags, t)
	}
	add(rootTag)
	if r := safeTag(strings.ToLower(role)); r != "" {
		add(rootTag + "::" + r)
	}
	for _, t := range topics {
		add(t)
	}
	return tags
}

// safeTag makes t one Anki tag: Anki splits the tags column on any Unicode
// white space, so white space and control characters become '_'; an empty
// "::" level would be renamed "blank" by Anki, so empty levels are dropped.
func safeTag(t string) string {
	t = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == '\u3000' {
			return '_'
		}
		return r
	}, norm.NFC.String(strings.ToValidUTF8(t, "")))
	if !strings.Contains(t, "::") {
		return t
	}
	var parts []string
	for _, p := range strings.Split(t, "::") {
		if p = strings.Trim(p, ":"); p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, "::")
}
