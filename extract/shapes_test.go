package extract

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/xopsexport/xopsexport/model"
)

// outline is a deck written compactly, one line per question:
// "Q3 How do containers talk? | paragraph heading code", with "# Heading"
// lines for sections.
func outline(d *model.Deck) []string {
	var out []string
	for _, s := range d.Sections {
		out = append(out, "# "+s.Heading)
		for _, q := range s.Questions {
			var types []string
			for _, b := range q.Answer {
				types = append(types, string(b.Type))
			}
			out = append(out, fmt.Sprintf("Q%d %s | %s", q.Number, q.Question, strings.Join(types, " ")))
		}
	}
	return out
}

// readShape reads in with detection by content and gives its outline, its
// warnings and the deck.
func readShape(t *testing.T, in string, opts Options) ([]string, []Warning, *model.Deck) {
	t.Helper()
	var warns []Warning
	opts.Warn = func(w Warning) { warns = append(warns, w) }
	body := []byte(in)
	d, err := Read(body, Detect(body, "", ""), opts)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if err := d.Validate(); err != nil {
		t.Fatalf("invalid deck: %v", err)
	}
	return outline(d), warns, d
}

func sameOutline(t *testing.T, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("outline:\n  got  %s\n  want %s", strings.Join(got, "\n       "), strings.Join(want, "\n       "))
	}
}

// answerOf finds question n's answer in d.
func answerOf(t *testing.T, d *model.Deck, question string) []model.Block {
	t.Helper()
	for _, s := range d.Sections {
		for _, q := range s.Questions {
			if q.Question == question {
				return q.Answer
			}
		}
	}
	t.Fatalf("no question %q", question)
	return nil
}

