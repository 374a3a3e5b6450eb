package webpage

import (
	"fmt"
	"time"
	"unicode/utf8"
)

// Options tunes the study page. The zero value writes the whole deck under
// the deck's own title with quiz seed 0.
type Options struct {
	// Title replaces the deck's title in the page heading and the window
	// title; "" keeps the deck's.
	Title string
	// Seed picks and orders the quiz's wrong answers (the same rules and
	// the same seed as the Moodle multiple-choice questions).
	Seed int64
	// Date is the date of the data shown on the page; zero means the
	// deck's retrieval date (exporters.Options fills it in).
	Date time.Time
	// Generator names the program in the page's generator meta tag.
	Generator string
}

// maxTitle bounds --title: it is a heading, not a document.
const maxTitle = 300

// Check reports an invalid option value.
func (o Options) Check() error {
	if !utf8.ValidString(o.Title) {
		return fmt.Errorf("--title is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(o.Title); n > maxTitle {
		return fmt.Errorf("--title is %d characters long (at most %d)", n, maxTitle)
	}
	return nil
}
