package extract

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestLintWarnings checks each anomaly lint reports, with its line.
func TestLintWarnings(t *testing.T) {
	const h = "DevOps Engineer Interview Questions & Answers\n\n" // line 1, blank line 2
	for _, tc := range []struct {
		name string
		f    Format
		in   string
		want []string // Warning.String() of each, in order
	}{
		{
			name: "clean",
			f:    FormatText,
			in:   h + "Q1: a?\n\nA: x.\n\nQ2: b?\n\nA: y.\n",
		},
		{
			name: "numbering gap",
			f:    FormatText,
			in:   h + "Q1: a?\n\nA: x.\n\nQ3: b?\n\nA: y.\n",
			want: []string{"line 7: numbering gap: Q3 follows Q1"},
		},
		{
			name: "numbering repeat",
			f:    FormatText,
			in:   h + "Q1: a?\n\nA: x.\n\nQ2: b?\n\nA: y.\n\nQ2: c?\n\nA: z.\n",
			want: []string{"line 11: Q2 repeats the number of the question before it"},
		},
		{
			name: "numbering goes back",
			f:    FormatText,
			in:   h + "Q1: a?\n\nA: x.\n\nQ2: b?\n\nA: y.\n\nQ3: c?\n\nA: z.\n\nQ2: d?\n\nA: w.\n",
			want: []string{"line 15: numbering goes back: Q2 follows Q3"},
		},
		{
			name: "empty answer",
			f:    FormatText,
			in:   h + "Q1: a?\n\nQ2: b?\n\nA: y.\n\nQ3: c?\n\nA:\n",
			want: []string{"line 3: Q1 has no answer", "line 9: Q3 has no answer"},
		},
		{
			name: "question-like paragraph inside an answer",
			f:    FormatText,
			in:   h + "Q1: a?\n\nA: x.\n\nWhat about b?\n\nIt is y.\n",
			want: []string{`line 7: text looks like a question but is not numbered or labelled: "What about b?"`},
		},
		{
			name: "prose followed by an answer label",
			f:    FormatText,
			in:   h + "Q1: a?\n\nA: x.\n\nExplain b\n\nA: y.\n",
			want: []string{`line 7: text looks like a question but is not numbered or labelled: "Explain b"`},
		},
		{
			name: "question label that was not taken",
			f:    FormatText,
			in:   h + "Q1: a?\n\nA: x.\n\nQ2 explain b\n\ny.\n",
			want: []string{`line 7: text starts like a question label but was not taken as one: "Q2 explain b"`},
		},
		{
			name: "question-like text between sections",
			f:    FormatText,
			in:   h + "Q1: a?\n\nA: x.\n\nMore Questions\n\nDid you like it?\n\nSecurity Questions\n\nQ1: b?\n\nA: y.\n",
			want: []string{`line 9: text looks like a question but is not numbered or labelled: "Did you like it?"`},
		},
		{
			name: "the same question twice in a section",
			f:    FormatText,
			in:   h + "Q1: What is CI?\n\nA: x.\n\nQ2: what is CI\n\nA: y.\n",
			want: []string{"DevOps Q2 asks the same question as an earlier one"},
		},
		{
			name: "Markdown keeps line numbers",
			f:    FormatMarkdown,
			in:   "# Title\n\n## DevOps Interview Questions\n\n**Q1:** a?\n\n**Q3:** b?\n\n**A:** y.\n",
			want: []string{"line 5: Q1 has no answer", "line 7: numbering gap: Q3 follows Q1"},
		},
		{
			name: "HTML has no line numbers",
			f:    FormatHTML,
			in:   "<h2>DevOps Interview Questions</h2><p><b>Q1:</b> a?</p><p><b>Q3:</b> b?</p><p>y.</p>",
			want: []string{"Q1 has no answer", "numbering gap: Q3 follows Q1"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, warns := read(t, tc.in, tc.f)
			var got []string
			for _, w := range warns {
				got = append(got, w.String())
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("warnings:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

// TestArticleHasNoWarnings: the article is clean, so any warning on it is a
// reader bug (or a lint rule too eager to be useful).
func TestArticleHasNoWarnings(t *testing.T) {
	for _, tc := range []struct {
		path string
		f    Format
	}{
		{articlePath, FormatText},
		{"../testdata/articles/article.md", FormatMarkdown},
		{"../testdata/articles/article.html", FormatHTML},
	} {
		if _, warns := read(t, string(readFile(t, tc.path)), tc.f); len(warns) > 0 {
			t.Errorf("%s: %v", tc.path, warns)
		}
	}
}

// TestSeverities: each anomaly has its kind and severity, and Summary
// counts only the serious ones, in one line.
func TestSeverities(t *testing.T) {
	const h = "DevOps Engineer Interview Questions & Answers\n\n"
	in := h + "Q1: What is CI?\n\nQ2: What is CD?\n\nA: y.\n\nQ4: What is CI?\n\nA: z.\n\nQ5 explain taints\n\nw.\n"
	_, warns := read(t, in, FormatText)
	kinds := map[string]Severity{}
	for _, w := range warns {
		kinds[w.Kind] = w.Severity
	}
	for kind, sev := range map[string]Severity{
		KindEmptyAnswer: Serious, KindNumbering: Info, KindDuplicate: Serious, KindMissedLabel: Serious,
	} {
		if got, ok := kinds[kind]; !ok || got != sev {
			t.Errorf("kind %s: severity %v (present %v), want %v; warnings %v", kind, got, ok, sev, warns)
		}
	}
	want := "1 question has an empty answer, 1 question is asked twice, 1 line looks like a question label but was not read as one; run xopsexport lint"
	if got := Summary(warns); got != want {
		t.Errorf("Summary = %q\nwant      %q", got, want)
	}
	if got := Summary(nil); got != "" {
		t.Errorf("Summary(nil) = %q", got)
	}
	info := []Warning{{Msg: "numbering gap", Severity: Info, Kind: KindNumbering}}
	if got := Summary(info); got != "" {
		t.Errorf("Summary of info warnings = %q, want empty", got)
	}
	many := []Warning{{Severity: Serious, Kind: KindEmptyAnswer}, {Severity: Serious, Kind: KindEmptyAnswer},
		{Severity: Serious, Kind: KindMerged}, {Severity: Serious, Kind: "something-new"}}
	if got, want := Summary(many), "2 questions have empty answers, 1 answer may hold two questions, 1 other problem(s); run xopsexport lint"; got != want {
		t.Errorf("Summary = %q\nwant      %q", got, want)
	}
}

// TestSeriousChecks: the deck-wide checks fire on what they look for and
// stay quiet on the article.
func TestSeriousChecks(t *testing.T) {
	var b strings.Builder
	b.WriteString("# Notes\n\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&b, "## %d. What is thing %d?\n\nShort answer %d.\n\n", i, i, i)
	}
	b.WriteString("## 10. What is thing 10?\n\n" + strings.Repeat("This answer goes on and on about many things. ", 80) + "\n\n")
	b.WriteString("## 11. Kubernetes networking basics\n\nPods, Services, DNS.\n\n")
	b.WriteString("## 12. What is thing 12?\n\n_[To be filled]_\n")
	_, warns := read(t, b.String(), FormatMarkdown)
	got := map[string]string{}
	for _, w := range warns {
		if w.Severity == Serious {
			got[w.Kind] = w.String()
		}
	}
	for kind, want := range map[string]string{
		KindMerged:       "line 39: Q10's answer is",
		KindNotAQuestion: `line 43: Q11 does not read as a question: "Kubernetes networking basics"`,
		KindEmptyAnswer:  `line 47: Q12's answer is only a placeholder`,
	} {
		if !strings.HasPrefix(got[kind], want) {
			t.Errorf("%s: %q, want it to start %q", kind, got[kind], want)
		}
	}
	if len(got) != 3 {
		t.Errorf("serious warnings %v, want 3 kinds", got)
	}
}

// TestQuestionBank: a document that only lists questions keeps them, with
// one serious warning instead of one per empty answer.
func TestQuestionBank(t *testing.T) {
	in := "# Kubernetes question bank\n\n1. What is a Pod?\n2. What is a Service?\n3. What is an Ingress?\n4. What is a DaemonSet?\n"
	d, warns := read(t, in, FormatMarkdown)
	if d.Count() != 4 {
		t.Errorf("%d questions, want 4", d.Count())
	}
	if len(warns) != 1 || warns[0].Kind != KindQuestionList || warns[0].Severity != Serious {
		t.Fatalf("warnings %v, want one serious question list", warns)
	}
	if got, want := Summary(warns), "1 list of questions has no answers; run xopsexport lint"; got != want {
		t.Errorf("Summary = %q, want %q", got, want)
	}
}

// TestLayoutReport: lint's line about the layout names the shape, the
// count and what an answer is.
func TestLayoutReport(t *testing.T) {
	for _, tc := range []struct {
		f    Format
		in   string
		opts Options
		want string
	}{
		{FormatMarkdown, "# T\n\n## 1. What is A?\n\nx\n\n## 2. What is B?\n\ny\n", Options{},
			`questions: level-2 headings "## N. …" (2 found); answers: everything up to the next one`},
		{FormatHTML, "<h3>What is A?</h3><p>x</p><h3>What is B?</h3><p>y</p>", Options{},
			`questions: level-3 headings <h3>…?</h3> (2 found); answers: everything up to the next one`},
		{FormatText, "Linux Questions\n\nQ1: a?\nA: x.\n\nQ2: b?\nA: y.\n", Options{},
			`questions: labelled lines "Q1: …" (2 found); answers: everything up to the next one`},
		{FormatMarkdown, "# T\n\n1. [What is A?](#a)\n2. [What is B?](#b)\n3. [What is C?](#c)\n\n## What is A?\n\nx\n\n## What is B?\n\ny\n\n## What is C?\n\nz\n", Options{},
			`questions: level-2 headings "## …?" (3 found); answers: everything up to the next one`},
		{FormatMarkdown, "# T\n\n## A\n\ntext\n\n## B\n\ntext\n", Options{Questions: "heading:2"},
			`questions: level-2 headings "## …?" (2 found), as --questions heading:2 says; answers: everything up to the next one`},
	} {
		var got string
		tc.opts.Layout = func(s string) { got = s }
		if _, err := Read([]byte(tc.in), tc.f, tc.opts); err != nil {
			t.Fatalf("%q: %v", tc.in, err)
		}
		if got != tc.want {
			t.Errorf("%q:\n got  %s\n want %s", tc.in, got, tc.want)
		}
	}
}
