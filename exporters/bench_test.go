package exporters_test

import (
	"fmt"
	"io"
	"testing"

	"github.com/xopsexport/xopsexport/exporters"
	"github.com/xopsexport/xopsexport/internal/testdeck"
)

// BenchmarkExport measures every format (every PDF layout) on the article
// and on generated decks of 1k and 10k questions; the per-question figures
// show whether cost grows linearly. 100k runs with -bench 'Export/.*100000'.
func BenchmarkExport(b *testing.B) {
	sizes := []int{109, 1000, 10000, 100000}
	for _, n := range sizes {
		d := testdeck.Article()
		if n != 109 {
			d = testdeck.Synthetic(n)
		}
		for _, f := range exporters.All() {
			for vname, opts := range variants(f) {
				if vname == "reversed" || vname == "mcq" {
					continue
				}
				name := f.Name
				if len(f.Variants) > 0 || vname != "default" {
					name += "-" + vname
				}
				b.Run(fmt.Sprintf("%s/%d", name, n), func(b *testing.B) {
					if n == 100000 && !*benchHuge {
						b.Skip("100k questions: set -args -huge")
					}
					b.ReportAllocs()
					for i := 0; i < b.N; i++ {
						if err := f.Export(io.Discard, d, opts); err != nil {
							b.Fatal(err)
						}
					}
					b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/question")
				})
			}
		}
	}
}
