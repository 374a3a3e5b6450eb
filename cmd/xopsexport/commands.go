package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/urfave/cli/v2"

	"github.com/xopsexport/xopsexport/exporters/anki"
	"github.com/xopsexport/xopsexport/exporters/cardtext"
	"github.com/xopsexport/xopsexport/exporters/moodle"
	"github.com/xopsexport/xopsexport/exporters/xlsx"
)

// formatCommand is what the CLI adds to a command the registry declares
// (exporters.Commands): its own flags, its help, and hooks around the
// export. This file is the only one in cmd that knows a format by name.
type formatCommand struct {
	// flags are the command's own flags, bound to c.opts.
	flags func(c *config) []cli.Flag
	// help is the command's description with examples.
	help string
	// prepare runs after flags are parsed, before the source is read.
	prepare func(e *env, c *config) error
	// failed rewords an export error for the command's situation.
	failed func(c *config, path string, err error) error
	// variant names the registry Variant the flags chose, so the default
	// file name is the one export gives it.
	variant func(c *config) string
	// split offers --split: one file per role, -o naming the directory.
	split bool
}

// formatCommands has one entry per registered command (a test checks).
var formatCommands = map[string]formatCommand{
	"anki": {
		flags: func(c *config) []cli.Flag {
			o := &c.opts.Anki
			return []cli.Flag{
				&cli.StringFlag{Name: "deck", Value: anki.DefaultDeck, Usage: "deck name (one subdeck per role below it)", Destination: &o.Deck},
				&cli.StringFlag{Name: "notetype", Value: "basic", Usage: "note type: basic or basic-reversed", Destination: &o.Notetype},
				&cli.StringFlag{Name: "format", Usage: "tsv or apkg (default: from the -o extension, else tsv)", Destination: &c.format},
			}
		},
		help: `Writes an Anki deck: a text file with import headers (tsv) or a package (apkg).
Re-importing a later export updates the same notes instead of duplicating them.

Examples:
   xopsexport anki --role cloudops                  # xops-cloudops.tsv
   xopsexport anki -o xops.apkg                     # all roles, one subdeck each
   xopsexport anki --notetype basic-reversed -o - | less`,
	},
	"pdf": {
		flags: func(c *config) []cli.Flag {
			o := &c.opts.PDF
			return []cli.Flag{
				&cli.StringFlag{Name: "layout", Value: "study", Usage: "study, cheatsheet, flashcards or quiz", Destination: &o.Layout},
				&cli.StringFlag{Name: "paper", Value: "a4", Usage: "a4 or letter", Destination: &o.Paper},
				&cli.BoolFlag{Name: "landscape", Usage: "landscape pages (any layout)", Destination: &o.Landscape},
				&cli.StringFlag{Name: "flip", Value: "long", Usage: "flashcards: duplex flip edge, long or short", Destination: &o.Flip},
				&cli.Float64Flag{Name: "offset-mm", Usage: "flashcards: shift the backs right by this many mm (negative: left)", Destination: &o.OffsetMM},
			}
		},
		help: `Writes printable study material in one of four layouts:
   study       questions with full answers, a clickable contents page and the source
   cheatsheet  every question with the first line of its answer, two columns
   flashcards  8 cards per sheet (9 in landscape), backs mirrored for duplex printing
   quiz        numbered questions with room to write, answers at the end
The default file name carries the layout, as in export: xops-all-flashcards.pdf.

Examples:
   xopsexport pdf -o study.pdf
   xopsexport pdf --layout cheatsheet --landscape -o cheat.pdf
   xopsexport pdf --layout flashcards --flip long --offset-mm 1.5 -o cards.pdf
   xopsexport pdf --layout quiz --role mlops -o mlops-quiz.pdf`,
		variant: func(c *config) string { return c.opts.PDF.Layout },
	},
	"xlsx": {
		flags: func(c *config) []cli.Flag {
			return []cli.Flag{
				&cli.StringFlag{Name: "merge", Usage: "an earlier tracker (or - for standard input) whose progress is kept: status, confidence, dates, notes, extra columns and sheets", Destination: &c.merge},
			}
		},
		help: `Writes an Excel study tracker; --merge keeps the progress of an earlier one.
Rows of questions not in this export (another --role, or removed from the article)
move to an Archive sheet, and come back when they return.

Examples:
   xopsexport xlsx -o tracker.xlsx
   xopsexport xlsx --merge tracker.xlsx -o tracker.xlsx   # after a refresh`,
		prepare: prepareMerge,
		failed: func(c *config, path string, err error) error {
			if c.merge == "" {
				return err
			}
			return fmt.Errorf("merging %s into %s: %w", c.merge, path, err)
		},
	},
	"gift": {
		flags: moodleFlags,
		help: `Writes a Moodle GIFT quiz (Question bank > Import > GIFT format).

Examples:
   xopsexport gift -o quiz.gift
   xopsexport gift --type mcq --choices 4 --seed 7 --role devops -o devops-mcq.gift`,
	},
	"moodlexml": {
		flags: moodleFlags,
		help: `Writes a Moodle XML quiz (Question bank > Import > Moodle XML format).

Examples:
   xopsexport moodlexml --type both -o quiz.xml`,
	},
	"html": {
		flags: func(c *config) []cli.Flag {
			o := &c.opts.WebPage
			return []cli.Flag{
				&cli.StringFlag{Name: "title", Usage: "page title (default: the article's)", Destination: &o.Title},
				seedFlag(&o.Seed),
			}
		},
		help: `Writes a study web page in one self-contained file: browse and search every
answer, flashcards on a spaced-repetition schedule (SM-2), multiple-choice quiz
rounds, and progress per role. It needs no server and makes no network request:
open it from disk, mail it, or put it on any static host. Progress stays in the
browser, keyed by question ID, so a newer export of the page keeps it; Progress >
Export moves it to another device.

Examples:
   xopsexport html -o xops.html
   xopsexport html --role cloudops --title "CloudOps interview prep" -o cloudops.html
   xopsexport refresh && xopsexport html -o xops.html   # same file name: grades carry over`,
	},
	"qti": {
		flags: func(c *config) []cli.Flag {
			o := &c.opts.QTI
			return []cli.Flag{
				typeFlag(&o.Type),
				choicesFlag(&o.MCQ.Choices),
				seedFlag(&o.MCQ.Seed),
				&cli.Float64Flag{Name: "points", Value: 1, Usage: "points per question", Destination: &o.Points},
			}
		},
		help: `Writes an IMS QTI 1.2 content package (.zip) with one quiz per role, for
Canvas (Settings > Import course content > QTI .zip file), Brightspace (Question
Library > Import > Upload a file) and Blackboard (Pools > Import Pool). Essay items
carry the model answer as feedback; multiple-choice items use the same distractors
and --seed as the Moodle quizzes. Item IDs come from the stable question IDs.

Examples:
   xopsexport qti                                        # xops-all.qti.zip, essay questions
   xopsexport qti --type both --role cloudops            # xops-cloudops.qti.zip
   xopsexport qti --type mcq --choices 5 --seed 2 --points 2 -o quiz.zip`,
	},
	"blackboard": {
		flags: func(c *config) []cli.Flag {
			o := &c.opts.Blackboard
			return []cli.Flag{
				typeFlag(&o.Type),
				choicesFlag(&o.MCQ.Choices),
				seedFlag(&o.MCQ.Seed),
			}
		},
		help: `Writes a Blackboard "Upload Questions" file: tab-delimited ESS (essay with the
model answer) and MC records, text as HTML (Test, Survey and Pool > Pools > your
pool > Upload Questions).

Examples:
   xopsexport blackboard --type both -o questions.txt
   xopsexport blackboard --type mcq --role devops --seed 3`,
	},
	"quizlet": {
		flags: func(c *config) []cli.Flag {
			o := &c.opts.Quizlet
			return []cli.Flag{
				&cli.IntFlag{Name: "max-length", Value: cardtext.DefaultMaxLength, Usage: "warn about definitions longer than this many characters (nothing is cut)", Destination: &o.MaxLength},
			}
		},
		prepare: func(e *env, c *config) error {
			c.opts.Quizlet.OnSeparators = func(s cardtext.Separators) { e.notef("%s", s.Instructions()) }
			c.opts.Quizlet.Warn = func(msg string) { e.notef("warning: %s", msg) }
			return nil
		},
		help: `Writes text for Quizlet's import box (also Knowt's): the question, a tab, the
answer with its line breaks, and between cards a separator that occurs nowhere
in the text. What to choose in Quizlet's import dialog is printed on stderr.

Examples:
   xopsexport quizlet --role mlops        # xops-mlops.quizlet.txt; open it, copy all, paste
   xopsexport quizlet -o - | pbcopy`,
	},
	"csv": {
		flags: func(c *config) []cli.Flag {
			o := &c.opts.CSV
			return []cli.Flag{
				&cli.BoolFlag{Name: "no-bom", Usage: "leave out the UTF-8 byte order mark (Excel needs it to read UTF-8)", Destination: &o.NoBOM},
			}
		},
		help: `Writes RFC 4180 CSV (id, role, number, question, answer, tags, source) for
spreadsheets and apps such as RemNote, Brainscape, Google Sheets and Notion.
Cells starting with = + - @ get a leading ' so they are never run as formulas.

Examples:
   xopsexport csv -o xops.csv
   xopsexport csv --no-bom --role devsecops -o - | column -s, -t | less -S`,
	},
	"markdown": {
		flags: func(c *config) []cli.Flag {
			o := &c.opts.Markdown
			return []cli.Flag{
				&cli.BoolFlag{Name: "flashcards", Usage: "write Obsidian Spaced Repetition cards (question, ?, answer) tagged #flashcards/<role>", Destination: &o.Flashcards},
				&cli.BoolFlag{Name: "split", Usage: "one file per role, xops-<role>.md, in the directory -o names (default: the current one)", Destination: &c.split},
			}
		},
		split: true,
		help: `Writes one Markdown file for GitHub or Obsidian: a heading per role and per
question (anchored by question ID), answers with their lists, code and tables.

Examples:
   xopsexport markdown -o xops.md
   xopsexport markdown --flashcards --role cloudops -o ~/vault/CloudOps.md
   xopsexport markdown --split --flashcards -o ~/vault/interview/   # one note per role`,
	},
	"json": {
		flags: func(*config) []cli.Flag { return nil },
		help: `Prints the extracted model as JSON (the contract every exporter reads).

Examples:
   xopsexport json | jq '.sections[].questions | length'
   xopsexport json --source article.html -o deck.json`,
	},
}

