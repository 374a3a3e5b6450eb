package anki

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
)

// guidNamespace keeps our GUIDs apart from every other generator's: Anki
// matches notes by GUID across the whole collection, so a bare content hash
// could collide with another deck's note (genanki#61).
const guidNamespace = "xopsexport:"

// GUID returns the Anki note GUID of the question with the given stable ID:
// "xops-" and 16 hex digits of SHA-256 over the namespace and the ID. It
// depends on nothing else - not the number, the answer, the deck name or
// the file format - so every later export of the same question updates the
// same note, in the text file and in the package alike. The alphabet needs
// no CSV quoting and never starts a row with '#'.
func GUID(questionID string) string {
	sum := sha256.Sum256([]byte(guidNamespace + questionID))
	return "xops-" + hex.EncodeToString(sum[:8])
}

// stableID derives a positive 64-bit id from a constant string, for the
// package's note type and deck ids: the same name always gives the same id,
// so a re-import finds the note type it made last time instead of adding a
// copy. The range [2^50, 2^51) lies far above the millisecond timestamps
// Anki uses as ids (no clash with the user's own note types and decks) and
// below 2^53, so JavaScript readers (AnkiDroid's card viewer, add-ons) keep
// every digit.
func stableID(kind, name string) int64 {
	sum := sha256.Sum256([]byte(guidNamespace + kind + ":" + name))
	return int64(binary.BigEndian.Uint64(sum[:8])%(1<<50)) + 1<<50
}
