package revision

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xopsexport/xopsexport/extract"
	"github.com/xopsexport/xopsexport/internal/testdeck"
	"github.com/xopsexport/xopsexport/model"
)

var fetchedV2 = time.Date(2026, 12, 1, 10, 15, 0, 0, time.UTC)

func articleV2(t testing.TB) *model.Deck {
	t.Helper()
	body, err := os.ReadFile("../testdata/revisions/article-v2.txt")
	if err != nil {
		t.Fatal(err)
	}
	d, err := extract.Text(bytes.NewReader(body), extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	d.Source.Retrieved = fetchedV2
	d.Source.URL = testdeck.Article().Source.URL // the same page, revised
	return d
}

// find returns the question numbered n in role's section.
func find(t *testing.T, d *model.Deck, role string, n int) *model.Question {
	t.Helper()
	for i := range d.Sections {
		if d.Sections[i].Role != role {
			continue
		}
		for j := range d.Sections[i].Questions {
			if q := &d.Sections[i].Questions[j]; q.Number == n {
				return q
			}
		}
	}
	t.Fatalf("no %s Q%d", role, n)
	return nil
}

// change is an expected changelog entry: kind, role (and old role when
// moved), old and new number (0 = none).
type change struct {
	kind, role, oldRole string
	old, new            int
}

func entries(c *Changelog) []change {
	var out []change
	for _, l := range []struct {
		kind string
		es   []Entry
	}{{"added", c.Added}, {"removed", c.Removed}, {"reworded", c.Reworded}, {"edited", c.Edited}, {"renumbered", c.Renumbered}, {"moved", c.Moved}} {
		for _, e := range l.es {
			ch := change{kind: l.kind, role: e.Role, oldRole: e.OldRole}
			if e.OldNumber != nil {
				ch.old = *e.OldNumber
			}
			if e.NewNumber != nil {
				ch.new = *e.NewNumber
			}
			out = append(out, ch)
		}
	}
	return out
}

// The v2 fixture (testdata/revisions/README.md lists its edits) against the
// embedded article: the changelog names exactly those edits.
func TestCompareArticleRevision(t *testing.T) {
	old, new := testdeck.Article(), articleV2(t)
	want := []change{
		{kind: "added", role: "devops", new: 3},
		{kind: "added", role: "platform", new: 1},
		{kind: "added", role: "platform", new: 2},
		{kind: "removed", role: "devsecops", old: 15},
		{kind: "reworded", role: "cloudops", old: 8, new: 8},
		{kind: "reworded", role: "mlops", old: 9, new: 9},
		{kind: "edited", role: "devops", old: 18, new: 19},
		{kind: "edited", role: "aiops", old: 7, new: 7},
	}
	// Inserting DevOps Q3 renumbers old Q3-Q22 (but Q18, edited, is listed
	// there); removing DevSecOps Q15 renumbers Q16-Q20; moving CloudOps Q19
	// out renumbers Q20.
	for n := 3; n <= 22; n++ {
		if n != 18 {
			want = append(want, change{kind: "renumbered", role: "devops", old: n, new: n + 1})
		}
	}
	for n := 16; n <= 20; n++ {
		want = append(want, change{kind: "renumbered", role: "devsecops", old: n, new: n - 1})
	}
	want = append(want,
		change{kind: "renumbered", role: "cloudops", old: 20, new: 19},
		change{kind: "moved", role: "devops", oldRole: "cloudops", old: 19, new: 24},
	)

	r := Compare(old, new, fetchedV2)
	got := entries(&r.Changes)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("changes:\n got %v\nwant %v", got, want)
	}
	if r.Changes.Unchanged != 78 { // 109 - 1 removed - 30 changed
		t.Errorf("unchanged = %d, want 78", r.Changes.Unchanged)
	}

	// IDs: every matched question keeps the old one, added ones keep theirs.
	for _, e := range r.Changes.Reworded {
		if want := find(t, old, e.Role, *e.OldNumber); e.ID != want.ID || e.OldQuestion != want.Question {
			t.Errorf("reworded %s Q%d: id %s, old %q; want %s, %q", e.Role, *e.OldNumber, e.ID, e.OldQuestion, want.ID, want.Question)
		}
	}
	if m := r.Changes.Moved[0]; m.ID != find(t, old, "cloudops", 19).ID {
		t.Errorf("moved question got ID %s, want its old %s", m.ID, find(t, old, "cloudops", 19).ID)
	}
	if a := r.Changes.Added[0]; a.ID != find(t, new, "devops", 3).ID {
		t.Errorf("added question got ID %s, want %s", a.ID, find(t, new, "devops", 3).ID)
	}
	if len(r.Carry) != new.Count() {
		t.Errorf("carry has %d entries for %d questions", len(r.Carry), new.Count())
	}

	// Changed: the fetch time where anything an export shows changed, the
	// old date elsewhere.
	changedNow := map[string]bool{}
	for _, l := range [][]Entry{r.Changes.Added, r.Changes.Reworded, r.Changes.Edited, r.Changes.Renumbered, r.Changes.Moved} {
		for _, e := range l {
			changedNow[e.ID] = true
		}
	}
	applied := new.Clone()
	Apply(applied, r.Carry)
	if err := applied.Validate(); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, s := range applied.Sections {
		for _, q := range s.Questions {
			want := testdeck.Date
			if changedNow[q.ID] {
				want = fetchedV2
				n++
			}
			if !q.Changed.Equal(want) {
				t.Errorf("%s Q%d (%s): Changed %v, want %v", s.Role, q.Number, q.ID, q.Changed, want)
			}
		}
	}
	if n != 33 {
		t.Errorf("%d questions changed now, want 33", n)
	}
	if got := find(t, applied, "cloudops", 8).ID; got != find(t, old, "cloudops", 8).ID {
		t.Errorf("after Apply the reworded question has ID %s", got)
	}
}

