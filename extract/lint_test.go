package extract

import (
	"slices"
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
