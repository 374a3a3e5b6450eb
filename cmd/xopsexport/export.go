package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/xopsexport/xopsexport/exporters"
	"github.com/xopsexport/xopsexport/internal/atomicfile"
	"github.com/xopsexport/xopsexport/model"
)

// prepare fills the options every export shares and checks them before any
// input is read.
func (e *env) prepare(cfg *config) error {
	date, err := parseDate(cfg.date, e.getenv)
	if err != nil {
		return err
	}
	cfg.opts.Date = date
	cfg.opts.Generator = "xopsexport " + appVersion()
	if err := cfg.opts.Check(); err != nil {
		return usageError{err}
	}
	return nil
}

// runExport is the action of every generated format command; what is
// particular to a command comes from its formatCommands entry.
func (e *env) runExport(cfg *config, command string, fc formatCommand) error {
	if err := e.prepare(cfg); err != nil {
		return err
	}
	f, err := exporters.ForCommand(command, cfg.format, cfg.output)
	if err != nil {
		return usageError{err}
	}
	if fc.prepare != nil {
		if err := fc.prepare(e, cfg); err != nil {
			return err
		}
	}
	toStdout := cfg.output == "-" || (cfg.output == "" && f.Stdout)
	if toStdout && f.Binary && cfg.output != "-" && e.isTerminal(e.stdout) {
		return usagef("refusing to write %s to a terminal; use -o FILE, or -o - to force", f.Name)
	}
	_, d, err := e.deckFor(cfg)
	if err != nil {
		return err
	}
	defer e.paceGC(d)()
	if fc.split && cfg.split {
		return e.writeSplit(cfg, f, d)
	}
	if toStdout {
		bw := bufio.NewWriter(atomicfile.NewCountingWriter(e.ctx, e.stdout))
		if err := f.Export(bw, d, cfg.opts); err != nil {
			return err
		}
		return bw.Flush()
	}
	path := cfg.output
	if path == "" {
		path = outputBase(cfg, d)
		if fc.variant != nil && len(f.Variants) > 0 {
			path += "-" + fc.variant(cfg)
		}
		path += f.Ext
	} else if ext := strings.ToLower(filepath.Ext(path)); !strings.HasSuffix(f.Ext, ext) && !isStream(path) {
		e.notef("warning: %s is written as %s (%s), whatever its extension says", path, f.Name, f.Ext)
	}
	n, err := e.writeFile(e.ctx, path, cfg.force, func(w io.Writer) error { return f.Export(w, d, cfg.opts) })
	if err != nil {
		if fc.failed != nil {
			return fc.failed(cfg, path, err)
		}
		return err
	}
	e.notef("wrote %s (%s, %s)", path, humanSize(n), plural(d.Count(), "question"))
	return nil
}

// bigDeck is the size past which PDF layouts take turns in export.
const bigDeck = 3000

// paceGC sets how often the garbage collector runs during an export,
// unless GOGC or GOMEMLIMIT say. An export makes mostly short-lived
// garbage (fpdf alone a few MB per layout), and at the default pace
// collecting it is a fifth of a whole-article export. So the collector is
// paced by a memory limit instead: for a small deck it runs only if the
// heap nears 200 MiB (the article's export peaks near 60 MB); for a big one
// it keeps its usual pace, which lets the heap grow to twice what is live
// (300 MB at 10,000 questions), under a cap of 200 MiB or 20 KiB a question
// (about 1.5 times the live heap, so a 100k deck does not collect
// non-stop). The cap is soft: an export never fails for it. It returns the
// undo.
func (e *env) paceGC(d *model.Deck) func() {
	if !e.tuneGC || e.getenv("GOGC") != "" || e.getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	limit := debug.SetMemoryLimit(max(200<<20, int64(d.Count())*20<<10))
	if d.Count() > bigDeck {
		return func() { debug.SetMemoryLimit(limit) }
	}
	percent := debug.SetGCPercent(-1)
	return func() {
		debug.SetMemoryLimit(limit)
		debug.SetGCPercent(percent)
	}
}

// writeSplit writes one file per role into the directory -o names.
func (e *env) writeSplit(cfg *config, f exporters.Format, d *model.Deck) error {
	dir := cfg.output
	if dir == "" || dir == "-" {
		dir = "."
	}
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return fmt.Errorf("output directory %s: %w", dir, unwrapPath(err))
	}
	for _, s := range d.Sections {
		one := d.Filter([]string{s.Role})
		path := filepath.Join(dir, defaultBase([]string{s.Role})+f.Ext)
		n, err := e.writeFile(e.ctx, path, cfg.force, func(w io.Writer) error { return f.Export(w, one, cfg.opts) })
		if err != nil {
			return err
		}
		e.notef("wrote %s (%s, %s)", path, humanSize(n), plural(one.Count(), "question"))
	}
	return nil
}

// isStream is a path that names a device or pipe rather than a file, whose
// extension means nothing.
func isStream(path string) bool {
	if strings.HasPrefix(path, "/dev/") || strings.HasPrefix(path, "/proc/") {
		return true
	}
	st, err := os.Stat(path)
	return err == nil && !st.Mode().IsRegular() && !st.IsDir()
}

