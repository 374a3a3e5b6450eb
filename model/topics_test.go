package model

import (
	"slices"
	"testing"
)

func TestTopicTags(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"", nil},
		{"Nothing to see here.", nil},
		{"Deploy to EC2 with a CI/CD pipeline", []string{"aws", "cicd"}},
		// Tags come in the order of the topic list, not of the text.
		{"Use Terraform on AWS", []string{"aws", "terraform"}},
		// Whole words only: "pods" is Kubernetes, "podcast" is not; "alert" is
		// monitoring, "alertness" is not.
		{"Restart the pods", []string{"kubernetes"}},
		{"A podcast about alertness", nil},
		// Multi-word signals match across punctuation and case.
		{"Running GitHub-Actions; then Google Cloud.", []string{"gcp", "cicd"}},
		{"Route 53 and ROUTE53", []string{"aws"}},
		{"Docker, docker and containers", []string{"docker"}},
		{"SOC 2, GDPR and least privilege", []string{"security", "compliance"}},
		// A multi-word signal needs all its words in a row: "Google" then
		// "Docs" is not Google Cloud, "at least one" is not least privilege.
		{"Google Docs and at least one", nil},
		{"Google, then Cloud", nil},
		// Any run of spaces and punctuation is one gap between words.
		{"Google  Cloud, and CI / CD", []string{"gcp", "cicd"}},
	} {
		if got := TopicTags(tc.text); !slices.Equal(got, tc.want) {
			t.Errorf("TopicTags(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

// A phrase does not match across two texts: the end of one and the start
// of the next are not adjacent words.
func TestTopicTagsPerText(t *testing.T) {
	if got := TopicTags("Would you choose Google", "Cloud Run for this?"); got != nil {
		t.Errorf("phrase split over two texts tagged %q", got)
	}
	if got := TopicTags("Would you choose Google Cloud", "Run for this?"); !slices.Equal(got, []string{"gcp"}) {
		t.Errorf("phrase in one text: %q", got)
	}
}

// QuestionTopics reads the question, every paragraph and every list item,
// each as its own text.
func TestQuestionTopics(t *testing.T) {
	for _, tc := range []struct {
		name string
		q    Question
		want []string
	}{
		{"question only", Question{Question: "How do you use Terraform?"}, []string{"terraform"}},
		{"question and paragraph", Question{Question: "How do you use Terraform?", Answer: []Block{{Type: Paragraph, Text: "Use S3."}}},
			[]string{"aws", "terraform"}},
		{"list items", Question{Question: "Which tools?", Answer: []Block{{Type: List, Items: []string{"Helm charts", "Grafana"}}}},
			[]string{"kubernetes", "grafana"}},
		{"heading and code blocks", Question{Question: "What is it?", Answer: []Block{
			{Type: Heading, Text: "Ansible"}, {Type: Code, Lang: "sh", Text: "docker run x"}}}, []string{"docker", "ansible"}},
		{"a phrase split between question and answer", Question{Question: "Why Google", Answer: []Block{{Type: Paragraph, Text: "Cloud?"}}}, nil},
		{"a phrase split between two items", Question{Question: "Which?", Answer: []Block{{Type: List, Items: []string{"GitHub", "Actions"}}}}, nil},
		{"nothing", Question{Question: "Why?", Answer: []Block{{Type: Paragraph, Text: "Because."}}}, nil},
	} {
		if got := QuestionTopics(&tc.q); !slices.Equal(got, tc.want) {
			t.Errorf("%s: QuestionTopics = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestTopicList(t *testing.T) {
	m := TopicList()
	if len(m) != len(topics) {
		t.Fatalf("TopicList has %d tags, want %d", len(m), len(topics))
	}
	seen := map[string]bool{}
	for _, tp := range topics {
		if seen[tp.Tag] {
			t.Errorf("tag %q listed twice", tp.Tag)
		}
		seen[tp.Tag] = true
		// Every signal word must be able to match: lower case, and made of
		// the words TopicTags splits text into.
		for _, w := range tp.Words {
			if got := TopicTags(w); !slices.Contains(got, tp.Tag) {
				t.Errorf("signal %q of %s does not tag itself (got %q)", w, tp.Tag, got)
			}
		}
	}
	m["aws"][0] = "changed"
	if TopicList()["aws"][0] == "changed" {
		t.Error("changing the result of TopicList changed the topics")
	}
}

// No two signal phrases start with the same word, and none has more than
// two words. The scan handles either, but scripts/deletestmt/equivalents.txt
// calls three lines of topicScan.next equivalent because of this: if it
// changes, add TopicTags cases for the new phrases and drop those lines.
func TestSignalsShareNoFirstWord(t *testing.T) {
	for w, sgs := range signals {
		if len(sgs) > 1 {
			t.Errorf("%d signal phrases start with %q", len(sgs), w)
		}
		for _, sg := range sgs {
			if len(sg.rest) > 1 {
				t.Errorf("signal %q %q has more than two words", w, sg.rest)
			}
		}
	}
}

func TestTopicIndexFits(t *testing.T) {
	// TopicTags marks topics in a fixed-size array.
	if len(topics) > 64 {
		t.Fatalf("%d topics; TopicTags's found array holds 64", len(topics))
	}
}
