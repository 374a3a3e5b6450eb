package anki

import (
	"archive/zip"
	"bufio"
	"crypto/sha1"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "modernc.org/sqlite" // pure-Go SQLite: no cgo, so the binary stays static

	"github.com/xopsexport/xopsexport/model"
)

// The package is the legacy layout every Anki since 2.1 and AnkiDroid
// import: a zip holding collection.anki2 (an SQLite collection at schema
// 11, where note types and decks are JSON in the col row) and a media map.
// No media: "media" is "{}".

// schemaVersion is col.ver. 11 is the legacy schema; Anki opens 11 and
// 14-18, and upgrades a legacy collection on import.
const schemaVersion = 11

// schema11 is Anki's schema 11 (rslib storage/schema11.sql, also genanki's).
const schema11 = `
CREATE TABLE col (id integer primary key, crt integer not null, mod integer not null,
  scm integer not null, ver integer not null, dty integer not null, usn integer not null,
  ls integer not null, conf text not null, models text not null, decks text not null,
  dconf text not null, tags text not null);
CREATE TABLE notes (id integer primary key, guid text not null, mid integer not null,
  mod integer not null, usn integer not null, tags text not null, flds text not null,
  sfld integer not null, csum integer not null, flags integer not null, data text not null);
CREATE TABLE cards (id integer primary key, nid integer not null, did integer not null,
  ord integer not null, mod integer not null, usn integer not null, type integer not null,
  queue integer not null, due integer not null, ivl integer not null, factor integer not null,
  reps integer not null, lapses integer not null, left integer not null, odue integer not null,
  odid integer not null, flags integer not null, data text not null);
CREATE TABLE revlog (id integer primary key, cid integer not null, usn integer not null,
  ease integer not null, ivl integer not null, lastIvl integer not null,
  factor integer not null, time integer not null, type integer not null);
CREATE TABLE graves (usn integer not null, oid integer not null, type integer not null);
CREATE INDEX ix_notes_usn on notes (usn);
CREATE INDEX ix_cards_usn on cards (usn);
CREATE INDEX ix_revlog_usn on revlog (usn);
CREATE INDEX ix_cards_nid on cards (nid);
CREATE INDEX ix_cards_sched on cards (did, queue, due);
CREATE INDEX ix_revlog_cid on revlog (cid);
CREATE INDEX ix_notes_csum on notes (csum);
`

// APKG writes d as an Anki package. The note type and deck ids are derived
// from constant names, the notes carry the same GUIDs as the text file, and
// each note's mod is when its content last changed, so importing a later
// package updates exactly the notes that changed. The same deck and date
// give the same bytes.
//
// SQLite needs a file: the collection is built in a temporary file that is
// removed before APKG returns; only the zip is written to w.
func APKG(w io.Writer, d *model.Deck, opts Options) error {
	p, err := newPlan(d, opts)
	if err != nil {
		return fmt.Errorf("apkg: %w", err)
	}
	nt := noteTypeFor(opts.Notetype)
	tmp, err := os.CreateTemp("", "xopsexport-*.anki2")
	if err != nil {
		return fmt.Errorf("apkg: creating the collection file: %w", err)
	}
	path := tmp.Name()
	tmp.Close()
	defer os.Remove(path)
	if err := writeCollection(path, p, nt); err != nil {
		return fmt.Errorf("apkg: writing collection: %w", err)
	}
	bw := bufio.NewWriter(w)
	if err := writeZip(bw, path, p.stamp); err != nil {
		return fmt.Errorf("apkg: %w", err)
	}
	return bw.Flush()
}

// writeZip packs the collection and the empty media map. Fixed entry order
// and timestamps keep the bytes reproducible.
func writeZip(w io.Writer, collection string, stamp time.Time) error {
	zw := zip.NewWriter(w)
	mod := zipTime(stamp)
	add := func(name string, r io.Reader) error {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: mod})
		if err != nil {
			return fmt.Errorf("zip %s: %w", name, err)
		}
		if _, err := io.Copy(f, r); err != nil {
			return fmt.Errorf("zip %s: %w", name, err)
		}
		return nil
	}
	col, err := os.Open(collection)
	if err != nil {
		return fmt.Errorf("reading the collection: %w", err)
	}
	defer col.Close()
	if err := add("collection.anki2", col); err != nil {
		return err
	}
	if err := add("media", strings.NewReader("{}")); err != nil {
		return err
	}
	return zw.Close()
}

