package mcq

// splitMix is SplitMix64 (Steele, Lea, Flood 2014): a tiny generator whose
// output is fixed by its definition, so exports stay byte-identical across
// Go releases (math/rand/v2 does not promise that for Shuffle or IntN).
type splitMix struct{ state uint64 }

// newRNG seeds a generator for one question from the user's seed and the
// question's stable ID, so a question gets the same options whatever else
// is exported with it (--role filters, other roles edited).
func newRNG(seed int64, id string) *splitMix {
	h := uint64(14695981039346656037) // FNV-1a 64
	for i := 0; i < len(id); i++ {
		h ^= uint64(id[i])
		h *= 1099511628211
	}
	// Both halves go through the output function before they are combined:
	// FNV-1a of IDs that differ in their last characters, XORed with a
	// small seed, gave states whose first outputs were far from uniform
	// (47 of the article's 109 questions on one of 4 positions for seed 1).
	return &splitMix{state: mix(h) ^ mix(uint64(seed)+0x9e3779b97f4a7c15)}
}

// mix is SplitMix64's output function (Stafford's variant 13).
func mix(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func (s *splitMix) next() uint64 {
	s.state += 0x9e3779b97f4a7c15
	return mix(s.state)
}

// skipN moves on as n calls of next do, without working out the numbers:
// the state is a counter.
func (s *splitMix) skipN(n uint64) { s.state += n * 0x9e3779b97f4a7c15 }

// intn returns a number in [0, n); the modulo bias is below 2^-50 for the
// small n used here.
func (s *splitMix) intn(n int) int { return int(s.next() % uint64(n)) }

// shuffle permutes n items with Fisher-Yates, calling swap like sort.Slice.
func (s *splitMix) shuffle(n int, swap func(i, j int)) {
	for i := n - 1; i > 0; i-- {
		swap(i, s.intn(i+1))
	}
}
