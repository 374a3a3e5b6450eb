package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/xopsexport/xopsexport/exporters"
	"github.com/xopsexport/xopsexport/exporters/xlsx"
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

// runExport is the action of every generated format command.
func (e *env) runExport(cfg *config, command string) error {
	if err := e.prepare(cfg); err != nil {
		return err
	}
	f, err := exporters.ForCommand(command, cfg.format, cfg.output)
	if err != nil {
		return usageError{err}
	}
	if cfg.merge != "" {
		prev, err := os.ReadFile(cfg.merge)
		if err != nil {
			return fmt.Errorf("reading tracker %s: %w", cfg.merge, atomicfile.Unwrap(err))
		}
		cfg.opts.XLSX.Previous = prev
		cfg.opts.XLSX.OnMerge = func(s xlsx.MergeStats) {
			fmt.Fprintf(e.stderr, "merged %s: %d kept, %d updated, %d added, %d archived\n", cfg.merge, s.Kept, s.Updated, s.Added, s.Archived)
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
	if toStdout {
		bw := bufio.NewWriter(atomicfile.NewCountingWriter(e.ctx, e.stdout))
		if err := f.Export(bw, d, cfg.opts); err != nil {
			return err
		}
		return bw.Flush()
	}
	path := cfg.output
	if path == "" {
		path = defaultBase(cfg.roles.Value()) + f.Ext
		if len(cfg.roles.Value()) > 0 {
			path = defaultBase(roleIDs(d)) + f.Ext
		}
	}
	n, err := e.writeFile(e.ctx, path, cfg.force, func(w io.Writer) error { return f.Export(w, d, cfg.opts) })
	if err != nil {
		if cfg.merge != "" {
			return fmt.Errorf("merging %s into %s: %w", cfg.merge, path, err)
		}
		return err
	}
	fmt.Fprintf(e.stderr, "wrote %s (%s, %d questions)\n", path, humanSize(n), d.Count())
	return nil
}

func roleIDs(d *model.Deck) []string {
	var ids []string
	for _, s := range d.Sections {
		ids = append(ids, s.Role)
	}
	return ids
}

// exportAllCommand writes every format (and every PDF layout) into a
// directory.
func exportAllCommand(e *env, cfg *config) *cli.Command {
	var dir string
	var list cli.StringSlice
	flags := append(inputFlags(cfg),
		&cli.StringFlag{Name: "dir", Aliases: []string{"d"}, Value: ".", Usage: "directory to write into (must exist)", Destination: &dir},
		&cli.StringSliceFlag{Name: "formats", Aliases: []string{"f"}, Usage: "formats to write, comma-separated (default: all; see `xopsexport formats`)", Destination: &list},
		&cli.StringFlag{Name: "date", Usage: "date stamped into outputs, YYYY-MM-DD or RFC 3339 (default: $SOURCE_DATE_EPOCH, else the source's date)", Destination: &cfg.date},
		forceFlag(cfg),
	)
	return &cli.Command{
		Name:  "export",
		Usage: "write every format into a directory",
		Description: `Writes each format (and each PDF layout) as xops-<roles>[-<layout>].<ext>.

Examples:
   xopsexport export -d out/
   xopsexport export --role cloudops --formats anki,pdf -d out/`,
		Flags: flags, OnUsageError: onUsageError,
		Action: func(c *cli.Context) error {
			if c.Args().Present() {
				return usagef("export takes no arguments (got %q)", c.Args().First())
			}
			return e.exportAll(cfg, dir, list.Value())
		},
	}
}

func (e *env) exportAll(cfg *config, dir string, names []string) error {
	start := time.Now()
	if err := e.prepare(cfg); err != nil {
		return err
	}
	var fs []exporters.Format
	for _, n := range names {
		for _, part := range strings.Split(n, ",") {
			if part = strings.TrimSpace(part); part == "" {
				continue
			}
			f, err := exporters.Lookup(part)
			if err != nil {
				return usageError{err}
			}
			fs = append(fs, f)
		}
	}
	if len(fs) == 0 {
		fs = exporters.All()
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return fmt.Errorf("output directory %s does not exist", dir)
	}
	_, d, err := e.deckFor(cfg)
	if err != nil {
		return err
	}
	type job struct {
		name string
		f    exporters.Format
		opts exporters.Options
	}
	base := defaultBase(cfg.roles.Value())
	if len(cfg.roles.Value()) > 0 {
		base = defaultBase(roleIDs(d))
	}
	var jobs []job
	for _, f := range fs {
		if len(f.Variants) == 0 {
			jobs = append(jobs, job{base + f.Ext, f, cfg.opts})
			continue
		}
		for _, v := range f.Variants {
			o := cfg.opts
			v.Apply(&o)
			jobs = append(jobs, job{base + "-" + v.Name + f.Ext, f, o})
		}
	}
	// Formats are independent and exporters never modify the deck, so they
	// run side by side, one per core; files are listed in job order. Past a
	// few thousand questions two PDF layouts at once nearly double the peak
	// memory (280 MB instead of 160 MB at 10,000), so big decks go one by one.
	workers := runtime.GOMAXPROCS(0)
	if d.Count() > 3000 {
		workers = 1
	}
	type result struct {
		n   int64
		err error
	}
	ctx, cancel := context.WithCancel(e.ctx)
	defer cancel()
	results := make([]result, len(jobs))
	done := make(chan int)
	sem := make(chan struct{}, workers)
	for i, j := range jobs {
		go func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			path := filepath.Join(dir, j.name)
			n, err := e.writeFile(ctx, path, cfg.force, func(w io.Writer) error { return j.f.Export(w, d, j.opts) })
			if err != nil {
				cancel() // no point finishing the others
			}
			results[i] = result{n, err}
			done <- i
		}()
	}
	progress := e.isTerminal(e.stderr)
	for k := range jobs {
		i := <-done
		if progress {
			fmt.Fprintf(e.stderr, "\r\033[K[%d/%d] %s", k+1, len(jobs), jobs[i].name)
		}
	}
	if progress {
		fmt.Fprint(e.stderr, "\r\033[K")
	}
	var total int64
	for i, r := range results {
		if r.err != nil && !errors.Is(r.err, context.Canceled) {
			return fmt.Errorf("%s: %w", filepath.Join(dir, jobs[i].name), r.err)
		}
	}
	for i, r := range results {
		if r.err != nil {
			return r.err // interrupted
		}
		total += r.n
		fmt.Fprintf(e.stdout, "%s\t%s\t%d questions\n", filepath.Join(dir, jobs[i].name), humanSize(r.n), d.Count())
	}
	fmt.Fprintf(e.stderr, "wrote %d files (%s) with %d questions to %s in %s\n", len(jobs), humanSize(total), d.Count(), dir, time.Since(start).Round(time.Millisecond))
	return nil
}