// A new source URL changes what every export cites, so every question
// gets the new date, though the changelog has no change.
func TestCompareNewURL(t *testing.T) {
	d := testdeck.Article()
	mirror := d.Clone()
	mirror.Source.URL = "https://mirror.example/qa"
	r := Compare(d, mirror, fetchedV2)
	if !r.Changes.Empty() {
		t.Errorf("changes: %v", entries(&r.Changes))
	}
	for id, c := range r.Carry {
		if c.ID != id || !c.Changed.Equal(fetchedV2) {
			t.Errorf("%s carries %+v", id, c)
		}
	}
}

func TestCompareSameDeck(t *testing.T) {
	d := testdeck.Article()
	r := Compare(d, d.Clone(), fetchedV2)
	if !r.Changes.Empty() || r.Changes.Unchanged != d.Count() {
		t.Errorf("a deck against itself: %+v", entries(&r.Changes))
	}
	for id, c := range r.Carry {
		if c.ID != id || !c.Changed.Equal(testdeck.Date) {
			t.Errorf("%s carries %+v", id, c)
		}
	}
}

// sec is a section for small test decks: role and question texts; an
// answer "=text" after a question replaces its default answer.
type sec struct {
	role string
	qs   []string
}

func deck(secs ...sec) *model.Deck {
	d := &model.Deck{Source: model.Source{Retrieved: testdeck.Date}}
	seen := map[string]int{}
	for _, s := range secs {
		ms := model.Section{Role: s.role, Name: model.RoleName(s.role), Questions: []model.Question{}}
		for _, text := range s.qs {
			if a, ok := strings.CutPrefix(text, "="); ok {
				ms.Questions[len(ms.Questions)-1].Answer[0].Text = a
				continue
			}
			id := model.QuestionID(s.role, text)
			if seen[id]++; seen[id] > 1 {
				id = fmt.Sprintf("%s-%d", id, seen[id])
			}
			ms.Questions = append(ms.Questions, model.Question{
				ID: id, Number: len(ms.Questions) + 1, Question: text,
				Answer: []model.Block{{Type: model.Paragraph, Text: "Answer to " + text}},
			})
		}
		d.Sections = append(d.Sections, ms)
	}
	return d
}

