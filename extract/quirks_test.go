package extract

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xopsexport/xopsexport/model"
)

// Expected decks are written compactly: a section is its role, heading and
// questions; a question its number, text and answer blocks.
type wantSection struct {
	role, heading string
	qs            []wantQ
}

type wantQ struct {
	n      int
	q      string
	answer []model.Block
}

func para(s string) model.Block        { return model.Block{Type: model.Paragraph, Text: s} }
func list(items ...string) model.Block { return model.Block{Type: model.List, Items: items} }

// checkDeck compares d with want: roles, headings, numbers, questions and
// answers, and that every ID follows the stable-ID rule.
func checkDeck(t *testing.T, d *model.Deck, want []wantSection) {
	t.Helper()
	if err := d.Validate(); err != nil {
		t.Errorf("deck does not validate: %v", err)
	}
	var got []string
	for _, s := range d.Sections {
		got = append(got, s.Role)
	}
	var roles []string
	for _, s := range want {
		roles = append(roles, s.role)
	}
	if !slices.Equal(got, roles) {
		t.Fatalf("sections = %q, want %q", got, roles)
	}
	for i, ws := range want {
		s := d.Sections[i]
		if s.Heading != ws.heading {
			t.Errorf("section %s heading = %q, want %q", s.Role, s.Heading, ws.heading)
		}
		if !strings.EqualFold(s.Name, model.RoleName(s.Role)) {
			t.Errorf("section %s name = %q, want %q", s.Role, s.Name, model.RoleName(s.Role))
		}
		if len(s.Questions) != len(ws.qs) {
			t.Errorf("section %s has %d questions, want %d", s.Role, len(s.Questions), len(ws.qs))
			continue
		}
		for j, wq := range ws.qs {
			q := s.Questions[j]
			if q.Number != wq.n || q.Question != wq.q {
				t.Errorf("%s question %d = Q%d %q, want Q%d %q", s.Role, j+1, q.Number, q.Question, wq.n, wq.q)
			}
			if !slices.EqualFunc(q.Answer, wq.answer, blockEqual) {
				t.Errorf("%s Q%d answer =\n  %#v\nwant\n  %#v", s.Role, q.Number, q.Answer, wq.answer)
			}
			if id := model.QuestionID(s.Role, q.Question); q.ID != id {
				t.Errorf("%s Q%d ID = %s, want %s", s.Role, q.Number, q.ID, id)
			}
		}
	}
}

func blockEqual(a, b model.Block) bool {
	return a.Type == b.Type && a.Text == b.Text && a.Lang == b.Lang && slices.Equal(a.Items, b.Items) &&
		slices.EqualFunc(a.Rows, b.Rows, slices.Equal)
}

// read extracts in format f and collects the warnings.
func read(t *testing.T, in string, f Format) (*model.Deck, []Warning) {
	t.Helper()
	var warns []Warning
	d, err := Read([]byte(in), f, Options{Warn: func(w Warning) { warns = append(warns, w) }})
	if err != nil {
		t.Fatalf("Read(%s): %v", f, err)
	}
	return d, warns
}

const devopsHeading = "DevOps Engineer Interview Questions & Answers"

