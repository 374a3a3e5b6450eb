package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/xopsexport/xopsexport/model"
	"github.com/xopsexport/xopsexport/revision"
	"github.com/xopsexport/xopsexport/source"
)

// refreshCommands are refresh, status and diff: keeping a local copy of the
// live article, saying which copy is in use, and comparing two revisions.
func refreshCommands(e *env, cfg *config) []*cli.Command {
	var o refreshOptions
	var diffJSON bool
	return []*cli.Command{
		{
			Name:      "refresh",
			Usage:     "fetch the live article, show what changed and keep it as the new default source",
			UsageText: "xopsexport refresh [--url URL] [--dry-run] [--force] [--json]",
			Description: `Fetches the article, compares it with the snapshot in use (or the embedded copy)
and prints what changed per role. If the page looks right, it is saved as a new
snapshot in the data directory and every later command without --source uses it,
with the question IDs carried over (reworded questions keep theirs), so a re-export
updates Anki notes and tracker rows instead of duplicating them.

A failed fetch (exit 4) or a page that looks broken (no questions, a role gone,
fewer than half the questions; exit 3) leaves the current snapshot untouched;
--force accepts the latter. A 304 Not Modified or an identical page changes nothing.

Examples:
   xopsexport refresh --dry-run
   xopsexport refresh && xopsexport anki -o xops.apkg && xopsexport xlsx --merge tracker.xlsx -o tracker.xlsx
   xopsexport refresh --json | jq '.reworded'`,
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "url", Value: source.DefaultURL, Usage: "where to fetch the article from", Destination: &o.url},
				&cli.BoolFlag{Name: "dry-run", Aliases: []string{"n"}, Usage: "show what changed, write nothing", Destination: &o.dryRun},
				&cli.BoolFlag{Name: "force", Usage: "save the page even if it looks like a broken extraction", Destination: &o.force},
				jsonFlag(&o.json),
				dataDirFlag(cfg),
			},
			OnUsageError: onUsageError,
			Action: func(c *cli.Context) error {
				if c.Args().Present() {
					return usagef("refresh takes no arguments (got %q); use --url to name the page", c.Args().First())
				}
				return e.refresh(cfg, o)
			},
		},
		{
			Name:         "status",
			Usage:        "say which copy of the article is in use, from where and when",
			UsageText:    "xopsexport status [--data-dir DIR]",
			Description:  "Examples:\n   xopsexport status\n   xopsexport status --data-dir ~/xops-data",
			Flags:        []cli.Flag{dataDirFlag(cfg)},
			OnUsageError: onUsageError,
			Action: func(c *cli.Context) error {
				if c.Args().Present() {
					return usagef("status takes no arguments (got %q)", c.Args().First())
				}
				return e.status(cfg)
			},
		},
		{
			Name:      "diff",
			Usage:     "compare two copies of the article (files, - or URLs) question by question",
			UsageText: "xopsexport diff OLD NEW [--json]",
			Description: `Prints the same changelog as refresh, without touching the data directory.

Examples:
   xopsexport diff saved-2026-11.html https://learnxops.com/p/interview-q-a-for-devops-devsecops-cloudops-mlops-aiops
   xopsexport diff old.txt new.txt --json | jq '.added[].question'`,
			Flags:        []cli.Flag{jsonFlag(&diffJSON)},
			OnUsageError: onUsageError,
			Action: func(c *cli.Context) error {
				args, err := trailingBoolFlags(c.Args().Slice(), map[string]*bool{"json": &diffJSON})
				if err != nil {
					return err
				}
				if len(args) != 2 {
					return usagef("diff takes two sources, OLD and NEW (got %d)", len(args))
				}
				return e.diff(args[0], args[1], diffJSON)
			},
		},
	}
}

type refreshOptions struct {
	url                 string
	dryRun, force, json bool
}

