// Package markdown writes the deck as one Markdown file that reads well on
// GitHub and in Obsidian: a heading per role, a heading per question with
// a stable anchor (<a id="cloudops-9d4e8ac8"></a>, the question ID), and
// the answer as written: paragraphs, lists, sub-headings, fenced code with
// its language, tables.
//
// With Flashcards, each question is a multi-line card of the Obsidian
// Spaced Repetition plugin (question, a line "?", the answer) under a
// "#flashcards/<role>" tag line, so each role is its own deck. The plugin
// ends a card at the first blank line (st3v3nmw/obsidian-spaced-repetition
// src/parser.ts), so inside a card the answer has no blank line: blocks
// follow each other directly, lines of text end in a hard line break
// (backslash), list items and table rows are text lines ("• item",
// "a | b | c") because a Markdown list or table would swallow the line
// after it without a blank line between; code fences keep their blank
// lines (the plugin reads a fence as a whole).
package markdown

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xopsexport/xopsexport/model"
)

// Options tunes the Markdown file.
type Options struct {
	// Flashcards writes Obsidian Spaced Repetition cards.
	Flashcards bool
}

// Export writes d to w as Markdown.
func Export(w io.Writer, d *model.Deck, o Options) error {
	bw := bufio.NewWriter(w)
	var b strings.Builder
	title := oneLine(d.Title)
	if title == "" {
		title = "Interview questions"
	}
	b.WriteString("# " + title + "\n\n")
	var meta []string
	if a := oneLine(d.Author); a != "" {
		meta = append(meta, "by "+a)
	}
	if u := d.Source.URL; u != "" {
		if strings.ContainsAny(u, " <>\n\r\t") {
			meta = append(meta, "source: "+oneLine(u))
		} else {
			meta = append(meta, "source: <"+u+">")
		}
	}
	meta = append(meta, plural(d.Count(), "question"))
	b.WriteString(strings.Join(meta, " · ") + "\n")
	for si := range d.Sections {
		s := &d.Sections[si]
		if len(s.Questions) == 0 {
			continue
		}
		name := s.Name
		if strings.TrimSpace(name) == "" {
			name = model.RoleName(s.Role)
		}
		b.WriteString("\n## " + oneLine(name) + "\n\n")
		if h := oneLine(s.Heading); h != "" && h != oneLine(name) {
			b.WriteString(h + "\n\n")
		}
		if o.Flashcards {
			b.WriteString("#flashcards/" + anchor(s.Role) + "\n\n")
		}
		for qi := range s.Questions {
			q := &s.Questions[qi]
			writeQuestion(&b, s, q, qi, o)
			if b.Len() > 32<<10 {
				if _, err := bw.WriteString(b.String()); err != nil {
					return fmt.Errorf("markdown: %w", err)
				}
				b.Reset()
			}
		}
	}
	if _, err := bw.WriteString(b.String()); err != nil {
		return fmt.Errorf("markdown: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("markdown: %w", err)
	}
	return nil
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

func writeQuestion(b *strings.Builder, s *model.Section, q *model.Question, qi int, o Options) {
	id := s.IDOf(q)
	num := q.Number
	if num <= 0 {
		num = qi + 1
	}
	b.WriteString(`### <a id="` + anchor(id) + `"></a>Q` + strconv.Itoa(num) + ". " + oneLine(q.Question) + "\n")
	if o.Flashcards {
		b.WriteString("?\n")
		writeCardAnswer(b, q.Answer)
		b.WriteString("\n")
		return
	}
	b.WriteString("\n")
	writeAnswer(b, q.Answer)
}

// writeAnswer writes the answer as Markdown blocks, each followed by a
// blank line.
func writeAnswer(b *strings.Builder, blocks []model.Block) {
	for i := range blocks {
		bl := &blocks[i]
		switch kind(bl) {
		case model.List:
			n := 0
			for _, it := range bl.Items {
				if t := strings.TrimSpace(it); t != "" {
					// Continuation lines of an item are indented into it.
					b.WriteString("- " + strings.ReplaceAll(escapeInline(t), "\n", "\n  ") + "\n")
					n++
				}
			}
			if n > 0 {
				b.WriteString("\n")
			}
		case model.Heading:
			if t := oneLine(bl.Text); t != "" {
				b.WriteString("#### " + t + "\n\n")
			}
		case model.Code:
			if strings.TrimSpace(bl.Text) != "" {
				writeCode(b, bl)
				b.WriteString("\n")
			}
		case model.Table:
			if writeTable(b, bl.Rows) {
				b.WriteString("\n")
			}
		default:
			if t := strings.TrimSpace(bl.Text); t != "" {
				// A line break in a paragraph stays one (backslash hard break).
				b.WriteString(strings.ReplaceAll(escapeInline(t), "\n", "\\\n") + "\n\n")
			}
		}
	}
}

// writeCardAnswer writes the answer of a flashcard: no blank line (see the
// package comment). Text lines are collected and joined with hard breaks;
// headings and code fences end a run of text.
func writeCardAnswer(b *strings.Builder, blocks []model.Block) {
	var text []string
	flush := func() {
		if len(text) > 0 {
			b.WriteString(strings.Join(text, "\\\n") + "\n")
			text = text[:0]
		}
	}
	addLines := func(s string) {
		for _, l := range strings.Split(s, "\n") {
			if strings.TrimSpace(l) != "" {
				text = append(text, l)
			}
		}
	}
	for i := range blocks {
		bl := &blocks[i]
		switch kind(bl) {
		case model.List:
			for _, it := range bl.Items {
				if t := strings.TrimSpace(it); t != "" {
					addLines("• " + escapeInline(t))
				}
			}
		case model.Heading:
			if t := oneLine(bl.Text); t != "" {
				flush()
				b.WriteString("#### " + t + "\n")
			}
		case model.Code:
			if strings.TrimSpace(bl.Text) != "" {
				flush()
				writeCode(b, bl)
			}
		case model.Table:
			for ri, row := range bl.Rows {
				cells := make([]string, len(row))
				any := false
				for ci, c := range row {
					cells[ci] = oneLine(c)
					any = any || cells[ci] != ""
					if ri == 0 && cells[ci] != "" {
						cells[ci] = "**" + cells[ci] + "**"
					}
				}
				if any {
					text = append(text, strings.Join(cells, " \\| "))
				}
			}
		default:
			addLines(escapeInline(strings.TrimSpace(bl.Text)))
		}
	}
	flush()
}

func writeCode(b *strings.Builder, bl *model.Block) {
	code := strings.TrimRight(codeText(bl.Text), "\n")
	f := fence(code)
	b.WriteString(f)
	if safeLang(bl.Lang) {
		b.WriteString(bl.Lang)
	}
	b.WriteString("\n" + code + "\n" + f + "\n")
}

// writeTable writes a GFM table: the first row the header, short rows
// padded, "|" escaped, line breaks in a cell as <br>. It writes nothing and
// returns false for a table without text.
func writeTable(b *strings.Builder, rows [][]string) bool {
	width, text := 0, false
	for _, r := range rows {
		width = max(width, len(r))
		for _, c := range r {
			text = text || strings.TrimSpace(c) != ""
		}
	}
	if !text {
		return false
	}
	row := func(r []string) {
		b.WriteString("|")
		for i := 0; i < width; i++ {
			c := ""
			if i < len(r) {
				c = strings.ReplaceAll(escapeInline(strings.TrimSpace(r[i])), "\n", "<br>")
			}
			b.WriteString(" " + c + " |")
		}
		b.WriteString("\n")
	}
	row(rows[0])
	b.WriteString("|" + strings.Repeat(" --- |", width) + "\n")
	for _, r := range rows[1:] {
		row(r)
	}
	return true
}

// kind is how a block is written: its type when known, else a list if it
// has items and a paragraph otherwise (as answerhtml does).
func kind(bl *model.Block) model.BlockType {
	switch bl.Type {
	case model.Paragraph, model.List, model.Heading, model.Code, model.Table:
		return bl.Type
	}
	if len(bl.Items) > 0 {
		return model.List
	}
	return model.Paragraph
}
