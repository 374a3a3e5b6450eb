// Package extract reads an interview Q&A article (plain text, Markdown or
// HTML) into a model.Deck. Every reader turns its input into the same stream
// of blocks (headings, paragraphs, bullet items) and one builder assembles
// the deck from that stream, so all formats agree on what a question, an
// answer and a section are.
package extract

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/xopsexport/xopsexport/model"
)

// Format is an input format.
type Format string

// The input formats.
const (
	FormatText     Format = "text"
	FormatMarkdown Format = "markdown"
	FormatHTML     Format = "html"
)

// Formats lists the input formats, for help and error messages.
func Formats() []Format { return []Format{FormatText, FormatMarkdown, FormatHTML} }

// ParseFormat turns a --from value into a Format.
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "text", "txt", "plain":
		return FormatText, nil
	case "markdown", "md":
		return FormatMarkdown, nil
	case "html", "htm":
		return FormatHTML, nil
	}
	return "", fmt.Errorf("unknown input format %q (valid: text, markdown, html)", s)
}

// MaxInput is the largest input the readers accept. The article is 40 KB;
// anything near this size is not an article.
const MaxInput = 64 << 20

// Options tunes a reader. The zero value is ready to use.
type Options struct {
	// Warn receives anomalies that do not stop extraction (numbering gaps,
	// empty answers, question-like text that was not taken). Nil drops them.
	Warn func(Warning)
}

func (o Options) warn(line int, format string, args ...any) {
	if o.Warn != nil {
		o.Warn(Warning{Line: line, Msg: fmt.Sprintf(format, args...)})
	}
}

// Warning is an anomaly found while extracting.
type Warning struct {
	Line int // 1-based line in the input; 0 when unknown (HTML)
	Msg  string
}

func (w Warning) String() string {
	if w.Line > 0 {
		return fmt.Sprintf("line %d: %s", w.Line, w.Msg)
	}
	return w.Msg
}

// ErrNoQuestions is returned when an input holds no question at all.
var ErrNoQuestions = errors.New("no questions found")

// Error is an extraction failure tied to a place in the input.
type Error struct {
	Line int
	Err  error
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %v", e.Line, e.Err)
	}
	return e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// Detect guesses the format of body, using the file name's extension first
// and the content second.
func Detect(body []byte, name string) Format {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".html", ".htm", ".xhtml":
		return FormatHTML
	case ".md", ".markdown", ".mdown":
		return FormatMarkdown
	case ".txt", ".text":
		return FormatText
	}
	return DetectContent(body)
}

var (
	// A whole page: HTML whatever else it holds.
	htmlPage = regexp.MustCompile(`(?i)^\s*(<!--.*?-->\s*)*(<!doctype\s+html|<html|<head|<body)`)
	// A fragment: HTML unless Markdown syntax says it is a README that
	// starts with a centred logo (<p align="center">).
	htmlSniff = regexp.MustCompile(`(?i)^\s*(<!--.*?-->\s*)*(<meta|<div|<p[\s>]|<h[1-6][\s>]|<article|<section|<main|<ul[\s>]|<details[\s>])`)
	mdSniff   = regexp.MustCompile(`(?m)^(#{1,6} \S|\*\*Q\s*\d|\*\*Question)`)
)

// sniffLen is how much of the input content detection looks at.
const sniffLen = 64 << 10

// DetectContent guesses the format from the content alone.
func DetectContent(body []byte) Format {
	if len(body) > sniffLen {
		body = body[:sniffLen]
	}
	body = bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))
	head := body
	if len(head) > 4096 {
		head = head[:4096]
	}
	switch {
	case htmlPage.Match(head):
		return FormatHTML
	case mdSniff.Match(body):
		return FormatMarkdown
	case htmlSniff.Match(head):
		return FormatHTML
	}
	return FormatText
}

// Read decodes body (see Decode) and extracts it in format f.
func Read(body []byte, f Format, opts Options) (*model.Deck, error) {
	switch f {
	case FormatHTML:
		return HTML(bytes.NewReader(body), opts)
	case FormatMarkdown:
		return Markdown(bytes.NewReader(body), opts)
	case FormatText, "":
		return Text(bytes.NewReader(body), opts)
	}
	return nil, fmt.Errorf("unknown input format %q", f)
}

// readAll reads at most MaxInput bytes and decodes them to text.
func readAll(r io.Reader, opts Options) (string, error) {
	body, err := io.ReadAll(io.LimitReader(r, MaxInput+1))
	if err != nil {
		return "", err
	}
	if len(body) > MaxInput {
		return "", fmt.Errorf("input is larger than %d MiB", MaxInput>>20)
	}
	s, enc, err := Decode(body)
	if err != nil {
		return "", err
	}
	if enc != "" {
		opts.warn(0, "input is not UTF-8; decoded as %s", enc)
	}
	return s, nil
}
