package extract

import "regexp"

// blockKind is the kind of one unit of the stream the readers produce.
type blockKind int

const (
	bText     blockKind = iota // a line or paragraph of prose
	bHeading                   // a heading (Markdown #, HTML <h1>–<h6>)
	bBullet                    // one bullet or numbered list item
	bBlank                     // a paragraph break
	bQuestion                  // an explicit question (<summary>, a Q&A table row)
	bCode                      // a code block: text kept exactly, lang
	bTable                     // a table: rows, the first the header
)

// block is one unit of a document, already stripped of markup.
type block struct {
	kind  blockKind
	level int    // heading level
	text  string // cleaned text: single spaces, no labels stripped yet; code as written
	line  int    // 1-based source line, 0 when unknown
	bold  bool   // the whole block was bold (often a question)
	lang  string // a code block's language
	rows  [][]string
	// inAnswer: inside a <details> after its <summary>, so answer content
	// whatever it looks like.
	inAnswer bool
	quote    bool // a block quote line
	indent   int  // leading columns of the source line (text and Markdown)
	table    bool // a question made from a Q&A table row
	number   int  // a table row's number column
	option   bool // a quiz option ("b) …") kept as a list item
	lead     bool // opens with a bold numbered lead-in: "**1. Design:** …"
}

// hints carries document facts a reader found outside the block stream.
type hints struct {
	title, author string
	markup        string // "markdown", "html" or "" (plain text): how layouts are described
}

var (
	// Words that mark a line as a section heading even when numbering does
	// not restart after it.
	headingWords = regexp.MustCompile(`(?i)\b(interview|questions?|q\s*&\s*a|q&as?)\b`)
	authorRe     = regexp.MustCompile(`(?:\b[Bb]y|\b[Aa]uthor:|[Ii]t['’]s|I['’]m|I am)\s+([A-Z][\p{L}'’-]+(?:\s+[A-Z][\p{L}'’-]+){1,2})\b`)
)
