package extract

import (
	"strings"
	"testing"
)

func TestDetect(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       Format
	}{
		// The extension wins over the content.
		{"a.html", "Q1: plain?", FormatHTML},
		{"A.HTM", "", FormatHTML},
		{"a.md", "<html>", FormatMarkdown},
		{"a.markdown", "", FormatMarkdown},
		{"a.txt", "# heading", FormatText},
		// Otherwise the content decides.
		{"", "<!DOCTYPE html><html><body><p>Q1: a?</p>", FormatHTML},
		{"a.out", "\ufeff  <!-- saved --> <html lang=en>", FormatHTML},
		{"", "<p><b>Q1:</b> a?</p>", FormatHTML},
		{"", "<h2>DevOps</h2>\n<p>Q1: a?</p>", FormatHTML},
		{"", "<details><summary>What?</summary>Yes</details>", FormatHTML},
		{"", "# DevOps\n\n**Q1:** a?", FormatMarkdown},
		{"", "Intro\n\n**Q1: a?**\n\nyes", FormatMarkdown},
		// A GitHub README that opens with a centred logo is Markdown.
		{"", "<p align=\"center\"><img src=\"logo.png\"/></p>\n\n# DevOps Exercises\n\n<details>\n<summary>What?</summary>\n</details>", FormatMarkdown},
		{"", "DevOps Questions\n\nQ1: What is <name>?\n\nA: A placeholder.", FormatText},
		{"", "", FormatText},
		{"", "#hashtag is not a heading", FormatText},
	} {
		if got := Detect([]byte(tc.body), tc.name); got != tc.want {
			t.Errorf("Detect(%q, %q) = %s, want %s", tc.body, tc.name, got, tc.want)
		}
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]Format{
		"text": FormatText, "TXT": FormatText, " plain ": FormatText,
		"markdown": FormatMarkdown, "md": FormatMarkdown,
		"html": FormatHTML, "HTM": FormatHTML,
	} {
		if got, err := ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %s, %v; want %s", in, got, err, want)
		}
	}
	_, err := ParseFormat("pdf")
	if err == nil || !strings.Contains(err.Error(), "text, markdown, html") {
		t.Errorf("ParseFormat(pdf) error = %v, want one listing the formats", err)
	}
	if _, err := Read([]byte("Q1: a?"), "pdf", Options{}); err == nil {
		t.Error("Read with an unknown format: no error")
	}
}