// TestTextQuirks covers, one by one, the ways the article writes its
// questions and answers.
func TestTextQuirks(t *testing.T) {
	devops := func(qs ...wantQ) []wantSection {
		return []wantSection{{"devops", devopsHeading, qs}}
	}
	for _, tc := range []struct {
		name string
		in   string
		want []wantSection
	}{
		{
			name: "labelled answer",
			in:   devopsHeading + "\n\nQ1: What is CI?\n\nA: Merging work often.\n",
			want: devops(wantQ{1, "What is CI?", []model.Block{para("Merging work often.")}}),
		},
		{
			name: "answer with no A: label",
			in:   devopsHeading + "\n\nQ1: What is CI?\n\nMerging work often.\n\nQ2: What is CD?\n\nA: Releasing often.\n",
			want: devops(
				wantQ{1, "What is CI?", []model.Block{para("Merging work often.")}},
				wantQ{2, "What is CD?", []model.Block{para("Releasing often.")}}),
		},
		{
			name: "Answer: label",
			in:   devopsHeading + "\n\nQ1: How do you detect model drift?\n\nAnswer: I compare distributions.\n",
			want: devops(wantQ{1, "How do you detect model drift?", []model.Block{para("I compare distributions.")}}),
		},
		{
			name: "A: alone followed by bullets",
			in:   devopsHeading + "\n\nQ1: How do you fix it?\n\nA:\n\n  • Check the metrics.\n\n  • Scale out.\n",
			want: devops(wantQ{1, "How do you fix it?", []model.Block{list("Check the metrics.", "Scale out.")}}),
		},
		{
			name: "A: alone followed by a paragraph",
			in:   devopsHeading + "\n\nQ1: How does it help?\n\nA:\n\nIt tunes requests.\n",
			want: devops(wantQ{1, "How does it help?", []model.Block{para("It tunes requests.")}}),
		},
		{
			name: "answer made only of bullets",
			in:   devopsHeading + "\n\nQ1: How do you fix latency?\n\n  • First, read the metrics.\n\n  • Then scale out.\n\nQ2: Next?\n\nA: Yes.\n",
			want: devops(
				wantQ{1, "How do you fix latency?", []model.Block{list("First, read the metrics.", "Then scale out.")}},
				wantQ{2, "Next?", []model.Block{para("Yes.")}}),
		},
		{
			name: "no blank line between question and answer",
			in: devopsHeading + "\n\nQ1: What is least privilege?\nA: The minimum access.\n\nQ2: How do you detect drift?\nAnswer: Statistical tests.\n\n" +
				"Q3: Is it slow?\nA:\n\n  • Profile it.\n\nQ4: Why?\nBecause.\n",
			want: devops(
				wantQ{1, "What is least privilege?", []model.Block{para("The minimum access.")}},
				wantQ{2, "How do you detect drift?", []model.Block{para("Statistical tests.")}},
				wantQ{3, "Is it slow?", []model.Block{list("Profile it.")}},
				wantQ{4, "Why?", []model.Block{para("Because.")}}),
		},
		{
			name: "non-breaking space after the label",
			in:   devopsHeading + "\n\nQ7:\u00a0What is a StatefulSet?\n\nA:\u00a0A controller\u00a0for stateful pods.\n",
			want: devops(wantQ{7, "What is a StatefulSet?", []model.Block{para("A controller for stateful pods.")}}),
		},
		{
			name: "bullets separated by blank lines are one list",
			in:   devopsHeading + "\n\nQ1: Which steps?\n\nA:\n\n  • One.\n\n\n  • Two.\n\n  • Three.\n",
			want: devops(wantQ{1, "Which steps?", []model.Block{list("One.", "Two.", "Three.")}}),
		},
		{
			name: "paragraph, list, paragraph",
			in:   devopsHeading + "\n\nQ1: Which steps?\n\nA: In order:\n\n  • One.\n  • Two.\n\nThen done.\n",
			want: devops(wantQ{1, "Which steps?", []model.Block{para("In order:"), list("One.", "Two."), para("Then done.")}}),
		},
		{
			name: "breadcrumb and sponsor bullets are not taken",
			in: "  • LearnXOps\n  • Posts\n  • Interview Questions\n\nInterview Questions\n\nHey — It's Sandip Das\n\nThanks to our sponsor. Discover how:\n\n" +
				"  • Standardizing operations\n\n  • Ensuring compliance\n\nLeverage it.\n\n" + devopsHeading + "\n\nQ1: What is CI?\n\nA: Merging often.\n",
			want: devops(wantQ{1, "What is CI?", []model.Block{para("Merging often.")}}),
		},
		{
			name: "five heading styles, numbering restarting in each",
			in: "DevOps Engineer Interview Questions & Answers\n\nQ1: a?\n\nA: 1.\n\nQ2: b?\n\nA: 2.\n\n" +
				"DevSecOps Engineers Interview Questions & Answer\n\nQ1: c?\n\nA: 3.\n\n" +
				"CloudOps/Cloud Engineer Interview Questions & Answers (AWS)\n\nQ1: d?\n\nA: 4.\n\n" +
				"MLOps Engineer Questions & Answer\n\nQ1: e?\n\nA: 5.\n\n" +
				"AIOps Engineer Interview Questions & Answer\n\nQ1: f?\n\nA: 6.\n",
			want: []wantSection{
				{"devops", "DevOps Engineer Interview Questions & Answers", []wantQ{{1, "a?", []model.Block{para("1.")}}, {2, "b?", []model.Block{para("2.")}}}},
				{"devsecops", "DevSecOps Engineers Interview Questions & Answer", []wantQ{{1, "c?", []model.Block{para("3.")}}}},
				{"cloudops", "CloudOps/Cloud Engineer Interview Questions & Answers (AWS)", []wantQ{{1, "d?", []model.Block{para("4.")}}}},
				{"mlops", "MLOps Engineer Questions & Answer", []wantQ{{1, "e?", []model.Block{para("5.")}}}},
				{"aiops", "AIOps Engineer Interview Questions & Answer", []wantQ{{1, "f?", []model.Block{para("6.")}}}},
			},
		},
		{
			name: "heading without a role word gets the slug of its first word",
			in:   "Platform Engineer Interview Questions & Answers\n\nQ1: What is a golden path?\n\nA: The paved road.\n",
			want: []wantSection{{"platform", "Platform Engineer Interview Questions & Answers",
				[]wantQ{{1, "What is a golden path?", []model.Block{para("The paved road.")}}}}},
		},
		{
			name: "literal placeholders",
			in:   devopsHeading + "\n\nQ1: How do you debug a pod?\n\nA: Run kubectl describe pod <name> and docker logs <container-id>.\n",
			want: devops(wantQ{1, "How do you debug a pod?", []model.Block{para("Run kubectl describe pod <name> and docker logs <container-id>.")}}),
		},
		{
			name: "question wrapped onto a second line",
			in:   devopsHeading + "\n\nQ1: How would you design a pipeline\nfor a new service?\n\nA: In stages.\n",
			want: devops(wantQ{1, "How would you design a pipeline for a new service?", []model.Block{para("In stages.")}}),
		},
		{
			name: "a question that is a statement, answer on the next line",
			in:   devopsHeading + "\n\nQ1: Explain what git stash does.\nIt saves uncommitted changes.\n\nQ2: What is X? Give an example\nX is a thing.\n",
			want: devops(
				wantQ{1, "Explain what git stash does.", []model.Block{para("It saves uncommitted changes.")}},
				wantQ{2, "What is X? Give an example", []model.Block{para("X is a thing.")}}),
		},
		{
			name: "label alone on its line, question below",
			in:   devopsHeading + "\n\nQ1:\nWhat is CI?\n\nA: Merging often.\n",
			want: devops(wantQ{1, "What is CI?", []model.Block{para("Merging often.")}}),
		},
		{
			name: "numbered steps in an answer are a list",
			in:   devopsHeading + "\n\nQ1: How do you roll back?\n\nA: Like this:\n1. Find the last good release.\n2. Redeploy it.\n",
			want: devops(wantQ{1, "How do you roll back?", []model.Block{para("Like this:"), list("Find the last good release.", "Redeploy it.")}}),
		},
		{
			name: "wrapped answer lines join into one paragraph",
			in:   devopsHeading + "\n\nQ1: What is CI?\n\nA: Merging work\noften, with tests\non every commit.\n",
			want: devops(wantQ{1, "What is CI?", []model.Block{para("Merging work often, with tests on every commit.")}}),
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, _ := read(t, tc.in, FormatText)
			checkDeck(t, d, tc.want)
		})
	}
}

