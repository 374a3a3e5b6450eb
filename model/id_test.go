package model

import (
	"regexp"
	"testing"
)

func TestNormalizeQuestion(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"What is CI/CD?", "what is ci cd"},
		{"  What   is\tCI/CD ? ", "what is ci cd"},
		{"What’s a “pod”?", "what s a pod"},
		{"What's a \"pod\"?", "what s a pod"},
		{"What\u00a0is a pod?", "what is a pod"},
		{"ＷＨＡＴ is Ｋ８Ｓ？", "what is k8s"}, // full-width forms fold under NFKC
		{"Qu’est-ce qu’un Pod ?", "qu est ce qu un pod"},
		{"Что такое под?", "что такое под"},
		{"什么是 Pod？", "什么是 pod"},
		{"5x slower — deploy it?", "5x slower deploy it"},
		{"", ""},
		{"?!…", ""},
	} {
		if got := NormalizeQuestion(tc.in); got != tc.want {
			t.Errorf("NormalizeQuestion(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestQuestionIDKnownAnswers pins the ID rule with values computed outside
// Go (Python's hashlib over "role\n" + the normalised text), so a change to
// the rule cannot go unnoticed: IDs are what Anki and progress trackers key
// on.
func TestQuestionIDKnownAnswers(t *testing.T) {
	for _, tc := range []struct{ role, q, want string }{
		{"devops", "How would you design a CI/CD pipeline for a new microservices application?", "devops-4dbc7a5e"},
		{"cloudops", "Your application’s response times have increased significantly. What AWS tools or approaches would you use to identify the bottleneck?", "cloudops-9d4e8ac8"},
	} {
		if got := QuestionID(tc.role, tc.q); got != tc.want {
			t.Errorf("QuestionID(%s, %q) = %s, want %s", tc.role, tc.q, got, tc.want)
		}
	}
}

func TestQuestionIDStability(t *testing.T) {
	const q = "What is the difference between a Deployment and a StatefulSet?"
	id := QuestionID("devops", q)
	if !regexp.MustCompile(`^devops-[0-9a-f]{8}$`).MatchString(id) {
		t.Fatalf("ID %q is not role-8hex", id)
	}
	// Edits that do not change the words keep the ID.
	for _, same := range []string{
		"what is the difference between a deployment and a statefulset",
		"What is the difference between a Deployment and a StatefulSet ?",
		"What is the difference between a Deployment\u00a0and a StatefulSet?",
		"  What is the difference between a  Deployment and a “StatefulSet”?",
	} {
		if got := QuestionID("devops", same); got != id {
			t.Errorf("QuestionID(%q) = %s, want %s", same, got, id)
		}
	}
	// Other words or another role give another ID.
	for _, other := range []struct{ role, q string }{
		{"devsecops", q},
		{"devops", "What is the difference between a Deployment and a DaemonSet?"},
		{"devops", "What is the difference between a Deployment and a Stateful Set?"},
	} {
		if got := QuestionID(other.role, other.q); got == id {
			t.Errorf("QuestionID(%s, %q) = %s, the same as the original", other.role, other.q, got)
		}
	}
}
