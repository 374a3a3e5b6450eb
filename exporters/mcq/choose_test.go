package mcq

import (
	"fmt"
	"math"
	"testing"
)

// TestWalk: for random candidate tables, walk (the depth-first search with
// pruning that choose uses) keeps the same set, at the same cost, and
// leaves the generator in the same state as scoring every subset with cost
// in lexicographic order, the definition it stands for.
func TestWalk(t *testing.T) {
	g := &splitMix{state: 7}
	for trial := 0; trial < 3000; trial++ {
		n := 1 + g.intn(22)
		k := 1 + g.intn(min(n, 9))
		if binomial(n, k) > maxSets {
			continue
		}
		fill := func(ch *chooser, rng *splitMix) {
			ch.reset(n, k, rng)
			src := &splitMix{state: uint64(trial)}
			for i := 0; i <= n; i++ {
				ch.echo[i] = float64(src.intn(4))
				ch.length[i] = float64(60 + src.intn(150))
				ch.topic[i] = float64(src.intn(3))
				if i > 0 {
					ch.rel[i] = float64(src.intn(5)) / 4 // ties and equal maxima
					ch.maxRel = max(ch.maxRel, ch.rel[i])
					ch.banned[i] = src.intn(6) == 0
				}
			}
			for i := 0; i <= n; i++ {
				for j := i + 1; j <= n; j++ {
					v := float64(src.intn(9)) / 8
					ch.sim[i*ch.stride+j], ch.sim[j*ch.stride+i] = v, v
					if i > 0 && src.intn(7) == 0 {
						ch.alike[i*ch.stride+j], ch.alike[j*ch.stride+i] = true, true
						ch.compat[i] &^= 1 << j
						ch.compat[j] &^= 1 << i
					}
				}
			}
			for m := range ch.target {
				ch.target[m] = float64(src.intn(k + 1))
			}
			ch.flaw = flawWeight * float64(src.intn(3)) / 2
			ch.terms()
			ch.ranks()
		}
		var want, got chooser
		wantRNG, gotRNG := &splitMix{state: uint64(trial) * 977}, &splitMix{state: uint64(trial) * 977}
		fill(&want, wantRNG)
		fill(&got, gotRNG)
		combinations(n, k, make([]int, k), func(pick []int) { want.consider(pick, want.cost(pick)) })
		free := uint64(0)
		for i := 1; i <= n; i++ {
			if !got.banned[i] {
				free |= 1 << i
			}
		}
		got.walk(0, free)
		w := fmt.Sprint(want.best, want.bestWin, want.bestCost, wantRNG.state)
		if g := fmt.Sprint(got.best, got.bestWin, got.bestCost, gotRNG.state); g != w || math.IsInf(want.bestCost, 1) != (want.bestWin < 0) {
			t.Fatalf("trial %d (n %d, k %d): walk gives %s, every subset %s", trial, n, k, g, w)
		}
	}
}
