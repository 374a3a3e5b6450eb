package extract_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xopsexport/xopsexport/extract"
	"github.com/xopsexport/xopsexport/internal/testdeck"
	"github.com/xopsexport/xopsexport/model"
)

// articleText writes a deck back as an article in the source's own style:
// a title, a heading per section, "Qn:" questions, "A:" answers and "•"
// bullets separated by blank lines. The readers' benchmarks and the
// round-trip test below parse it.
func articleText(d *model.Deck) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s\n\n", d.Title)
	for _, s := range d.Sections {
		fmt.Fprintf(&b, "%s\n\n", s.Heading)
		for _, q := range s.Questions {
			fmt.Fprintf(&b, "Q%d: %s\n\n", q.Number, q.Question)
			for i, bl := range q.Answer {
				switch {
				case bl.Type == model.List && i == 0:
					b.WriteString("A:\n\n")
					fallthrough
				case bl.Type == model.List:
					for _, it := range bl.Items {
						fmt.Fprintf(&b, "  • %s\n\n", it)
					}
				case i == 0:
					fmt.Fprintf(&b, "A: %s\n\n", bl.Text)
				default:
					fmt.Fprintf(&b, "%s\n\n", bl.Text)
				}
			}
		}
	}
	return b.Bytes()
}

// TestSyntheticRoundTrip: a generated deck written as an article reads back
// as the same sections, questions, answers, IDs and tags.
func TestSyntheticRoundTrip(t *testing.T) {
	want := testdeck.Synthetic(1000)
	got, err := extract.Text(bytes.NewReader(articleText(want)), extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != want.Title || len(got.Sections) != len(want.Sections) {
		t.Fatalf("title %q, %d sections; want %q, %d", got.Title, len(got.Sections), want.Title, len(want.Sections))
	}
	for i, ws := range want.Sections {
		gs := got.Sections[i]
		if gs.Role != ws.Role || gs.Heading != ws.Heading || len(gs.Questions) != len(ws.Questions) {
			t.Fatalf("section %d = %s %q (%d questions), want %s %q (%d)", i, gs.Role, gs.Heading, len(gs.Questions), ws.Role, ws.Heading, len(ws.Questions))
		}
		for j, wq := range ws.Questions {
			gq := gs.Questions[j]
			// The generator cuts list items at a byte count, so some end
			// in a space the reader rightly trims.
			for k := range wq.Answer {
				for l := range wq.Answer[k].Items {
					wq.Answer[k].Items[l] = strings.TrimSpace(wq.Answer[k].Items[l])
				}
			}
			if gq.ID != wq.ID || gq.Number != wq.Number || gq.Question != wq.Question ||
				!slices.Equal(gq.Tags, wq.Tags) || !slices.EqualFunc(gq.Answer, wq.Answer, func(a, b model.Block) bool {
				return a.Type == b.Type && a.Text == b.Text && slices.Equal(a.Items, b.Items)
			}) {
				t.Fatalf("%s question %d:\n got %+v\nwant %+v", ws.Role, j+1, gq, wq)
			}
		}
	}
}

func benchRead(b *testing.B, body []byte, f extract.Format, want int) {
	b.Helper()
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		d, err := extract.Read(body, f, extract.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if d.Count() != want {
			b.Fatalf("%d questions, want %d", d.Count(), want)
		}
	}
}

func mustRead(b *testing.B, path string) []byte {
	body, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	return body
}

func BenchmarkText(b *testing.B) {
	benchRead(b, mustRead(b, "../source/article.txt"), extract.FormatText, 109)
}

func BenchmarkMarkdown(b *testing.B) {
	benchRead(b, mustRead(b, "../testdata/articles/article.md"), extract.FormatMarkdown, 109)
}

func BenchmarkHTML(b *testing.B) {
	benchRead(b, mustRead(b, "../testdata/articles/article.html"), extract.FormatHTML, 109)
}

// BenchmarkTextSynthetic parses generated articles of growing size: the
// time per question must stay flat (linear parsing).
func BenchmarkTextSynthetic(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		body := articleText(testdeck.Synthetic(n))
		b.Run(fmt.Sprint(n), func(b *testing.B) { benchRead(b, body, extract.FormatText, n) })
	}
}

// BenchmarkDetect is the sniffing every command does before reading.
func BenchmarkDetect(b *testing.B) {
	body := mustRead(b, "../testdata/articles/article.html")
	b.ReportAllocs()
	for b.Loop() {
		if extract.DetectContent(body) != extract.FormatHTML {
			b.Fatal("not HTML")
		}
	}
}

// wildMegabyte is 1 MB of Markdown made of the wild corpus's Markdown
// documents, one after another: every layout, code, tables and HTML.
func wildMegabyte(b *testing.B) []byte {
	paths, err := filepath.Glob("../testdata/wild/*.md")
	if err != nil || len(paths) == 0 {
		b.Fatal("no wild documents", err)
	}
	var doc bytes.Buffer
	for doc.Len() < 1<<20 {
		for _, p := range paths {
			if filepath.Base(p) != "README.md" {
				doc.Write(mustRead(b, p))
				doc.WriteString("\n\n")
			}
		}
	}
	return doc.Bytes()[:bytes.LastIndex(doc.Bytes()[:1<<20], []byte("\n\n"))+1]
}

// BenchmarkMarkdown1MB: a 1 MB document of mixed layouts (the target is
// under 50 ms).
func BenchmarkMarkdown1MB(b *testing.B) {
	body := wildMegabyte(b)
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		d, err := extract.Read(body, extract.FormatMarkdown, extract.Options{})
		if err != nil || d.Count() < 1000 {
			b.Fatalf("%v, %d questions", err, d.Count())
		}
	}
}

// BenchmarkText1MB: 1 MB in the article's own style.
func BenchmarkText1MB(b *testing.B) {
	n := 1000
	body := articleText(testdeck.Synthetic(n))
	for len(body) < 1<<20 {
		n = n * (1 << 20) / len(body) * 11 / 10
		body = articleText(testdeck.Synthetic(n))
	}
	benchRead(b, body, extract.FormatText, n)
}