func (e *env) refresh(cfg *config, o refreshOptions) error {
	dir, err := e.dataDir(cfg)
	if err != nil {
		return err
	}
	store := &source.Store{Dir: dir, OnWait: func(h source.LockHolder) {
		e.notef("waiting for another refresh (%s)…", h)
	}}
	var lock *source.Locked
	if !o.dryRun {
		// Held from reading the current snapshot to saving the next, so
		// two refreshes cannot both build on the same one.
		if lock, err = store.Lock(e.ctx); err != nil {
			return err
		}
		defer lock.Close()
	}
	// Compare with what readers use now. A damaged current snapshot is
	// passed over for the newest whole one (or the embedded copy), and,
	// unless this is a dry run, current is pointed at that, so the damage
	// is repaired whatever this fetch brings.
	inUse := store.InUse()
	if fb := inUse.Fallback; fb != nil {
		e.notef("warning: %s", fb.Warning())
		if !o.dryRun {
			if _, err := lock.Repair(); err != nil {
				return err
			}
			e.notef("repaired: %s", usingName(dir, fb.Using))
		}
	}
	cur := inUse.Snapshot
	var base *loaded
	what := "the embedded copy"
	if cur != nil {
		what = "snapshot " + cur.Name
		if base, err = openSnapshot(cur); err != nil {
			return fmt.Errorf("reading the current snapshot: %w", err)
		}
	} else if base, err = extractDoc(source.Embedded(), "", ""); err != nil {
		return err
	}

	var v source.Validators
	if cur != nil && cur.Meta.URL == o.url {
		v = cur.Meta.Validators
	}
	ld := &source.Loader{UserAgent: source.UserAgent(appVersion())}
	f, err := ld.Fetch(e.ctx, o.url, v)
	if err != nil {
		return fetchFailed(err)
	}
	if f.NotModified {
		return e.unchanged(o, base, fmt.Sprintf("%s is not modified since %s (fetched %s)", o.url, what, stamp(cur.Meta.FetchedAt)))
	}
	if sum := sha256.Sum256(f.Doc.Body); cur != nil && hex.EncodeToString(sum[:]) == cur.Meta.SHA256 {
		return e.unchanged(o, base, fmt.Sprintf("%s is the same as %s (fetched %s)", o.url, what, stamp(cur.Meta.FetchedAt)))
	}

	l, err := extractDoc(f.Doc, "", "")
	if err != nil {
		// Nothing to compare, and a snapshot without questions would make
		// every later command fail: refused even with --force.
		return refusedError{fmt.Sprintf("refusing the page: %v (has its layout changed?); %s is still in use, and --force cannot save a page without questions", err, what)}
	}
	res := revision.Compare(base.deck, l.deck, f.Doc.FetchedAt)
	if err := e.printChanges(o.json, "Changes from "+what+" to "+o.url, base.deck, l.deck, &res.Changes); err != nil {
		return err
	}
	if probs := revision.Check(base.deck, l.deck); len(probs) > 0 {
		if !o.force {
			return refusedError{fmt.Sprintf("refusing the page, it looks like a broken extraction: %s; %s is still in use (--force saves it anyway)", strings.Join(probs, "; "), what)}
		}
		fmt.Fprintf(e.stderr, "accepting the page despite: %s (--force)\n", strings.Join(probs, "; "))
	}
	if o.dryRun {
		fmt.Fprintf(e.stderr, "dry run: nothing written to %s\n", dir)
		return nil
	}
	snap, err := lock.Save(f, stored(res.Carry))
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "saved snapshot %s (%d questions) in %s\n", snap.Name, l.deck.Count(), dir)
	return nil
}

// unchanged reports a refresh that found nothing new; --json still prints
// a changelog, so scripts always get one.
func (e *env) unchanged(o refreshOptions, base *loaded, why string) error {
	if o.json {
		c := revision.Compare(base.deck, base.deck, time.Time{}).Changes
		if err := writeChangesJSON(e.stdout, &c); err != nil {
			return err
		}
	}
	fmt.Fprintf(e.stderr, "unchanged: %s; nothing written\n", why)
	return nil
}

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

