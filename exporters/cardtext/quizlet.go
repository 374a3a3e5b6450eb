package cardtext

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xopsexport/xopsexport/model"
)

// Separators are what the user chooses in Quizlet's import dialog
// (Create › Import: "Between term and definition", "Between rows").
type Separators struct {
	Term string // between term and definition: always a tab
	Row  string // between cards: a custom string that occurs in no card
}

// Instructions is what to type in Quizlet's import dialog for s, one line,
// for the CLI to print on stderr.
func (s Separators) Instructions() string {
	return fmt.Sprintf("Quizlet: Create › Import, paste the whole file, then choose Between term and definition: Tab; Between rows: Custom, and type %s", s.Row)
}

// rowCandidates are tried in order for the row separator: short, easy to
// type, and rare in prose and code. If all occur in the text, ";" is
// repeated until it does not.
var rowCandidates = []string{";;;", "|||", "~~~", "^^^", "%%%", "@@@", "$$$"}

// DefaultMaxLength is the definition length above which a warning is
// given. It is a cautious figure, not a documented Quizlet limit: very long
// definitions are hard to study and Quizlet's import box has been reported
// to cut them, so the user is told rather than left to find out.
const DefaultMaxLength = 2000

// QuizletOptions tunes the Quizlet text.
type QuizletOptions struct {
	// MaxLength is the definition length (in characters) above which Warn
	// is called; 0 means DefaultMaxLength. Nothing is ever cut.
	MaxLength int
	// Warn, if set, receives one line about definitions over MaxLength.
	Warn func(msg string)
	// OnSeparators, if set, receives the separators chosen for this deck
	// (the CLI prints their Instructions on stderr).
	OnSeparators func(Separators)
}

// Check reports an invalid option value.
func (o QuizletOptions) Check() error {
	if o.MaxLength < 0 {
		return fmt.Errorf("quizlet: the maximum definition length must not be negative, not %d", o.MaxLength)
	}
	return nil
}

type card struct{ id, term, def string }

func cards(d *model.Deck) []card {
	var cs []card
	for si := range d.Sections {
		for qi := range d.Sections[si].Questions {
			q := &d.Sections[si].Questions[qi]
			cs = append(cs, card{id: q.ID, term: plain(q.Question), def: answer(q)})
		}
	}
	return cs
}

// QuizletSeparators returns the separators Quizlet writes d with.
func QuizletSeparators(d *model.Deck) Separators { return chooseSeparators(cards(d)) }

// chooseSeparators picks the first row separator that occurs in no term or
// definition and that no text starts or ends with a character of (so a
// definition ending in ";" cannot run into ";;;").
func chooseSeparators(cs []card) Separators {
	ok := func(sep string) bool {
		r, _ := utf8.DecodeRuneInString(sep)
		for _, c := range cs {
			for _, t := range []string{c.term, c.def} {
				if strings.Contains(t, sep) || strings.HasPrefix(t, string(r)) || strings.HasSuffix(t, string(r)) {
					return false
				}
			}
		}
		return true
	}
	for _, sep := range rowCandidates {
		if ok(sep) {
			return Separators{Term: "\t", Row: sep}
		}
	}
	sep := ";;;;"
	for !ok(sep) {
		sep += ";"
	}
	return Separators{Term: "\t", Row: sep}
}

// Quizlet writes d as text for Quizlet's import box: term (the question),
// a tab, the definition (the answer, line breaks kept), and the row
// separator between cards (QuizletSeparators; nothing after the last
// card). Tabs in the text become spaces, so the only tab on each card is
// the separator.
func Quizlet(w io.Writer, d *model.Deck, o QuizletOptions) error {
	if err := o.Check(); err != nil {
		return err
	}
	max := o.MaxLength
	if max == 0 {
		max = DefaultMaxLength
	}
	cs := cards(d)
	sep := chooseSeparators(cs)
	if o.OnSeparators != nil {
		o.OnSeparators(sep)
	}
	bw := bufio.NewWriter(w)
	long, longest, longestID := 0, 0, ""
	for i, c := range cs {
		if i > 0 {
			bw.WriteString(sep.Row)
		}
		bw.WriteString(c.term)
		bw.WriteString(sep.Term)
		bw.WriteString(c.def)
		if n := utf8.RuneCountInString(c.def); n > max {
			long++
			if n > longest {
				longest, longestID = n, c.id
			}
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("quizlet: %w", err)
	}
	if long > 0 && o.Warn != nil {
		o.Warn(fmt.Sprintf("quizlet: %d definitions are longer than %d characters (longest: %s, %d); Quizlet may cut them on import: nothing was cut here", long, max, longestID, longest))
	}
	return nil
}
