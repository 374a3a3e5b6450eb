package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/xopsexport/xopsexport/exporters"
	"github.com/xopsexport/xopsexport/internal/atomicfile"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3".
var version = ""

func appVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// env is what the commands may touch of the outside world. Tests build one
// with buffers.
type env struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	// isTerminal reports whether w is an interactive terminal.
	isTerminal func(w io.Writer) bool
	// temps are the files being written, for a forced exit to remove.
	temps *atomicfile.Temps
}

// config collects every flag of one run.
type config struct {
	source, from, dataDir string
	roles                 cli.StringSlice
	output, date, format  string
	merge                 string
	strict, force         bool
	opts                  exporters.Options
}

func run(ctx context.Context, temps *atomicfile.Temps, args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	defer func() {
		// A bug must still end as one line, not a stack trace.
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "xopsexport: internal error: %v\n", r)
			code = exitFailure
		}
	}()
	e := &env{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv, isTerminal: isTerminal, temps: temps}
	return e.run(args)
}

// run executes one command line and returns the exit status.
func (e *env) run(args []string) int {
	if err := newApp(e).RunContext(e.ctx, args); err != nil {
		return report(e.stderr, err)
	}
	return exitOK
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func newApp(e *env) *cli.App {
	cfg := &config{}
	app := &cli.App{
		Name:      "xopsexport",
		Usage:     "turn the LearnXOps DevOps/DevSecOps/CloudOps/MLOps/AIOps interview Q&A into Anki decks, PDFs, Excel trackers and Moodle quizzes",
		Version:   appVersion(),
		Reader:    e.stdin,
		Writer:    e.stdout,
		ErrWriter: e.stderr,
		// Errors are printed once, by run.
		ExitErrHandler:       func(*cli.Context, error) {},
		OnUsageError:         onUsageError,
		EnableBashCompletion: true,
		Description: `Reads the article (by default the copy built into the binary) and writes it in the
format people study with. Every command accepts --source, --from and --role.

Examples:
   xopsexport stats
   xopsexport anki --role cloudops -o cloudops.txt
   xopsexport pdf --layout flashcards -o cards.pdf
   xopsexport export -d out/`,
	}
	app.Commands = append(app.Commands, infoCommands(e, cfg)...)
	app.Commands = append(app.Commands, exportCommands(e, cfg)...)
	app.Commands = append(app.Commands, exportAllCommand(e, cfg), formatsCommand(e))
	app.Commands = append(app.Commands, refreshCommands(e, cfg)...)
	return app
}

func onUsageError(_ *cli.Context, err error, _ bool) error { return usageError{err} }

// exportCommands generates one subcommand per registered command name.
func exportCommands(e *env, cfg *config) []*cli.Command {
	per := formatFlags(cfg)
	var cmds []*cli.Command
	for _, name := range exporters.Commands() {
		var usage []string
		var exts []string
		for _, f := range exporters.All() {
			if f.Command == name {
				usage = append(usage, f.Usage)
				exts = append(exts, f.Ext)
			}
		}
		flags := append(append(inputFlags(cfg), outputFlags(cfg)...), per[name]...)
		cmds = append(cmds, &cli.Command{
			Name:         name,
			Usage:        strings.Join(usage, "; "),
			UsageText:    fmt.Sprintf("xopsexport %s [--role R] [-o FILE%s] [options]", name, exts[0]),
			Description:  exportExamples[name],
			Flags:        flags,
			OnUsageError: onUsageError,
			Action: func(c *cli.Context) error {
				if c.Args().Present() {
					return usagef("%s takes no arguments (got %q); use --source to name the input", name, c.Args().First())
				}
				return e.runExport(cfg, name)
			},
		})
	}
	return cmds
}

// exportExamples is the help text of each generated command.
var exportExamples = map[string]string{
	"anki": `Writes an Anki deck: a text file with import headers (tsv) or a package (apkg).
Re-importing a later export updates the same notes instead of duplicating them.

Examples:
   xopsexport anki --role cloudops                  # xops-cloudops.tsv
   xopsexport anki -o xops.apkg                     # all roles, one subdeck each
   xopsexport anki --notetype basic-reversed -o - | less`,
	"pdf": `Writes printable study material.

Examples:
   xopsexport pdf -o study.pdf
   xopsexport pdf --layout cheatsheet --landscape -o cheat.pdf
   xopsexport pdf --layout flashcards --flip long --offset-mm 1.5 -o cards.pdf
   xopsexport pdf --layout quiz --role mlops -o mlops-quiz.pdf`,
	"xlsx": `Writes an Excel study tracker; --merge keeps the progress of an earlier one.

Examples:
   xopsexport xlsx -o tracker.xlsx
   xopsexport xlsx --merge tracker.xlsx -o tracker.xlsx`,
	"gift": `Writes a Moodle GIFT quiz (Question bank > Import > GIFT format).

Examples:
   xopsexport gift -o quiz.gift
   xopsexport gift --type mcq --choices 4 --seed 7 --role devops -o devops-mcq.gift`,
	"moodlexml": `Writes a Moodle XML quiz (Question bank > Import > Moodle XML format).

Examples:
   xopsexport moodlexml --type both -o quiz.xml`,
	"json": `Prints the extracted model as JSON (the contract every exporter reads).

Examples:
   xopsexport json | jq '.sections[].questions | length'
   xopsexport json --source article.html -o deck.json`,
}

// parseDate reads --date, then SOURCE_DATE_EPOCH; zero means "use the
// source's date".
func parseDate(s string, getenv func(string) string) (time.Time, error) {
	if s == "" {
		if ep := getenv("SOURCE_DATE_EPOCH"); ep != "" {
			var sec int64
			if _, err := fmt.Sscanf(ep, "%d", &sec); err != nil || sec < 0 {
				return time.Time{}, usagef("SOURCE_DATE_EPOCH %q is not a number of seconds", ep)
			}
			return time.Unix(sec, 0).UTC(), nil
		}
		return time.Time{}, nil
	}
	for _, layout := range []string{"2006-01-02", time.RFC3339} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, usagef("--date %q is not YYYY-MM-DD or RFC 3339", s)
}
