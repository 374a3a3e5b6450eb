package model

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// topic is a tag and the words that signal it. Matching is on whole words
// (case-insensitive; punctuation counts as a space, so "CI/CD" is "ci cd"), so "ec2" matches "EC2" but "ai" would not match "said".
type topic struct {
	Tag   string
	Words []string
}

// topics is the documented, fixed list of topic tags (README "Topic tags").
// Order is the order tags are emitted in.
var topics = []topic{
	{"aws", []string{"aws", "amazon", "ec2", "s3", "iam", "cloudwatch", "cloudtrail", "cloudformation", "rds", "route 53", "elasticache", "codepipeline", "codebuild", "codedeploy", "sagemaker", "ecs", "eks", "ecr", "lambda", "dynamodb"}},
	{"gcp", []string{"gcp", "gcs", "google cloud"}},
	{"azure", []string{"azure"}},
	{"kubernetes", []string{"kubernetes", "k8s", "kubectl", "pod", "pods", "kubeflow", "helm", "statefulset", "hpa", "karpenter"}},
	{"docker", []string{"docker", "dockerfile", "container", "containers", "containerized"}},
	{"terraform", []string{"terraform"}},
	{"ansible", []string{"ansible", "playbook"}},
	{"jenkins", []string{"jenkins", "jenkinsfile"}},
	{"cicd", []string{"ci cd", "pipeline", "pipelines", "github actions", "gitlab"}},
	{"prometheus", []string{"prometheus", "alertmanager"}},
	{"grafana", []string{"grafana"}},
	{"logging", []string{"elk", "efk", "elasticsearch", "logstash", "kibana", "splunk", "fluentd"}},
	{"monitoring", []string{"monitoring", "alert", "alerts", "alerting", "observability", "datadog", "dynatrace"}},
	{"security", []string{"security", "vulnerability", "vulnerabilities", "sast", "dast", "owasp", "vault", "rbac", "encryption", "breach", "least privilege"}},
	{"compliance", []string{"compliance", "gdpr", "soc 2", "soc2", "nist", "audit"}},
	{"mlflow", []string{"mlflow"}},
	{"ml-models", []string{"model", "models", "inference", "training", "drift"}},
	{"cost", []string{"cost", "costs", "budget", "spot instances"}},
}

// signal is one signal phrase, split into words, and the topic it marks.
type signal struct {
	topic int
	rest  []string // the phrase's words after the first
}

// signals indexes every signal phrase by its first word, so TopicTags reads
// the text once instead of once per phrase. Built once, never modified.
var signals = func() map[string][]signal {
	m := map[string][]signal{}
	for i, t := range topics {
		for _, w := range t.Words {
			f := strings.Fields(w)
			m[f[0]] = append(m[f[0]], signal{topic: i, rest: f[1:]})
		}
	}
	return m
}()

// TopicTags returns the topic tags whose words occur in any of texts, in
// the order of the topic list, without repeats. A phrase does not match
// across two texts.
func TopicTags(texts ...string) []string {
	var ts topicScan
	for _, t := range texts {
		ts.scan(t)
	}
	return ts.tags()
}

// QuestionTopics returns the topic tags of a question and its answer.
func QuestionTopics(q *Question) []string {
	var ts topicScan
	ts.scan(q.Question)
	for _, b := range q.Answer {
		ts.scan(b.Text)
		for _, it := range b.Items {
			ts.scan(it)
		}
	}
	return ts.tags()
}

// topicScan reads texts word by word, lower-cased, and marks the topics
// whose signal phrases it meets.
type topicScan struct {
	found   [64]bool // more than len(topics); checked by a test
	pending []pending
	word    []byte
	buf     [64]byte // backs word for the usual short words
}

// pending is a multi-word signal whose first k+1 words were just read.
type pending struct {
	sg *signal
	k  int
}

func (ts *topicScan) scan(text string) {
	if ts.word == nil {
		ts.word = ts.buf[:0]
	}
	ts.pending = ts.pending[:0]
	for _, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			ts.word = utf8.AppendRune(ts.word, unicode.ToLower(r))
			continue
		}
		if len(ts.word) > 0 {
			ts.next(ts.word)
			ts.word = ts.word[:0]
		}
	}
	if len(ts.word) > 0 {
		ts.next(ts.word)
		ts.word = ts.word[:0]
	}
}

func (ts *topicScan) next(w []byte) {
	keep := ts.pending[:0]
	for _, p := range ts.pending {
		if p.sg.rest[p.k] != string(w) {
			continue
		}
		if p.k+1 == len(p.sg.rest) {
			ts.found[p.sg.topic] = true
		} else {
			keep = append(keep, pending{p.sg, p.k + 1})
		}
	}
	ts.pending = keep
	sgs := signals[string(w)]
	for i := range sgs {
		sg := &sgs[i]
		if ts.found[sg.topic] {
			continue
		}
		if len(sg.rest) == 0 {
			ts.found[sg.topic] = true
		} else {
			ts.pending = append(ts.pending, pending{sg, 0})
		}
	}
}

func (ts *topicScan) tags() []string {
	n := 0
	for i := range topics {
		if ts.found[i] {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	tags := make([]string, 0, n)
	for i, t := range topics {
		if ts.found[i] {
			tags = append(tags, t.Tag)
		}
	}
	return tags
}

// TopicList returns the topic tags and their signal words, for documentation.
func TopicList() map[string][]string {
	m := make(map[string][]string, len(topics))
	for _, t := range topics {
		m[t.Tag] = append([]string(nil), t.Words...)
	}
	return m
}
