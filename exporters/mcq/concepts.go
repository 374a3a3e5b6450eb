package mcq

import "strings"

// Concepts are the techniques that interview answers name in different
// words: "software composition analysis" in one answer, "scanning our
// dependency lists" in another. Word overlap cannot see that two such
// answers say the same thing, so a distractor naming a concept that the
// question or its answer names is taken to answer the question too, and is
// never used (a teacher's reading of the article found "I integrate SCA
// tools to scan … our third-party libraries" beside the Log4Shell
// response, and "tune alert thresholds or suppress unnecessary logs" for
// "How do you handle alert fatigue?"). Only specific techniques are
// listed: a concept as broad as "monitoring" would shut out every
// plausible distractor. Terms are matched as runs of stemmed content words
// (see vocab), so plurals and case do not matter; every word of a term
// must be a content word (TestConceptTerms).
var conceptTerms = [...]string{
	"software composition analysis|sca|dependency scanning|dependency scan|dependency lists|third-party libraries|open-source dependencies|vulnerable dependencies|snyk|dependabot",
	"alert fatigue|noise reduction|reduce noise|suppress noise|deduplication|alert grouping|group alerts|alert correlation|correlation of alerts|correlate alerts|redundant notifications|false positives|alert thresholds|event clustering",
	"model registry|model versioning|version models|versioned models|dvc",
	"data drift|concept drift|model drift|drift detection|kolmogorov-smirnov|population stability index",
	"blue-green|canary release|canary deployment|canary deployments|switch the traffic|zero downtime|zero-downtime|without downtime|minimal downtime|rolling update|rolling updates|rolling deployments",
	"secrets manager|hashicorp vault|credentials store|secret management|hard-code secrets",
	"state locking|state lock|remote backend|remote state",
	"least privilege|minimum permissions",
	"distributed tracing|jaeger",
	"rto|rpo|recovery time objective|recovery point objective|pilot light|warm standby",
	"quantization|distillation|tensorrt",
	"horizontal scaling|scale horizontally|auto scaling group|add more instances|adding more instances|hpa|horizontal pod autoscaler",
	"cost explorer|savings plans|reserved instances|spot instances|rightsizing|right-sizing",
	"idempotent|idempotency",
	"policy as code|open policy agent",
	"sast|dast|static application security testing|dynamic application security testing",
	"predictive maintenance|predict failures|predicting system failures|predict hardware|failure prediction|predictive analytics",
	"signs of compromise|indicators of compromise|collect evidence|memory dumps|forensic analysis|forensics",
	"contain the incident|isolate or contain|isolating affected resources|quarantine",
	"audit trail|audit logs|audit tracking|access logs|cloudtrail logs",
	"security checks|security gates|security gate|security stages|security findings|security scans",
	"root cause analysis|root cause correlation|correlation algorithms|dependency mapping|rca",
	"anomaly detection|detect anomalies|identify anomalies|detect outliers|outlier detection|isolation forests|unsupervised learning",
	"ml-driven autoscaling|predictive scaling|predictive autoscaling|predicts workload patterns|scales resources before",
}

// lexicon finds the concepts a text names, as a bit per concept.
type lexicon struct {
	byFirst map[uint32][]conceptTerm // terms by their first word's number
}

type conceptTerm struct {
	words   []uint32
	concept uint
}

func newLexicon(v *vocab) *lexicon {
	l := &lexicon{byFirst: map[uint32][]conceptTerm{}}
	for c, line := range conceptTerms {
		for _, t := range strings.Split(line, "|") {
			ws := v.scan(nil, t)
			if len(ws) == 0 {
				continue // TestConceptTerms says which
			}
			l.byFirst[ws[0]] = append(l.byFirst[ws[0]], conceptTerm{ws, uint(c)})
		}
	}
	return l
}

// find returns the concepts named in text. scratch is reused for its words.
func (l *lexicon) find(v *vocab, text string, scratch *[]uint32) uint64 {
	ws := v.scan((*scratch)[:0], text)
	*scratch = ws
	var found uint64
	for i, w := range ws {
		for _, t := range l.byFirst[w] {
			if len(t.words) <= len(ws)-i && equalWords(t.words, ws[i:i+len(t.words)]) {
				found |= 1 << t.concept
			}
		}
	}
	return found
}

func equalWords(a, b []uint32) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
