package revision

import (
	"strings"

	"github.com/xopsexport/xopsexport/model"
)

// Threshold is the least Similarity at which a removed and an added
// question of one role are taken to be the same question reworded.
//
// Measured on the article: the most similar two different questions of one
// role score 0.50 ("How do you handle model versioning in production?" vs
// "How do you monitor model performance in production?"), while typical
// rewordings score 0.6 to 1.0 ("How do you detect model drift?" → "How
// would you detect model drift in production?" is 0.86; "What tools can you
// use for ML pipeline automation?" → "Which tools would you use to automate
// ML pipelines?" is 0.8). 0.6 keeps a margin above the article's closest
// distinct pair. TestThresholdSeparatesArticle re-measures this.
const Threshold = 0.6

// Similarity scores how alike two question texts are, from 0 (no content
// word in common) to 1 (the same content words): the Dice coefficient
// 2|A∩B|/(|A|+|B|) of their sets of content words. Content words are the
// words of model.NormalizeQuestion minus function words ("how", "do",
// "you", "the", ...) and with common suffixes stripped ("pipelines" →
// "pipeline"), so that changes of phrasing ("How do you" → "How would
// you") count for nothing and changes of subject count for everything.
func Similarity(a, b string) float64 {
	return dice(contentWords(a), contentWords(b))
}

func dice(a, b map[string]bool) float64 {
	if len(a)+len(b) == 0 {
		return 1
	}
	common := 0
	for w := range a {
		if b[w] {
			common++
		}
	}
	return 2 * float64(common) / float64(len(a)+len(b))
}

// contentWords is the set of stemmed content words of s. A question made
// only of function words ("What is it?") keeps all its words, so it still
// has something to compare.
func contentWords(s string) map[string]bool {
	words := strings.Fields(model.NormalizeQuestion(s))
	set := make(map[string]bool, len(words))
	for _, w := range words {
		if !functionWords[w] {
			set[stem(w)] = true
		}
	}
	if len(set) == 0 {
		for _, w := range words {
			set[w] = true
		}
	}
	return set
}

// stem strips common English inflections from a word: plurals (Porter's
// step 1a: "policies" → "polici", "classes" → "class", "pipelines" →
// "pipeline", "pods" → "pod"), then one of "-ing", "-ed" and "-ation" from a
// long word, and spells a final "y" as "i" ("policy" → "polici",
// "deploying" → "deploi"). It is crude on purpose: both sides go through the
// same function, so it only has to map inflections of one word together,
// not produce real stems. Short words are stemmed too, so "a pod" and
// "pods" agree ("aws" becoming "aw" on both sides does no harm).
func stem(w string) string {
	switch {
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "ies"):
		w = w[:len(w)-2]
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
	case strings.HasSuffix(w, "s"):
		w = w[:len(w)-1]
	}
	for _, suf := range []string{"ation", "ing", "ed"} {
		if len(w) > len(suf)+3 && strings.HasSuffix(w, suf) {
			w = w[:len(w)-len(suf)]
			break
		}
	}
	if strings.HasSuffix(w, "y") {
		w = w[:len(w)-1] + "i"
	}
	return w
}

// functionWords carry no subject: question openers, pronouns, articles,
// auxiliaries and prepositions.
var functionWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the and or but of to in on for with about at by from into onto as
		is are was were be been being am do does did done can could would should will shall may might must
		have has had having how what why when which who whom whose where that this these those there
		it its i me my we our us you your yours they them their he she his her if so than then some any
		s t ll d ve re m`) {
		m[w] = true
	}
	return m
}()
