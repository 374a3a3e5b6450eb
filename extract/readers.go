package extract

import (
	"bytes"
	"fmt"
	"mime"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// reader is one input format: the names --from accepts, the extensions and
// media types that declare it, how its content is recognised, and how its
// text is lowered to the block stream build assembles. A new reader is one
// file with its lowering function and one row in readers.
type reader struct {
	format Format
	// names are the --from spellings; the first is string(format).
	names []string
	// exts are file extensions, lower case with the dot.
	exts []string
	// mediaTypes are the types a server or snapshot declares for it.
	mediaTypes []string
	// fallback marks the reader used when nothing else matches. Its media
	// type decides nothing: servers send Markdown as text/plain too.
	fallback bool
	// sniff scores how sure the content is this format: 0 not at all; the
	// highest score wins. head is the first 4 KiB, body the first 64 KiB,
	// both without a UTF-8 byte order mark. maxSniff is the highest score
	// it gives: a reader that cannot beat the best so far is not asked.
	sniff    func(head, body []byte) int
	maxSniff int
	// lower turns decoded text into blocks.
	lower func(s string) ([]block, hints, error)
}

// readers is the reader table: Formats, ParseFormat, Detect and Read all
// come from it, in this order.
var readers = []reader{
	{
		format:     FormatText,
		names:      []string{"text", "txt", "plain"},
		exts:       []string{".txt", ".text"},
		mediaTypes: []string{"text/plain"},
		fallback:   true,
		sniff:      func(_, _ []byte) int { return 0 },
		lower:      func(s string) ([]block, hints, error) { return lineBlocks(s, false), hints{}, nil },
	},
	{
		format:     FormatMarkdown,
		names:      []string{"markdown", "md"},
		exts:       []string{".md", ".markdown", ".mdown"},
		mediaTypes: []string{"text/markdown", "text/x-markdown"},
		sniff:      sniffMarkdown,
		maxSniff:   sniffSyntax,
		lower:      func(s string) ([]block, hints, error) { return lineBlocks(s, true), hints{markup: "markdown"}, nil },
	},
	{
		format:     FormatHTML,
		names:      []string{"html", "htm"},
		exts:       []string{".html", ".htm", ".xhtml"},
		mediaTypes: []string{"text/html", "application/xhtml+xml"},
		sniff:      sniffHTML,
		maxSniff:   sniffPage,
		lower:      htmlBlocks,
	},
}

func readerFor(f Format) (*reader, bool) {
	for i := range readers {
		if readers[i].format == f {
			return &readers[i], true
		}
	}
	return nil, false
}

// Formats lists the input formats, for help and error messages.
func Formats() []Format {
	fs := make([]Format, len(readers))
	for i, r := range readers {
		fs[i] = r.format
	}
	return fs
}

// ParseFormat turns a --from value into a Format.
func ParseFormat(s string) (Format, error) {
	want := strings.ToLower(strings.TrimSpace(s))
	for _, r := range readers {
		for _, n := range r.names {
			if n == want {
				return r.format, nil
			}
		}
	}
	names := make([]string, len(readers))
	for i, r := range readers {
		names[i] = string(r.format)
	}
	return "", fmt.Errorf("unknown input format %q (valid: %s)", s, strings.Join(names, ", "))
}

// Detect picks the reader for body: the media type a server or snapshot
// declared ("" for none), else the file name's extension, else the
// content. text/plain declares nothing useful (Markdown is served as
// text/plain), so it falls through to the extension and the content.
func Detect(body []byte, name, mediaType string) Format {
	if f, ok := formatOfMediaType(mediaType); ok {
		return f
	}
	ext := strings.ToLower(filepath.Ext(name))
	for _, r := range readers {
		for _, e := range r.exts {
			if e == ext {
				return r.format
			}
		}
	}
	return detectContent(body)
}

// formatOfMediaType is the reader a declared media type names; parameters
// (charset) are ignored and a fallback reader's type decides nothing.
func formatOfMediaType(mt string) (Format, bool) {
	if strings.TrimSpace(mt) == "" {
		return "", false
	}
	if parsed, _, err := mime.ParseMediaType(mt); err == nil {
		mt = parsed
	} else {
		mt = strings.ToLower(strings.TrimSpace(mt))
	}
	for _, r := range readers {
		for _, t := range r.mediaTypes {
			if t == mt && !r.fallback {
				return r.format, true
			}
		}
	}
	return "", false
}

// DetectContent guesses the format from the content alone. It is
// Detect(body, "", "") and stays for callers not yet passing a name.
func DetectContent(body []byte) Format { return detectContent(body) }

// sniffLen is how much of the input content detection looks at.
const sniffLen = 64 << 10

func detectContent(body []byte) Format {
	if len(body) > sniffLen {
		body = body[:sniffLen]
	}
	body = bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))
	head := body
	if len(head) > 4096 {
		head = head[:4096]
	}
	best, score := Format(""), 0
	for _, r := range readers {
		if r.fallback && best == "" {
			best = r.format
		}
	}
	// Ask the readers that can be surest first, and stop asking once no
	// other can beat the best answer: a whole HTML page ends the search.
	order := make([]int, len(readers))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return readers[b].maxSniff - readers[a].maxSniff })
	for _, i := range order {
		r := readers[i]
		if r.fallback || r.maxSniff <= score {
			continue
		}
		if s := r.sniff(head, body); s > score {
			best, score = r.format, s
		}
	}
	return best
}

var (
	// A whole page: HTML whatever else it holds.
	htmlPage = regexp.MustCompile(`(?i)^\s*(<!--.*?-->\s*)*(<!doctype\s+html|<html|<head|<body)`)
	// A fragment: HTML unless Markdown syntax says it is a README that
	// starts with a centred logo (<p align="center">).
	htmlSniff = regexp.MustCompile(`(?i)^\s*(<!--.*?-->\s*)*(<meta|<div|<p[\s>]|<h[1-6][\s>]|<article|<section|<main|<ul[\s>]|<details[\s>])`)
	mdSniff   = regexp.MustCompile(`(?m)^(#{1,6} \S|\*\*Q\s*\d|\*\*Question)`)
)

// The sniff scores: a whole HTML page beats Markdown syntax, which beats
// an HTML fragment (READMEs open with <p align="center"> logos).
const (
	sniffFragment = 1
	sniffSyntax   = 2
	sniffPage     = 3
)

func sniffHTML(head, _ []byte) int {
	switch {
	case htmlPage.Match(head):
		return sniffPage
	case htmlSniff.Match(head):
		return sniffFragment
	}
	return 0
}

// sniffMarkdown finds Markdown syntax: a heading, a bold label, a code
// fence or a table's delimiter row (|---|:--:|) at the start of a line.
func sniffMarkdown(_, body []byte) int {
	if mdSniff.Match(body) {
		return sniffSyntax
	}
	for len(body) > 0 {
		line := body
		if i := bytes.IndexByte(body, '\n'); i >= 0 {
			line, body = body[:i], body[i+1:]
		} else {
			body = nil
		}
		t := bytes.TrimSpace(line)
		if bytes.HasPrefix(t, []byte("```")) || bytes.HasPrefix(t, []byte("~~~")) ||
			bytes.Contains(t, []byte("---")) && bytes.IndexByte(t, '|') >= 0 && isDelimiterRow(string(t)) {
			return sniffSyntax
		}
	}
	return 0
}
