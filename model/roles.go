package model

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
)

// Role is one of the interview tracks the article covers.
type Role struct {
	ID      string   // "cloudops"
	Name    string   // "CloudOps"
	Aliases []string // other spellings accepted on the command line
}

// roles lists the known tracks in the article's order. DevSecOps comes
// before DevOps so that a heading naming DevSecOps is not read as DevOps.
var roles = []Role{
	{ID: "devops", Name: "DevOps", Aliases: []string{"dev"}},
	{ID: "devsecops", Name: "DevSecOps", Aliases: []string{"sec", "secops", "devsec", "security"}},
	{ID: "cloudops", Name: "CloudOps", Aliases: []string{"cloud"}},
	{ID: "mlops", Name: "MLOps", Aliases: []string{"ml"}},
	{ID: "aiops", Name: "AIOps", Aliases: []string{"ai"}},
}

// Roles returns the known roles in the article's order.
func Roles() []Role { return append([]Role(nil), roles...) }

// RoleName returns the display name of a role id: the known name, or the id
// with its first letter in upper case for roles found only in a source.
func RoleName(id string) string {
	for _, r := range roles {
		if r.ID == id {
			return r.Name
		}
	}
	if id == "" {
		return ""
	}
	rs := []rune(id)
	rs[0] = unicode.ToUpper(rs[0])
	return string(rs)
}

// RoleFromHeading derives the role id of a section from its heading: the
// known role it names, else a slug of its first word ("Platform Engineer
// Interview Questions" → "platform").
func RoleFromHeading(heading string) string {
	words := strings.FieldsFunc(strings.ToLower(heading), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	// Prefer the most specific role: "DevSecOps" must not match "DevOps".
	for _, id := range []string{"devsecops", "cloudops", "mlops", "aiops", "devops"} {
		for _, w := range words {
			if w == id {
				return id
			}
		}
	}
	if len(words) == 0 {
		return "section"
	}
	return words[0]
}

// ResolveRoles turns command-line role names (ids or aliases, any case,
// comma-separated or repeated) into role ids, in the order given and without
// repeats. available lists the role ids a deck has besides the known ones.
func ResolveRoles(names []string, available []string) ([]string, error) {
	lookup := map[string]string{}
	for _, r := range roles {
		lookup[r.ID] = r.ID
		lookup[strings.ToLower(r.Name)] = r.ID
		for _, a := range r.Aliases {
			lookup[a] = r.ID
		}
	}
	for _, id := range available {
		lookup[id] = id
	}
	var out []string
	seen := map[string]bool{}
	for _, n := range names {
		for _, part := range strings.Split(n, ",") {
			part = strings.ToLower(strings.TrimSpace(part))
			if part == "" {
				continue
			}
			id, ok := lookup[part]
			if !ok {
				return nil, fmt.Errorf("unknown role %q (valid: %s)", part, strings.Join(validRoleNames(available), ", "))
			}
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	return out, nil
}

func validRoleNames(available []string) []string {
	var names []string
	seen := map[string]bool{}
	for _, r := range roles {
		names = append(names, r.ID)
		seen[r.ID] = true
	}
	var extra []string
	for _, id := range available {
		if !seen[id] {
			seen[id] = true
			extra = append(extra, id)
		}
	}
	sort.Strings(extra)
	return append(names, extra...)
}
