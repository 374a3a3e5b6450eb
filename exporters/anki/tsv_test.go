package anki

import (
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/xopsexport/xopsexport/internal/golden"
	"github.com/xopsexport/xopsexport/internal/testdeck"
	"github.com/xopsexport/xopsexport/model"
)

func TestTSVGolden(t *testing.T) {
	golden.Check(t, "../../testdata/golden/anki/article.tsv", export(t, TSV, testdeck.Article(), Options{Date: testdeck.Date}))
	golden.Check(t, "../../testdata/golden/anki/hostile.tsv", export(t, TSV, testdeck.Hostile(), Options{Date: testdeck.Date}))
}

func TestTSVHeaders(t *testing.T) {
	article := testdeck.Article()
	tests := []struct {
		name string
		deck *model.Deck
		opts Options
		want []string
	}{
		{"all roles", article, Options{}, []string{
			"#separator:tab", "#html:true", "#notetype:Basic", "#deck column:2", "#guid column:1",
			"#tags column:5", "#if matches:update current", "#match scope:notetype"}},
		{"one role", article.Filter([]string{"cloudops"}), Options{}, []string{
			"#separator:tab", "#html:true", "#notetype:Basic", "#deck:xOps Interview", "#guid column:1",
			"#tags column:4", "#if matches:update current", "#match scope:notetype"}},
		{"reversed, own deck name", article.Filter([]string{"mlops"}), Options{Notetype: "basic-reversed", Deck: " Study :: xOps\t"}, []string{
			"#separator:tab", "#html:true", "#notetype:Basic (and reversed card)", "#deck:Study::xOps", "#guid column:1",
			"#tags column:4", "#if matches:update current", "#match scope:notetype"}},
		{"no sections", &model.Deck{}, Options{}, []string{
			"#separator:tab", "#html:true", "#notetype:Basic", "#deck:xOps Interview", "#guid column:1",
			"#tags column:4", "#if matches:update current", "#match scope:notetype"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			headers, body := splitTSV(t, export(t, TSV, tt.deck, tt.opts))
			if strings.Join(headers, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("headers:\n%s\nwant:\n%s", strings.Join(headers, "\n"), strings.Join(tt.want, "\n"))
			}
			if n := len(ankiRecords(body, '\t')); n != tt.deck.Count() {
				t.Errorf("Anki would read %d rows, want %d", n, tt.deck.Count())
			}
		})
	}
}

// TestTSVRoundTrip reads the file back with encoding/csv and an HTML
// tokenizer and compares every field with the model.
func TestTSVRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name string
		deck *model.Deck
	}{
		{"article", testdeck.Article()},
		{"hostile", testdeck.Hostile()},
		{"synthetic", testdeck.Synthetic(300)},
		{"structured", testdeck.Structured()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := tc.deck
			_, body := splitTSV(t, export(t, TSV, d, Options{Date: testdeck.Date}))
			rows := csvRows(t, body, 5)
			if len(rows) != d.Count() {
				t.Fatalf("%d rows, want %d", len(rows), d.Count())
			}
			if !equalRecords(rows, ankiRecords(body, '\t')) {
				t.Error("encoding/csv and Anki's reader disagree on the file")
			}
			i := 0
			for _, s := range d.Sections {
				for _, q := range s.Questions {
					row := rows[i]
					i++
					if row[0] != GUID(q.ID) {
						t.Errorf("%s: GUID %q, want %q", q.ID, row[0], GUID(q.ID))
					}
					if want := DefaultDeck + "::" + s.Name; row[1] != want {
						t.Errorf("%s: deck %q, want %q", q.ID, row[1], want)
					}
					if got, want := fieldText(t, row[2]), cleanText(q.Question); got != want {
						t.Errorf("%s: front reads back as %q, want %q", q.ID, got, want)
					}
					if got, want := answerBlocks(t, row[3]), wantBlocks(q.Answer); !equalBlocks(got, want) {
						t.Errorf("%s: back reads back as %+v, want %+v", q.ID, got, want)
					}
					wantTags := append([]string{"xops", "xops::" + s.Role}, q.Tags...)
					if got := strings.Fields(row[4]); strings.Join(got, " ") != strings.Join(wantTags, " ") {
						t.Errorf("%s: tags %q, want %q", q.ID, got, wantTags)
					}
				}
			}
		})
	}
}

