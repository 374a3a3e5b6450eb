package pdf

import (
	"io"
	"testing"

	"github.com/xopsexport/xopsexport/internal/testdeck"
	"github.com/xopsexport/xopsexport/model"
)

func benchmarkExport(b *testing.B, d *model.Deck, opts Options) {
	b.Helper()
	b.ReportAllocs()
	for b.Loop() {
		if err := Export(io.Discard, d, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStudyArticle is the target: the study sheet of the
// whole article in under 60 ms.
func BenchmarkStudyArticle(b *testing.B) {
	benchmarkExport(b, testdeck.Article(), Options{Date: testdeck.Date})
}

func BenchmarkLayoutsArticle(b *testing.B) {
	d := testdeck.Article()
	for _, l := range Layouts() {
		b.Run(l, func(b *testing.B) { benchmarkExport(b, d, Options{Layout: l, Date: testdeck.Date}) })
	}
}

func BenchmarkLayoutsSynthetic10000(b *testing.B) {
	d := testdeck.Synthetic(10000)
	for _, l := range Layouts() {
		b.Run(l, func(b *testing.B) { benchmarkExport(b, d, Options{Layout: l, Date: testdeck.Date}) })
	}
}

// BenchmarkCleanWrap measures the text path alone: cleaning and wrapping
// every answer of the article to a study-sheet column.
func BenchmarkCleanWrap(b *testing.B) {
	d := testdeck.Article()
	doc := newTestDocument(b)
	st := style{face: regular, size: 10}
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range d.Sections {
			for _, q := range s.Questions {
				doc.wrapText(st, q.AnswerText(), 160)
			}
		}
	}
}