// zipTime clamps t to what a zip's MS-DOS date can hold.
func zipTime(t time.Time) time.Time {
	lo := time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	hi := time.Date(2107, 12, 31, 23, 59, 58, 0, time.UTC)
	switch {
	case t.Before(lo):
		return lo
	case t.After(hi):
		return hi
	}
	return t.UTC().Truncate(2 * time.Second)
}

// writeCollection creates the SQLite collection at path.
func writeCollection(path string, p *plan, nt noteType) (err error) {
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := db.Close(); err == nil {
			err = cerr
		}
	}()
	// One connection, so the pragmas hold for every statement. The file is
	// scratch: no journal, no fsync.
	db.SetMaxOpenConns(1)
	for _, q := range []string{"PRAGMA journal_mode=OFF", "PRAGMA synchronous=OFF", "PRAGMA locking_mode=EXCLUSIVE"} {
		if _, err := db.Exec(q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	if _, err := tx.Exec(schema11); err != nil {
		return fmt.Errorf("creating tables: %w", err)
	}
	if err := insertCol(tx, p, nt); err != nil {
		return err
	}
	if err := insertNotes(tx, p, nt); err != nil {
		return err
	}
	return tx.Commit()
}

// Ids of the package: the note type's from its name, each deck's from its
// name. Note and card ids are millisecond timestamps in Anki (the note id is
// its creation time); they count up from the package's date.
func deckID(name string) int64 { return stableID("deck", strings.ToLower(name)) }

func insertCol(tx *sql.Tx, p *plan, nt noteType) error {
	stampMS := p.stamp.UnixMilli()
	stampS := p.stamp.Unix()
	models, err := json.Marshal(map[string]modelJSON{strconv.FormatInt(nt.id, 10): nt.json()})
	if err != nil {
		return err
	}
	decks := map[string]deckJSON{"1": newDeckJSON(1, "Default", "", stampS)}
	desc := deckDescription(p)
	names := append([]string(nil), p.decks...)
	if p.split {
		names = append([]string{p.parent}, names...)
	}
	for _, name := range names {
		id := deckID(name)
		decks[strconv.FormatInt(id, 10)] = newDeckJSON(id, name, desc, stampS)
	}
	decksJSON, err := json.Marshal(decks)
	if err != nil {
		return err
	}
	conf, err := json.Marshal(map[string]any{
		"activeDecks": []int64{1}, "curDeck": 1, "newSpread": 0, "collapseTime": 1200,
		"timeLim": 0, "estTimes": true, "dueCounts": true, "curModel": strconv.FormatInt(nt.id, 10),
		"nextPos": len(p.notes) + 1, "sortType": "noteFld", "sortBackwards": false, "addToCur": true,
	})
	if err != nil {
		return err
	}
	_, err = tx.Exec(`INSERT INTO col VALUES (1, ?, ?, ?, ?, 0, 0, 0, ?, ?, ?, ?, '{}')`,
		stampS, stampMS, stampMS, schemaVersion, string(conf), string(models), string(decksJSON), defaultDeckConfig)
	if err != nil {
		return fmt.Errorf("col: %w", err)
	}
	return nil
}

// deckDescription is shown on each deck's overview screen: where the
// questions come from. Everything from the source is escaped.
func deckDescription(p *plan) string {
	s := "Interview questions and answers"
	if p.source != "" {
		s += " from " + p.source
	}
	return s + ". Exported by xopsexport; re-import a newer export to update the notes."
}

func insertNotes(tx *sql.Tx, p *plan, nt noteType) error {
	noteStmt, err := tx.Prepare(`INSERT INTO notes VALUES (?, ?, ?, ?, -1, ?, ?, ?, ?, 0, '')`)
	if err != nil {
		return err
	}
	defer noteStmt.Close()
	cardStmt, err := tx.Prepare(`INSERT INTO cards VALUES (?, ?, ?, ?, ?, -1, 0, 0, ?, 0, 0, 0, 0, 0, 0, 0, 0, '')`)
	if err != nil {
		return err
	}
	defer cardStmt.Close()
	base := p.stamp.UnixMilli()
	if base < 1 {
		base = 1
	}
	deckIDs := make([]int64, len(p.decks))
	for i, name := range p.decks {
		deckIDs[i] = deckID(name)
	}
	cardID := base
	for i, n := range p.notes {
		nid := base + int64(i)
		fields := []string{n.front, n.back, n.role, n.number, p.source}
		sortField := sortText(n.front)
		tags := " " + strings.Join(sortedTags(n.tags), " ") + " "
		if _, err := noteStmt.Exec(nid, n.guid, nt.id, n.mod, tags, strings.Join(fields, "\x1f"), sortField, checksum(sortField)); err != nil {
			return fmt.Errorf("note %s: %w", n.guid, err)
		}
		for ord, t := range nt.templates {
			// Anki makes a card only when its front is not empty: the
			// reverse card of a question without an answer does not exist.
			if t.needs >= 0 && fields[t.needs] == "" {
				continue
			}
			// due is the new-card position: study in the article's order.
			if _, err := cardStmt.Exec(cardID, nid, deckIDs[n.deck], ord, n.mod, i+1); err != nil {
				return fmt.Errorf("card of note %s: %w", n.guid, err)
			}
			cardID++
		}
	}
	return nil
}

// checksum is Anki's duplicate-check hash of a note: the first 32 bits of
// the SHA-1 of its stripped first field (rslib notes/mod.rs field_checksum).
func checksum(sortField string) int64 {
	sum := sha1.Sum([]byte(sortField))
	return int64(binary.BigEndian.Uint32(sum[:4]))
}

// sortedTags orders tags the way Anki stores them.
func sortedTags(tags []string) []string {
	out := append([]string(nil), tags...)
	sort.Strings(out)
	return out
}

// deckJSON is one deck in col.decks (rslib decks/schema11.rs: the fields
// without serde defaults must be present).
type deckJSON struct {
	ID               int64  `json:"id"`
	Name             string `json:"name"`
	Mod              int64  `json:"mod"`
	Usn              int    `json:"usn"`
	LrnToday         [2]int `json:"lrnToday"`
	RevToday         [2]int `json:"revToday"`
	NewToday         [2]int `json:"newToday"`
	TimeToday        [2]int `json:"timeToday"`
	Collapsed        bool   `json:"collapsed"`
	BrowserCollapsed bool   `json:"browserCollapsed"`
	Desc             string `json:"desc"`
	Dyn              int    `json:"dyn"`
	Conf             int64  `json:"conf"`
	ExtendNew        int    `json:"extendNew"`
	ExtendRev        int    `json:"extendRev"`
}

func newDeckJSON(id int64, name, desc string, mod int64) deckJSON {
	return deckJSON{ID: id, Name: name, Mod: mod, Usn: -1, Desc: desc, Conf: 1, ExtendNew: 10, ExtendRev: 50}
}

// defaultDeckConfig is col.dconf: Anki's default options group, id 1, which
// every deck above uses. Anki keeps the user's own group on import.
const defaultDeckConfig = `{"1":{"id":1,"name":"Default","mod":0,"usn":0,"maxTaken":60,"autoplay":true,"timer":0,"replayq":true,"dyn":false,` +
	`"new":{"delays":[1,10],"ints":[1,4,0],"initialFactor":2500,"order":1,"perDay":20,"bury":false},` +
	`"rev":{"perDay":200,"ease4":1.3,"ivlFct":1,"maxIvl":36500,"bury":false,"hardFactor":1.2},` +
	`"lapse":{"delays":[10],"mult":0,"minInt":1,"leechFails":8,"leechAction":1}}}`
