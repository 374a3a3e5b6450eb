package source

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/xopsexport/xopsexport/internal/atomicfile"
)

// A data directory keeps every accepted refresh of the article:
//
//	current                      the name of the snapshot in use (one line)
//	lock                         exists while a refresh runs
//	snapshots/<stamp>-<sha8>/    one per accepted fetch, never changed once written
//	    body                     the bytes as fetched
//	    meta.json                where from, when, SHA-256, HTTP validators
//	    ids.json                 per question: the ID it keeps, when its text last changed
//
// A snapshot is written into a temporary directory and renamed into place,
// then current is replaced by rename; a crash at any point leaves either
// the old or the new snapshot in use, never a half-written one. Snapshots
// are never deleted, so readers need no lock.
const (
	currentFile  = "current"
	lockFile     = "lock"
	snapshotsDir = "snapshots"
	bodyFile     = "body"
	metaFile     = "meta.json"
	idsFile      = "ids.json"
)

// DefaultDataDir is where snapshots live unless --data-dir says otherwise:
// $XDG_DATA_HOME/xopsexport when set, else the OS's per-user data
// directory (~/.local/share on Linux and BSDs, ~/Library/Application
// Support on macOS, %LocalAppData% on Windows).
func DefaultDataDir(getenv func(string) string) (string, error) {
	if x := getenv("XDG_DATA_HOME"); x != "" && filepath.IsAbs(x) {
		return filepath.Join(x, "xopsexport"), nil
	}
	if runtime.GOOS == "windows" {
		if d := getenv("LocalAppData"); d != "" {
			return filepath.Join(d, "xopsexport"), nil
		}
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("finding the data directory: %w (use --data-dir)", err)
	}
	if runtime.GOOS == "darwin" {
		return filepath.Join(home, "Library", "Application Support", "xopsexport"), nil
	}
	return filepath.Join(home, ".local", "share", "xopsexport"), nil
}

// Meta describes a snapshot: where and when its body was fetched.
type Meta struct {
	URL       string    `json:"url"`
	FinalURL  string    `json:"final_url,omitempty"` // after redirects
	FetchedAt time.Time `json:"fetched_at"`
	SHA256    string    `json:"sha256"`
	Size      int       `json:"size"`
	MediaType string    `json:"media_type,omitempty"`
	Validators
	// Previous is the snapshot this one replaced ("" for the first).
	Previous string `json:"previous,omitempty"`
}

// CarriedID is what a question keeps across revisions of the article.
type CarriedID struct {
	ID string `json:"id"`
	// Changed is the fetch time of the snapshot in which the question's
	// text last changed.
	Changed time.Time `json:"changed"`
}

// Snapshot is one stored revision of the article.
type Snapshot struct {
	Name string // directory name under snapshots/
	Dir  string // full path of that directory
	Meta Meta
	// IDs maps the ID extraction gives a question of Body to what the
	// question carries over from earlier revisions.
	IDs map[string]CarriedID
}

// Document reads the snapshot's body, checking it against its recorded
// SHA-256 so a damaged file is reported, not silently exported.
func (s *Snapshot) Document() (*Document, error) {
	d, err := s.document()
	if err != nil {
		return nil, fmt.Errorf("snapshot %s: %w", s.Dir, err)
	}
	return d, nil
}

func (s *Snapshot) document() (*Document, error) {
	body, err := os.ReadFile(filepath.Join(s.Dir, bodyFile))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", bodyFile, unwrapPathError(err))
	}
	sum := sha256.Sum256(body)
	if got := hex.EncodeToString(sum[:]); got != s.Meta.SHA256 {
		return nil, fmt.Errorf("body is damaged (SHA-256 %s, recorded %s)", got[:12], short(s.Meta.SHA256, 12))
	}
	return &Document{
		Body:      body,
		Name:      s.Name,
		URL:       s.Meta.URL,
		MediaType: s.Meta.MediaType,
		FetchedAt: s.Meta.FetchedAt,
		Origin:    fmt.Sprintf("snapshot %s of %s", s.Name, s.Meta.URL),
		Snapshot:  s,
	}, nil
}

