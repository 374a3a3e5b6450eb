package anki

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"testing"

	"github.com/xopsexport/xopsexport/internal/testdeck"
	"github.com/xopsexport/xopsexport/model"
)

// tsvGUIDs maps each row's front field to its GUID.
func tsvGUIDs(t *testing.T, d *model.Deck, opts Options) map[string]string {
	t.Helper()
	_, body := splitTSV(t, export(t, TSV, d, opts))
	out := map[string]string{}
	for _, r := range ankiRecords(body, '\t') {
		out[r[len(r)-3]] = r[0]
	}
	return out
}

// apkgGUIDs maps each note's question field to its GUID.
func apkgGUIDs(t *testing.T, d *model.Deck, opts Options) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, n := range openPackage(t, export(t, APKG, d, opts)).notes(t) {
		out[n.fields[0]] = n.guid
	}
	return out
}

func sameGUIDs(t *testing.T, what string, a, b map[string]string) {
	t.Helper()
	if len(a) != len(b) {
		t.Errorf("%s: %d notes vs %d", what, len(a), len(b))
	}
	for front, g := range a {
		if b[front] != g {
			t.Errorf("%s: %q has GUID %q, then %q", what, front, g, b[front])
		}
	}
}

// TestGUIDStability: renumbering, reordering, editing answers, changing
// the deck name, the note type, the role filter or the date keeps every
// GUID, in the text file and in the package, and both agree.
func TestGUIDStability(t *testing.T) {
	d := testdeck.Article()
	base := tsvGUIDs(t, d, Options{Date: testdeck.Date})

	renumbered := d.Clone()
	for si := range renumbered.Sections {
		qs := renumbered.Sections[si].Questions
		for i, j := 0, len(qs)-1; i < j; i, j = i+1, j-1 {
			qs[i], qs[j] = qs[j], qs[i]
		}
		for i := range qs {
			qs[i].Number = 100 + i
			qs[i].Answer = append(qs[i].Answer, model.Block{Type: model.Paragraph, Text: "An added paragraph."})
			qs[i].Tags = append(qs[i].Tags, "edited")
		}
	}
	sameGUIDs(t, "renumbered, reordered, answers edited", base, tsvGUIDs(t, renumbered, Options{Date: testdeck.Date}))
	sameGUIDs(t, "other deck name, note type and date", base, tsvGUIDs(t, d, Options{Deck: "Elsewhere", Notetype: "basic-reversed", Date: testdeck.Date.AddDate(2, 0, 0)}))
	for _, s := range d.Sections {
		for front, g := range tsvGUIDs(t, d.Filter([]string{s.Role}), Options{}) {
			if base[front] != g {
				t.Errorf("--role %s: %q has GUID %q, %q with all roles", s.Role, front, g, base[front])
			}
		}
	}
	sameGUIDs(t, "text file vs package", base, apkgGUIDs(t, d, Options{Date: testdeck.Date}))
	sameGUIDs(t, "package, renumbered", base, apkgGUIDs(t, renumbered, Options{Date: testdeck.Date}))
}

func TestGUIDFormatAndUniqueness(t *testing.T) {
	shape := regexp.MustCompile(`^xops-[0-9a-f]{16}$`)
	d := testdeck.Synthetic(10000)
	seen := map[string]string{}
	for _, s := range d.Sections {
		for _, q := range s.Questions {
			g := GUID(q.ID)
			if !shape.MatchString(g) {
				t.Fatalf("GUID(%q) = %q: not xops- and 16 hex digits", q.ID, g)
			}
			if prev, dup := seen[g]; dup {
				t.Fatalf("questions %s and %s share GUID %s", prev, q.ID, g)
			}
			seen[g] = q.ID
		}
	}
	// The namespace is part of the hash: a bare hash of the ID (what
	// another generator might use) is not our GUID.
	id := "devops-4dbc7a5e"
	bare := sha256.Sum256([]byte(id))
	if GUID(id) == "xops-"+hex.EncodeToString(bare[:8]) {
		t.Error("the GUID is a bare hash of the question ID, not namespaced")
	}
}

func TestStableIDs(t *testing.T) {
	a, b := stableID("deck", "xops interview"), stableID("deck", "xops interview::devops")
	for _, id := range []int64{a, b, noteTypeFor("basic").id, noteTypeFor("basic-reversed").id} {
		if id < 1<<50 || id >= 1<<51 {
			t.Errorf("id %d outside [2^50, 2^51)", id)
		}
	}
	if a == b || noteTypeFor("basic").id == noteTypeFor("basic-reversed").id {
		t.Error("different names, same id")
	}
	if deckID("xOps Interview") != deckID("XOPS INTERVIEW") {
		t.Error("deck ids must ignore case, as Anki's deck names do")
	}
}