func (e *env) diff(oldRef, newRef string, asJSON bool) error {
	if oldRef == "" || newRef == "" {
		return usagef("diff needs two sources: files, - or http(s) URLs")
	}
	if oldRef == "-" && newRef == "-" {
		return usagef("only one of OLD and NEW can be standard input")
	}
	// No DataDir: diff never reads or writes snapshots.
	ld := &source.Loader{Stdin: e.stdin, UserAgent: source.UserAgent(appVersion())}
	var decks [2]*model.Deck
	for i, ref := range []string{oldRef, newRef} {
		doc, err := ld.Open(e.ctx, ref)
		if err != nil {
			return fetchFailed(err)
		}
		l, err := extractDoc(doc, "", "")
		if err != nil {
			return err
		}
		decks[i] = l.deck
	}
	res := revision.Compare(decks[0], decks[1], decks[1].Source.Retrieved)
	return e.printChanges(asJSON, "Changes from "+oldRef+" to "+newRef, decks[0], decks[1], &res.Changes)
}

func (e *env) status(cfg *config) error {
	dir, err := e.dataDir(cfg)
	if err != nil {
		return err
	}
	st := (&source.Store{Dir: dir}).Status()
	doc := st.Doc
	l, err := extractDoc(doc, "", "")
	if err != nil {
		return err
	}
	if doc.Snapshot != nil {
		revision.Apply(l.deck, carried(doc.Snapshot.IDs))
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	if fb := doc.Fallback; fb != nil {
		for _, d := range fb.Damaged {
			fmt.Fprintf(tw, "damaged\t%s\n", d)
		}
		fmt.Fprintf(tw, "fix\t%s\n", fb.Fix())
	}
	if snap := doc.Snapshot; snap == nil {
		what := "the embedded copy (no refreshed snapshot yet; run `xopsexport refresh`)"
		if doc.Fallback != nil {
			what = "the embedded copy, in place of the damaged snapshot"
		}
		fmt.Fprintf(tw, "in use\t%s\n", what)
		fmt.Fprintf(tw, "from\t%s\n", doc.URL)
		fmt.Fprintf(tw, "taken\t%s\n", doc.FetchedAt.UTC().Format("2006-01-02"))
	} else {
		what := "snapshot " + snap.Name
		if doc.Fallback != nil {
			what += ", in place of the damaged one"
		}
		fmt.Fprintf(tw, "in use\t%s\n", what)
		from := snap.Meta.URL
		if snap.Meta.FinalURL != "" {
			from += " (redirected to " + snap.Meta.FinalURL + ")"
		}
		fmt.Fprintf(tw, "from\t%s\n", from)
		fmt.Fprintf(tw, "fetched\t%s\n", stamp(snap.Meta.FetchedAt))
		mt := snap.Meta.MediaType
		if mt == "" {
			mt = "detected from content"
		}
		fmt.Fprintf(tw, "type\t%s, %s\n", mt, humanSize(int64(snap.Meta.Size)))
	}
	fmt.Fprintf(tw, "sha256\t%s\n", l.deck.Source.SHA256)
	fmt.Fprintf(tw, "history\t%d snapshot(s) in %s\n", len(st.History), dir)
	for _, d := range st.Damaged {
		if doc.Fallback == nil || !slices.ContainsFunc(doc.Fallback.Damaged, func(f source.Damage) bool { return f.Name == d.Name }) {
			fmt.Fprintf(tw, "damaged\t%s (not in use)\n", d)
		}
	}
	if st.Refresh != nil {
		fmt.Fprintf(tw, "refresh\trunning (%s)\n", st.Refresh)
	}
	fmt.Fprintf(tw, "\nROLE\tQUESTIONS\n")
	for _, s := range l.deck.Sections {
		fmt.Fprintf(tw, "%s\t%d\n", s.Role, len(s.Questions))
	}
	fmt.Fprintf(tw, "total\t%d\n", l.deck.Count())
	return tw.Flush()
}

// usingName says what Locked.Repair made current.
func usingName(dir, snap string) string {
	if snap == "" {
		return "removed " + filepath.Join(dir, "current") + "; the embedded copy is in use"
	}
	return filepath.Join(dir, "current") + " now names snapshot " + snap
}