func short(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// Store is a data directory.
type Store struct {
	Dir string
	// LockWait bounds how long Lock waits for another refresh to finish;
	// 0 means 2 minutes, well beyond a refresh's DefaultTimeout.
	LockWait time.Duration
	// StaleLock is the age past which a lock is presumed left behind by a
	// crash even if its process cannot be checked; 0 means 10 minutes.
	StaleLock time.Duration
	// OnWait, when set, is called when Lock finds the lock held and starts
	// waiting, and again whenever the holder changes, so a command can say
	// "waiting for another refresh (pid N)…". It runs on Lock's goroutine.
	OnWait func(LockHolder)
}

// LockHolder is who holds a data directory's lock, as its lock file says.
type LockHolder struct {
	PID   int // 0 when the lock file is being written or unreadable
	Host  string
	Since time.Time
}

func (h LockHolder) String() string {
	if h.PID <= 0 {
		return "holder unknown"
	}
	return fmt.Sprintf("pid %d on %s since %s", h.PID, h.Host, h.Since.Format(time.RFC3339))
}

// Current returns the snapshot in use, or nil when there is none (no data
// directory yet, or no refresh accepted).
func (s *Store) Current() (*Snapshot, error) {
	raw, err := os.ReadFile(filepath.Join(s.Dir, currentFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("data directory %s: %w", s.Dir, unwrapPathError(err))
	}
	name := strings.TrimSpace(string(raw))
	if !validName(name) {
		return nil, fmt.Errorf("data directory %s: %s names no snapshot (%q); remove it to use the embedded copy", s.Dir, currentFile, short(name, 40))
	}
	return s.Open(name)
}

// Damage is a stored snapshot, or the current file, that cannot be used.
type Damage struct {
	Name   string // the snapshot's name; "" when the damage is in Path itself
	Path   string // the snapshot's directory, or the damaged file (DIR/current)
	Reason string // what is wrong, e.g. "body does not match its SHA-256 (…)"
}

func (d Damage) String() string {
	if d.Name != "" {
		return fmt.Sprintf("snapshot %s is damaged (%s)", d.Name, d.Reason)
	}
	return fmt.Sprintf("%s is damaged (%s)", d.Path, d.Reason)
}

// Fallback says that the current snapshot cannot be used and what is used
// instead: the newest good snapshot older than it, else the embedded copy.
type Fallback struct {
	Dir string // the data directory
	// Damaged lists what was passed over, newest first: the current file or
	// the snapshot it names comes first.
	Damaged []Damage
	Using   string // the snapshot used instead; "" means the embedded copy
}

// Warning is one line for the user, e.g.
//
//	snapshot X is damaged (body does not match its SHA-256 …); using Y; run `xopsexport refresh` or delete DIR/current
func (f *Fallback) Warning() string {
	var b strings.Builder
	for _, d := range f.Damaged {
		b.WriteString(d.String())
		b.WriteString("; ")
	}
	if f.Using != "" {
		fmt.Fprintf(&b, "using %s; ", f.Using)
	} else {
		b.WriteString("using the embedded copy; ")
	}
	b.WriteString(f.Fix())
	return b.String()
}

// Fix is the remedy: refresh repairs current (see Locked.Repair) or saves
// a new snapshot; deleting current goes back to the embedded copy.
func (f *Fallback) Fix() string {
	return fmt.Sprintf("run `xopsexport refresh` or delete %s", filepath.Join(f.Dir, currentFile))
}

// InUse returns what the data directory's readers should use, never
// failing: the current snapshot's document when it is whole; else the
// newest whole snapshot older than it, or the embedded copy, with
// Document.Fallback saying what is damaged. Without a current file (no
// data directory, or no refresh yet) it is the embedded copy, no fallback.
func (s *Store) InUse() *Document {
	name, bad := s.currentName()
	if name == "" && bad == nil {
		return Embedded()
	}
	fb := &Fallback{Dir: s.Dir}
	if bad != nil {
		fb.Damaged = append(fb.Damaged, *bad)
	} else {
		doc, reason := s.check(name)
		if reason == "" {
			return doc
		}
		fb.Damaged = append(fb.Damaged, Damage{Name: name, Path: filepath.Join(s.Dir, snapshotsDir, name), Reason: reason})
	}
	hist, err := s.History()
	if err != nil {
		fb.Damaged = append(fb.Damaged, Damage{Path: filepath.Join(s.Dir, snapshotsDir), Reason: innermost(err)})
	}
	for i := len(hist) - 1; i >= 0; i-- {
		// Older than what current names; all of them when it names none.
		if h := hist[i]; bad != nil || h < name {
			doc, reason := s.check(h)
			if reason == "" {
				fb.Using = h
				doc.Fallback = fb
				return doc
			}
			fb.Damaged = append(fb.Damaged, Damage{Name: h, Path: filepath.Join(s.Dir, snapshotsDir, h), Reason: reason})
		}
	}
	doc := Embedded()
	doc.Fallback = fb
	return doc
}

func innermost(err error) string {
	for errors.Unwrap(err) != nil {
		err = errors.Unwrap(err)
	}
	return err.Error()
}

// currentName reads the current file: the name it holds, "" and no damage
// when there is none, or the damage that makes it unusable.
func (s *Store) currentName() (string, *Damage) {
	path := filepath.Join(s.Dir, currentFile)
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", &Damage{Path: path, Reason: unwrapPathError(err).Error()}
	}
	name := strings.TrimSpace(string(raw))
	if !validName(name) {
		return "", &Damage{Path: path, Reason: fmt.Sprintf("names no snapshot: %q", short(name, 40))}
	}
	return name, nil
}

// check opens the snapshot called name and reads its verified body; the
// reason is "" when all is well.
func (s *Store) check(name string) (*Document, string) {
	if _, err := os.Stat(filepath.Join(s.Dir, snapshotsDir, name)); errors.Is(err, fs.ErrNotExist) {
		return nil, "missing"
	}
	snap, err := s.open(name)
	if err != nil {
		return nil, err.Error()
	}
	doc, err := snap.document()
	if err != nil {
		return nil, err.Error()
	}
	return doc, ""
}

// Open reads the snapshot called name.
func (s *Store) Open(name string) (*Snapshot, error) {
	if !validName(name) {
		return nil, fmt.Errorf("data directory %s: no snapshot %q", s.Dir, name)
	}
	snap, err := s.open(name)
	if err != nil {
		return nil, fmt.Errorf("snapshot %s: %w", filepath.Join(s.Dir, snapshotsDir, name), err)
	}
	return snap, nil
}

// open is Open with errors that do not repeat the directory.
// Callers pass valid names only (from current or History).
func (s *Store) open(name string) (*Snapshot, error) {
	dir := filepath.Join(s.Dir, snapshotsDir, name)
	snap := &Snapshot{Name: name, Dir: dir}
	if err := readJSON(filepath.Join(dir, metaFile), &snap.Meta); err != nil {
		return nil, err
	}
	err := readJSON(filepath.Join(dir, idsFile), &snap.IDs)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if snap.IDs == nil {
		snap.IDs = map[string]CarriedID{}
	}
	return snap, nil
}

// readJSON reads path into v; errors name the file's base name.
func readJSON(path string, v any) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("%s: %w", filepath.Base(path), unwrapPathError(err))
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	return nil
}