// TestTSVEscaping puts each troublesome string in a question and in an
// answer and checks what Anki would read and show.
func TestTSVEscaping(t *testing.T) {
	cases := []struct {
		name, text, html string
	}{
		{"less than", "a < b", "a &lt; b"},
		{"ampersand", "R&D and &amp;", "R&amp;D and &amp;amp;"},
		{"placeholder", "kubectl logs <name>", "kubectl logs &lt;name&gt;"},
		{"script", `<script>alert("x")</script>`, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"},
		{"tag", "<b>bold</b> <img src=x onerror=alert(1)>", "&lt;b&gt;bold&lt;/b&gt; &lt;img src=x onerror=alert(1)&gt;"},
		{"quote", `say "hi"`, "say &quot;hi&quot;"},
		{"tab", "a\tb", "a\tb"},
		{"newline", "one\ntwo\r\nthree\rfour", "one<br>two<br>three<br>four"},
		{"leading hash", "#!/bin/bash", "#!/bin/bash"},
		{"control characters", "bell\a and esc\x1b", "bell and esc"},
		{"10,000-character line", strings.Repeat("x<", 5000), strings.Repeat("x&lt;", 5000)},
	}
	d := &model.Deck{Sections: []model.Section{{Role: "devops", Name: "DevOps"}}}
	s := &d.Sections[0]
	for i, c := range cases {
		s.Questions = append(s.Questions, model.Question{
			ID: "devops-" + c.name, Number: i + 1, Question: c.text,
			Answer: []model.Block{{Type: model.Paragraph, Text: c.text}, {Type: model.List, Items: []string{c.text}}},
		})
	}
	data := export(t, TSV, d, Options{})
	if strings.Contains(strings.ToLower(string(data)), "<script") || strings.Contains(string(data), "<b>") || strings.Contains(string(data), "<img") {
		t.Errorf("source markup reached the file:\n%s", data)
	}
	_, body := splitTSV(t, data)
	for _, line := range strings.Split(body, "\n") {
		if strings.HasPrefix(line, "#") {
			t.Errorf("a line starts with '#', Anki drops it: %q", line)
		}
	}
	rows := ankiRecords(body, '\t')
	if len(rows) != len(cases) {
		t.Fatalf("Anki would read %d rows, want %d:\n%s", len(rows), len(cases), body)
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			row := rows[i]
			if len(row) != 4 {
				t.Fatalf("row has %d fields, want 4: %q", len(row), row)
			}
			if row[1] != c.html {
				t.Errorf("front = %q, want %q", row[1], c.html)
			}
			if want := "<p>" + c.html + "</p><ul><li>" + c.html + "</li></ul>"; row[2] != want {
				t.Errorf("back = %q, want %q", row[2], want)
			}
			if got := fieldText(t, row[1]); got != cleanText(c.text) {
				t.Errorf("front shows %q, want %q", got, cleanText(c.text))
			}
		})
	}
}

func TestTSVQuoting(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"x#y", "x#y"},
		{"#x", `"#x"`},
		{"a\tb", "\"a\tb\""},
		{`a"b`, `"a""b"`},
		{"a\nb", "\"a\nb\""},
		{"a\rb", "\"a\rb\""},
		{"", ""},
	}
	for _, tt := range tests {
		var b strings.Builder
		appendField(&b, tt.in)
		if b.String() != tt.want {
			t.Errorf("appendField(%q) = %q, want %q", tt.in, b.String(), tt.want)
		}
	}
}

