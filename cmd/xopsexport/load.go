package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/xopsexport/xopsexport/extract"
	"github.com/xopsexport/xopsexport/model"
	"github.com/xopsexport/xopsexport/revision"
	"github.com/xopsexport/xopsexport/source"
)

// loaded is an article read and extracted, before role filtering.
type loaded struct {
	doc      *source.Document
	deck     *model.Deck
	warnings []extract.Warning
	layout   string // which question layout the reader chose, and why
}

// loader opens sources for cfg: with the data directory, so that no
// --source means the latest refreshed snapshot.
func (e *env) loader(cfg *config) *source.Loader {
	// A damaged current snapshot must not stop every command: the loader
	// falls back to the newest whole one (or the embedded copy) and says so.
	l := &source.Loader{Stdin: e.stdin, UserAgent: source.UserAgent(appVersion()), AllowFallback: true}
	if dir, err := e.dataDir(cfg); err == nil {
		l.DataDir = dir
	} // else no home directory: the embedded copy is the default
	return l
}

// load reads and extracts the article cfg names. A refreshed snapshot gets
// the IDs carried over from earlier revisions, so exports keep them.
func (e *env) load(cfg *config) (*loaded, error) {
	var f extract.Format
	if cfg.from != "" {
		var err error
		if f, err = extract.ParseFormat(cfg.from); err != nil {
			return nil, usageError{err}
		}
	}
	if cfg.questions != "" {
		if err := extract.CheckQuestions(cfg.questions); err != nil {
			return nil, usagef("--questions: %v", err)
		}
	}
	if f, ok := e.stdin.(*os.File); ok && cfg.source == "-" && e.isTerminal(f) {
		e.notef("reading standard input (end with Ctrl-D, stop with Ctrl-C)")
	}
	doc, err := e.loader(cfg).Open(e.ctx, cfg.source)
	if err != nil {
		return nil, fetchFailed(err)
	}
	if doc.Fallback != nil {
		// Not a notice: older data is in use, so --quiet does not hide it.
		fmt.Fprintf(e.stderr, "warning: %s\n", doc.Fallback.Warning())
	}
	l, err := extractDoc(doc, f, cfg.questions)
	if err != nil {
		return nil, err
	}
	if doc.Snapshot != nil {
		revision.Apply(l.deck, carried(doc.Snapshot.IDs))
	}
	return l, nil
}

// extractDoc runs the reader for doc's format (f, else detected), with
// the --questions layout if one is given.
func extractDoc(doc *source.Document, f extract.Format, questions string) (*loaded, error) {
	if f == "" {
		f = extract.Detect(doc.Body, doc.Name, doc.MediaType)
	}
	l := &loaded{doc: doc}
	d, err := extract.Read(doc.Body, f, extract.Options{
		Warn:      func(w extract.Warning) { l.warnings = append(l.warnings, w) },
		Questions: questions,
		Layout:    func(s string) { l.layout = s },
	})
	switch {
	case errors.Is(err, extract.ErrNoQuestions):
		return nil, fmt.Errorf("%s: %w", doc.Origin, err)
	case err != nil:
		// Binary, empty, undecodable or malformed: the source could not be
		// read, the same status as a missing file.
		return nil, sourceError{fmt.Errorf("%s: %w", doc.Origin, err)}
	}
	sum := sha256.Sum256(doc.Body)
	d.Source = model.Source{URL: doc.URL, Retrieved: doc.FetchedAt, SHA256: hex.EncodeToString(sum[:])}
	if d.Source.URL == "" {
		d.Source.URL = doc.Name
	}
	if err := d.Validate(); err != nil {
		// The readers only build valid decks; this is a bug, said plainly.
		return nil, fmt.Errorf("%s: extracted deck is invalid: %w", doc.Origin, err)
	}
	l.deck = d
	return l, nil
}

// deckFor loads the article, says (or, with --strict, refuses) when it
// has serious problems, and keeps the roles --role names.
func (e *env) deckFor(cfg *config) (*loaded, *model.Deck, error) {
	l, err := e.load(cfg)
	if err != nil {
		return nil, nil, err
	}
	if msg := extract.Summary(l.warnings); msg != "" {
		if cfg.strict {
			return nil, nil, lintError{msg: fmt.Sprintf("%s: %s (--strict: nothing written)", l.doc.Name, msg)}
		}
		e.notef("warning: %s: %s", l.doc.Name, msg)
	}
	d, err := filterRoles(l.deck, cfg.roles.Value())
	if err != nil {
		return nil, nil, err
	}
	return l, d, nil
}

func filterRoles(d *model.Deck, names []string) (*model.Deck, error) {
	for _, n := range names {
		if strings.Trim(n, ", ") == "" {
			return nil, usagef("--role needs a role name (valid: %s)", strings.Join(roleNames(), ", "))
		}
	}
	var have []string
	for _, s := range d.Sections {
		have = append(have, s.Role)
	}
	ids, err := model.ResolveRoles(names, have)
	if err != nil {
		return nil, usageError{err}
	}
	for _, id := range ids {
		found := false
		for _, h := range have {
			found = found || h == id
		}
		if !found {
			return nil, usagef("role %s is not in this source (it has: %s)", id, strings.Join(have, ", "))
		}
	}
	return d.Filter(ids), nil
}

// dataDir is --data-dir (or $XOPSEXPORT_DATA_DIR), else the OS default.
func (e *env) dataDir(cfg *config) (string, error) {
	if cfg.dataDir != "" {
		return cfg.dataDir, nil
	}
	if d := e.getenv("XOPSEXPORT_DATA_DIR"); d != "" {
		return d, nil
	}
	return source.DefaultDataDir(e.getenv)
}

// carried converts a snapshot's stored ID map for revision.Apply.
func carried(ids map[string]source.CarriedID) map[string]revision.Carry {
	m := make(map[string]revision.Carry, len(ids))
	for k, c := range ids {
		m[k] = revision.Carry{ID: c.ID, Changed: c.Changed}
	}
	return m
}

func stored(m map[string]revision.Carry) map[string]source.CarriedID {
	ids := make(map[string]source.CarriedID, len(m))
	for k, c := range m {
		ids[k] = source.CarriedID{ID: c.ID, Changed: c.Changed.UTC()}
	}
	return ids
}

// openSnapshot loads a snapshot the way every command sees it: extracted,
// with its carried IDs applied.
func openSnapshot(snap *source.Snapshot) (*loaded, error) {
	doc, err := snap.Document()
	if err != nil {
		return nil, err
	}
	l, err := extractDoc(doc, "", "")
	if err != nil {
		return nil, err
	}
	revision.Apply(l.deck, carried(snap.IDs))
	return l, nil
}

func fetchFailed(err error) error {
	if errors.Is(err, context.Canceled) {
		return err
	}
	return sourceError{err}
}

func roleNames() []string {
	var ids []string
	for _, r := range model.Roles() {
		ids = append(ids, r.ID)
	}
	return ids
}