// outputBase is the default file name stem: xops-all, or the roles chosen
// in the source's order.
func outputBase(cfg *config, d *model.Deck) string {
	if len(cfg.roles.Value()) == 0 {
		return defaultBase(nil)
	}
	var ids []string
	for _, s := range d.Sections {
		ids = append(ids, s.Role)
	}
	return defaultBase(ids)
}

// exportAllCommand writes every format (and every PDF layout) into a
// directory.
func exportAllCommand(e *env, cfg *config) *cli.Command {
	var dir string
	var list cli.StringSlice
	flags := append(inputFlags(cfg),
		&cli.StringFlag{Name: "dir", Aliases: []string{"d"}, Value: ".", Usage: "the `DIR` to write into (created if missing)", Destination: &dir},
		listFlag{&cli.StringSliceFlag{Name: "formats", Aliases: []string{"f"}, Usage: "`FORMATS` to write, comma-separated or repeated; a PDF layout as pdf:flashcards (default: all; see xopsexport formats)", Destination: &list}},
		dateFlag(cfg),
		forceFlag(cfg),
	)
	return &cli.Command{
		Name:  "export",
		Usage: "write every format into a directory",
		Description: `Writes each format (and each PDF layout) as xops-<roles>[-<layout>].<ext>,
with every format's default options. The directory is created if needed.
If interrupted or if one format fails, the files already written are listed.

Examples:
   xopsexport export -d out/
   xopsexport export --role cloudops --formats anki,pdf -d out/
   xopsexport export -f pdf:flashcards,xlsx -d print/`,
		Flags: flags, OnUsageError: onUsageError,
		Action: func(c *cli.Context) error {
			if c.Args().Present() {
				return usagef("export takes no arguments (got %q)", c.Args().First())
			}
			return e.exportAll(cfg, dir, list.Value(), c.IsSet("formats"))
		},
	}
}

// job is one file export writes.
type job struct {
	name string
	f    exporters.Format
	opts exporters.Options
}

// planJobs turns --formats into files in the order given, each once;
// "pdf:quiz" picks one variant.
func planJobs(names []string, set bool, base string, opts exporters.Options) ([]job, error) {
	var jobs []job
	add := func(f exporters.Format, variant string) error {
		if len(f.Variants) == 0 {
			if variant != "" {
				return usagef("format %s has no variant %q", f.Name, variant)
			}
			jobs = append(jobs, job{base + f.Ext, f, opts})
			return nil
		}
		found := false
		for _, v := range f.Variants {
			if variant == "" || v.Name == variant {
				o := opts
				v.Apply(&o)
				jobs = append(jobs, job{base + "-" + v.Name + f.Ext, f, o})
				found = true
			}
		}
		if !found {
			var vs []string
			for _, v := range f.Variants {
				vs = append(vs, v.Name)
			}
			return usagef("format %s has no variant %q (valid: %s)", f.Name, variant, strings.Join(vs, ", "))
		}
		return nil
	}
	for _, n := range names {
		for _, part := range strings.Split(n, ",") {
			if part = strings.TrimSpace(part); part == "" {
				continue
			}
			name, variant, _ := strings.Cut(part, ":")
			f, err := exporters.Lookup(name)
			if err != nil {
				return nil, usageError{err}
			}
			if err := add(f, variant); err != nil {
				return nil, err
			}
		}
	}
	if len(jobs) == 0 && set {
		return nil, usagef("--formats names no format (see xopsexport formats)")
	}
	if len(jobs) == 0 {
		for _, f := range exporters.All() {
			add(f, "")
		}
	}
	// Each file once, at its first mention.
	var out []job
	for _, j := range jobs {
		if !slices.ContainsFunc(out, func(o job) bool { return o.name == j.name }) {
			out = append(out, j)
		}
	}
	return out, nil
}

// jobQueue hands out jobs in the order listed, each once. With heavy set,
// the jobs of formats that hold the whole document in memory (the PDF
// layouts) run one at a time: a worker skips to the next other job while
// one runs.
type jobQueue struct {
	mu      sync.Mutex
	cond    *sync.Cond
	jobs    []job
	pending []int
	heavy   bool
	busy    bool // a HoldsDocument job is running
}

func newJobQueue(jobs []job, heavy bool) *jobQueue {
	q := &jobQueue{jobs: jobs, heavy: heavy}
	q.cond = sync.NewCond(&q.mu)
	for i := range jobs {
		q.pending = append(q.pending, i)
	}
	return q
}

func (q *jobQueue) isHeavy(i int) bool { return q.heavy && q.jobs[i].f.HoldsDocument }

// take returns the next job that may start, waiting while only
// HoldsDocument jobs are left and one is running; false once none are left or ctx is done.
func (q *jobQueue) take(ctx context.Context) (int, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for ctx.Err() == nil && len(q.pending) > 0 {
		k := slices.IndexFunc(q.pending, func(i int) bool { return !q.busy || !q.isHeavy(i) })
		if k < 0 {
			q.cond.Wait() // woken by finish, which every running job reaches
			continue
		}
		i := q.pending[k]
		q.pending = slices.Delete(q.pending, k, k+1)
		q.busy = q.busy || q.isHeavy(i)
		return i, true
	}
	return 0, false
}

