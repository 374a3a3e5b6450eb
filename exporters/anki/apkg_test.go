package anki

import (
	"archive/zip"
	"bytes"
	"crypto/sha1"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xopsexport/xopsexport/internal/golden"
	"github.com/xopsexport/xopsexport/internal/testdeck"
	"github.com/xopsexport/xopsexport/model"
)

// pkg is an exported package opened the way a reader would: the zip's
// members and the collection, read back with database/sql.
type pkg struct {
	members []string
	media   string
	db      *sql.DB
	models  map[string]map[string]any
	decks   map[int64]string // id -> name
}

type pkgNote struct {
	id, mid, mod, csum int64
	guid, tags, sfld   string
	fields             []string
}

type pkgCard struct {
	id, nid, did, ord, mod, due, typ, queue int64
}

func openPackage(t *testing.T, data []byte) *pkg {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	p := &pkg{}
	path := filepath.Join(t.TempDir(), "collection.anki2")
	for _, f := range zr.File {
		p.members = append(p.members, f.Name)
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		switch f.Name {
		case "collection.anki2":
			if err := os.WriteFile(path, b, 0o600); err != nil {
				t.Fatal(err)
			}
		case "media":
			p.media = string(b)
		}
	}
	p.db, err = sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.db.Close() })
	var ver int
	var models, decks string
	if err := p.db.QueryRow(`SELECT ver, models, decks FROM col`).Scan(&ver, &models, &decks); err != nil {
		t.Fatalf("reading col: %v", err)
	}
	if ver != 11 {
		t.Errorf("col.ver = %d, want 11", ver)
	}
	if err := json.Unmarshal([]byte(models), &p.models); err != nil {
		t.Fatalf("col.models: %v", err)
	}
	var dj map[string]struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
		Dyn  *int   `json:"dyn"`
		Conf *int64 `json:"conf"`
	}
	if err := json.Unmarshal([]byte(decks), &dj); err != nil {
		t.Fatalf("col.decks: %v", err)
	}
	p.decks = map[int64]string{}
	for key, d := range dj {
		if key != strconv.FormatInt(d.ID, 10) || d.Dyn == nil || d.Conf == nil {
			t.Errorf("deck %s: %+v (key must be the id; dyn and conf are required)", key, d)
		}
		p.decks[d.ID] = d.Name
	}
	return p
}