// damage is copy-paste damage applied to a whole document.
type damage struct {
	name string
	fn   func(string) string
}

var (
	qLabelLine = regexp.MustCompile(`(?m)^Q(\d+):`)
	bulletLine = regexp.MustCompile(`(?m)^ *• `)
	labelSpace = regexp.MustCompile(`(?m)^(Q\d+:|A:|Answer:) `)
)

// everyNth replaces every nth occurrence of old in s with repl.
func everyNth(s, old, repl string, n int) string {
	var b strings.Builder
	for i, part := range strings.Split(s, old) {
		if i > 0 {
			if i%n == 0 {
				b.WriteString(repl)
			} else {
				b.WriteString(old)
			}
		}
		b.WriteString(part)
	}
	return b.String()
}

// eachLine applies fn to every line of s with its index.
func eachLine(s string, fn func(i int, line string) string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = fn(i, l)
	}
	return strings.Join(lines, "\n")
}

var textDamage = []damage{
	{"CRLF", func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }},
	{"CR only", func(s string) string { return strings.ReplaceAll(s, "\n", "\r") }},
	{"UTF-8 BOM", func(s string) string { return "\ufeff" + s }},
	{"NBSP after labels and between words", func(s string) string {
		return everyNth(labelSpace.ReplaceAllString(s, "$1\u00a0"), " ", "\u00a0", 5)
	}},
	{"tabs", func(s string) string {
		s = labelSpace.ReplaceAllString(s, "$1\t")
		return eachLine(s, func(i int, l string) string {
			if l != "" && i%2 == 0 {
				return "\t" + l
			}
			return l
		})
	}},
	{"trailing spaces", func(s string) string {
		return eachLine(s, func(i int, l string) string { return l + []string{"  ", " \t", "\u00a0", " "}[i%4] })
	}},
	{"Q1. labels", func(s string) string { return qLabelLine.ReplaceAllString(s, "Q$1.") }},
	{"Q 1: labels", func(s string) string { return qLabelLine.ReplaceAllString(s, "Q $1:") }},
	{"Question 1: labels", func(s string) string { return qLabelLine.ReplaceAllString(s, "Question $1:") }},
	{"q1) labels", func(s string) string { return qLabelLine.ReplaceAllString(s, "q$1)") }},
	{"- bullets", func(s string) string { return bulletLine.ReplaceAllString(s, "- ") }},
	{"* bullets", func(s string) string { return bulletLine.ReplaceAllString(s, "* ") }},
	{"mixed bullets", func(s string) string {
		return eachLine(s, func(i int, l string) string {
			return bulletLine.ReplaceAllString(l, []string{"- ", "* ", "• ", "\t· "}[i%4])
		})
	}},
	{"extra blank lines", func(s string) string { return "\n\n" + strings.ReplaceAll(s, "\n\n", "\n\n\n\n") + "\n\n\n" }},
	{"zero-width spaces", func(s string) string { return everyNth(s, ". ", ".\u200b ", 3) }},
}