// validName accepts the names Save makes, so a damaged current file can
// never point outside snapshots/.
func validName(name string) bool {
	return name != "" && !strings.HasPrefix(name, ".") && !strings.ContainsAny(name, `/\:`) && name == filepath.Base(name)
}

// History lists the complete snapshots, oldest first.
func (s *Store) History() ([]string, error) {
	ents, err := os.ReadDir(filepath.Join(s.Dir, snapshotsDir))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("data directory %s: %w", s.Dir, unwrapPathError(err))
	}
	var names []string
	for _, e := range ents {
		if !e.IsDir() || !validName(e.Name()) {
			continue // .tmp-* directories of an interrupted save
		}
		if _, err := os.Stat(filepath.Join(s.Dir, snapshotsDir, e.Name(), metaFile)); err == nil {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names) // names start with a UTC time stamp
	return names, nil
}

// lockInfo is written into the lock file so a waiting refresh can say who
// holds it and decide whether the holder is gone.
type lockInfo struct {
	PID   int       `json:"pid"`
	Host  string    `json:"host"`
	Since time.Time `json:"since"`
}

// Locked is a data directory whose lock this process holds; only it can
// save snapshots.
type Locked struct {
	store *Store
	path  string
	token []byte // our lock file's content, to release only our own lock
}