func TestCompareCases(t *testing.T) {
	tests := []struct {
		name     string
		old, new *model.Deck
		want     []change
		same     [][2]string // [old text, new text] pairs that must share an ID
	}{
		{
			name: "punctuation and case only: reworded, same ID",
			old:  deck(sec{"devops", []string{"What’s a pod?"}}),
			new:  deck(sec{"devops", []string{"what's a Pod"}}),
			want: []change{{kind: "reworded", role: "devops", old: 1, new: 1}},
			same: [][2]string{{"What’s a pod?", "what's a Pod"}},
		},
		{
			name: "too different: removed and added",
			old:  deck(sec{"mlops", []string{"How do you handle model versioning in production?"}}),
			new:  deck(sec{"mlops", []string{"How do you monitor model performance in production?"}}),
			want: []change{{kind: "added", role: "mlops", new: 1}, {kind: "removed", role: "mlops", old: 1}},
		},
		{
			name: "best pairs first, one to one",
			old: deck(sec{"mlops", []string{
				"How do you detect data drift?",
				"How do you detect model drift?",
			}}),
			new: deck(sec{"mlops", []string{
				"How would you detect model drift in production?",
				"How would you detect data drift in a feature store?",
			}}),
			want: []change{
				{kind: "reworded", role: "mlops", old: 2, new: 1},
				{kind: "reworded", role: "mlops", old: 1, new: 2},
			},
			same: [][2]string{
				{"How do you detect model drift?", "How would you detect model drift in production?"},
				{"How do you detect data drift?", "How would you detect data drift in a feature store?"},
			},
		},
		{
			name: "not across roles",
			old:  deck(sec{"devops", []string{"How do you detect model drift?"}}, sec{"mlops", nil}),
			new:  deck(sec{"devops", nil}, sec{"mlops", []string{"How would you detect model drift?"}}),
			want: []change{{kind: "added", role: "mlops", new: 1}, {kind: "removed", role: "devops", old: 1}},
		},
		{
			name: "copied to another role: the original stays, the copy is new",
			old:  deck(sec{"devops", []string{"What is GitOps?"}}, sec{"cloudops", []string{"What is a VPC?"}}),
			new:  deck(sec{"devops", []string{"What is GitOps?"}}, sec{"cloudops", []string{"What is a VPC?", "What is GitOps?"}}),
			want: []change{{kind: "added", role: "cloudops", new: 2}},
			same: [][2]string{{"What is GitOps?", "What is GitOps?"}},
		},
		{
			name: "moved and edited: moved",
			old:  deck(sec{"devops", []string{"What is GitOps?", "What is a pod?"}}, sec{"cloudops", nil}),
			new:  deck(sec{"devops", []string{"What is a pod?"}}, sec{"cloudops", []string{"What is GitOps?", "=Pull-based deploys."}}),
			want: []change{
				{kind: "renumbered", role: "devops", old: 2, new: 1},
				{kind: "moved", role: "cloudops", oldRole: "devops", old: 1, new: 1},
			},
			same: [][2]string{{"What is GitOps?", "What is GitOps?"}},
		},
		{
			name: "a question asked twice pairs up in order",
			old:  deck(sec{"aiops", []string{"What is AIOps?", "Why AIOps?", "What is AIOps?"}}),
			new:  deck(sec{"aiops", []string{"What is AIOps?", "What is AIOps?", "=Edited."}}),
			want: []change{
				{kind: "removed", role: "aiops", old: 2},
				{kind: "edited", role: "aiops", old: 3, new: 2},
			},
		},
		{
			// Both old questions are rewordings of the new one; the more
			// similar (0.89 against 0.86) is listed second and still wins.
			name: "the most similar old question wins, wherever it is listed",
			old: deck(sec{"mlops", []string{
				"How do you detect model drift?",
				"How would you detect model drift in production systems?",
			}}),
			new:  deck(sec{"mlops", []string{"How do you detect model drift in production?"}}),
			want: []change{{kind: "removed", role: "mlops", old: 1}, {kind: "reworded", role: "mlops", old: 2, new: 1}},
			same: [][2]string{{"How would you detect model drift in production systems?", "How do you detect model drift in production?"}},
		},
		{
			// The best pair first, even when the old question comes first:
			// the other old question is not paired with the same new one.
			name: "the most similar old question wins when listed first",
			old: deck(sec{"mlops", []string{
				"How would you detect model drift in production systems?",
				"How do you detect model drift?",
			}}),
			new:  deck(sec{"mlops", []string{"How do you detect model drift in production?"}}),
			want: []change{{kind: "removed", role: "mlops", old: 2}, {kind: "reworded", role: "mlops", old: 1, new: 1}},
			same: [][2]string{{"How would you detect model drift in production systems?", "How do you detect model drift in production?"}},
		},
		{
			// One old question, two rewordings: the closer keeps the ID, the
			// other is new.
			name: "two new rewordings of one old question: one pairs",
			old:  deck(sec{"mlops", []string{"How do you detect model drift?"}}),
			new: deck(sec{"mlops", []string{
				"How do you detect model drift in production?",
				"How would you detect model drift in production systems?",
			}}),
			want: []change{{kind: "added", role: "mlops", new: 2}, {kind: "reworded", role: "mlops", old: 1, new: 1}},
			same: [][2]string{{"How do you detect model drift?", "How do you detect model drift in production?"}},
		},
		{
			// Equal scores (2 of 3 content words each): the old question
			// listed first keeps its ID, so the outcome never depends on the
			// sort.
			name: "a tie goes to the old question listed first",
			old:  deck(sec{"mlops", []string{"How do you detect data drift?", "How do you detect model drift?"}}),
			new:  deck(sec{"mlops", []string{"How do you detect drift in production?"}}),
			want: []change{{kind: "removed", role: "mlops", old: 2}, {kind: "reworded", role: "mlops", old: 1, new: 1}},
			same: [][2]string{{"How do you detect data drift?", "How do you detect drift in production?"}},
		},
		{
			// Similarity 2·3/(5+5) = 0.6 exactly: Threshold is inclusive.
			name: "exactly at the threshold: reworded",
			old:  deck(sec{"devops", []string{"alpha beta gamma delta epsilon"}}),
			new:  deck(sec{"devops", []string{"alpha beta gamma zeta theta"}}),
			want: []change{{kind: "reworded", role: "devops", old: 1, new: 1}},
		},
		{
			name: "moved to two roles: one old question is used once",
			old:  deck(sec{"devops", []string{"What is GitOps?"}}, sec{"cloudops", nil}, sec{"platform", nil}),
			new:  deck(sec{"devops", nil}, sec{"cloudops", []string{"What is GitOps?"}}, sec{"platform", []string{"What is GitOps?"}}),
			want: []change{{kind: "added", role: "platform", new: 1}, {kind: "moved", role: "cloudops", oldRole: "devops", old: 1, new: 1}},
		},
		{
			// Step 1 pairs within a role before step 2 looks across roles;
			// swapping the sections shows which ran.
			name: "the same text in two roles stays in its role when the sections swap",
			old:  deck(sec{"devops", []string{"What is GitOps?"}}, sec{"cloudops", []string{"What is GitOps?"}}),
			new:  deck(sec{"cloudops", []string{"What is GitOps?"}}, sec{"devops", []string{"What is GitOps?"}}),
			want: nil,
		},
		{
			name: "one of two copies removed: the other stays in its role",
			old:  deck(sec{"devops", []string{"What is GitOps?"}}, sec{"cloudops", []string{"What is GitOps?"}}),
			new:  deck(sec{"devops", []string{"What is GitOps?"}}, sec{"cloudops", nil}),
			want: []change{{kind: "removed", role: "cloudops", old: 1}},
		},
		{
			// Entries are listed by the new deck's role order, then roles only
			// the old deck had, then number, whatever order matching found
			// them in.
			name: "lists in the new deck's role order",
			old: deck(sec{"aiops", []string{"What is AIOps?", "What is an SLO?", "Why AIOps?"}}, sec{"devops", []string{"What is CI?", "What is CD?"}},
				sec{"mlops", []string{"What is MLOps?"}}),
			new: deck(sec{"devops", []string{"What is CD?"}}, sec{"aiops", []string{"Why AIOps?"}}),
			want: []change{
				{kind: "removed", role: "devops", old: 1}, {kind: "removed", role: "aiops", old: 1}, {kind: "removed", role: "aiops", old: 2},
				{kind: "removed", role: "mlops", old: 1},
				{kind: "renumbered", role: "devops", old: 2, new: 1}, {kind: "renumbered", role: "aiops", old: 3, new: 1},
			},
		},
		{
			name: "role gone and role new",
			old:  deck(sec{"devops", []string{"What is CI?"}}, sec{"aiops", []string{"What is AIOps?"}}),
			new:  deck(sec{"devops", []string{"What is CI?"}}, sec{"platform", []string{"What is a golden path?"}}),
			want: []change{{kind: "added", role: "platform", new: 1}, {kind: "removed", role: "aiops", old: 1}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			oldCopy := tt.old.Clone()
			newCopy := tt.new.Clone()
			r := Compare(tt.old, tt.new, fetchedV2)
			if got := entries(&r.Changes); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("changes:\n got %v\nwant %v", got, tt.want)
			}
			if !reflect.DeepEqual(tt.old, oldCopy) || !reflect.DeepEqual(tt.new, newCopy) {
				t.Error("Compare modified its input")
			}
			applied := tt.new.Clone()
			Apply(applied, r.Carry)
			if err := applied.Validate(); err != nil {
				t.Error(err)
			}
			for _, p := range tt.same {
				if a, b := idOf(tt.old, p[0]), idOf(applied, p[1]); a != b {
					t.Errorf("%q has ID %s, %q has %s; want the same", p[0], a, p[1], b)
				}
			}
		})
	}
}

