package main

import (
	"github.com/urfave/cli/v2"

	"github.com/xopsexport/xopsexport/exporters/anki"
	"github.com/xopsexport/xopsexport/exporters/moodle"
)

// Flags are built by functions because urfave/cli flags hold parse state:
// each command gets fresh ones, all bound to the one config of the run.

// inputFlags are accepted by every command that reads an article.
func inputFlags(c *config) []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "source", Aliases: []string{"s"}, Usage: "article to read: a file, - for stdin, an http(s) URL; default: the latest refreshed snapshot, else the embedded copy", Destination: &c.source},
		&cli.StringFlag{Name: "from", Usage: "input format: text, markdown or html (default: detected)", Destination: &c.from},
		&cli.StringSliceFlag{Name: "role", Aliases: []string{"r"}, Usage: "only these roles (repeatable or comma-separated): devops, devsecops, cloudops, mlops, aiops; aliases dev, sec, cloud, ml, ai", Destination: &c.roles},
		dataDirFlag(c),
	}
}

// dataDirFlag is --data-dir: every reading command takes it (the default
// source is the latest snapshot there), and so do refresh and status.
func dataDirFlag(c *config) cli.Flag {
	return &cli.StringFlag{Name: "data-dir", Usage: "where refreshed snapshots live (default: $XDG_DATA_HOME/xopsexport)", Destination: &c.dataDir, EnvVars: []string{"XOPSEXPORT_DATA_DIR"}}
}

// outputFlags are accepted by every command that writes a format.
func outputFlags(c *config) []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "output file; - forces standard output (default: a name in the current directory)", Destination: &c.output},
		&cli.StringFlag{Name: "date", Usage: "date stamped into outputs, YYYY-MM-DD or RFC 3339 (default: $SOURCE_DATE_EPOCH, else the source's date)", Destination: &c.date},
		forceFlag(c),
	}
}

// forceFlag is --force: replace an output file that is read-only.
func forceFlag(c *config) cli.Flag {
	return &cli.BoolFlag{Name: "force", Usage: "replace output files even if they are read-only", Destination: &c.force}
}

// formatFlags are each command's own flags, keyed by command name. Every
// registered command has an entry (a test checks), even if empty.
func formatFlags(c *config) map[string][]cli.Flag {
	o := &c.opts
	moodleFlags := func() []cli.Flag {
		return []cli.Flag{
			&cli.StringFlag{Name: "type", Value: "essay", Usage: "question type: essay, mcq or both", Destination: &o.Moodle.Type},
			&cli.IntFlag{Name: "choices", Value: 4, Usage: "answers per multiple-choice question (2-10)", Destination: &o.Moodle.Choices},
			&cli.Int64Flag{Name: "seed", Value: 1, Usage: "seed for choosing and shuffling distractors", Destination: &o.Moodle.Seed},
			&cli.StringFlag{Name: "category", Value: moodle.DefaultCategory, Usage: "parent question category", Destination: &o.Moodle.Category},
		}
	}
	return map[string][]cli.Flag{
		"anki": {
			&cli.StringFlag{Name: "deck", Value: anki.DefaultDeck, Usage: "deck name (one subdeck per role below it)", Destination: &o.Anki.Deck},
			&cli.StringFlag{Name: "notetype", Value: "basic", Usage: "note type: basic or basic-reversed", Destination: &o.Anki.Notetype},
			&cli.StringFlag{Name: "format", Usage: "tsv or apkg (default: from the -o extension, else tsv)", Destination: &c.format},
		},
		"pdf": {
			&cli.StringFlag{Name: "layout", Value: "study", Usage: "study, cheatsheet, flashcards or quiz", Destination: &o.PDF.Layout},
			&cli.StringFlag{Name: "paper", Value: "a4", Usage: "a4 or letter", Destination: &o.PDF.Paper},
			&cli.BoolFlag{Name: "landscape", Usage: "landscape pages (cheat sheet)", Destination: &o.PDF.Landscape},
			&cli.StringFlag{Name: "flip", Value: "long", Usage: "flashcards: duplex flip edge, long or short", Destination: &o.PDF.Flip},
			&cli.Float64Flag{Name: "offset-mm", Usage: "flashcards: shift the backs right by this many mm (negative: left)", Destination: &o.PDF.OffsetMM},
		},
		"xlsx": {
			&cli.StringFlag{Name: "merge", Usage: "an earlier tracker whose progress (status, confidence, dates, notes, extra columns) is kept", Destination: &c.merge},
		},
		"gift":      moodleFlags(),
		"moodlexml": moodleFlags(),
		"json":      {},
	}
}