// Lock creates the data directory if needed and takes its lock, waiting
// while another refresh holds it. The lock is a file created with O_EXCL
// (portable, and visible to users as DIR/lock); one left by a crashed
// process is taken over when that process no longer exists on this host,
// or when it is older than StaleLock.
func (s *Store) Lock(ctx context.Context) (*Locked, error) {
	if err := os.MkdirAll(filepath.Join(s.Dir, snapshotsDir), 0o755); err != nil {
		return nil, fmt.Errorf("creating data directory %s: %w", s.Dir, unwrapPathError(err))
	}
	path := filepath.Join(s.Dir, lockFile)
	host, _ := os.Hostname()
	token, _ := json.Marshal(lockInfo{PID: os.Getpid(), Host: host, Since: time.Now().UTC()})
	wait := s.LockWait
	if wait <= 0 {
		wait = 2 * time.Minute
	}
	deadline := time.Now().Add(wait)
	var (
		waited bool
		last   LockHolder
	)
	for {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			_, werr := f.Write(token)
			if cerr := f.Close(); werr == nil {
				werr = cerr
			}
			if werr != nil {
				os.Remove(path)
				return nil, fmt.Errorf("taking lock %s: %w", path, unwrapPathError(werr))
			}
			l := &Locked{store: s, path: path, token: token}
			l.removeLeftovers()
			return l, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("taking lock %s: %w", path, unwrapPathError(err))
		}
		holder, gone, stale := s.inspectLock(path, host)
		if stale {
			breakLock(path)
			continue
		}
		if gone {
			continue // released meanwhile: try again at once
		}
		if s.OnWait != nil && (!waited || holder != last) {
			s.OnWait(holder)
		}
		waited, last = true, holder
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("data directory %s is in use by another refresh (%s); if none is running, remove %s", s.Dir, holder, path)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// inspectLock reads the lock's holder and says whether the lock is gone
// (released meanwhile) or stale.
func (s *Store) inspectLock(path, host string) (h LockHolder, gone, stale bool) {
	st, err := os.Stat(path)
	if err != nil {
		return LockHolder{}, true, false
	}
	staleAfter := s.StaleLock
	if staleAfter <= 0 {
		staleAfter = 10 * time.Minute
	}
	old := time.Since(st.ModTime()) > staleAfter
	raw, _ := os.ReadFile(path)
	var li lockInfo
	if json.Unmarshal(raw, &li) != nil || li.PID <= 0 {
		// Being written right now, or garbage: only age can tell.
		return LockHolder{}, false, old
	}
	h = LockHolder(li)
	if old {
		return h, false, true
	}
	if li.Host == host && li.PID != os.Getpid() && processGone(li.PID) {
		return h, false, true
	}
	return h, false, false
}

// processGone reports a process that certainly no longer exists. Where
// that cannot be known (an OS without signal 0), it answers false and the
// age rule applies.
func processGone(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	// Signal 0 checks that a process exists without touching it; Windows
	// refuses it with an error other than ErrProcessDone.
	return errors.Is(p.Signal(syscall.Signal(0)), os.ErrProcessDone)
}

// breakLock removes a stale lock by renaming it aside first, so that of two
// processes breaking the same stale lock only one removes anything.
func breakLock(path string) {
	aside := fmt.Sprintf("%s.stale.%d.%d", path, os.Getpid(), time.Now().UnixNano())
	if os.Rename(path, aside) == nil {
		os.Remove(aside)
	}
}

// Close releases the lock if it is still ours.
func (l *Locked) Close() error {
	raw, err := os.ReadFile(l.path)
	if err != nil || !bytes.Equal(raw, l.token) {
		return nil // broken as stale and taken over: not ours to remove
	}
	return os.Remove(l.path)
}

// Repair makes current name what InUse falls back to, the newest whole
// snapshot (or removes current when that is the embedded copy), so the
// damage stops being reported; the damaged snapshot itself is kept. It
// returns what was repaired, nil when current was fine.
func (l *Locked) Repair() (*Fallback, error) {
	fb := l.store.InUse().Fallback
	if fb == nil {
		return nil, nil
	}
	path := filepath.Join(l.store.Dir, currentFile)
	if fb.Using == "" {
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("repairing %s: %w", path, unwrapPathError(err))
		}
		return fb, nil
	}
	if err := atomicfile.WriteBytes(path, []byte(fb.Using+"\n")); err != nil {
		return nil, fmt.Errorf("repairing %s: %w", path, err)
	}
	return fb, nil
}

// Status describes a data directory for `xopsexport status`. Damage is
// reported in it, never as an error.
type Status struct {
	// Doc is what the data directory's readers use now (see InUse);
	// Doc.Fallback tells what is damaged and the fix.
	Doc *Document
	// History lists the complete snapshots, oldest first.
	History []string
	// Damaged lists every snapshot of History that cannot be used, oldest
	// first, whether or not it is in use.
	Damaged []Damage
	// Refresh is who holds the lock, when a refresh is running.
	Refresh *LockHolder
}