func idOf(d *model.Deck, text string) string {
	for _, s := range d.Sections {
		for _, q := range s.Questions {
			if q.Question == text {
				return q.ID
			}
		}
	}
	return "(none)"
}

// A new question whose natural ID an earlier rewording already carries gets
// a suffixed ID instead of a duplicate.
func TestCompareIDTakenByRewording(t *testing.T) {
	v1 := deck(sec{"devops", []string{"How do you detect model drift?"}})
	v2 := deck(sec{"devops", []string{"How would you detect model drift in production?"}})
	r2 := Compare(v1, v2, fetchedV2)
	Apply(v2, r2.Carry)
	taken := v1.Sections[0].Questions[0].ID
	if v2.Sections[0].Questions[0].ID != taken {
		t.Fatalf("rewording lost the ID: %s", v2.Sections[0].Questions[0].ID)
	}
	v3 := deck(sec{"devops", []string{"How would you detect model drift in production?", "How do you detect model drift?"}})
	later := fetchedV2.Add(24 * time.Hour)
	r3 := Compare(v2, v3, later)
	Apply(v3, r3.Carry)
	if err := v3.Validate(); err != nil {
		t.Fatal(err)
	}
	if got := v3.Sections[0].Questions[0].ID; got != taken {
		t.Errorf("reworded question now has ID %s, want %s", got, taken)
	}
	if got, want := v3.Sections[0].Questions[1].ID, taken+"-2"; got != want {
		t.Errorf("re-added question has ID %s, want %s", got, want)
	}
	if got := v3.Sections[0].Questions[0].Changed; !got.Equal(fetchedV2) {
		t.Errorf("unchanged question's Changed = %v, want %v (when it was reworded)", got, fetchedV2)
	}
	if len(r3.Changes.Added) != 1 || r3.Changes.Added[0].ID != taken+"-2" {
		t.Errorf("added = %+v", r3.Changes.Added)
	}
}

