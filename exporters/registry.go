package exporters

import (
	"fmt"
	"io"
	"strings"

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

// formats is the registry: the one list every command, help text and
// `export` loop reads. Order is the order of `formats` and `export`.
var formats = []Format{
	{
		Name: "anki", Aliases: []string{"tsv"}, Command: "anki",
		Usage: "Anki text deck (TSV with import headers)", Ext: ".tsv", MediaType: "text/tab-separated-values",
		write: func(w io.Writer, d *model.Deck, o Options) error {
			a := o.Anki
			a.Date = o.Date
			return anki.TSV(w, d, a)
		},
	},
	{
		Name: "apkg", Command: "anki",
		Usage: "Anki package (.apkg)", Ext: ".apkg", MediaType: "application/zip", Binary: true,
		write: func(w io.Writer, d *model.Deck, o Options) error {
			a := o.Anki
			a.Date = o.Date
			return anki.APKG(w, d, a)
		},
	},
	{
		Name: "pdf", Command: "pdf", HoldsDocument: true,
		Usage: "printable PDF: study sheet, cheat sheet, duplex flashcards or quiz", Ext: ".pdf", MediaType: "application/pdf", Binary: true,
		Variants: pdfVariants(),
		write: func(w io.Writer, d *model.Deck, o Options) error {
			p := o.PDF
			p.Date, p.Creator = o.Date, o.Generator
			return pdf.Export(w, d, p)
		},
	},
	{
		Name: "xlsx", Aliases: []string{"excel"}, Command: "xlsx",
		Usage: "Excel study tracker", Ext: ".xlsx", MediaType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Binary: true,
		write: func(w io.Writer, d *model.Deck, o Options) error {
			x := o.XLSX
			x.Date, x.Generator = o.Date, o.Generator
			return xlsx.Export(w, d, x)
		},
	},
	{
		Name: "gift", Command: "gift",
		Usage: "Moodle GIFT quiz", Ext: ".gift", MediaType: "text/plain",
		write: func(w io.Writer, d *model.Deck, o Options) error { return moodle.GIFT(w, d, o.Moodle) },
	},
	{
		Name: "moodlexml", Aliases: []string{"moodle", "xml"}, Command: "moodlexml",
		Usage: "Moodle XML quiz", Ext: ".xml", MediaType: "application/xml",
		write: func(w io.Writer, d *model.Deck, o Options) error { return moodle.XML(w, d, o.Moodle) },
	},
	{
		Name: "html", Command: "html",
		Usage: "a study web page in one file: browse, flashcards, quiz, progress", Ext: ".html", MediaType: "text/html",
		write: func(w io.Writer, d *model.Deck, o Options) error {
			p := o.WebPage
			p.Date, p.Generator = o.Date, o.Generator
			return webpage.Export(w, d, p)
		},
	},
	{
		Name: "json", Command: "json", Stdout: true,
		Usage: "the extracted model as JSON", Ext: ".json", MediaType: "application/json",
		write: writeJSON,
	},
	// LMS and flashcard-app formats (issue 14).
	{
		Name: "qti", Aliases: []string{"canvas", "brightspace", "d2l"}, Command: "qti",
		Usage: "QTI 1.2 package for Canvas, Brightspace (D2L) and Blackboard: one quiz per role", Ext: ".qti.zip", MediaType: "application/zip", Binary: true,
		write: func(w io.Writer, d *model.Deck, o Options) error {
			q := o.QTI
			q.Date = o.Date
			return qti.Export(w, d, q)
		},
	},
	{
		Name: "blackboard", Aliases: []string{"bb"}, Command: "blackboard",
		Usage: "Blackboard Upload Questions file (tab-delimited essay and multiple choice)", Ext: ".blackboard.txt", MediaType: "text/tab-separated-values",
		write: func(w io.Writer, d *model.Deck, o Options) error { return blackboard.Export(w, d, o.Blackboard) },
	},
	{
		Name: "quizlet", Aliases: []string{"knowt"}, Command: "quizlet",
		Usage: "text for Quizlet's (or Knowt's) import box; the separators to choose are printed", Ext: ".quizlet.txt", MediaType: "text/plain",
		write: func(w io.Writer, d *model.Deck, o Options) error { return cardtext.Quizlet(w, d, o.Quizlet) },
	},
	{
		Name: "csv", Command: "csv",
		Usage: "CSV for spreadsheets and other apps (RemNote, Brainscape, Google Sheets, Notion)", Ext: ".csv", MediaType: "text/csv",
		write: func(w io.Writer, d *model.Deck, o Options) error { return cardtext.CSV(w, d, o.CSV) },
	},
	{
		Name: "markdown", Aliases: []string{"md", "obsidian"}, Command: "markdown",
		Usage: "Markdown for GitHub and Obsidian (optionally Spaced Repetition flashcards)", Ext: ".md", MediaType: "text/markdown",
		write: func(w io.Writer, d *model.Deck, o Options) error { return markdown.Export(w, d, o.Markdown) },
	},
}

func pdfVariants() []Variant {
	var vs []Variant
	for _, l := range pdf.Layouts() {
		vs = append(vs, Variant{Name: l, Apply: func(o *Options) { o.PDF.Layout = l }})
	}
	return vs
}

// All returns the registered formats in order.
func All() []Format { return append([]Format(nil), formats...) }

// Names returns the registered format names in order.
func Names() []string {
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = f.Name
	}
	return names
}

// Lookup finds a format by name or alias, case-insensitively.
func Lookup(name string) (Format, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	for _, f := range formats {
		if f.Name == n {
			return f, nil
		}
		for _, a := range f.Aliases {
			if a == n {
				return f, nil
			}
		}
	}
	return Format{}, fmt.Errorf("unknown format %q (valid: %s)", name, strings.Join(Names(), ", "))
}

// Commands returns the subcommand names in registry order, each once.
func Commands() []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range formats {
		if !seen[f.Command] {
			seen[f.Command] = true
			out = append(out, f.Command)
		}
	}
	return out
}

// ForCommand picks the format a subcommand writes: the one named by
// explicit (--format) if given, else the one whose extension matches the
// output path, else the command's first format.
func ForCommand(command, explicit, path string) (Format, error) {
	var own []Format
	for _, f := range formats {
		if f.Command == command {
			own = append(own, f)
		}
	}
	if len(own) == 0 {
		return Format{}, fmt.Errorf("unknown command %q", command)
	}
	if explicit != "" {
		f, err := Lookup(explicit)
		if err != nil || f.Command != command {
			var names []string
			for _, o := range own {
				names = append(names, o.Name)
			}
			return Format{}, fmt.Errorf("%s cannot write format %q (valid: %s)", command, explicit, strings.Join(names, ", "))
		}
		return f, nil
	}
	// The longest extension the path ends with: .qti.zip before .zip.
	lower := strings.ToLower(path)
	best := -1
	for i, f := range own {
		if strings.HasSuffix(lower, f.Ext) && (best < 0 || len(f.Ext) > len(own[best].Ext)) {
			best = i
		}
	}
	if best >= 0 {
		return own[best], nil
	}
	return own[0], nil
}
