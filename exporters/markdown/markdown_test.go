package markdown

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

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
	d := testdeck.Structured()
	golden.Check(t, "testdata/structured.md", []byte(export(t, d, Options{})))
	golden.Check(t, "testdata/structured-flashcards.md", []byte(export(t, d, Options{Flashcards: true})))
}

func decks() map[string]*model.Deck {
	return map[string]*model.Deck{"article": testdeck.Article(), "hostile": testdeck.Hostile(), "structured": testdeck.Structured()}
}

// unescape undoes escapeInline's backslashes (CommonMark: a backslash
// before ASCII punctuation shows the punctuation).
var backslashed = regexp.MustCompile(`\\([!-/:-@\[-` + "`" + `{-~])`)

func unescape(s string) string { return backslashed.ReplaceAllString(s, "$1") }

var questionHeading = regexp.MustCompile(`(?m)^### <a id="([^"]*)"></a>Q\d+\. (.*)$`)

// TestHeadingsAndAnchors: a heading per role and per question, each
// question's anchor its ID, its text read back from the heading.
func TestHeadingsAndAnchors(t *testing.T) {
	for name, d := range decks() {
		for _, fc := range []bool{false, true} {
			out := export(t, d, Options{Flashcards: fc})
			headings := map[string]string{} // anchor → heading text
			for _, m := range questionHeading.FindAllStringSubmatch(out, -1) {
				headings[m[1]] = m[2]
			}
			for _, s := range d.Sections {
				if !strings.Contains(out, "\n## "+oneLine(s.Name)+"\n") {
					t.Errorf("%s: no heading for %s", name, s.Role)
				}
				if fc && !strings.Contains(out, "\n#flashcards/"+s.Role+"\n") {
					t.Errorf("%s: no #flashcards/%s tag line", name, s.Role)
				}
				for _, q := range s.Questions {
					text, ok := headings[q.ID]
					if !ok {
						t.Errorf("%s: no heading with anchor %s", name, q.ID)
						continue
					}
					if got, want := unescape(text), strings.Join(strings.Fields(q.Question), " "); got != want {
						t.Errorf("%s: heading reads %q, want %q", name, got, want)
					}
				}
			}
		}
	}
}

// srParse is the Obsidian Spaced Repetition plugin's card parser
// (st3v3nmw/obsidian-spaced-repetition src/parser.ts, default settings:
// "::", ":::", "?", "??", no end marker, clozes ==x==, **x**, {{x}}),
// ported to return the type and text of each card.
func srParse(text string) (types, cards []string) {
	cloze := regexp.MustCompile(`==.*?==|\*\*.*?\*\*|\{\{.*?\}\}`)
	lines := strings.Split(text, "\n")
	cardText, cardType := "", ""
	push := func() {
		if cardType != "" {
			types = append(types, cardType)
			cards = append(cards, strings.TrimRight(cardText, " \n"))
		}
		cardType, cardText = "", ""
	}
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if strings.HasPrefix(line, "<!--") && !strings.HasPrefix(line, "<!--SR:") {
			i++
			continue
		}
		if strings.TrimSpace(line) == "" {
			push()
			continue
		}
		if cardText != "" {
			cardText += "\n"
		}
		cardText += strings.TrimRight(line, " ")
		switch trimmed := strings.TrimSpace(line); {
		case strings.Contains(line, ":::") || strings.Contains(line, "::"):
			cardType = "single"
			push()
		case trimmed == "?":
			cardType = "multi"
		case trimmed == "??":
			cardType = "multi-reversed"
		case strings.HasPrefix(line, "```") || strings.HasPrefix(line, "~~~"):
			closer := regexp.MustCompile("^(`+|~+)").FindString(line)
			for i+1 < len(lines) && !strings.HasPrefix(lines[i+1], closer) {
				i++
				cardText += "\n" + lines[i]
			}
			cardText += "\n" + closer
			i++
		case cardType == "" && cloze.MatchString(line):
			cardType = "cloze"
		}
	}
	push()
	return types, cards
}

// TestFlashcardsParse runs the plugin's parser over the flashcards file:
// exactly one multi-line card per question, front the question, back
// holding every answer block, and no hostile text making another kind of
// card.
func TestFlashcardsParse(t *testing.T) {
	for name, d := range decks() {
		out := export(t, d, Options{Flashcards: true})
		types, cards := srParse(out)
		if len(cards) != d.Count() {
			t.Fatalf("%s: %d cards (%v) for %d questions", name, len(cards), types, d.Count())
		}
		i := 0
		for _, s := range d.Sections {
			for _, q := range s.Questions {
				if types[i] != "multi" {
					t.Errorf("%s: card %d is %s", name, i, types[i])
				}
				front, back, ok := strings.Cut(cards[i], "\n?\n")
				if !ok && !strings.HasSuffix(cards[i], "\n?") {
					t.Errorf("%s: card %d has no ? line: %q", name, i, cards[i])
				}
				if !strings.Contains(front, q.ID) {
					t.Errorf("%s: card %d front %q is not question %s", name, i, front, q.ID)
				}
				for _, bl := range q.Answer {
					words := strings.Fields(bl.Text)
					if bl.Type == model.List && len(bl.Items) > 0 {
						words = strings.Fields(bl.Items[0])
					}
					if len(words) > 0 && !strings.Contains(unescape(back), words[0]) {
						t.Errorf("%s: card %d back lacks %q", name, i, words[0])
					}
				}
				i++
			}
		}
	}
}