// withIDs gives the questions of d's first section the IDs ids.
func withIDs(d *model.Deck, ids ...string) *model.Deck {
	for i, id := range ids {
		d.Sections[0].Questions[i].ID = id
	}
	return d
}

// New questions whose extraction ID a carried ID took get a suffix only
// after the free IDs are claimed, so the suffix never takes one of them.
func TestCompareSuffixSkipsFreeIDs(t *testing.T) {
	old := withIDs(deck(sec{"devops", []string{"How do you detect model drift?"}}), "x")
	new := withIDs(deck(sec{"devops", []string{"How would you detect model drift in production?", "What is CI?", "What is CD?"}}),
		"n1", "x", "x-2")
	r := Compare(old, new, fetchedV2)
	want := map[string]string{"n1": "x", "x": "x-3", "x-2": "x-2"}
	for from, to := range want {
		if got := r.Carry[from].ID; got != to {
			t.Errorf("%s carries ID %q, want %q", from, got, to)
		}
	}
	var added []string
	for _, e := range r.Changes.Added {
		added = append(added, e.ID)
	}
	if !reflect.DeepEqual(added, []string{"x-3", "x-2"}) {
		t.Errorf("added IDs %v, want [x-3 x-2]", added)
	}
	Apply(new, r.Carry)
	if err := new.Validate(); err != nil {
		t.Error(err)
	}
}