// TestShapes covers, one small document each, the layouts issue 11 lists:
// the shapes real Q&A documents use that a fixed list of labels missed.
func TestShapes(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []string
	}{
		{
			name: "1 headings inside an answer, code with # lines, an unfenced Dockerfile",
			in: "# Docker Q&A\n\n## 3. How do containers talk to each other?\n\nIt depends.\n\n### On one host\n\n#### 1. By container IP\n\n" +
				"Each container gets an IP.\n\n#### 2. By name\n\n```bash\n# create a network\ndocker network create app\n```\n\n" +
				"## 4. What does a Dockerfile look like?\n\nLike this:\n\n# Use the official image\nFROM node:20\nRUN npm ci\n\nThat is all.\n",
			want: []string{"# Docker Q&A",
				"Q3 How do containers talk to each other? | paragraph heading heading paragraph heading code",
				"Q4 What does a Dockerfile look like? | paragraph code paragraph"},
		},
		{
			name: "2 decorated <details>, answers of sub-headings and lists, a table in an answer",
			in: `<html><body><h2>Kubernetes</h2>
<details><summary><span>What is a Pod?</span><span class="badge">Easy</span><span>▶</span></summary><div><p>The smallest unit.</p></div></details>
<details><summary><span>How do Pods talk?</span><span class="badge badge-hard">Hard</span><span class="chevron">▶</span></summary><div><h4>Model</h4><ul><li>One IP per Pod</li></ul><h4>Who</h4><ul><li>The CNI plugin</li></ul></div></details>
<details><summary>Compare Service types. ▶</summary><table><tr><th>Type</th><th>Scope</th></tr><tr><td>ClusterIP</td><td>Cluster</td></tr><tr><td>NodePort</td><td>Every node</td></tr></table></details>
<h2>Storage</h2>
<details><summary>What is a PVC?</summary><p>A claim for storage.</p></details>
</body></html>`,
			want: []string{"# Kubernetes",
				"Q1 What is a Pod? | paragraph",
				"Q2 How do Pods talk? | heading list heading list",
				"Q3 Compare Service types. | table",
				"# Storage",
				"Q1 What is a PVC? | paragraph"},
		},
		{
			name: "3 a table of contents above the Q&A, an appendix after the last question",
			in: "# Linux Questions\n\n## Contents\n\n1. [What is a process?](#a)\n2. [What is a thread?](#b)\n3. [What is a zombie?](#c)\n\n---\n\n" +
				"## What is a process?\n\nA running program.\n\n## What is a thread?\n\nA unit of execution in a process.\n\n## What is a zombie?\n\nAn exited child not yet reaped.\n\n" +
				"## Command reference\n\n- `ps aux`\n- `top`\n",
			want: []string{"# Linux Questions",
				"Q1 What is a process? | paragraph",
				"Q2 What is a thread? | paragraph",
				"Q3 What is a zombie? | paragraph"},
		},
		{
			name: "4 keycap numbers, then Answer:",
			in:   "DevOps basics 👇\n\n1️⃣ What is DevOps?\nAnswer: A culture.\n\n2️⃣ What is CI?\nAnswer: Merging often.\n\n🔟 What is CD?\nAnswer: Releasing often.\n",
			want: []string{"# DevOps basics 👇", "Q1 What is DevOps? | paragraph", "Q2 What is CI? | paragraph", "Q10 What is CD? | paragraph"},
		},
		{
			name: "4 emoji before a label: 🔹 Q1.",
			in:   "# Terraform\n\n### 🔹 Q1. What is state?\nThe map of code to resources.\n\n### 🔹 Q2. What is a provider?\nA plugin for an API.\n",
			want: []string{"# Terraform", "Q1 What is state? | paragraph", "Q2 What is a provider? | paragraph"},
		},
		{
			name: "4 and 5: bold Q56. labels, Answer (Natural):, numbered titles, numbering continuing across sections",
			in: "# 2) AWS Core\n\n## Section: IAM\n\n**Q56. User vs role?**\n\n**Answer (Natural):**  \nA role has no keys.\n\n---\n\n" +
				"## Section: VPC\n\n**Q57. What is a NAT gateway?**\n\n**Answer (Natural):**  \nOutbound internet for private subnets.\n\n" +
				"# 3) DevOps Tooling\n\n## Section: Terraform\n\n**Q58. What is state?**\n\n**Answer (Natural):**  \nThe record of resources.\n",
			want: []string{"# Section: IAM", "Q56 User vs role? | paragraph", "# Section: VPC", "Q57 What is a NAT gateway? | paragraph",
				"# Section: Terraform", "Q58 What is state? | paragraph"},
		},
		{
			name: "6 Q&A tables under topic headings",
			in: "# Cloud\n\n## AWS\n\n| # | Question | Answer |\n|---|---|---|\n| 1 | What is a Region? | An area with several AZs. |\n| 2 | What is S3? | Object storage.<br>Over HTTP. |\n\n" +
				"## GCP\n\nQ | A\n--- | ---\nWhat is a project? | The unit of billing.\n",
			want: []string{"# AWS", "Q1 What is a Region? | paragraph", "Q2 What is S3? | paragraph paragraph", "# GCP", "Q1 What is a project? | paragraph"},
		},
		{
			name: "6 an HTML Q&A table",
			in:   "<h2>Security</h2><table><thead><tr><th>Question</th><th>Answer</th></tr></thead><tbody><tr><td>What is XSS?</td><td>Script injection.</td></tr><tr><td>What is CSRF?</td><td>A forged request.</td></tr></tbody></table>",
			want: []string{"# Security", "Q1 What is XSS? | paragraph", "Q2 What is CSRF? | paragraph"},
		},
		{
			name: "7 an Answer heading between the question and the answer",
			in:   "<h2>CI/CD</h2><h3>1. What is CI?</h3><h4>Answer</h4><p>Merging often.</p><h3>2. What is CD?</h3><h4>Answer</h4><ul><li>Release often.</li></ul>",
			want: []string{"# CI/CD", "Q1 What is CI? | paragraph", "Q2 What is CD? | list"},
		},
		{
			name: "7 checklist items with Question:, Answer: below, under ID headings",
			in: "# Serving\n\n## Junior\n\n### SERVING-JN-01\n\n- [ ] **Question:** What is online inference?\n> **Covered in:** [Serving](README.md)\n\n**Answer:** a request waits for it.\n\n" +
				"### SERVING-JN-02\n\n- [ ] **Question:** What is batch inference?\n\n**Answer:** predictions on a schedule.\n",
			want: []string{"# Junior", "Q1 What is online inference? | paragraph paragraph", "Q2 What is batch inference? | paragraph"},
		},
		{
			name: "7 unlabelled questions under ID headings, Expected answer:",
			in:   "# Scenarios\n\n## Scenario 1\n* your pipeline is slow. what do you check?\n\n**Expected answer:** caching and parallel jobs.\n\n## Scenario 2\n* a deploy broke checkout. what first?\n\n**Expected answer:** roll back.\n",
			want: []string{"# Scenarios", "Q1 your pipeline is slow. what do you check? | paragraph", "Q2 a deploy broke checkout. what first? | paragraph"},
		},
		{
			name: "7 labels in other languages",
			in: "## Kubernetes\n\n**Pregunta 1:** ¿Qué es un Pod?\n\n**Respuesta:** La unidad mínima.\n\n**Frage 2:** Was ist ein Service?\n\n**Antwort:** Eine stabile Adresse.\n\n" +
				"**Question 3 :** Qu'est-ce qu'un Ingress ?\n\n**Réponse :** Une entrée HTTP.\n",
			want: []string{"# Kubernetes", "Q1 ¿Qué es un Pod? | paragraph", "Q2 Was ist ein Service? | paragraph", "Q3 Qu'est-ce qu'un Ingress ? | paragraph"},
		},
		{
			name: "7 bold numbered lead-ins inside answers, a challenge after the last question",
			in: "# Design\n\n### 1. How would you design a platform?\n\n**1. Infrastructure design:**\nAccounts per environment.\n\n**2. CI/CD:**\nOne template per service.\n\n" +
				"### 2. How do you cut costs?\n\nTag and right-size.\n\n## Challenge\n\nDesign a zero-downtime column rename.\n\n**Hints:**\n- expand and contract\n",
			want: []string{"# Design", "Q1 How would you design a platform? | paragraph paragraph", "Q2 How do you cut costs? | paragraph",
				"Q3 Design a zero-downtime column rename. | paragraph list"},
		},
		{
			name: "8 study notes with answers indented under a numbered list",
			in: "# Notes\n\n## Linux\n\n1. **What does chmod 640 do?**\n\n        **Answer:**\n        Owner rw, group r.\n\n2. **What is a zombie?**\n\n        **Answer:**\n        An exited child.\n\n" +
				"        It holds no memory.\n\n## Git\n\n1. **What does stash do?**\n\n        **Answer:**\n        Shelves changes.\n",
			want: []string{"# Linux", "Q1 What does chmod 640 do? | paragraph", "Q2 What is a zombie? | paragraph paragraph", "# Git", "Q1 What does stash do? | paragraph"},
		},
		{
			name: "8 a quiz keeps its options and its answer line",
			in:   "MLOps Quiz\n\n1. Which tool tracks experiments?\na) MLflow\nb) Nginx\nc) Bash\nd) Vim\nAnswer: a)\n\n2. Which stage serves traffic?\na) Staging\nb) Production\nAnswer: b)\n",
			want: []string{"# MLOps Quiz", "Q1 Which tool tracks experiments? | list paragraph", "Q2 Which stage serves traffic? | list paragraph"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, _, _ := readShape(t, tc.in, Options{})
			sameOutline(t, got, tc.want)
		})
	}
}