// TestCodeIsExact: code blocks come back byte for byte from their fences.
func TestCodeIsExact(t *testing.T) {
	d := testdeck.Structured()
	for _, fc := range []bool{false, true} {
		out := export(t, d, Options{Flashcards: fc})
		for _, s := range d.Sections {
			for _, q := range s.Questions {
				for _, bl := range q.Answer {
					if bl.Type == model.Code {
						want := "```" + bl.Lang + "\n" + bl.Text + "\n```\n"
						if !strings.Contains(out, want) {
							t.Errorf("flashcards=%v: code block not written exactly:\n%s", fc, want)
						}
					}
				}
			}
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
	cases := map[string]*model.Deck{"article": article, "hostile": testdeck.Hostile()}
	if !testing.Short() { // each run starts Python: the rest only in make test-long
		cases["cloudops"] = article.Filter([]string{"cloudops"})
		cases["structured"] = testdeck.Structured()
	}
	for name, d := range cases {
		for _, fc := range []bool{false, true} {
			dir := t.TempDir()
			out := filepath.Join(dir, "out")
			os.Mkdir(out, 0o755)
			if err := os.WriteFile(filepath.Join(out, "xops.md"), []byte(export(t, d, Options{Flashcards: fc})), 0o644); err != nil {
				t.Fatal(err)
			}
			js, _ := json.Marshal(d)
			os.WriteFile(filepath.Join(dir, "deck.json"), js, 0o644)
			res, err := exec.Command(py, script, "markdown", out, filepath.Join(dir, "deck.json")).CombinedOutput()
			t.Logf("check-destination markdown %s flashcards=%v: %s", name, fc, strings.TrimSpace(string(res)))
			if err != nil {
				t.Errorf("%s flashcards=%v: %v", name, fc, err)
			}
		}
	}
}

// FuzzEscapeInline: the escaped text shows the input (backslashes undone),
// and holds none of the sequences Markdown, Obsidian or the plugin read
// as markup.
func FuzzEscapeInline(f *testing.F) {
	for _, s := range testdeck.HostileStrings {
		f.Add(s)
	}
	f.Add("::\n?\n- x\n1. y\n==z== %%c%% {{c1::x}} <!-- a --> **b** ~~s~~ $m$ #tag ^id")
	f.Fuzz(func(t *testing.T, s string) {
		e := escapeInline(s)
		for _, bad := range []string{"::", "==", "%%", "{{", "**", "__", "~~", "<!--", "](", "\t"} {
			if strings.Contains(strings.ReplaceAll(e, `\`+bad[:1], ""), bad) && strings.Contains(e, bad) {
				t.Fatalf("%q -> %q holds %q", s, e, bad)
			}
		}
		for _, line := range strings.Split(e, "\n") {
			if t2 := strings.TrimSpace(line); t2 == "?" || t2 == "??" || strings.HasPrefix(line, " ") || strings.HasPrefix(line, "- ") || strings.HasPrefix(line, "+ ") || regexp.MustCompile(`^\d+[.)]`).MatchString(line) {
				t.Fatalf("%q -> line %q starts markup", s, line)
			}
		}
		want := strings.Map(func(r rune) rune {
			switch {
			case r == '\t':
				return ' '
			case r == '\n':
				return r
			case r < 0x20 || (r >= 0x7f && r < 0xa0) || r == 0xFFFE || r == 0xFFFF:
				return -1
			}
			return r
		}, strings.ToValidUTF8(normalizeBreaks(s), "\uFFFD"))
		var wl []string
		for _, l := range strings.Split(want, "\n") {
			wl = append(wl, strings.TrimLeft(l, " "))
		}
		var gl []string
		for _, l := range strings.Split(unescape(e), "\n") {
			gl = append(gl, strings.TrimLeft(l, " "))
		}
		if g, w := strings.Join(gl, "\n"), strings.Join(wl, "\n"); g != w && strings.TrimSpace(g) != strings.TrimSpace(w) {
			t.Fatalf("%q -> %q reads %q, want %q", s, e, g, w)
		}
	})
}
