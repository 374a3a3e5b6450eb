package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

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
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v // go install module@version
	}
	// A build from a checkout: the commit it was built from.
	var rev, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = "-dirty"
			}
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev == "" {
		return "dev"
	}
	return "dev-" + rev + modified
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
	// quiet is --quiet: notices are dropped, errors still printed.
	quiet bool
	// unknown is a command name that matched no command.
	unknown string
	// tuneGC lets an export set the collector's pace (paceGC): only when
	// the run is the whole process, as the setting is process-wide.
	tuneGC bool
}

// notef prints a notice (progress, what was written, warnings) on stderr,
// unless --quiet.
func (e *env) notef(format string, args ...any) {
	if !e.quiet {
		fmt.Fprintf(e.stderr, format+"\n", args...)
	}
}

// config collects every flag of one run.
type config struct {
	source, from, dataDir string
	questions             string
	roles                 cli.StringSlice
	output, date, format  string
	merge                 string
	strict, force, split  bool
	opts                  exporters.Options
}

func run(ctx context.Context, temps *atomicfile.Temps, wholeProcess bool, args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	defer func() {
		// A bug must still end as one line, not a stack trace.
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "xopsexport: internal error: %v\n", r)
			code = exitFailure
		}
	}()
	e := &env{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv, isTerminal: isTerminal, temps: temps, tuneGC: wholeProcess}
	return e.run(args)
}

// run executes one command line and returns the exit status.
func (e *env) run(args []string) int {
	err := newApp(e).RunContext(e.ctx, args)
	if err == nil && e.unknown != "" {
		err = usagef("unknown command %q (see xopsexport --help)", e.unknown)
	}
	if err != nil {
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
		Usage:     "turn DevOps/DevSecOps/CloudOps/MLOps/AIOps interview Q&A into Anki decks, PDFs, Excel trackers, LMS quizzes and a study web page",
		Version:   appVersion(),
		Reader:    e.stdin,
		Writer:    e.stdout,
		ErrWriter: e.stderr,
		// Errors are printed once, by run.
		ExitErrHandler:       func(*cli.Context, error) {},
		OnUsageError:         onAppUsageError,
		CommandNotFound:      func(_ *cli.Context, name string) { e.unknown = name },
		EnableBashCompletion: true,
		Description: `Reads the article (by default the copy built into the binary) and writes it in the
format people study with. Commands that read an article accept --source, --from,
--role and --questions; flags go after the command name.

The built-in article is "Interview Questions & Answers for DevOps, DevSecOps,
CloudOps, MLOps, and AIOps" by Sandip Das (LearnXOps), embedded for offline
personal study with attribution; every export names its author and source:
https://learnxops.com/p/interview-q-a-for-devops-devsecops-cloudops-mlops-aiops

Examples:
   xopsexport stats
   xopsexport anki --role cloudops -o cloudops.txt
   xopsexport pdf --layout flashcards -o cards.pdf
   xopsexport export -d out/

Exit status: 0 done, 1 I/O or internal error, 2 bad usage, 3 no questions or
--strict findings, 4 the source could not be read, 130 interrupted.

Environment: XOPSEXPORT_DATA_DIR or XDG_DATA_HOME (where refreshed snapshots live),
SOURCE_DATE_EPOCH (the date stamped into outputs).`,
	}
	app.Commands = append(app.Commands, infoCommands(e, cfg)...)
	app.Commands = append(app.Commands, exportCommands(e, cfg)...)
	app.Commands = append(app.Commands, exportAllCommand(e, cfg), formatsCommand(e))
	app.Commands = append(app.Commands, refreshCommands(e, cfg)...)
	app.Commands = append(app.Commands, versionCommand(e), licensesCommand(e), completionCommand(e))
	for _, c := range app.Commands {
		c.Flags = append(c.Flags, commonFlags(e)...)
		if c.OnUsageError == nil {
			c.OnUsageError = onUsageError
		}
	}
	return app
}

func onUsageError(_ *cli.Context, err error, _ bool) error { return usageError{err} }

// onAppUsageError is a flag before the command name: a common slip, since
// many tools accept both orders.
func onAppUsageError(_ *cli.Context, err error, _ bool) error {
	if strings.Contains(err.Error(), "flag provided but not defined") {
		return usagef("%v (flags go after the command: xopsexport COMMAND --flag …)", err)
	}
	return usageError{err}
}

func versionCommand(e *env) *cli.Command {
	return &cli.Command{
		Name: "version", Usage: "print the version (the commit, for a build from a checkout)",
		Action: func(c *cli.Context) error {
			if c.Args().Present() {
				return usagef("version takes no arguments")
			}
			_, err := fmt.Fprintf(e.stdout, "xopsexport %s\n", appVersion())
			return err
		},
	}
}

// exportCommands generates one subcommand per registered command name,
// with the shared input and output flags and the command's own entry in
// formatCommands.
func exportCommands(e *env, cfg *config) []*cli.Command {
	var cmds []*cli.Command
	for _, name := range exporters.Commands() {
		fc := formatCommands[name]
		var usage, exts []string
		for _, f := range exporters.All() {
			if f.Command == name {
				usage = append(usage, f.Usage)
				exts = append(exts, f.Ext)
			}
		}
		flags := append(inputFlags(cfg), outputFlags(cfg)...)
		if fc.flags != nil {
			flags = append(flags, fc.flags(cfg)...)
		}
		cmds = append(cmds, &cli.Command{
			Name:         name,
			Usage:        strings.Join(usage, "; "),
			UsageText:    fmt.Sprintf("xopsexport %s [--role R] [-o FILE%s] [options]", name, exts[0]),
			Description:  fc.help,
			Flags:        flags,
			OnUsageError: onUsageError,
			Action: func(c *cli.Context) error {
				if c.Args().Present() {
					return usagef("%s takes no arguments (got %q); use --source to name the input", name, c.Args().First())
				}
				return e.runExport(cfg, name, fc)
			},
		})
	}
	return cmds
}