// A matched question's own extraction ID is not claimed: it carries
// another, so a suffixed new question may take it.
func TestCompareMatchedExtractionIDIsFree(t *testing.T) {
	old := withIDs(deck(sec{"devops", []string{"How do you detect model drift?", "What is CD?"}}), "a", "b")
	new := withIDs(deck(sec{"devops", []string{"How would you detect model drift in production?", "What is CD?", "What is IaC?"}}),
		"b-2", "c", "b")
	r := Compare(old, new, fetchedV2)
	want := map[string]string{"b-2": "a", "c": "b", "b": "b-2"}
	for from, to := range want {
		if got := r.Carry[from].ID; got != to {
			t.Errorf("%s carries ID %q, want %q", from, got, to)
		}
	}
}

// Entries with the same role and number (a deck numbered twice over) keep
// the order of the deck.
func TestEntriesStableOrder(t *testing.T) {
	old := deck(sec{"devops", nil})
	new := deck(sec{"devops", []string{"What is CI?", "What is CD?", "What is IaC?"}})
	for i := range new.Sections[0].Questions {
		new.Sections[0].Questions[i].Number = 7
	}
	var got []string
	for _, e := range Compare(old, new, fetchedV2).Changes.Added {
		got = append(got, e.Question)
	}
	if want := []string{"What is CI?", "What is CD?", "What is IaC?"}; !reflect.DeepEqual(got, want) {
		t.Errorf("added %q, want %q", got, want)
	}
}

func TestChangelogEmpty(t *testing.T) {
	e := []Entry{{}}
	if c := (Changelog{Unchanged: 3}); !c.Empty() {
		t.Error("only unchanged questions: not empty")
	}
	// Every pair of neighbouring lists, so no count can cancel another.
	for i, c := range []Changelog{
		{Added: e, Removed: e}, {Removed: e, Reworded: e}, {Reworded: e, Edited: e},
		{Edited: e, Renumbered: e}, {Renumbered: e, Moved: e}, {Moved: e},
	} {
		if c.Empty() {
			t.Errorf("case %d: %+v is empty", i, c)
		}
	}
}

// The same in Apply: an unknown question whose ID a carried one took is
// suffixed after the unknown questions with free IDs claim theirs, even
// when it comes first.
func TestApplySuffixSkipsFreeIDs(t *testing.T) {
	d := withIDs(deck(sec{"devops", []string{"What is CI?", "What is CD?", "What is IaC?"}}), "a", "x", "x-2")
	Apply(d, map[string]Carry{"a": {ID: "x"}})
	var got []string
	for _, q := range d.Sections[0].Questions {
		got = append(got, q.ID)
	}
	if want := []string{"x", "x-3", "x-2"}; !reflect.DeepEqual(got, want) {
		t.Errorf("IDs %v, want %v", got, want)
	}
	if err := d.Validate(); err != nil {
		t.Error(err)
	}
}

