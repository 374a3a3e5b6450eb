package model

import (
	"strings"
	"unicode"
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

// TopicTags returns the topic tags whose words occur in text, in the order
// of the topic list, without repeats.
func TopicTags(text string) []string {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	joined := " " + strings.Join(words, " ") + " "
	var tags []string
	for _, t := range topics {
		for _, w := range t.Words {
			if strings.Contains(joined, " "+w+" ") {
				tags = append(tags, t.Tag)
				break
			}
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