// TestTextDamage applies each kind of copy-paste damage, then all of them
// at once, to the whole article: the model must not change.
func TestTextDamage(t *testing.T) {
	clean := string(readFile(t, articlePath))
	want := textArticle(t)
	all := damage{"all at once", func(s string) string {
		for _, d := range textDamage {
			switch d.name {
			case "CR only", "* bullets", "- bullets", "Q 1: labels", "Question 1: labels", "q1) labels":
				continue // alternatives to ones applied below
			}
			s = d.fn(s)
		}
		return s
	}}
	for _, dm := range append(slices.Clone(textDamage), all) {
		t.Run(dm.name, func(t *testing.T) {
			in := dm.fn(clean)
			if in == clean {
				t.Fatal("the damage changed nothing")
			}
			d, warns := read(t, in, FormatText)
			sameModel(t, want, d)
			if len(warns) > 0 {
				t.Errorf("warnings on the damaged article: %v", warns)
			}
		})
	}
}

// TestFixtureDamage applies the damage a Markdown or HTML file can take
// without changing its meaning to the article's fixtures.
func TestFixtureDamage(t *testing.T) {
	want := textArticle(t)
	for _, fx := range []struct {
		file string
		f    Format
	}{{"article.md", FormatMarkdown}, {"article.html", FormatHTML}} {
		clean := string(readFile(t, "../testdata/articles/"+fx.file))
		for _, dm := range []damage{
			textDamage[0], textDamage[2],
			{"trailing spaces", func(s string) string {
				return eachLine(s, func(i int, l string) string { return l + []string{"  ", " ", "\u00a0"}[i%3] })
			}},
			{"extra blank lines", func(s string) string { return "\n\n" + strings.ReplaceAll(s, "\n", "\n\n\n") }},
		} {
			t.Run(fx.file+"/"+dm.name, func(t *testing.T) {
				d, _ := read(t, dm.fn(clean), fx.f)
				sameModel(t, want, d)
			})
		}
	}
}