// Scripts read the changelog as JSON: empty lists are [], never null.
func TestChangelogJSONLists(t *testing.T) {
	d := deck(sec{"devops", []string{"What is CI?"}})
	raw, err := json.Marshal(Compare(d, d.Clone(), fetchedV2).Changes)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"added":[],"removed":[],"reworded":[],"edited":[],"renumbered":[],"moved":[],"unchanged":1}`
	if string(raw) != want {
		t.Errorf("JSON %s\nwant %s", raw, want)
	}
}

func TestApply(t *testing.T) {
	base := func() *model.Deck {
		return deck(sec{"devops", []string{"What is CI?", "What is CD?", "What is IaC?"}})
	}
	ids := func(d *model.Deck) []string {
		var out []string
		for _, q := range d.Sections[0].Questions {
			out = append(out, q.ID)
		}
		return out
	}
	b := ids(base())
	when := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		m    map[string]Carry
		want []string
	}{
		{"empty map keeps IDs", nil, b},
		{"unknown keys are ignored", map[string]Carry{"devops-00000000": {ID: "x"}}, b},
		{"carried ID", map[string]Carry{b[1]: {ID: "devops-old", Changed: when}}, []string{b[0], "devops-old", b[2]}},
		{"carried ID taken by an unknown question: the unknown one yields", map[string]Carry{b[0]: {ID: b[2]}}, []string{b[2], b[1], b[2] + "-2"}},
		{"two carried to one ID: the second keeps its own", map[string]Carry{b[0]: {ID: "z"}, b[1]: {ID: "z"}}, []string{"z", b[1], b[2]}},
		{"swap", map[string]Carry{b[0]: {ID: b[1]}, b[1]: {ID: b[0]}}, []string{b[1], b[0], b[2]}},
		{"an empty carried ID is ignored", map[string]Carry{b[1]: {ID: "", Changed: when}}, b},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := base()
			Apply(d, tt.m)
			if got := ids(d); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("IDs %v, want %v", got, tt.want)
			}
			if err := d.Validate(); err != nil {
				t.Error(err)
			}
			if c, ok := tt.m[b[1]]; ok && c.ID == "devops-old" && !d.Sections[0].Questions[1].Changed.Equal(when) {
				t.Error("Changed not applied")
			}
		})
	}
}

func TestCheck(t *testing.T) {
	full := testdeck.Article()
	noAI := full.Filter([]string{"devops", "devsecops", "cloudops", "mlops"})
	half := full.Clone()
	for i := range half.Sections {
		half.Sections[i].Questions = half.Sections[i].Questions[:len(half.Sections[i].Questions)/3]
	}
	tests := []struct {
		name     string
		old, new *model.Deck
		want     []string
	}{
		{"same", full, full, nil},
		{"revision", full, articleV2(t), nil},
		{"no questions", full, &model.Deck{}, []string{"no questions found"}},
		{"role gone", full, noAI, []string{"the AIOps section (20 questions before) is gone"}},
		{"roles gone", full, full.Filter([]string{"devops", "mlops"}), []string{
			"the DevSecOps, CloudOps and AIOps sections (60 questions before) are gone",
			"only 49 questions, fewer than half of the 109 before",
		}},
		{"far fewer", full, half, []string{"only 34 questions, fewer than half of the 109 before"}},
		{"exactly half", deck(sec{"devops", []string{"A?", "B?", "C?", "D?"}}), deck(sec{"devops", []string{"A?", "B?"}}), nil},
		{"just under half", deck(sec{"devops", []string{"A?", "B?", "C?", "D?", "E?"}}), deck(sec{"devops", []string{"A?", "B?"}}),
			[]string{"only 2 questions, fewer than half of the 5 before"}},
		{"growing from nothing", &model.Deck{}, full, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Check(tt.old, tt.new); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Check = %q, want %q", got, tt.want)
			}
		})
	}
}

func BenchmarkCompare(b *testing.B) {
	b.Run("article", func(b *testing.B) {
		old, new := testdeck.Article(), articleV2(b)
		b.ReportAllocs()
		for b.Loop() {
			Compare(old, new, fetchedV2)
		}
	})
	b.Run("synthetic10000", func(b *testing.B) {
		old := testdeck.Synthetic(10000)
		// Every 10th question reworded, every 50th removed.
		new := old.Clone()
		for i := range new.Sections {
			s := &new.Sections[i]
			var kept []model.Question
			for j, q := range s.Questions {
				switch {
				case j%50 == 49:
					continue
				case j%10 == 9:
					q.Question = strings.Replace(q.Question, "How would you handle", "How do you deal with", 1)
					q.ID = model.QuestionID(s.Role, q.Question)
				}
				q.Number = len(kept) + 1
				kept = append(kept, q)
			}
			s.Questions = kept
		}
		b.ReportAllocs()
		for b.Loop() {
			Compare(old, new, fetchedV2)
		}
	})
}

func BenchmarkApply(b *testing.B) {
	for _, tc := range []struct {
		name string
		d    *model.Deck
	}{{"article", testdeck.Article()}, {"synthetic10000", testdeck.Synthetic(10000)}} {
		b.Run(tc.name, func(b *testing.B) {
			m := Compare(tc.d, tc.d, fetchedV2).Carry
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				d := tc.d.Clone()
				b.StartTimer()
				Apply(d, m)
			}
		})
	}
}
