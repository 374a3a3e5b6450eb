package revision

import (
	"fmt"
	"math"
	"testing"

	"github.com/xopsexport/xopsexport/internal/testdeck"
)

// The threshold must stay above every pair of distinct questions of one
// role in the article, and below the rewordings it is meant to catch. The
// figures quoted in Threshold's comment are checked here too.
func TestThresholdSeparatesArticle(t *testing.T) {
	d := testdeck.Article()
	best, pair := 0.0, ""
	for _, s := range d.Sections {
		for i, a := range s.Questions {
			for _, b := range s.Questions[i+1:] {
				if sim := Similarity(a.Question, b.Question); sim > best {
					best, pair = sim, fmt.Sprintf("%s Q%d / Q%d", s.Role, a.Number, b.Number)
				}
			}
		}
	}
	if best >= Threshold {
		t.Errorf("distinct questions %s score %.2f ≥ Threshold %.2f", pair, best, Threshold)
	}
	if math.Abs(best-0.5) > 0.005 {
		t.Errorf("closest distinct pair (%s) scores %.3f; update Threshold's comment", pair, best)
	}
	rewordings := []struct {
		old, new string
		score    float64 // as quoted in the docs; 0: not quoted
	}{
		{"How do you detect model drift?", "How would you detect model drift in production?", 0.857},
		{"What tools can you use for ML pipeline automation?", "Which tools would you use to automate ML pipelines?", 0.8},
		{"What is AIOps, and how does it improve IT operations?", "What is AIOps and how can it improve IT operations?", 1},
		{"What are some ways to reduce the size of a Docker image?", "How can you reduce the size of a Docker image?", 0},
		{"How do you secure a Kubernetes cluster in production?", "How would you secure a production Kubernetes cluster?", 1},
		{"An EC2 instance in a private subnet cannot reach the internet. What could be the problem and how do you fix it?",
			"An EC2 instance in a private subnet can't reach the internet. What might be wrong, and how would you fix it?", 0},
	}
	for _, r := range rewordings {
		got := Similarity(r.old, r.new)
		if got < Threshold {
			t.Errorf("Similarity(%q, %q) = %.3f < Threshold", r.old, r.new, got)
		}
		if r.score > 0 && math.Abs(got-r.score) > 0.001 {
			t.Errorf("Similarity(%q, %q) = %.3f, documented as %.3f", r.old, r.new, got, r.score)
		}
	}
}

func TestSimilarity(t *testing.T) {
	tests := []struct {
		a, b string
		want float64
	}{
		{"", "", 1},
		{"What is it?", "What is it?", 1},
		{"What is it?", "what IS it", 1},
		{"Why Terraform?", "Why Ansible?", 0},
		{"Terraform modules", "Terraform module", 1}, // stemmed
		{"security policies", "security policy", 1},
		{"deploying pipelines", "deployed pipeline", 1},
		{"How do you scale pods?", "How would you scale pods?", 1}, // function words only differ
		{"a b c", "x", 0},
		{"How do you restart a pod?", "How would you restart pods?", 1}, // short plurals too
		{"?", "!", 1},   // no words at all: alike, not NaN
		{"?", "pod", 0}, // …and unlike any question with words
	}
	for _, tt := range tests {
		// Written so that NaN fails: every comparison with NaN is false.
		if got := Similarity(tt.a, tt.b); !(math.Abs(got-tt.want) <= 1e-9) {
			t.Errorf("Similarity(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// stem maps the inflections of a word together. One suffix is stripped,
// so the "-ing" and "-ed" forms of a verb agree even when the verb itself
// ends in "ed" (the bare "exceed" loses its "ed" and does not: crude).
func TestStem(t *testing.T) {
	for _, tt := range []struct {
		want  string
		words []string
	}{
		{"pipeline", []string{"pipeline", "pipelines"}},
		{"polici", []string{"policy", "policies"}},
		{"class", []string{"class", "classes"}},
		{"status", []string{"status"}},
		{"analysis", []string{"analysis"}},
		{"deploi", []string{"deploying", "deployed", "deploys"}},
		{"autom", []string{"automation"}},
		{"automat", []string{"automated", "automating"}},
		{"pod", []string{"pod", "pods"}},
		// A suffix goes only when at least four letters stay.
		{"coding", []string{"coding"}},
		{"based", []string{"based"}},
		{"sing", []string{"sing"}},
		{"red", []string{"red"}},
		{"rotation", []string{"rotation"}},
		{"encod", []string{"encoding", "encoded"}},
		{"exceed", []string{"exceeding", "exceeded"}},
		{"proceed", []string{"proceeding", "proceeded"}},
	} {
		for _, w := range tt.words {
			if got := stem(w); got != tt.want {
				t.Errorf("stem(%q) = %q, want %q", w, got, tt.want)
			}
		}
	}
}

func FuzzSimilarity(f *testing.F) {
	for _, s := range testdeck.HostileStrings {
		f.Add(s, "How do you detect model drift?")
	}
	f.Add("What’s a pod?", "what's a Pod")
	f.Fuzz(func(t *testing.T, a, b string) {
		ab, ba := Similarity(a, b), Similarity(b, a)
		if ab != ba {
			t.Errorf("not symmetric: %v vs %v", ab, ba)
		}
		if ab < 0 || ab > 1 || math.IsNaN(ab) {
			t.Errorf("out of range: %v", ab)
		}
		if s := Similarity(a, a); s != 1 {
			t.Errorf("Similarity(a, a) = %v", s)
		}
	})
}

func BenchmarkSimilarity(b *testing.B) {
	d := testdeck.Article()
	qs := d.Sections[0].Questions
	b.ReportAllocs()
	for b.Loop() {
		for i := 1; i < len(qs); i++ {
			Similarity(qs[i-1].Question, qs[i].Question)
		}
	}
}
