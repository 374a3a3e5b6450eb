// Package answerhtml renders model answer blocks as HTML: one walk shared by
// every exporter that writes HTML, so that each block type looks the same in
// Anki, Moodle, the web page and QTI. Escaping is the caller's: each format
// has its own rules for what plain text may hold (Anki's NFC and combining
// marks, Moodle's C0 controls and line separators), so the walk only writes
// the markup and hands every piece of text to the caller's escaper.
package answerhtml

import (
	"strings"

	"github.com/xopsexport/xopsexport/model"
)

// Append appends the HTML of blocks to dst and returns the extended slice.
// esc appends one piece of plain text escaped for the consumer; it is
// called right after one of the tags written here (never in the middle of
// a text run), so an escaper can rely on what precedes its text being
// markup.
//
// The rendering, block by block:
//   - Paragraph: <p>…</p>
//   - List: <ul><li>…</li>…</ul>
//   - Heading: <h4>…</h4> (h4 so that it sits below the headings of any page
//     that shows the answer)
//   - Code: <pre><code class="language-LANG">…</code></pre>, the text with
//     its whitespace exactly as it is; the class only when Lang is set and
//     made of [A-Za-z0-9_+-]
//   - Table: <table><thead><tr><th>…</th></tr></thead><tbody><tr><td>…</td>
//     </tr></tbody></table>, the first row the header, short rows padded
//     with empty cells to the widest row
//
// Blank parts are left out rather than shown as empty boxes: a paragraph,
// heading or code block of white space only, a list item of white space only
// (and a list with no other item), a table with no text in any cell. An
// empty answer gives dst unchanged. A block of an unknown type is a list if
// it has items, else a paragraph.
func Append(dst []byte, blocks []model.Block, esc func(dst []byte, s string) []byte) []byte {
	for i := range blocks {
		bl := &blocks[i]
		switch kind(bl) {
		case model.List:
			dst = appendList(dst, bl.Items, esc)
		case model.Heading:
			dst = appendWrapped(dst, "<h4>", "</h4>", bl.Text, esc)
		case model.Code:
			dst = appendCode(dst, bl, esc)
		case model.Table:
			dst = appendTable(dst, bl.Rows, esc)
		default:
			dst = appendWrapped(dst, "<p>", "</p>", bl.Text, esc)
		}
	}
	return dst
}

// kind is how a block is rendered: its type when known, else a list if it
// has items and a paragraph otherwise.
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

// blank reports whether s holds nothing to show.
func blank(s string) bool { return strings.TrimSpace(s) == "" }

func appendWrapped(dst []byte, open, close, text string, esc func([]byte, string) []byte) []byte {
	if blank(text) {
		return dst
	}
	dst = append(dst, open...)
	dst = esc(dst, text)
	return append(dst, close...)
}

func appendList(dst []byte, items []string, esc func([]byte, string) []byte) []byte {
	open := false
	for _, it := range items {
		if blank(it) {
			continue
		}
		if !open {
			dst = append(dst, "<ul>"...)
			open = true
		}
		dst = append(dst, "<li>"...)
		dst = esc(dst, it)
		dst = append(dst, "</li>"...)
	}
	if open {
		dst = append(dst, "</ul>"...)
	}
	return dst
}

func appendCode(dst []byte, bl *model.Block, esc func([]byte, string) []byte) []byte {
	if blank(bl.Text) {
		return dst
	}
	dst = append(dst, "<pre><code"...)
	if safeLang(bl.Lang) {
		dst = append(dst, ` class="language-`...)
		dst = append(dst, bl.Lang...)
		dst = append(dst, '"')
	}
	dst = append(dst, '>')
	dst = esc(dst, bl.Text)
	return append(dst, "</code></pre>"...)
}

// safeLang reports whether lang can be written into a class attribute as
// it is: not empty, only ASCII letters, digits and _ + -. Anything else
// ("c#", a quote, a space) is left out rather than escaped, so no consumer
// needs an attribute escaper.
func safeLang(lang string) bool {
	if lang == "" {
		return false
	}
	for i := 0; i < len(lang); i++ {
		c := lang[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == '_' || c == '+' || c == '-':
		default:
			return false
		}
	}
	return true
}

func appendTable(dst []byte, rows [][]string, esc func([]byte, string) []byte) []byte {
	width, text := 0, false
	for _, r := range rows {
		width = max(width, len(r))
		for _, c := range r {
			text = text || !blank(c)
		}
	}
	if !text {
		return dst
	}
	dst = append(dst, "<table><thead>"...)
	dst = appendRow(dst, rows[0], width, "<th>", "</th>", esc)
	dst = append(dst, "</thead>"...)
	if len(rows) > 1 {
		dst = append(dst, "<tbody>"...)
		for _, r := range rows[1:] {
			dst = appendRow(dst, r, width, "<td>", "</td>", esc)
		}
		dst = append(dst, "</tbody>"...)
	}
	return append(dst, "</table>"...)
}

// appendRow writes one row of width cells; the cells past the end of a
// short row are empty.
func appendRow(dst []byte, row []string, width int, open, close string, esc func([]byte, string) []byte) []byte {
	dst = append(dst, "<tr>"...)
	for i := 0; i < width; i++ {
		dst = append(dst, open...)
		if i < len(row) && row[i] != "" {
			dst = esc(dst, row[i])
		}
		dst = append(dst, close...)
	}
	return append(dst, "</tr>"...)
}
