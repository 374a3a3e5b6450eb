package cardtext

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xopsexport/xopsexport/internal/golden"
	"github.com/xopsexport/xopsexport/internal/testdeck"
	"github.com/xopsexport/xopsexport/model"
)

func quizlet(t testing.TB, d *model.Deck, o QuizletOptions) string {
	t.Helper()
	var b bytes.Buffer
	if err := Quizlet(&b, d, o); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func csvOut(t testing.TB, d *model.Deck, o CSVOptions) string {
	t.Helper()
	var b bytes.Buffer
	if err := CSV(&b, d, o); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestGolden(t *testing.T) {
	d := testdeck.Structured()
	golden.Check(t, "testdata/structured.quizlet.txt", []byte(quizlet(t, d, QuizletOptions{})))
	golden.Check(t, "testdata/structured.csv", []byte(csvOut(t, d, CSVOptions{})))
}

func decks() map[string]*model.Deck {
	return map[string]*model.Deck{"article": testdeck.Article(), "hostile": testdeck.Hostile(), "structured": testdeck.Structured()}
}

// TestQuizletRoundTrip splits the text by the separators the user is told
// to choose, as Quizlet does, and gets every card back.
func TestQuizletRoundTrip(t *testing.T) {
	for name, d := range decks() {
		var sep Separators
		out := quizlet(t, d, QuizletOptions{OnSeparators: func(s Separators) { sep = s }})
		if sep != QuizletSeparators(d) || sep.Term != "\t" || sep.Row == "" {
			t.Fatalf("%s: separators %+v, QuizletSeparators %+v", name, sep, QuizletSeparators(d))
		}
		if !strings.Contains(sep.Instructions(), "Custom, and type "+sep.Row) {
			t.Errorf("instructions do not name the separator: %s", sep.Instructions())
		}
		rows := strings.Split(out, sep.Row)
		i := 0
		for _, s := range d.Sections {
			for _, q := range s.Questions {
				if i >= len(rows) {
					t.Fatalf("%s: %d rows for %d questions", name, len(rows), d.Count())
				}
				term, def, ok := strings.Cut(rows[i], "\t")
				if !ok || strings.Contains(def, "\t") {
					t.Errorf("%s: row %d has not exactly one tab: %q", name, i, rows[i])
				}
				if term != plain(q.Question) || def != plain(q.AnswerText()) {
					t.Errorf("%s: row %d = %q / %q, want %q / %q", name, i, term, def, plain(q.Question), plain(q.AnswerText()))
				}
				i++
			}
		}
		if i != len(rows) {
			t.Errorf("%s: %d rows for %d questions", name, len(rows), i)
		}
	}
}

func TestQuizletSeparatorAvoidsText(t *testing.T) {
	d := testdeck.Structured()
	d.Sections[0].Questions[0].Question = "a ;;; b ||| c ~~~ d ^^^ e %%% f @@@ g $$$ h ;;;; i"
	sep := QuizletSeparators(d)
	if sep.Row != ";;;;;" {
		t.Errorf("row separator %q, want ;;;;; (every candidate occurs)", sep.Row)
	}
	d.Sections[0].Questions[0].Question = "ends with a semicolon;"
	if sep := QuizletSeparators(d); strings.HasPrefix(sep.Row, ";") {
		t.Errorf("row separator %q next to a text ending in ';'", sep.Row)
	}
}

func TestQuizletWarnsLongDefinitions(t *testing.T) {
	d := testdeck.Structured()
	var msgs []string
	out := quizlet(t, d, QuizletOptions{MaxLength: 50, Warn: func(m string) { msgs = append(msgs, m) }})
	if len(msgs) != 1 || !strings.Contains(msgs[0], "longer than 50 characters") || !strings.Contains(msgs[0], "nothing was cut") {
		t.Fatalf("warnings %q", msgs)
	}
	if !strings.Contains(out, "The final image holds only the binary.") {
		t.Error("a long definition was cut")
	}
	msgs = nil
	quizlet(t, d, QuizletOptions{Warn: func(m string) { msgs = append(msgs, m) }})
	if len(msgs) != 0 {
		t.Errorf("warned at the default limit: %q", msgs)
	}
	if err := Quizlet(&bytes.Buffer{}, d, QuizletOptions{MaxLength: -1}); err == nil {
		t.Error("negative limit accepted")
	}
}

// TestCSVRoundTrip reads the file back with encoding/csv: header, one row
// per question, texts as written apart from the apostrophe that
// neutralises formula starters.
func TestCSVRoundTrip(t *testing.T) {
	for name, d := range decks() {
		out := csvOut(t, d, CSVOptions{})
		if !strings.HasPrefix(out, "\ufeff") {
			t.Fatalf("%s: no BOM", name)
		}
		if !strings.HasSuffix(out, "\r\n") || strings.Count(out, "\r\n") < d.Count()+1 {
			t.Errorf("%s: records do not end in CRLF", name)
		}
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff")))
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if strings.Join(rows[0], ",") != strings.Join(CSVHeader, ",") {
			t.Errorf("header %v", rows[0])
		}
		if len(rows)-1 != d.Count() {
			t.Fatalf("%s: %d rows for %d questions", name, len(rows)-1, d.Count())
		}
		i := 1
		for _, s := range d.Sections {
			for _, q := range s.Questions {
				row := rows[i]
				i++
				for _, c := range row {
					if c != "" && strings.IndexByte("=+-@\t\r", c[0]) >= 0 {
						t.Errorf("%s: cell starts with %q: %q", name, c[0], c)
					}
				}
				unquote := func(c string) string {
					if len(c) > 1 && c[0] == '\'' && strings.IndexByte("=+-@\t\r", c[1]) >= 0 {
						return c[1:]
					}
					return c
				}
				if row[0] != q.ID || row[1] != s.Role || unquote(row[3]) != plain(q.Question) || unquote(row[4]) != plain(q.AnswerText()) || row[6] != d.Source.URL {
					t.Errorf("%s: row %v does not match question %s", name, row[:4], q.ID)
				}
			}
		}
	}
	if out := csvOut(t, testdeck.Structured(), CSVOptions{NoBOM: true}); strings.HasPrefix(out, "\ufeff") {
		t.Error("NoBOM wrote a BOM")
	}
}

func TestCSVFormulaCells(t *testing.T) {
	for in, want := range map[string]string{
		"=cmd|' /C calc'!A0": "'=cmd|' /C calc'!A0",
		"+SUM(1,2)":          `"'+SUM(1,2)"`,
		"-1":                 "'-1",
		"@user":              "'@user",
		"\tx":                "'\tx",
		"a=b":                "a=b",
		`say "hi"`:           `"say ""hi"""`,
	} {
		if got := string(appendCell(nil, in)); got != want {
			t.Errorf("appendCell(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestCheckDestination(t *testing.T) {
	script, _ := filepath.Abs("../../../shared/tools/destinations/check-destination.py")
	py, err := exec.LookPath("python3")
	if _, serr := os.Stat(script); err != nil || serr != nil {
		t.Skip("python3 or check-destination.py not found")
	}
	article := testdeck.Article()
	for name, d := range map[string]*model.Deck{"article": article, "cloudops": article.Filter([]string{"cloudops"}), "structured": testdeck.Structured(), "hostile": testdeck.Hostile()} {
		for _, kind := range []string{"quizlet", "csv"} {
			dir := t.TempDir()
			out := filepath.Join(dir, "out")
			os.Mkdir(out, 0o755)
			var body, file string
			if kind == "csv" {
				body, file = csvOut(t, d, CSVOptions{}), "xops.csv"
			} else {
				body, file = quizlet(t, d, QuizletOptions{}), "xops.quizlet.txt"
			}
			if err := os.WriteFile(filepath.Join(out, file), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
			js, _ := json.Marshal(d)
			os.WriteFile(filepath.Join(dir, "deck.json"), js, 0o644)
			res, err := exec.Command(py, script, kind, out, filepath.Join(dir, "deck.json")).CombinedOutput()
			t.Logf("check-destination %s %s: %s", kind, name, strings.TrimSpace(string(res)))
			if err != nil {
				t.Errorf("%s %s: %v", kind, name, err)
			}
		}
	}
}

func FuzzPlain(f *testing.F) {
	for _, s := range testdeck.HostileStrings {
		f.Add(s)
	}
	f.Add("a\r\nb\rc\u2028\x00\x7f\xff\t")
	f.Fuzz(func(t *testing.T, s string) {
		p := plain(s)
		if strings.ContainsAny(p, "\t\r\u0085\u2028\u2029\x00") {
			t.Fatalf("%q -> %q", s, p)
		}
		if p != strings.TrimSpace(p) {
			t.Fatalf("%q -> %q not trimmed", s, p)
		}
	})
}

func FuzzCSVCell(f *testing.F) {
	for _, s := range testdeck.HostileStrings {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rec := string(appendRecord(nil, []string{s, "x"}))
		rows, err := csv.NewReader(strings.NewReader(rec)).ReadAll()
		if strings.ContainsAny(s, "\r") {
			return // encoding/csv turns \r\n inside quotes into \n; nothing to compare
		}
		if err != nil || len(rows) != 1 || len(rows[0]) != 2 {
			t.Fatalf("%q: %v %q", s, err, rows)
		}
		got := rows[0][0]
		if s != "" && strings.IndexByte("=+-@\t", s[0]) >= 0 {
			if got != "'"+s {
				t.Fatalf("%q read back as %q", s, got)
			}
		} else if got != s {
			t.Fatalf("%q read back as %q", s, got)
		}
	})
}
