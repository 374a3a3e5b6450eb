// Package exporters holds the registry of output formats. Each format turns
// a *model.Deck into bytes on an io.Writer; it never sees the source text,
// never opens files and never reads the network. The formats that need more
// than a page of code live in sub-packages (anki, pdf, xlsx, moodle) with
// their own Options; this package wires them into one list that drives the
// CLI's subcommands, help and `export`.
package exporters

import (
	"io"
	"time"

	"github.com/xopsexport/xopsexport/exporters/anki"
	"github.com/xopsexport/xopsexport/exporters/blackboard"
	"github.com/xopsexport/xopsexport/exporters/cardtext"
	"github.com/xopsexport/xopsexport/exporters/markdown"
	"github.com/xopsexport/xopsexport/exporters/moodle"
	"github.com/xopsexport/xopsexport/exporters/pdf"
	"github.com/xopsexport/xopsexport/exporters/qti"
	"github.com/xopsexport/xopsexport/exporters/webpage"
	"github.com/xopsexport/xopsexport/exporters/xlsx"
	"github.com/xopsexport/xopsexport/model"
)

// Options is everything an export can be tuned by. The zero value is valid:
// each format falls back to its defaults.
type Options struct {
	// Date is the date stamped into outputs that carry one (PDF, XLSX,
	// APKG, QTI, the web page). Zero means the deck's retrieval date
	// (model.Deck.StampDate, applied by each format), so the same input
	// gives the same bytes.
	Date time.Time
	// Generator names the program and version in document metadata.
	Generator string

	Anki    anki.Options
	PDF     pdf.Options
	XLSX    xlsx.Options
	Moodle  moodle.Options
	WebPage webpage.Options

	// LMS and flashcard-app formats (issue 14).
	QTI        qti.Options
	Blackboard blackboard.Options
	Quizlet    cardtext.QuizletOptions
	CSV        cardtext.CSVOptions
	Markdown   markdown.Options
}

// Format is one output format.
type Format struct {
	Name      string   // registry name and --formats value: "apkg"
	Aliases   []string // other names accepted by Lookup
	Usage     string   // one line for help
	Ext       string   // file extension with the dot: ".apkg"
	MediaType string
	Binary    bool // never written to a terminal unless -o - forces it
	// Command is the subcommand that writes this format; formats sharing a
	// command are told apart by --format or the output file's extension.
	Command string
	// Stdout makes the command write to standard output when no -o is given.
	Stdout bool
	// Variants, if any, are the files `export` writes for this format (one
	// per PDF layout); each adjusts the options.
	Variants []Variant
	// HoldsDocument marks a writer that builds the whole file in memory
	// before writing it (fpdf keeps every page): on a big deck two at once
	// nearly double the peak memory, so `export` runs them one at a time.
	HoldsDocument bool

	write func(w io.Writer, d *model.Deck, o Options) error
}

// Variant is one flavour of a format that `export` writes as its own file.
type Variant struct {
	Name  string // used in the file name: "study"
	Apply func(*Options)
}

// Export writes d to w in this format. It does not modify d or close w.
func (f Format) Export(w io.Writer, d *model.Deck, o Options) error {
	return f.write(w, d, o)
}

// Check reports an option value no format accepts, before any work is done.
func (o Options) Check() error {
	for _, err := range []error{o.QTI.Check(), o.Blackboard.Check(), o.Quizlet.Check()} {
		if err != nil {
			return err
		}
	}
	if err := o.Anki.Check(); err != nil {
		return err
	}
	if err := o.PDF.Check(); err != nil {
		return err
	}
	if err := o.Moodle.Check(); err != nil {
		return err
	}
	return o.WebPage.Check()
}