func (q *jobQueue) finish(i int) {
	q.mu.Lock()
	if q.isHeavy(i) {
		q.busy = false
	}
	q.mu.Unlock()
	q.cond.Broadcast()
}

// partialError is an export that stopped part way: which files are
// complete and which are not.
type partialError struct {
	err              error
	written, missing []string
}

func (p partialError) Error() string {
	msg := p.err.Error()
	if errors.Is(p.err, context.Canceled) {
		msg = "interrupted"
	}
	w := "none"
	if len(p.written) > 0 {
		w = strings.Join(p.written, ", ")
	}
	return fmt.Sprintf("%s; written: %s; not written: %s", msg, w, strings.Join(p.missing, ", "))
}

func (p partialError) Unwrap() error { return p.err }

func (e *env) exportAll(cfg *config, dir string, names []string, set bool) error {
	start := time.Now()
	if err := e.prepare(cfg); err != nil {
		return err
	}
	planned, err := planJobs(names, set, "", cfg.opts)
	if err != nil {
		return err // bad --formats: said before reading anything
	}
	// Each command's own flags at their defaults (so export writes what
	// gift or html would with no options), then its hook (Quizlet's
	// separator notice, say), once per command.
	ran := map[string]bool{}
	for _, j := range planned {
		fc := formatCommands[j.f.Command]
		if ran[j.f.Command] {
			continue
		}
		ran[j.f.Command] = true
		if fc.flags != nil {
			set := flag.NewFlagSet(j.f.Command, flag.ContinueOnError)
			for _, fl := range fc.flags(cfg) {
				if err := fl.Apply(set); err != nil { // sets the destination to the default
					return err
				}
			}
		}
		if fc.prepare != nil {
			if err := fc.prepare(e, cfg); err != nil {
				return err
			}
		}
	}
	_, d, err := e.deckFor(cfg)
	if err != nil {
		return err
	}
	defer e.paceGC(d)()
	jobs, _ := planJobs(names, set, outputBase(cfg, d), cfg.opts)
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return fmt.Errorf("output directory %s: %w", dir, unwrapPath(err))
	}
	// Formats are independent and exporters never modify the deck, so they
	// run side by side, one per core, taken in the order listed. Past a few
	// thousand questions two PDF layouts at once nearly double the peak
	// memory (280 MB instead of 160 MB at 10,000), so for big decks the PDF
	// layouts take turns while the other formats run beside them.
	q := newJobQueue(jobs, d.Count() > bigDeck)
	type result struct {
		n    int64
		err  error
		done bool
	}
	ctx, cancel := context.WithCancel(e.ctx)
	defer cancel()
	results := make([]result, len(jobs))
	done := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(jobs)) {
		wg.Go(func() {
			for {
				i, ok := q.take(ctx)
				if !ok {
					return // all taken, or cancelled: the rest are never started
				}
				j := jobs[i]
				path := filepath.Join(dir, j.name)
				n, err := e.writeFile(ctx, path, cfg.force, func(w io.Writer) error { return j.f.Export(w, d, j.opts) })
				if err != nil {
					cancel() // no point finishing the others
					if !errors.Is(err, context.Canceled) && !strings.Contains(err.Error(), path) {
						err = fmt.Errorf("%s: %w", path, err)
					}
				}
				results[i] = result{n, err, err == nil}
				q.finish(i)
				done <- i
			}
		})
	}
	go func() { wg.Wait(); close(done) }()
	progress := e.isTerminal(e.stderr) && !e.quiet
	finished := 0
	for i := range done {
		finished++
		if progress {
			fmt.Fprintf(e.stderr, "\r\033[K[%d/%d] %s", finished, len(jobs), jobs[i].name)
		}
	}
	if progress {
		fmt.Fprint(e.stderr, "\r\033[K")
	}
	var written, missing []string
	var first error
	var total int64
	for i, r := range results {
		path := filepath.Join(dir, jobs[i].name)
		if !r.done {
			missing = append(missing, path)
			// The failure that stopped the run, not the cancellations it caused.
			if r.err != nil && (first == nil || errors.Is(first, context.Canceled)) {
				first = r.err
			}
			continue
		}
		written = append(written, path)
		total += r.n
		fmt.Fprintf(e.stdout, "%s\t%s\t%s\n", path, humanSize(r.n), plural(d.Count(), "question"))
	}
	if len(missing) > 0 {
		if first == nil {
			first = ctx.Err()
		}
		if first == nil {
			first = context.Canceled
		}
		return partialError{first, written, missing}
	}
	e.notef("wrote %s (%s) with %s to %s in %s", plural(len(jobs), "file"), humanSize(total), plural(d.Count(), "question"), dir, time.Since(start).Round(time.Millisecond))
	return nil
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