// TestShapeDetails pins the parts of the shapes that an outline does not
// show: texts of sub-headings, code kept exactly, table rows, labels gone.
func TestShapeDetails(t *testing.T) {
	_, _, d := readShape(t, "## 1. How?\n\nSee:\n\n```yaml\nkind: Pod\n  # indented comment\n\tname: x\n```\n\n#### Step two\n\n| a | b |\n|---|---|\n| 1 | 2 \\| 3 |\n", Options{})
	want := []model.Block{
		{Type: model.Paragraph, Text: "See:"},
		{Type: model.Code, Lang: "yaml", Text: "kind: Pod\n  # indented comment\n\tname: x"},
		{Type: model.Heading, Text: "Step two"},
		{Type: model.Table, Rows: [][]string{{"a", "b"}, {"1", "2 | 3"}}},
	}
	if got := answerOf(t, d, "How?"); !slices.EqualFunc(got, want, blockEqual) {
		t.Errorf("answer =\n  %#v\nwant\n  %#v", got, want)
	}
	_, _, d = readShape(t, "<h2>X</h2><details><summary>What? <span class=\"badge\">Medium</span> ▶</summary><pre><code class=\"language-sh\">echo  a\n  b</code></pre></details>", Options{})
	if got := answerOf(t, d, "What?"); len(got) != 1 || got[0].Type != model.Code || got[0].Text != "echo  a\n  b" || got[0].Lang != "sh" {
		t.Errorf("HTML <pre> answer = %#v", got)
	}
	_, _, d = readShape(t, "**Q1. What is X?**\n\n**Answer (Natural):**  \nIt is Y.\n\n**Q2. What is Z?**\n\n✅ **Answer:** It is W.\n", Options{})
	for q, a := range map[string]string{"What is X?": "It is Y.", "What is Z?": "It is W."} {
		if got := answerOf(t, d, q); len(got) != 1 || got[0].Text != a {
			t.Errorf("%s answer = %#v, want the label gone", q, got)
		}
	}
	_, _, d = readShape(t, "Quiz\n\n1. Which one?\na) One\nb) Two\nAnswer: b)\n", Options{})
	if got := answerOf(t, d, "Which one?"); len(got) != 2 || !slices.Equal(got[0].Items, []string{"a) One", "b) Two"}) || got[1].Text != "Answer: b)" {
		t.Errorf("quiz answer = %#v, want the options with their letters and the answer line", got)
	}
}

