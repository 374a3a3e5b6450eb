package extract

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xopsexport/xopsexport/model"
)

// articlePath is the plain-text article, the reference every other form of
// it must agree with.
const articlePath = "../source/article.txt"

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// textArticle is the text reader's model of the article.
func textArticle(t testing.TB) *model.Deck {
	t.Helper()
	d, err := Read(readFile(t, articlePath), FormatText, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// modelJSON renders a deck the way `xopsexport json` does, without its
// source block, so two decks can be compared and diffs read.
func modelJSON(t testing.TB, d *model.Deck) string {
	t.Helper()
	c := *d
	c.Source = model.Source{}
	return deckJSON(t, &c)
}

// deckJSON renders a deck exactly as `xopsexport json` prints it.
func deckJSON(t testing.TB, d *model.Deck) string {
	t.Helper()
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(d); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// sameModel fails t with the first difference between two decks.
func sameModel(t testing.TB, want, got *model.Deck) {
	t.Helper()
	w, g := modelJSON(t, want), modelJSON(t, got)
	if w == g {
		return
	}
	wl, gl := strings.Split(w, "\n"), strings.Split(g, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var a, b string
		if i < len(wl) {
			a = wl[i]
		}
		if i < len(gl) {
			b = gl[i]
		}
		if a != b {
			from := max(0, i-6)
			t.Fatalf("models differ at line %d:\nwant: %s\ngot:  %s\ncontext (got):\n%s", i+1, a, b, strings.Join(gl[from:min(len(gl), i+3)], "\n"))
		}
	}
}

func TestArticleFormatsAgree(t *testing.T) {
	want := textArticle(t)
	for _, tc := range []struct {
		file string
		f    Format
	}{
		{"article.html", FormatHTML},
		{"article.md", FormatMarkdown},
	} {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join("../testdata/articles", tc.file)
			body := readFile(t, path)
			if got := Detect(body, "", ""); got != tc.f {
				t.Errorf("DetectContent = %s, want %s", got, tc.f)
			}
			d, err := Read(body, tc.f, Options{})
			if err != nil {
				t.Fatal(err)
			}
			sameModel(t, want, d)
		})
	}
}
