package anki

import (
	"fmt"
	"strings"
	"time"
)

// Options tunes the Anki exporters. The zero value writes a Basic deck named
// DefaultDeck with one subdeck per role.
type Options struct {
	// Deck is the parent deck name; "" means DefaultDeck. With more than one
	// role every note goes to "Deck::Role".
	Deck string
	// Notetype is "basic" (default) or "basic-reversed".
	Notetype string
	// Date stamps the package's collection; zero means the deck's retrieval date.
	Date time.Time
}

// DefaultDeck is the deck name used when Options.Deck is empty.
const DefaultDeck = "xOps Interview"

// Notetypes lists the accepted Notetype values.
func Notetypes() []string { return []string{"basic", "basic-reversed"} }

// Check reports an invalid option value.
func (o Options) Check() error {
	switch o.Notetype {
	case "", "basic", "basic-reversed":
		return nil
	}
	return fmt.Errorf("unknown note type %q (valid: %s)", o.Notetype, strings.Join(Notetypes(), ", "))
}