// TestRepeatedRole: a second section of one role gets its own role id, and
// a title or sponsor heading that names a role but holds no question does
// not count as the first.
func TestRepeatedRole(t *testing.T) {
	in := "<h1>DevOps and DevSecOps Interview Questions</h1><h3>DevOps tools we love</h3><p>Sponsor text.</p>" +
		"<h2>DevOps Interview Questions</h2><p><b>Q1:</b> a?</p><p>x.</p>" +
		"<h2>DevSecOps Interview Questions</h2><p><b>Q1:</b> b?</p><p>y.</p>" +
		"<h2>More DevOps Questions</h2><p><b>Q1:</b> c?</p><p>z.</p>"
	d, _ := read(t, in, FormatHTML)
	var got []string
	for _, s := range d.Sections {
		got = append(got, s.Role+"/"+s.Name)
	}
	if want := []string{"devops/DevOps", "devsecops/DevSecOps", "devops-2/DevOps 2"}; !slices.Equal(got, want) {
		t.Errorf("sections = %q, want %q", got, want)
	}
	if d.Title != "DevOps and DevSecOps Interview Questions" {
		t.Errorf("title = %q", d.Title)
	}
	if err := d.Validate(); err != nil {
		t.Error(err)
	}
}

// TestMarkdownQuirks covers what Markdown adds to the text rules.
func TestMarkdownQuirks(t *testing.T) {
	devops := func(qs ...wantQ) []wantSection { return []wantSection{{"devops", devopsHeading, qs}} }
	for _, tc := range []struct {
		name string
		in   string
		want []wantSection
	}{
		{
			name: "bold labels, - and * bullets",
			in:   "## " + devopsHeading + "\n\n**Q1:** What is CI?\n\n**A:** Merging often.\n\n**Q2: Which steps?**\n\n**A:**\n\n- One\n* Two\n",
			want: devops(
				wantQ{1, "What is CI?", []model.Block{para("Merging often.")}},
				wantQ{2, "Which steps?", []model.Block{list("One", "Two")}}),
		},
		{
			name: "literal placeholders in and out of code spans",
			in:   "## " + devopsHeading + "\n\n**Q1:** How do you debug a pod?\n\n**A:** Run `kubectl describe pod <name>` or docker logs <container-id>.\n",
			want: devops(wantQ{1, "How do you debug a pod?", []model.Block{para("Run kubectl describe pod <name> or docker logs <container-id>.")}}),
		},
		{
			name: "code fence lines are a code block, never labels",
			in:   "## " + devopsHeading + "\n\n**Q1:** Show a config.\n\n```yaml\nQ2: not a question\n- not a bullet\n```\n\n**Q2:** Next?\n\n**A:** Yes.\n",
			want: devops(
				wantQ{1, "Show a config.", []model.Block{{Type: model.Code, Lang: "yaml", Text: "Q2: not a question\n- not a bullet"}}},
				wantQ{2, "Next?", []model.Block{para("Yes.")}}),
		},
		{
			name: "setext heading, emphasis, links and escapes",
			in:   devopsHeading + "\n---\n\n**Q1:** What is *blue-green*?\n\n**A:** See [the guide](https://example.com) \\*now\\*, _really_.\n",
			want: devops(wantQ{1, "What is blue-green?", []model.Block{para("See the guide *now*, really.")}}),
		},
		{
			name: "heading per question",
			in:   "# " + devopsHeading + "\n\n### 1. What is CI?\n\nMerging often.\n\n### What is CD?\n\nReleasing often.\n",
			want: devops(
				wantQ{1, "What is CI?", []model.Block{para("Merging often.")}},
				wantQ{2, "What is CD?", []model.Block{para("Releasing often.")}}),
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, _ := read(t, tc.in, FormatMarkdown)
			checkDeck(t, d, tc.want)
		})
	}
}