// TestNumbering: continuing across sections, restarting and wrapping past
// a power of ten are no gaps; a real gap is, and it is only info.
func TestNumbering(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []string
	}{
		{"continues across sections", "A Questions\n\nQ1: a?\nA: x.\n\nQ2: b?\nA: x.\n\nB Questions\n\nQ3: c?\nA: x.\n", nil},
		{"restarts", "A Questions\n\nQ1: a?\nA: x.\n\nB Questions\n\nQ1: b?\nA: x.\n", nil},
		{"wraps past 99", "A Questions\n\nQ98: a?\nA: x.\n\nQ99: b?\nA: x.\n\nQ10: c?\nA: x.\n\nQ01: d?\nA: x.\n", nil},
		{"a real gap", "A Questions\n\nQ1: a?\nA: x.\n\nQ4: b?\nA: x.\n", []string{"line 6: numbering gap: Q4 follows Q1"}},
		{"a gap across sections", "A Questions\n\nQ1: a?\nA: x.\n\nB Questions\n\nQ5: b?\nA: x.\n", []string{"line 8: numbering gap: Q5 follows Q1 of the section before"}},
		{"a section starting midway", "A Questions\n\nQ7: a?\nA: x.\n\nB Questions\n\nQ3: b?\nA: x.\n", []string{"line 8: numbering gap: the section starts at Q3"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, warns, _ := readShape(t, tc.in, Options{})
			var got []string
			for _, w := range warns {
				got = append(got, w.String())
				if w.Severity != Info || w.Kind != KindNumbering {
					t.Errorf("%v: severity %s kind %s, want info numbering", w, w.Severity, w.Kind)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("warnings %q, want %q", got, tc.want)
			}
		})
	}
}

// TestQuestionsOption: --questions forces a layout detection got wrong,
// by name or by a regular expression whose first group is the question.
func TestQuestionsOption(t *testing.T) {
	doc := "# Ops\n\n## Linux\n\n### Processes\n\nA process is a running program.\n\n### Threads\n\nThreads share memory.\n\n" +
		"**Bold one**\n\nAnswer one.\n\n- Item question\n- Item two\n"
	for _, tc := range []struct {
		questions string
		want      []string
	}{
		{"heading:3", []string{"# Linux", "Q1 Processes | paragraph", "Q2 Threads | paragraph paragraph paragraph list"}},
		{"HEADING:2", []string{"# Ops", "Q1 Linux | heading paragraph heading paragraph paragraph paragraph list"}},
		{"bold", []string{"# Threads", "Q1 Bold one | paragraph list"}},
		{"bullet", []string{"# Threads", "Q1 Item question | ", "Q2 Item two | "}},
		{`^(?:A process|Threads) (.*)$`, []string{"# Processes", "Q1 is a running program. | ", "# Threads", "Q1 share memory. | paragraph paragraph list"}},
	} {
		t.Run(tc.questions, func(t *testing.T) {
			got, _, _ := readShape(t, doc, Options{Questions: tc.questions})
			sameOutline(t, got, tc.want)
		})
	}
	summaries := "<details><summary>What is A?</summary>x</details><details><summary>What is B?</summary>y</details><p><b>Not this?</b></p><p>z</p>"
	got, _, _ := readShape(t, summaries, Options{Questions: "summary"})
	sameOutline(t, got, []string{"# Questions", "Q1 What is A? | paragraph", "Q2 What is B? | paragraph paragraph paragraph"})
	table := "| Term | Meaning |\n|---|---|\n| Pod | A group of containers |\n| Node | A machine |\n"
	if _, err := Read([]byte(table), FormatMarkdown, Options{}); err == nil {
		t.Error("a glossary table read as questions without --questions")
	}
	got, _, _ = readShape(t, table, Options{Questions: "table"})
	sameOutline(t, got, []string{"# Questions", "Q1 Pod | paragraph", "Q2 Node | paragraph"})
	numbered := "Steps\n\n1. Build it\n2. Test it\n3. Ship it\n"
	got, _, _ = readShape(t, numbered, Options{Questions: "numbered"})
	sameOutline(t, got, []string{"# Steps", "Q1 Build it | ", "Q2 Test it | ", "Q3 Ship it | "})
}

func TestCheckQuestions(t *testing.T) {
	for _, ok := range []string{"heading:1", "heading:6", "label", "numbered", "bold", "bullet", "summary", "table", `^Q\d+`, "(.*)\\?$"} {
		if err := CheckQuestions(ok); err != nil {
			t.Errorf("CheckQuestions(%q) = %v", ok, err)
		}
	}
	for in, want := range map[string]string{
		"heading:7": "the heading level must be 1 to 6",
		"heading:x": "the heading level must be 1 to 6",
		"(":         "neither a layout (heading:N, label, numbered, bold, bullet, summary, table) nor a regular expression",
	} {
		err := CheckQuestions(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("CheckQuestions(%q) = %v, want one saying %q", in, err, want)
		}
		if _, err := Read([]byte("Q1: a?"), FormatText, Options{Questions: in}); err == nil {
			t.Errorf("Read with --questions %q: no error", in)
		}
	}
}
