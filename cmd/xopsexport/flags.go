package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/xopsexport/xopsexport/exporters/mcq"
	"github.com/xopsexport/xopsexport/extract"
	"github.com/xopsexport/xopsexport/model"
)

// Flags are built by functions because urfave/cli flags hold parse state:
// each command gets fresh ones, all bound to the one config of the run.
// Each flag shared by several commands has one constructor here; flags for
// every command are added in one place (commonFlags).

// commonFlags are added to every command by newApp.
func commonFlags(e *env) []cli.Flag {
	return []cli.Flag{
		&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print only errors on standard error", Destination: &e.quiet},
	}
}

// typeFlag, choicesFlag and seedFlag are the multiple-choice flags of
// every command that builds the questions (gift, moodlexml, html, qti,
// blackboard, and lint --mcq), so that they read and default alike.
func typeFlag(dst *string) cli.Flag {
	return &cli.StringFlag{Name: "type", Value: "essay", Usage: "question type: essay, mcq or both", Destination: dst}
}

func choicesFlag(dst *int) cli.Flag {
	return &cli.IntFlag{Name: "choices", Value: mcq.DefaultChoices, Usage: "answers per multiple-choice question (2-10)", Destination: dst}
}

func seedFlag(dst *int64) cli.Flag {
	return &cli.Int64Flag{Name: "seed", Value: 1, Usage: "seed for choosing and shuffling distractors", Destination: dst}
}

// inputFlags are accepted by every command that reads an article.
func inputFlags(c *config) []cli.Flag {
	var roles, formats []string
	for _, r := range model.Roles() {
		roles = append(roles, r.ID)
	}
	for _, f := range extract.Formats() {
		formats = append(formats, string(f))
	}
	return []cli.Flag{
		&cli.StringFlag{Name: "source", Aliases: []string{"s"}, Usage: "article to read: a `FILE`, - for stdin, or an http(s) URL; default: the latest refreshed snapshot, else the embedded copy", Destination: &c.source},
		&cli.StringFlag{Name: "from", Usage: "input `FORMAT`: " + strings.Join(formats, ", ") + " (default: detected)", Destination: &c.from},
		listFlag{&cli.StringSliceFlag{Name: "role", Aliases: []string{"r"}, Usage: "only these `ROLES` (repeatable or comma-separated): " + strings.Join(roles, ", "), Destination: &c.roles}},
		&cli.StringFlag{Name: "questions", Usage: "question `LAYOUT`, when detection gets it wrong: heading:N, label, numbered, bold, bullet, summary, table, or a regular expression for the question line", Destination: &c.questions},
		&cli.BoolFlag{Name: "strict", Usage: "exit with status 3, writing nothing, if the source has serious problems (for lint: any finding)", Destination: &c.strict},
		dataDirFlag(c),
	}
}

// listFlag is a repeatable, comma-separated flag, shown in help as
// "--role ROLES, -r ROLES" rather than urfave's doubled
// "--role value, -r value [ --role value, -r value ]".
type listFlag struct{ *cli.StringSliceFlag }

func (listFlag) IsSliceFlag() bool { return false }

func (l listFlag) String() string { return cli.FlagStringer(l) }

// dataDirFlag is --data-dir: every reading command takes it (the default
// source is the latest snapshot there), and so do refresh and status. Its
// environment variable is read in env.dataDir, through env.getenv.
func dataDirFlag(c *config) cli.Flag {
	return &cli.StringFlag{Name: "data-dir", Usage: "`DIR` of refreshed snapshots (default: $XOPSEXPORT_DATA_DIR, else $XDG_DATA_HOME/xopsexport, else ~/.local/share/xopsexport)", Destination: &c.dataDir}
}

// outputFlags are accepted by every command that writes one file.
func outputFlags(c *config) []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "output `FILE`; - forces standard output (default: a name in the current directory)", Destination: &c.output},
		dateFlag(c),
		forceFlag(c),
	}
}

// dateFlag is --date, the date stamped into outputs.
func dateFlag(c *config) cli.Flag {
	return &cli.StringFlag{Name: "date", Usage: "`DATE` stamped into outputs, YYYY-MM-DD or RFC 3339 (default: $SOURCE_DATE_EPOCH, else the source's date)", Destination: &c.date}
}

// forceFlag is --force: replace an output file that is read-only.
func forceFlag(c *config) cli.Flag {
	return &cli.BoolFlag{Name: "force", Usage: "replace output files even if they are read-only", Destination: &c.force}
}

// jsonFlag is --json, machine-readable output.
func jsonFlag(dst *bool) cli.Flag {
	return &cli.BoolFlag{Name: "json", Usage: "print the result as JSON", Destination: dst}
}

// Dates outside these years are a typo or a broken $SOURCE_DATE_EPOCH
// (year 1 is also Go's zero time, which means "not set"); PDF and xlsx
// dates have four-digit years.
var (
	minDate = time.Unix(0, 0).UTC()
	maxDate = time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)
)

// parseDate reads --date, then SOURCE_DATE_EPOCH; zero means "use the
// source's date".
func parseDate(s string, getenv func(string) string) (time.Time, error) {
	var t time.Time
	what := fmt.Sprintf("--date %q", s)
	if s == "" {
		ep := getenv("SOURCE_DATE_EPOCH")
		if ep == "" {
			return time.Time{}, nil
		}
		var sec int64
		if _, err := fmt.Sscanf(ep, "%d", &sec); err != nil || sec < 0 || fmt.Sprint(sec) != strings.TrimSpace(ep) {
			return time.Time{}, usagef("SOURCE_DATE_EPOCH %q is not a number of seconds", ep)
		}
		if sec > maxDate.Unix() {
			return time.Time{}, usagef("SOURCE_DATE_EPOCH %q is after the year 9999", ep)
		}
		t, what = time.Unix(sec, 0).UTC(), fmt.Sprintf("SOURCE_DATE_EPOCH %q", ep)
	} else {
		var err error
		for _, layout := range []string{"2006-01-02", time.RFC3339} {
			if t, err = time.Parse(layout, s); err == nil {
				break
			}
		}
		if err != nil {
			return time.Time{}, usagef("--date %q is not YYYY-MM-DD or RFC 3339", s)
		}
		t = t.UTC()
	}
	if t.Before(minDate) || t.After(maxDate) {
		return time.Time{}, usagef("%s is out of range (1970-01-01 to 9999-12-31)", what)
	}
	return t, nil
}

// trailingBoolFlags takes boolean flags written after the arguments
// ("diff OLD NEW --json"), which urfave/cli v2 leaves among the arguments.
func trailingBoolFlags(args []string, flags map[string]*bool) ([]string, error) {
	var rest []string
	for i, a := range args {
		if a == "--" {
			return append(rest, args[i+1:]...), nil
		}
		if len(a) < 2 || a[0] != '-' {
			rest = append(rest, a) // includes "-", standard input
			continue
		}
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		p, ok := flags[name]
		if !ok {
			return nil, usagef("flag provided but not defined: %s", a)
		}
		switch {
		case !hasVal || val == "true":
			*p = true
		case val == "false":
			*p = false
		default:
			return nil, usagef("invalid value %q for flag -%s", val, name)
		}
	}
	return rest, nil
}