// Status checks every snapshot (a few hundred KB each) and the lock.
func (s *Store) Status() *Status {
	st := &Status{Doc: s.InUse()}
	st.History, _ = s.History() // a failure to list shows in Doc.Fallback
	for _, name := range st.History {
		if _, reason := s.check(name); reason != "" {
			st.Damaged = append(st.Damaged, Damage{Name: name, Path: filepath.Join(s.Dir, snapshotsDir, name), Reason: reason})
		}
	}
	host, _ := os.Hostname()
	if h, gone, _ := s.inspectLock(filepath.Join(s.Dir, lockFile), host); !gone {
		st.Refresh = &h
	}
	return st
}

// removeLeftovers deletes the temporary directories of saves that were
// interrupted; with the lock held, no save is in progress.
func (l *Locked) removeLeftovers() {
	dir := filepath.Join(l.store.Dir, snapshotsDir)
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if e.IsDir() && strings.HasPrefix(e.Name(), ".tmp-") {
			os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
}

// Save stores a fetched document as a new snapshot with the given ID map
// and makes it current. The previous snapshots stay as history.
func (l *Locked) Save(f *Fetched, ids map[string]CarriedID) (*Snapshot, error) {
	s := l.store
	if f == nil || f.Doc == nil {
		return nil, errors.New("saving snapshot: nothing fetched")
	}
	doc := f.Doc
	sum := sha256.Sum256(doc.Body)
	meta := Meta{
		URL:        doc.URL,
		FinalURL:   f.FinalURL,
		FetchedAt:  doc.FetchedAt.UTC(),
		SHA256:     hex.EncodeToString(sum[:]),
		Size:       len(doc.Body),
		MediaType:  doc.MediaType,
		Validators: f.Validators,
	}
	if meta.FinalURL == meta.URL {
		meta.FinalURL = ""
	}
	// The snapshot this one was compared with: the current one, or what
	// InUse fell back to when that is damaged.
	if prev := s.InUse(); prev.Snapshot != nil {
		meta.Previous = prev.Snapshot.Name
	}
	if ids == nil {
		ids = map[string]CarriedID{}
	}
	metaJSON, err := json.MarshalIndent(meta, "", "  ")
	if err != nil {
		return nil, err
	}
	idsJSON, err := json.MarshalIndent(ids, "", "  ") // map keys come out sorted
	if err != nil {
		return nil, err
	}

	parent := filepath.Join(s.Dir, snapshotsDir)
	tmp, err := os.MkdirTemp(parent, ".tmp-")
	if err != nil {
		return nil, fmt.Errorf("saving snapshot in %s: %w", s.Dir, unwrapPathError(err))
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(tmp)
		}
	}()
	for _, file := range []struct {
		name string
		data []byte
	}{{bodyFile, doc.Body}, {metaFile, append(metaJSON, '\n')}, {idsFile, append(idsJSON, '\n')}} {
		if err := writeSynced(filepath.Join(tmp, file.name), file.data); err != nil {
			return nil, fmt.Errorf("saving snapshot in %s: %w", s.Dir, unwrapPathError(err))
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, fmt.Errorf("saving snapshot in %s: %w", s.Dir, unwrapPathError(err))
	}
	base := meta.FetchedAt.Format("20060102T150405Z") + "-" + meta.SHA256[:8]
	name := base
	for n := 2; ; n++ {
		if _, err := os.Lstat(filepath.Join(parent, name)); errors.Is(err, fs.ErrNotExist) {
			break
		}
		name = fmt.Sprintf("%s-%d", base, n)
	}
	if err := os.Rename(tmp, filepath.Join(parent, name)); err != nil {
		return nil, fmt.Errorf("saving snapshot in %s: %w", s.Dir, atomicfile.Unwrap(err))
	}
	done = true
	atomicfile.SyncDir(parent)
	if err := atomicfile.WriteBytes(filepath.Join(s.Dir, currentFile), []byte(name+"\n")); err != nil {
		return nil, fmt.Errorf("making snapshot %s current: %w", name, err)
	}
	return &Snapshot{Name: name, Dir: filepath.Join(parent, name), Meta: meta, IDs: ids}, nil
}

func writeSynced(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