// TestHTMLQuirks covers how pages mark questions up.
func TestHTMLQuirks(t *testing.T) {
	h2 := "<h2>" + strings.ReplaceAll(devopsHeading, "&", "&amp;") + "</h2>"
	devops := func(qs ...wantQ) []wantSection { return []wantSection{{"devops", devopsHeading, qs}} }
	for _, tc := range []struct {
		name string
		in   string
		want []wantSection
	}{
		{
			name: "bold labels, entities, <br> between question and answer",
			in:   h2 + "<p><strong>Q1:</strong>&nbsp;What&#8217;s CI?<br><b>A:</b> Merging &amp; testing &lt;often&gt;.</p>",
			want: devops(wantQ{1, "What’s CI?", []model.Block{para("Merging & testing <often>.")}}),
		},
		{
			name: "list items wrapped in paragraphs, nested lists",
			in:   h2 + "<p><b>Q1:</b> Which steps?</p><ul><li><p>One</p></li><li><p>Two</p><ul><li>Two and a half</li></ul></li></ul>",
			want: devops(wantQ{1, "Which steps?", []model.Block{list("One", "Two", "Two and a half")}}),
		},
		{
			name: "whole question in bold, no label",
			in:   h2 + "<p><strong>What is CI?</strong></p><p>Merging often.</p><p><b>What is CD?</b></p><p>Releasing often.</p>",
			want: devops(
				wantQ{1, "What is CI?", []model.Block{para("Merging often.")}},
				wantQ{2, "What is CD?", []model.Block{para("Releasing often.")}}),
		},
		{
			name: "details and summary",
			in:   h2 + "<details><summary>What is CI?</summary><p>Merging often.</p></details><details><summary>Q2: What is CD?</summary>Releasing often.</details>",
			want: devops(
				wantQ{1, "What is CI?", []model.Block{para("Merging often.")}},
				wantQ{2, "What is CD?", []model.Block{para("Releasing often.")}}),
		},
		{
			name: "page furniture is skipped",
			in: "<html><head><title>T</title><script>var q = 'Q1: no?';</script><style>p:before{content:'Q2: no?'}</style></head><body>" +
				"<nav><ul><li>Q3: menu?</li></ul></nav><form><p>Q4: subscribe?</p></form>" + h2 +
				"<p><b>Q1:</b> What is CI?</p><p>Merging often.</p><div class=\"cookie-banner\"><p>Accept cookies?</p></div>" +
				"<aside><p>Q5: sidebar?</p></aside><footer><p>Q6: footer?</p></footer><template><p>Q7: no?</p></template></body></html>",
			want: devops(wantQ{1, "What is CI?", []model.Block{para("Merging often.")}}),
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, _ := read(t, tc.in, FormatHTML)
			checkDeck(t, d, tc.want)
		})
	}
}