func FuzzField(f *testing.F) {
	for _, s := range testdeck.HostileStrings {
		f.Add(s, s)
	}
	f.Add("#1", "\"\"\r\n#")
	f.Add("", "")
	f.Fuzz(func(t *testing.T, a, b string) {
		var row strings.Builder
		appendField(&row, a)
		row.WriteByte('\t')
		appendField(&row, b)
		row.WriteByte('\n')
		got := ankiRecords(row.String(), '\t')
		if want := [][]string{{a, b}}; !equalRecords(got, want) {
			t.Errorf("row %q reads back as %q, want %q", row.String(), got, want)
		}
	})
}

func TestTSVEmptyAnswer(t *testing.T) {
	d := testdeck.Hostile()
	_, body := splitTSV(t, export(t, TSV, d, Options{}))
	rows := csvRows(t, body, 5)
	last := rows[len(d.Sections[0].Questions)-1]
	if last[2] != "A question with no answer?" || last[3] != "" {
		t.Errorf("question without answer: %q", last)
	}
}

func TestTSVLeavesDeckAlone(t *testing.T) {
	d := testdeck.Hostile()
	before, _ := json.Marshal(d)
	export(t, TSV, d, Options{Notetype: "basic-reversed"})
	export(t, APKG, d, Options{Notetype: "basic-reversed"})
	after, _ := json.Marshal(d)
	if string(before) != string(after) {
		t.Error("the writers modified the deck")
	}
}

func TestTSVDeterministic(t *testing.T) {
	d := testdeck.Article()
	a := export(t, TSV, d, Options{Date: testdeck.Date})
	b := export(t, TSV, d.Clone(), Options{Date: testdeck.Date})
	if string(a) != string(b) {
		t.Error("two exports of the same deck differ")
	}
}

func TestOptionErrors(t *testing.T) {
	for name, write := range map[string]func(io.Writer, *model.Deck, Options) error{"anki": TSV, "apkg": APKG} {
		err := write(io.Discard, testdeck.Article(), Options{Notetype: "cloze"})
		if err == nil || !strings.HasPrefix(err.Error(), name+": ") || !strings.Contains(err.Error(), "basic, basic-reversed") {
			t.Errorf("%s with an unknown note type: %v", name, err)
		}
		if err := write(io.Discard, nil, Options{}); err == nil {
			t.Errorf("%s accepted a nil deck", name)
		}
	}
}

func TestDuplicateIDsRefused(t *testing.T) {
	d := &model.Deck{Sections: []model.Section{{Role: "devops", Name: "DevOps", Questions: []model.Question{
		{ID: "devops-1", Question: "a?"}, {ID: "devops-1", Question: "b?"},
	}}}}
	if err := TSV(io.Discard, d, Options{}); err == nil || !strings.Contains(err.Error(), "GUID") {
		t.Errorf("two questions with one ID: %v", err)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteErrors(t *testing.T) {
	for name, write := range map[string]func(io.Writer, *model.Deck, Options) error{"anki": TSV, "apkg": APKG} {
		if err := write(failingWriter{}, testdeck.Article(), Options{}); err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Errorf("%s: a failing writer gave %v", name, err)
		}
	}
}

// BenchmarkExport measures both writers on the article and a generated
// deck: BenchmarkExport/tsv/article, BenchmarkExport/apkg/synthetic-10000, ...
func BenchmarkExport(b *testing.B) {
	decks := []struct {
		name string
		deck *model.Deck
	}{{"article", testdeck.Article()}, {"synthetic-10000", testdeck.Synthetic(10000)}}
	for _, w := range []struct {
		name  string
		write func(io.Writer, *model.Deck, Options) error
	}{{"tsv", TSV}, {"apkg", APKG}} {
		for _, bc := range decks {
			b.Run(w.name+"/"+bc.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if err := w.write(io.Discard, bc.deck, Options{Date: testdeck.Date}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
