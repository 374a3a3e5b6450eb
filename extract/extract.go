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

// MaxInput is the largest input the readers accept. The article is 40 KB;
// anything near this size is not an article.
const MaxInput = 64 << 20

// Options tunes a reader. The zero value is ready to use.
type Options struct {
	// Warn receives anomalies that do not stop extraction (empty answers,
	// numbering gaps, question-like text that was not taken), each with a
	// severity; see Summary. Nil drops them.
	Warn func(Warning)
	// Questions overrides layout detection: a named layout (heading:1 …
	// heading:6, label, numbered, bold, bullet, summary, table) or a
	// regular expression matched against each line, whose first group, if
	// any, is the question. Check a value with CheckQuestions.
	Questions string
	// Layout, if set, receives one line saying which layout was chosen and
	// why, for lint: `questions: level-2 headings "## N. …" (15 found);
	// answers: everything up to the next one`.
	Layout func(string)
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

// Read decodes body (see Decode) and extracts it in format f ("" is text).
func Read(body []byte, f Format, opts Options) (*model.Deck, error) {
	if f == "" {
		f = FormatText
	}
	r, ok := readerFor(f)
	if !ok {
		return nil, fmt.Errorf("unknown input format %q", f)
	}
	return r.read(bytes.NewReader(body), opts)
}

// read runs the reader on r: decode, lower, build.
func (rd *reader) read(r io.Reader, opts Options) (*model.Deck, error) {
	s, err := readAll(r, opts)
	if err != nil {
		return nil, err
	}
	blocks, h, err := rd.lower(s)
	if err != nil {
		return nil, err
	}
	return build(blocks, h, opts)
}

// readAll reads at most MaxInput bytes and decodes them to text.
func readAll(r io.Reader, opts Options) (string, error) {
	return readLimited(r, MaxInput, opts)
}

// readLimited reads at most limit bytes and decodes them to text; more is
// refused without reading further.
func readLimited(r io.Reader, limit int64, opts Options) (string, error) {
	body, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return "", err
	}
	if int64(len(body)) > limit {
		return "", fmt.Errorf("input is larger than %s", sizeName(limit))
	}
	s, enc, err := Decode(body)
	if err != nil {
		return "", err
	}
	if n := strings.Count(s, "\ufffd"); n > 0 {
		// U+FFFD stands for bytes an earlier conversion could not read:
		// the text around them is probably damaged too.
		opts.serious(KindEncoding, 0, "input holds %d undecodable character(s) (U+FFFD)", n)
	}
	switch enc {
	case "":
	case "UTF-16":
		// A byte order mark says so: nothing was guessed.
		opts.info(KindEncoding, 0, "input is not UTF-8; decoded as %s", enc)
	default:
		opts.serious(KindEncoding, 0, "input is not UTF-8; decoded as %s", enc)
	}
	return s, nil
}

// sizeName writes a limit in MiB when it is whole MiB, else in bytes.
func sizeName(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}
