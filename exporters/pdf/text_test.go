package pdf

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xopsexport/xopsexport/internal/testdeck"
)

func newTestCleaner(t testing.TB) *cleaner {
	t.Helper()
	cov, err := newCoverage()
	if err != nil {
		t.Fatal(err)
	}
	return &cleaner{cov: cov}
}

func TestCleanerText(t *testing.T) {
	c := newTestCleaner(t)
	tests := []struct{ name, in, want string }{
		{"plain ascii unchanged", "kubectl get pods -n kube-system", "kubectl get pods -n kube-system"},
		{"typographic punctuation kept", "I’d say “yes” – or — • …", "I’d say “yes” – or — • …"},
		{"whitespace collapsed and trimmed", " a\t\tb\r\nc\u00a0d\u2003e ", "a b c d e"},
		{"controls and zero-width dropped", "a\x00b\x07c\u200bd\u200de\ufeff\u00adf", "abcdef"},
		{"emoji become placeholders, modifiers dropped", "hi 👋🏽 ✅ 🚀!", "hi □ □ □!"},
		{"emoji variation selector dropped", "ok ❤️", "ok □"},
		{"math alphanumerics decompose", "𝕏 and 𝔸", "X and A"},
		{"full-width forms decompose", "ＡＢＣ，", "ABC,"},
		{"circled digit decomposes", "step ①", "step 1"},
		{"hyphen fallback", "non\u2011breaking \u2010 dash \u2012", "non-breaking - dash -"},
		{"CJK placeholder per character", "你好", "□□"},
		{"Hebrew and Arabic placeholders", "שלום مرحبا", "□□□□ □□□□□"},
		{"combining accent composes", "e\u0301", "é"},
		{"uncomposable combining mark dropped", "q\u0301", "q"},
		{"Greek and Cyrillic kept", "Ωμέγα Привет", "Ωμέγα Привет"},
		{"invalid UTF-8 is a placeholder", "a\xffb", "a□b"},
		{"replacement character is a placeholder", "a\ufffdb", "a□b"},
		{"private use is a placeholder", "x\ue000y", "x□y"},
		{"only spaces", " \t\n ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.text(tt.in); got != tt.want {
				t.Errorf("text(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// Every hostile string must come out printable: no rune the fonts lack,
// nothing above U+FFFF, and no U+FFFD that readers take for mojibake.
func TestCleanerHostile(t *testing.T) {
	c := newTestCleaner(t)
	for _, s := range testdeck.HostileStrings {
		got := c.text(s)
		for _, r := range got {
			if r != ' ' && !c.cov.has(r) {
				t.Errorf("text(%.40q) kept %q (%U), which the fonts cannot draw", s, r, r)
			}
			if r == utf8.RuneError {
				t.Errorf("text(%.40q) contains U+FFFD", s)
			}
		}
	}
}

func TestMeta(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"CJK 你好 stays", "CJK 你好 stays"},
		{"emoji 👋 𝕏", "emoji □ X"},
		{"ctl\x01 and\u200b\n\nlines", "ctl and lines"},
	}
	for _, tt := range tests {
		if got := meta(tt.in); got != tt.want {
			t.Errorf("meta(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// byteUnits measures one unit per byte, so expected lines are easy to see.
func byteUnits(s string) int { return len(s) }

func TestWrap(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int
		want []wline
	}{
		{"empty", "", 10, nil},
		{"fits", "one two", 10, []wline{{text: "one two"}}},
		{"breaks at spaces", "one two three four", 9, []wline{{text: "one two"}, {text: "three"}, {text: "four"}}},
		{"exact fit", "abc def", 7, []wline{{text: "abc def"}}},
		{"long word hard-broken", "abcdefghij", 4, []wline{{text: "abcd", hard: true}, {text: "efgh", hard: true}, {text: "ij"}}},
		{"url broken after slash", "see https://example.com/path/to/thing now", 20,
			[]wline{{text: "see"}, {text: "https://example.com/", hard: true}, {text: "path/to/thing now"}}},
		{"command broken after dash", "kubectl --namespace=kube-system get pods", 16,
			[]wline{{text: "kubectl"}, {text: "--namespace=", hard: true}, {text: "kube-system get"}, {text: "pods"}}},
		{"narrower than a rune", "ab", 0, []wline{{text: "a", hard: true}, {text: "b"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := wrap(tt.in, tt.max, byteUnits)
			if len(got) != len(tt.want) {
				t.Fatalf("wrap(%q, %d) = %+v, want %+v", tt.in, tt.max, got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("line %d = %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

// unwrap joins wrapped lines back into the text they came from.
func unwrap(lines []wline) string {
	var b strings.Builder
	for i, l := range lines {
		b.WriteString(l.text)
		if i < len(lines)-1 && !l.hard {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// FuzzCleanWrap cleans and wraps arbitrary text with the real font
// metrics, then checks that the text printed is what was meant: only
// drawable runes, cleaning is idempotent, every line fits, and joining the
// lines gives back the cleaned text.
func FuzzCleanWrap(f *testing.F) {
	for _, s := range testdeck.HostileStrings {
		f.Add(s, 60)
	}
	f.Add("I’d use “quotes” – and — bullets •", 20)
	f.Add("https://example.com/a/very/long/path?with=query&and=more", 15)
	f.Add("", 5)
	doc := newTestDocument(f)
	f.Fuzz(func(t *testing.T, s string, widthMM int) {
		width := float64(widthMM%200 + 1)
		st := style{face: regular, size: 10}
		cleaned := doc.cl.text(s)
		if !utf8.ValidString(cleaned) {
			t.Fatalf("cleaned text is not valid UTF-8: %q", cleaned)
		}
		for _, r := range cleaned {
			if r != ' ' && !doc.cl.cov.has(r) {
				t.Fatalf("cleaned text keeps undrawable %U", r)
			}
		}
		if again := doc.cl.text(cleaned); again != cleaned {
			t.Fatalf("cleaning is not idempotent: %q then %q", cleaned, again)
		}
		lines := doc.wrapText(st, s, width)
		for _, l := range lines {
			w := doc.m.width(st.face, st.size, l.text)
			if w > width+1e-6 && utf8.RuneCountInString(l.text) > 1 {
				t.Fatalf("line %q is %.2f mm wide, more than %.2f", l.text, w, width)
			}
			if l.text == "" || strings.HasPrefix(l.text, " ") || strings.HasSuffix(l.text, " ") {
				t.Fatalf("line %q is empty or has edge spaces", l.text)
			}
		}
		if got := unwrap(lines); got != cleaned {
			t.Fatalf("lines do not join back:\n got %q\nwant %q", got, cleaned)
		}
	})
}
