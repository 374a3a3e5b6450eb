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
		// A code fence or a table's delimiter row is Markdown too.
		{"", "Notes\n\n```\nls -la\n```\n", FormatMarkdown},
		{"", "| Question | Answer |\n|---|---|\n| What? | That. |\n", FormatMarkdown},
		{"", "Question | Answer\n:--- | ---:\nWhat? | That.\n", FormatMarkdown},
		{"", "Q1: What is a - b?\n\nA: a minus b.\n", FormatText},
	} {
		if got := Detect([]byte(tc.body), tc.name, ""); got != tc.want {
			t.Errorf("Detect(%q, %q) = %s, want %s", tc.body, tc.name, got, tc.want)
		}
		if tc.name == "" {
			if got := DetectContent([]byte(tc.body)); got != tc.want {
				t.Errorf("DetectContent(%q) = %s, want %s", tc.body, got, tc.want)
			}
		}
	}
}

// TestDetectMediaType: a declared type wins over the extension and the
// content, except text/plain, which servers send for Markdown too.
func TestDetectMediaType(t *testing.T) {
	const md = "# DevOps\n\n**Q1:** a?"
	for _, tc := range []struct {
		mt, name, body string
		want           Format
	}{
		{"text/html", "a.md", md, FormatHTML},
		{"text/html; charset=utf-8", "", md, FormatHTML},
		{"application/xhtml+xml", "", "Q1: a?", FormatHTML},
		{"text/markdown", "a.txt", "<html>", FormatMarkdown},
		{"TEXT/X-MARKDOWN", "", "Q1: a?", FormatMarkdown},
		{"text/plain", "", md, FormatMarkdown},
		{"text/plain; charset=utf-8", "a.html", md, FormatHTML},
		{"text/plain", "", "Q1: a?", FormatText},
		{"application/octet-stream", "", "<!doctype html><p>Q1: a?", FormatHTML},
		{"not a type;;", "a.md", "", FormatMarkdown},
		{"", "README.MD", "Q1: a?", FormatMarkdown},
	} {
		if got := Detect([]byte(tc.body), tc.name, tc.mt); got != tc.want {
			t.Errorf("Detect(%q, %q, %q) = %s, want %s", tc.body, tc.name, tc.mt, got, tc.want)
		}
	}
}

// TestReaderTable: each name, extension and media type names one reader,
// every reader can be named by its format, lowered and read, and exactly
// one is the fallback.
func TestReaderTable(t *testing.T) {
	seen := map[string]Format{}
	once := func(kind, key string, f Format) {
		t.Helper()
		if key != strings.ToLower(key) || strings.TrimSpace(key) != key || key == "" {
			t.Errorf("%s %q of %s is not lower case and trimmed", kind, key, f)
		}
		if prev, ok := seen[kind+" "+key]; ok {
			t.Errorf("%s %q belongs to %s and %s", kind, key, prev, f)
		}
		seen[kind+" "+key] = f
	}
	fallbacks := 0
	for _, r := range readers {
		if len(r.names) == 0 || r.names[0] != string(r.format) {
			t.Errorf("%s: first name %v is not the format", r.format, r.names)
		}
		for _, n := range r.names {
			once("name", n, r.format)
		}
		for _, e := range r.exts {
			once("extension", e, r.format)
			if !strings.HasPrefix(e, ".") {
				t.Errorf("%s: extension %q has no dot", r.format, e)
			}
			if got := Detect(nil, "doc"+strings.ToUpper(e), ""); got != r.format {
				t.Errorf("Detect(doc%s) = %s, want %s", e, got, r.format)
			}
		}
		for _, mt := range r.mediaTypes {
			once("media type", mt, r.format)
			if got := Detect(nil, "", mt); !r.fallback && got != r.format {
				t.Errorf("Detect(type %s) = %s, want %s", mt, got, r.format)
			}
		}
		if r.fallback {
			fallbacks++
		}
		if r.sniff == nil || r.lower == nil {
			t.Errorf("%s: no sniff or lower function", r.format)
		}
		if (r.maxSniff > 0) == r.fallback {
			t.Errorf("%s: maxSniff %d; want 0 exactly for the fallback", r.format, r.maxSniff)
		}
		if f, err := ParseFormat(strings.ToUpper(string(r.format))); err != nil || f != r.format {
			t.Errorf("ParseFormat(%s) = %s, %v", r.format, f, err)
		}
		if d, err := Read([]byte("Q1: What is CI?\n\nA: Merging often.\n"), r.format, Options{}); err != nil || d.Count() != 1 {
			t.Errorf("Read as %s: %v", r.format, err)
		}
	}
	if fallbacks != 1 {
		t.Errorf("%d fallback readers, want 1", fallbacks)
	}
	if got := Formats(); len(got) != len(readers) {
		t.Errorf("Formats() = %v", got)
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
