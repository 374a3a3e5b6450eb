package mcq

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xopsexport/xopsexport/internal/testdeck"
	"github.com/xopsexport/xopsexport/model"
)

func para(s string) []model.Block { return []model.Block{{Type: model.Paragraph, Text: s}} }

func TestGist(t *testing.T) {
	long := strings.Repeat("word ", 60) // 300 characters, no full stop
	for _, c := range []struct {
		name   string
		answer []model.Block
		want   string
	}{
		{"empty", nil, ""},
		{"blank paragraph", para("   "), ""},
		{"first sentence long enough",
			para("Terraform state tracks the real-world resources created by your configs and their metadata. It matters because plan compares against it."),
			"Terraform state tracks the real-world resources created by your configs and their metadata."},
		{"short first sentence takes the next",
			para("DevSecOps can embed privacy by design. For example, we automate checks for personal data in logs. Third sentence."),
			"DevSecOps can embed privacy by design. For example, we automate checks for personal data in logs."},
		{"abbreviations and decimals do not end a sentence",
			para("Use a tool (e.g. Vault, i.e. a secret store) with version 1.5 of the API vs. the old one at all times. Next."),
			"Use a tool (e.g. Vault, i.e. a secret store) with version 1.5 of the API vs. the old one at all times."},
		{"closing bracket stays with its sentence",
			para("It scales out on demand for every service we run in the production cluster (with HPA.) Then it settles down again later."),
			"It scales out on demand for every service we run in the production cluster (with HPA.)"},
		{"a sentence ending in a bracket is joined with a space",
			para("It scales out on demand (with HPA.) Then it settles down again later."),
			"It scales out on demand (with HPA.) Then it settles down again later."},
		{"list items joined with semicolons",
			[]model.Block{{Type: model.List, Items: []string{"Identify unused resources", "Use ML-driven autoscaling", "Schedule shutdowns"}}},
			"Identify unused resources; Use ML-driven autoscaling; Schedule shutdowns"},
		{"intro colon takes the list",
			[]model.Block{{Type: model.Paragraph, Text: "There are three steps to follow in this order, and each of them matters a lot:"}, {Type: model.List, Items: []string{"Plan.", "Apply."}}},
			"There are three steps to follow in this order, and each of them matters a lot: Plan."},
		{"whitespace and line breaks collapsed",
			para("one\n two\t\tthree   four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"),
			"one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"},
		{"clipped at a word boundary", para(long), strings.TrimSpace(strings.Repeat("word ", 39)) + "…"},
	} {
		t.Run(c.name, func(t *testing.T) {
			q := &model.Question{Answer: c.answer}
			if got := gist(q); got != c.want {
				t.Errorf("gist = %q\n          want %q", got, c.want)
			}
		})
	}
}

func TestGistArticle(t *testing.T) {
	d := testdeck.Article()
	for _, s := range d.Sections {
		for _, q := range s.Questions {
			g := gist(&q)
			if n := utf8.RuneCountInString(g); n == 0 || n > optionMax {
				t.Errorf("%s: gist of %d characters: %q", q.ID, n, g)
			}
			// A gist is the start of the answer, not a rewrite of it.
			words := strings.Fields(strings.TrimSuffix(g, "…"))
			plain := strings.Join(strings.Fields(strings.ReplaceAll(strings.ReplaceAll(q.AnswerText(), "• ", ""), "\n", " ")), " ")
			if !strings.HasPrefix(strings.ReplaceAll(plain, ";", ""), strings.ReplaceAll(strings.Join(words[:min(5, len(words))], " "), ";", "")) {
				t.Errorf("%s: gist %q does not start the answer %q", q.ID, g, plain[:min(80, len(plain))])
			}
		}
	}
}