func moodleFlags(c *config) []cli.Flag {
	o := &c.opts.Moodle
	return []cli.Flag{
		typeFlag(&o.Type),
		choicesFlag(&o.Choices),
		seedFlag(&o.Seed),
		&cli.StringFlag{Name: "category", Value: moodle.DefaultCategory, Usage: "parent question category", Destination: &o.Category},
	}
}

// maxTracker bounds a tracker read for --merge, the workbook reader's own
// cap on what it unpacks (a 100,000-question tracker is 57 MB unpacked).
const maxTracker = 200 << 20

// prepareMerge reads the tracker --merge names (- is standard input).
func prepareMerge(e *env, c *config) error {
	if c.merge == "" {
		return nil
	}
	var prev []byte
	var err error
	if c.merge == "-" {
		prev, err = io.ReadAll(io.LimitReader(e.stdin, maxTracker+1))
	} else {
		prev, err = readLimited(c.merge, maxTracker+1)
	}
	switch {
	case os.IsNotExist(err):
		return fmt.Errorf("reading tracker %s: no such file (create one first with xopsexport xlsx -o %s)", c.merge, c.merge)
	case err != nil:
		return fmt.Errorf("reading tracker %s: %w", c.merge, unwrapPath(err))
	case len(prev) > maxTracker:
		return fmt.Errorf("reading tracker %s: larger than %d MiB; not a study tracker", c.merge, maxTracker>>20)
	}
	if c.merge != "-" {
		if lock := officeLock(c.merge); lock != "" {
			e.notef("warning: %s looks open in a spreadsheet program (%s exists): close it first, or its next save overwrites this merge", c.merge, filepath.Base(lock))
		}
	}
	c.opts.XLSX.Previous = prev
	c.opts.XLSX.PreviousName = filepath.Base(c.merge)
	c.opts.XLSX.OnMerge = func(s xlsx.MergeStats) {
		e.notef("merged %s: %d kept, %d updated, %d added, %d archived", c.merge, s.Kept, s.Updated, s.Added, s.Archived)
	}
	return nil
}

// officeLock returns the lock file LibreOffice (.~lock.NAME#) or Excel
// (~$NAME) keeps beside a workbook it has open, if there is one.
func officeLock(path string) string {
	dir, base := filepath.Split(path)
	for _, name := range []string{".~lock." + base + "#", "~$" + base} {
		p := filepath.Join(dir, name)
		if _, err := os.Lstat(p); err == nil {
			return p
		}
	}
	return ""
}
