package blackboard

import (
	"bytes"
	"encoding/json"
	"html"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xopsexport/xopsexport/exporters/mcq"
	"github.com/xopsexport/xopsexport/internal/golden"
	"github.com/xopsexport/xopsexport/internal/testdeck"
	"github.com/xopsexport/xopsexport/model"
)

func export(t testing.TB, d *model.Deck, o Options) string {
	t.Helper()
	var b bytes.Buffer
	if err := Export(&b, d, o); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestGolden(t *testing.T) {
	golden.Check(t, "testdata/structured-both.txt", []byte(export(t, testdeck.Structured(), Options{Type: "both", MCQ: mcq.Options{Seed: 1}})))
}

// record is one line read back as Blackboard reads it: split on tabs.
func records(t *testing.T, out string) [][]string {
	t.Helper()
	if strings.HasPrefix(out, "\ufeff") {
		t.Fatal("BOM")
	}
	var rs [][]string
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if line == "" {
			continue
		}
		if strings.ContainsAny(line, "\r\"") {
			t.Errorf("CR or quote in %q", line)
		}
		rs = append(rs, strings.Split(line, "\t"))
	}
	return rs
}

// TestRecords reads every deck back: one record per line, the right types,
// MC with pairs and exactly one correct, and the question text back from
// the HTML.
func TestRecords(t *testing.T) {
	for name, d := range map[string]*model.Deck{"article": testdeck.Article(), "hostile": testdeck.Hostile(), "structured": testdeck.Structured()} {
		for _, typ := range Types() {
			t.Run(name+"/"+typ, func(t *testing.T) {
				rs := records(t, export(t, d, Options{Type: typ}))
				var questions []string
				ess, mc := 0, 0
				for _, r := range rs {
					switch r[0] {
					case "ESS":
						ess++
						if len(r) != 3 {
							t.Errorf("ESS with %d fields", len(r))
						}
					case "MC":
						mc++
						marks := 0
						for i := 3; i < len(r); i += 2 {
							if r[i] == "correct" {
								marks++
							} else if r[i] != "incorrect" {
								t.Errorf("mark %q", r[i])
							}
						}
						if len(r) < 6 || len(r)%2 != 0 || marks != 1 {
							t.Errorf("MC with %d fields, %d correct", len(r), marks)
						}
					default:
						t.Fatalf("record type %q", r[0])
					}
					questions = append(questions, html.UnescapeString(strings.ReplaceAll(r[1], "<br>", "\n")))
				}
				n := d.Count()
				items := len(mcq.Build(d, mcq.Options{}))
				switch typ {
				case "essay":
					if ess != n || mc != 0 {
						t.Errorf("ESS %d MC %d for %d questions", ess, mc, n)
					}
				case "mcq":
					if ess+mc != n || mc != items {
						t.Errorf("ESS %d MC %d for %d questions, %d multiple choice", ess, mc, n, items)
					}
				case "both":
					if ess != n || mc != items {
						t.Errorf("ESS %d MC %d for %d questions, %d multiple choice", ess, mc, n, items)
					}
				}
				for _, s := range d.Sections {
					for _, q := range s.Questions {
						found := false
						for _, got := range questions {
							found = found || got == q.Question
						}
						if !found {
							t.Errorf("question %q not read back", q.Question)
						}
					}
				}
			})
		}
	}
}

func TestCodeKeepsLines(t *testing.T) {
	out := export(t, testdeck.Structured(), Options{})
	if !strings.Contains(out, "<pre><code class='language-dockerfile'># build stage<br>FROM golang:1.26 AS build<br>&#9;RUN go build") {
		t.Errorf("code block not kept with <br> and &#9;:\n%s", out)
	}
}

func TestOptionsCheck(t *testing.T) {
	for _, o := range []Options{{Type: "x"}, {MCQ: mcq.Options{Choices: 11}}} {
		if err := Export(io.Discard, testdeck.Structured(), o); err == nil {
			t.Errorf("%+v accepted", o)
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
		dir := t.TempDir()
		out := filepath.Join(dir, "out")
		os.Mkdir(out, 0o755)
		if err := os.WriteFile(filepath.Join(out, "xops.blackboard.txt"), []byte(export(t, d, Options{Type: "both"})), 0o644); err != nil {
			t.Fatal(err)
		}
		js, _ := json.Marshal(d)
		os.WriteFile(filepath.Join(dir, "deck.json"), js, 0o644)
		res, err := exec.Command(py, script, "blackboard", out, filepath.Join(dir, "deck.json")).CombinedOutput()
		t.Logf("check-destination blackboard %s: %s", name, strings.TrimSpace(string(res)))
		// Questions that cannot be multiple choice (no answer, or no other
		// answer in the role) have no MC record: the structured and hostile
		// decks have some (Structured's table-only question), so "2 records per question" cannot hold there.
		expected := map[string]string{"structured": "FAIL ESS 4 MC 3, expected 4 each", "hostile": "FAIL ESS 19 MC 18, expected 19 each"}[name]
		if err != nil && strings.TrimSpace(string(res)) != expected {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func FuzzAppendField(f *testing.F) {
	for _, s := range testdeck.HostileStrings {
		f.Add(s)
	}
	f.Add("a\r\nb\rc\u2028d\x00\x7f\xff\"")
	f.Fuzz(func(t *testing.T, s string) {
		got := string(appendField(nil, s))
		if strings.ContainsAny(got, "\t\n\r\"<>\u0085\u2028\u2029") && strings.ContainsAny(strings.ReplaceAll(got, "<br>", ""), "\t\n\r\"<>\u0085\u2028\u2029") {
			t.Fatalf("%q -> %q holds a separator, quote or markup", s, got)
		}
		back := html.UnescapeString(strings.ReplaceAll(got, "<br>", "\n"))
		want := strings.Map(func(r rune) rune {
			if (r < 0x20 && r != '\t' && r != '\n') || (r >= 0x7f && r < 0xa0) || r == 0xFFFE || r == 0xFFFF {
				return -1
			}
			return r
		}, strings.ToValidUTF8(strings.NewReplacer("\r\n", "\n", "\r", "\n", "\u0085", "\n", "\u2028", "\n", "\u2029", "\n").Replace(s), "\uFFFD"))
		if back != want {
			t.Fatalf("%q read back as %q, want %q", s, back, want)
		}
	})
}