func (p *pkg) notes(t *testing.T) []pkgNote {
	t.Helper()
	rows, err := p.db.Query(`SELECT id, guid, mid, mod, tags, flds, cast(sfld as text), csum FROM notes ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []pkgNote
	for rows.Next() {
		var n pkgNote
		var flds string
		if err := rows.Scan(&n.id, &n.guid, &n.mid, &n.mod, &n.tags, &flds, &n.sfld, &n.csum); err != nil {
			t.Fatal(err)
		}
		n.fields = strings.Split(flds, "\x1f")
		out = append(out, n)
	}
	return out
}

func (p *pkg) cards(t *testing.T) []pkgCard {
	t.Helper()
	rows, err := p.db.Query(`SELECT id, nid, did, ord, mod, due, type, queue FROM cards ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []pkgCard
	for rows.Next() {
		var c pkgCard
		if err := rows.Scan(&c.id, &c.nid, &c.did, &c.ord, &c.mod, &c.due, &c.typ, &c.queue); err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	return out
}

func TestAPKGArticle(t *testing.T) {
	d := testdeck.Article()
	for _, nt := range []string{"basic", "basic-reversed"} {
		t.Run(nt, func(t *testing.T) {
			p := openPackage(t, export(t, APKG, d, Options{Notetype: nt, Date: testdeck.Date}))
			if strings.Join(p.members, ",") != "collection.anki2,media" {
				t.Errorf("zip members %q", p.members)
			}
			if p.media != "{}" {
				t.Errorf("media = %q, want {}", p.media)
			}
			// One note type, with the id its name gives.
			if len(p.models) != 1 {
				t.Fatalf("%d note types, want 1", len(p.models))
			}
			want := noteTypeFor(nt)
			m, ok := p.models[strconv.FormatInt(want.id, 10)]
			if !ok {
				t.Fatalf("note type %d missing: %v", want.id, p.models)
			}
			for _, k := range []string{"id", "name", "type", "mod", "usn", "sortf", "did", "tmpls", "flds", "css"} {
				if _, ok := m[k]; !ok {
					t.Errorf("note type lacks %q, which Anki requires", k)
				}
			}
			tmpls := m["tmpls"].([]any)
			if wantT := map[string]int{"basic": 1, "basic-reversed": 2}[nt]; len(tmpls) != wantT {
				t.Errorf("%d templates, want %d", len(tmpls), wantT)
			}
			css := m["css"].(string)
			if !strings.Contains(css, ".nightMode") || !strings.Contains(css, ".night_mode") {
				t.Error("CSS has no night-mode rules")
			}
			afmt := tmpls[0].(map[string]any)["afmt"].(string)
			for _, f := range []string{"{{Role}}", "{{Number}}", "{{Source}}"} {
				if !strings.Contains(afmt, f) {
					t.Errorf("card back does not show %s", f)
				}
			}

			// A parent deck, one subdeck per role and Anki's Default.
			names := map[string]int64{}
			for id, name := range p.decks {
				names[name] = id
			}
			wantDecks := []string{"Default", DefaultDeck}
			for _, s := range d.Sections {
				wantDecks = append(wantDecks, DefaultDeck+"::"+s.Name)
			}
			if len(names) != len(wantDecks) {
				t.Errorf("decks %v, want %v", names, wantDecks)
			}
			for _, w := range wantDecks {
				if _, ok := names[w]; !ok {
					t.Errorf("deck %q missing", w)
				}
			}
			if names["Default"] != 1 {
				t.Errorf("Default deck id %d, want 1", names["Default"])
			}

			notes := p.notes(t)
			cards := p.cards(t)
			if len(notes) != d.Count() {
				t.Fatalf("%d notes, want %d", len(notes), d.Count())
			}
			perNote := map[int64][]pkgCard{}
			for _, c := range cards {
				perNote[c.nid] = append(perNote[c.nid], c)
			}
			i := 0
			for _, s := range d.Sections {
				for _, q := range s.Questions {
					n := notes[i]
					i++
					if n.guid != GUID(q.ID) {
						t.Errorf("%s: guid %q, want %q", q.ID, n.guid, GUID(q.ID))
					}
					if n.mid != want.id {
						t.Errorf("%s: mid %d, want %d", q.ID, n.mid, want.id)
					}
					if n.mod != d.Source.Retrieved.Unix() {
						t.Errorf("%s: mod %d, want the retrieval date %d (seconds)", q.ID, n.mod, d.Source.Retrieved.Unix())
					}
					if len(n.fields) != 5 {
						t.Fatalf("%s: %d fields, want 5", q.ID, len(n.fields))
					}
					if got := fieldText(t, n.fields[0]); got != cleanText(q.Question) {
						t.Errorf("%s: question %q", q.ID, got)
					}
					if got, w := answerBlocks(t, n.fields[1]), wantBlocks(q.Answer); !equalBlocks(got, w) {
						t.Errorf("%s: answer %+v, want %+v", q.ID, got, w)
					}
					if n.fields[2] != s.Name || n.fields[3] != strconv.Itoa(q.Number) {
						t.Errorf("%s: role %q number %q", q.ID, n.fields[2], n.fields[3])
					}
					if n.fields[4] != `<a href="`+d.Source.URL+`">learnxops.com</a>` {
						t.Errorf("%s: source %q", q.ID, n.fields[4])
					}
					wantSort := strings.ReplaceAll(cleanText(q.Question), "\n", "")
					if n.sfld != wantSort {
						t.Errorf("%s: sfld %q, want %q", q.ID, n.sfld, wantSort)
					}
					sum := sha1.Sum([]byte(wantSort))
					if n.csum != int64(binary.BigEndian.Uint32(sum[:4])) {
						t.Errorf("%s: csum %d is not Anki's checksum of %q", q.ID, n.csum, wantSort)
					}
					tags := append([]string{"xops", "xops::" + s.Role}, q.Tags...)
					sort.Strings(tags)
					if n.tags != " "+strings.Join(tags, " ")+" " {
						t.Errorf("%s: tags %q", q.ID, n.tags)
					}
					cs := perNote[n.id]
					wantCards := map[string]int{"basic": 1, "basic-reversed": 2}[nt]
					if len(cs) != wantCards {
						t.Fatalf("%s: %d cards, want %d", q.ID, len(cs), wantCards)
					}
					for ord, c := range cs {
						if c.ord != int64(ord) || p.decks[c.did] != DefaultDeck+"::"+s.Name || c.mod != n.mod || c.typ != 0 || c.queue != 0 || c.due != int64(i) {
							t.Errorf("%s: card %+v (ord %d, deck %q)", q.ID, c, ord, p.decks[c.did])
						}
					}
				}
			}
		})
	}
}

func TestAPKGOneRole(t *testing.T) {
	d := testdeck.Article().Filter([]string{"cloudops"})
	p := openPackage(t, export(t, APKG, d, Options{Deck: "Jobs::Cloud"}))
	cards := p.cards(t)
	if len(cards) != 20 {
		t.Fatalf("%d cards, want 20", len(cards))
	}
	for _, c := range cards {
		if p.decks[c.did] != "Jobs::Cloud" {
			t.Errorf("card in deck %q, want Jobs::Cloud (no subdeck for a single role)", p.decks[c.did])
		}
	}
}

// TestAPKGContentDates checks each note's mod: the question's own change
// date if it has one, else the retrieval date - never the export date.
func TestAPKGContentDates(t *testing.T) {
	d := testdeck.Article()
	changed := time.Date(2027, 2, 3, 4, 5, 6, 0, time.UTC)
	d.Sections[1].Questions[2].Changed = changed
	p := openPackage(t, export(t, APKG, d, Options{Date: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}))
	for _, n := range p.notes(t) {
		want := d.Source.Retrieved.Unix()
		if n.guid == GUID(d.Sections[1].Questions[2].ID) {
			want = changed.Unix()
		}
		if n.mod != want {
			t.Errorf("note %s: mod %d, want %d", n.guid, n.mod, want)
		}
	}
	d.Source.Retrieved = time.Time{}
	p = openPackage(t, export(t, APKG, d, Options{Date: testdeck.Date}))
	for _, n := range p.notes(t) {
		if n.guid != GUID(d.Sections[1].Questions[2].ID) && n.mod != testdeck.Date.Unix() {
			t.Errorf("without a retrieval date, mod %d, want the export date %d", n.mod, testdeck.Date.Unix())
		}
	}
}

func TestAPKGHostile(t *testing.T) {
	d := testdeck.Hostile()
	data := export(t, APKG, d, Options{Notetype: "basic-reversed", Date: testdeck.Date})
	p := openPackage(t, data)
	notes := p.notes(t)
	if len(notes) != d.Count() {
		t.Fatalf("%d notes, want %d", len(notes), d.Count())
	}
	byNote := map[int64]int{}
	for _, c := range p.cards(t) {
		byNote[c.nid]++
	}
	i := 0
	for _, s := range d.Sections {
		for _, q := range s.Questions {
			n := notes[i]
			i++
			for _, f := range n.fields[:2] {
				if strings.Contains(strings.ToLower(f), "<script") || strings.Contains(f, "<b>") {
					t.Errorf("%s: source markup in a field: %q", q.ID, f)
				}
			}
			// Anki makes no reverse card for an empty answer.
			want := 2
			if len(q.Answer) == 0 {
				want = 1
			}
			if byNote[n.id] != want {
				t.Errorf("%s: %d cards, want %d", q.ID, byNote[n.id], want)
			}
		}
	}
}

func TestAPKGSourceLinkOnlyHTTP(t *testing.T) {
	d := testdeck.Article().Filter([]string{"aiops"})
	d.Source.URL = "javascript:alert(1)"
	p := openPackage(t, export(t, APKG, d, Options{}))
	for _, n := range p.notes(t) {
		if n.fields[4] != "" {
			t.Fatalf("source field %q for a javascript: URL", n.fields[4])
		}
	}
}

func TestAPKGEmptyDeck(t *testing.T) {
	p := openPackage(t, export(t, APKG, &model.Deck{}, Options{}))
	if n := len(p.notes(t)); n != 0 {
		t.Errorf("%d notes in an empty deck", n)
	}
	if len(p.decks) != 2 {
		t.Errorf("decks %v, want Default and %s", p.decks, DefaultDeck)
	}
}

// TestAPKGDeterministic: same deck and date, same bytes; another date
// changes the stamps but no GUID, note type id or deck id.
func TestAPKGDeterministic(t *testing.T) {
	d := testdeck.Article()
	a := export(t, APKG, d, Options{Date: testdeck.Date})
	b := export(t, APKG, d.Clone(), Options{Date: testdeck.Date})
	if !bytes.Equal(a, b) {
		t.Fatal("two packages of the same deck and date differ")
	}
	c := export(t, APKG, d, Options{Date: testdeck.Date.AddDate(1, 0, 0)})
	if bytes.Equal(a, c) {
		t.Error("the date is not stamped anywhere")
	}
	pa, pc := openPackage(t, a), openPackage(t, c)
	na, nc := pa.notes(t), pc.notes(t)
	for i := range na {
		if na[i].guid != nc[i].guid || na[i].mid != nc[i].mid || na[i].mod != nc[i].mod {
			t.Errorf("note %d: %+v became %+v", i, na[i], nc[i])
		}
	}
	if len(pa.decks) != len(pc.decks) {
		t.Fatal("deck count changed")
	}
	for id, name := range pa.decks {
		if pc.decks[id] != name {
			t.Errorf("deck %q changed id", name)
		}
	}
}

// TestNoteTypeGolden pins both note types (fields, templates, CSS, mod) in
// a readable file: a change shows up in its diff, and the reviewer should
// see noteTypeRevised move with it.
func TestNoteTypeGolden(t *testing.T) {
	var b strings.Builder
	for _, opt := range Notetypes() {
		m := noteTypeFor(opt).json()
		fmt.Fprintf(&b, "=== --notetype %s: %q id %d mod %d (%s)\n", opt, m.Name, m.ID, m.Mod, time.Unix(m.Mod, 0).UTC().Format(time.DateOnly))
		for _, f := range m.Flds {
			fmt.Fprintf(&b, "field %d %s: %s\n", f.Ord, f.Name, f.Description)
		}
		for _, tm := range m.Tmpls {
			fmt.Fprintf(&b, "--- card %d %s, front:\n%s\n--- back:\n%s\n", tm.Ord+1, tm.Name, tm.Qfmt, tm.Afmt)
		}
		fmt.Fprintf(&b, "req: %v\n", m.Req)
	}
	fmt.Fprintf(&b, "=== CSS (both note types)\n%s", noteCSS)
	golden.Check(t, "../../testdata/golden/anki/notetype.txt", []byte(b.String()))
}

// Answers with headings, code and tables reach the package's back field in
// the shapes answerhtml writes, their text exact.
func TestAPKGStructured(t *testing.T) {
	d := testdeck.Structured()
	notes := openPackage(t, export(t, APKG, d, Options{Date: testdeck.Date})).notes(t)
	if len(notes) != d.Count() {
		t.Fatalf("%d notes, want %d", len(notes), d.Count())
	}
	i := 0
	kinds := map[model.BlockType]int{}
	for _, s := range d.Sections {
		for _, q := range s.Questions {
			got := answerBlocks(t, notes[i].fields[1])
			i++
			if want := wantBlocks(q.Answer); !equalBlocks(got, want) {
				t.Errorf("%s: back reads back as %+v, want %+v", q.ID, got, want)
			}
			for _, b := range got {
				kinds[b.Type]++
			}
		}
	}
	for _, k := range []model.BlockType{model.Paragraph, model.List, model.Heading, model.Code, model.Table} {
		if kinds[k] == 0 {
			t.Errorf("no %s block in the package", k)
		}
	}
}
