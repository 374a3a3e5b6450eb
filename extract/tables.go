package extract

import (
	"strings"
)

// tableBlocks lowers a table's rows (the first the header) to blocks. A
// table whose header names a question and an answer column is a Q&A
// table: each row becomes a question block followed by its answer. Any
// other table is one table block, cells on one line each.
func tableBlocks(rows [][]string, line int) []block {
	rows = dropEmptyRows(rows)
	if len(rows) == 0 {
		return nil
	}
	if qc, ac, nc, ok := qaColumns(rows[0]); ok && len(rows) > 1 {
		return qaRows(rows, qc, ac, nc, line)
	}
	width := 0
	for _, r := range rows {
		width = max(width, len(r))
	}
	out := make([][]string, len(rows))
	for i, r := range rows {
		cells := make([]string, width)
		for k := range cells {
			if k < len(r) {
				cells[k] = strings.ReplaceAll(r[k], "\n", " ")
				cells[k] = cleanText(cells[k])
			}
		}
		out[i] = cells
	}
	return []block{{kind: bTable, rows: out, line: line}, {kind: bBlank, line: line}}
}

func dropEmptyRows(rows [][]string) [][]string {
	out := rows[:0]
	for _, r := range rows {
		for _, c := range r {
			if strings.TrimSpace(c) != "" {
				out = append(out, r)
				break
			}
		}
	}
	return out
}

// qaColumns finds the question, answer and number columns of a header row.
func qaColumns(header []string) (q, a, num int, ok bool) {
	q, a, num = -1, -1, -1
	for i, h := range header {
		l := strings.ToLower(strings.Trim(trimDecoration(h), " *:"))
		switch {
		case q < 0 && (l == "q" || strings.HasPrefix(l, "question") || strings.HasSuffix(l, "question") ||
			l == "pregunta" || l == "frage" || l == "pergunta" || l == "questions"):
			q = i
		case a < 0 && (l == "a" || strings.HasPrefix(l, "answer") || strings.HasSuffix(l, "answer") ||
			l == "respuesta" || l == "antwort" || l == "resposta" || l == "réponse"):
			a = i
		case num < 0 && (l == "#" || l == "no" || l == "no." || l == "sr" || l == "sr." || l == "s.no" ||
			l == "s.no." || l == "sl" || l == "id" || l == "n" || l == "n°" || l == "number"):
			num = i
		}
	}
	return q, a, num, q >= 0 && a >= 0 && q != a
}

// qaRows turns the rows of a Q&A table into a question block each, its
// answer cell as text lines (a <br> starts a new one) and any other
// columns as "Header: value" lines.
func qaRows(rows [][]string, qc, ac, nc, line int) []block {
	header := rows[0]
	var out []block
	for _, r := range rows[1:] {
		cell := func(k int) string {
			if k >= 0 && k < len(r) {
				return r[k]
			}
			return ""
		}
		q := cleanText(strings.ReplaceAll(cell(qc), "\n", " "))
		if q == "" {
			continue
		}
		num := 0
		if n, rest, ok := number(strings.TrimSpace(cell(nc))); ok && strings.Trim(rest, ".) ") == "" {
			num = n
		}
		out = append(out, block{kind: bQuestion, text: q, line: line, table: true, number: num})
		for _, l := range strings.Split(cell(ac), "\n") {
			if l = cleanText(l); l == "" {
				continue
			}
			b := block{kind: bText, text: l, line: line, inAnswer: true}
			if item, ok := parseBullet(l); ok {
				b.kind, b.text = bBullet, item
			}
			// Each line of a cell is a paragraph or item of its own.
			out = append(out, b, block{kind: bBlank, line: line})
		}
		for k, h := range header {
			if k == qc || k == ac || k == nc {
				continue
			}
			if v := cleanText(strings.ReplaceAll(cell(k), "\n", " ")); v != "" {
				out = append(out, block{kind: bText, text: cleanText(h) + ": " + v, line: line, inAnswer: true})
			}
		}
		out = append(out, block{kind: bBlank, line: line})
	}
	return out
}

// forceTables reads every table as a Q&A table, for --questions table:
// the first column is the question, the second the answer.
func forceTables(blocks []block) []block {
	var out []block
	for _, b := range blocks {
		if b.kind != bTable || len(b.rows) < 2 || len(b.rows[0]) < 2 {
			out = append(out, b)
			continue
		}
		out = append(out, qaRows(b.rows, 0, 1, -1, b.line)...)
	}
	return out
}
