package pdf

import (
	"slices"
	"sort"
)

// Tables: a grid of hairlines with a shaded, bold header row; columns as
// wide as their content when it fits, otherwise shared out by content and
// wrapped; rows split over frames line by line, with the header repeated
// at the top of each new frame.
const (
	tablePadX = 1.2 // cell edge to text, mm
	tablePadY = 0.7
	tableRule = 0.2 // grid line width, mm
)

// tableBlocks lays out rows (the first is the header; rows may be ragged)
// at x in a column width mm wide, in the answer style st, with gap above.
func (doc *document) tableBlocks(st style, rows [][]string, x, width, gap float64) []block {
	ncols := 0
	for _, r := range rows {
		ncols = max(ncols, len(r))
	}
	if ncols == 0 {
		return nil
	}
	body, head := st, st
	head.face = bold
	if st.face == italic {
		head.face = boldItalic
	}
	cells := make([][]string, len(rows))
	for i, r := range rows {
		cells[i] = make([]string, ncols)
		for j := range r {
			cells[i][j] = doc.cl.text(r[j])
		}
	}
	avail := width - x
	// A column narrower than two wide letters cannot hold words; a table
	// with more columns than that allows reads as a list of records.
	minCol := 2*tablePadX + doc.m.width(head.face, head.size, "MM")
	if float64(ncols)*minCol > avail {
		return doc.tableRecords(st, cells, x, width, gap)
	}
	widths := doc.columnWidths(cells, body, head, avail, minCol)
	edges := make([]float64, ncols+1) // column boundaries from x
	for j, w := range widths {
		edges[j+1] = edges[j] + w
	}
	var out, header []block
	for i, r := range cells {
		st := body
		if i == 0 {
			st = head
		}
		wrapped := make([][]wline, ncols)
		n := 1
		for j, c := range r {
			wrapped[j] = doc.wrapText(st, c, widths[j]-2*tablePadX)
			n = max(n, len(wrapped[j]))
		}
		row := make([]block, n)
		for k := range row {
			h, top := st.lead, 0.0
			if k == 0 {
				h += tablePadY
				top = tablePadY
			}
			if k == n-1 {
				h += tablePadY
			}
			var ops []op
			if i == 0 {
				ops = append(ops, op{kind: opRect, colour: tableHeadBg, x: x, y: 0, w: edges[ncols], h: h})
			}
			for _, e := range edges {
				ops = append(ops, op{kind: opLine, colour: lightGrey, size: tableRule, x: x + e, y: 0, h: h})
			}
			// Every row closes itself with a rule, so a frame that ends
			// after it ends with a closed grid; the header also rules its
			// top, and so does every repetition of it.
			if k == 0 && i == 0 {
				ops = append(ops, op{kind: opLine, colour: lightGrey, size: tableRule, x: x, y: 0, w: edges[ncols]})
			}
			if k == n-1 {
				ops = append(ops, op{kind: opLine, colour: lightGrey, size: tableRule, x: x, y: h, w: edges[ncols]})
			}
			for j := range r {
				if k < len(wrapped[j]) {
					ops = append(ops, doc.text(st, x+edges[j]+tablePadX, top+st.baseline(), wrapped[j][k].text))
				}
			}
			// A row's lines stay together when they fit one frame; the
			// header stays with the first row under it.
			row[k] = block{h: h, ops: ops, keep: k < n-1 || i == 0}
		}
		if i == 0 {
			header = row
		} else {
			for k := range row {
				row[k].repeat = header
			}
		}
		out = append(out, row...)
	}
	out[0].gap = gap
	if len(cells) == 1 {
		out[len(out)-1].keep = false
	}
	return out
}

// columnWidths shares avail mm out between the columns. Columns get their
// natural width (the widest cell on one line) when all fit; otherwise each
// keeps at least its longest word and the rest of the room goes out in
// proportion to what each still lacks; when even the longest words do not
// fit, the widest columns are cut down to a common width (their words then
// break) and no column is narrower than minCol.
func (doc *document) columnWidths(cells [][]string, body, head style, avail, minCol float64) []float64 {
	ncols := len(cells[0])
	natural := make([]float64, ncols)
	word := make([]float64, ncols)
	for i, r := range cells {
		st := body
		if i == 0 {
			st = head
		}
		for j, c := range r {
			// A hair of slack: wrapping rounds the measure down to whole
			// font units, so a cell exactly as wide as its text would wrap.
			natural[j] = max(natural[j], doc.m.width(st.face, st.size, c)+2*tablePadX+0.05, minCol)
			for _, w := range splitSpaces(c) {
				word[j] = max(word[j], doc.m.width(st.face, st.size, w)+2*tablePadX+0.05, minCol)
			}
		}
	}
	if sum(natural) <= avail {
		return natural
	}
	if sum(word) <= avail {
		w := slices.Clone(word)
		extra, lack := avail-sum(word), sum(natural)-sum(word)
		for j := range w {
			w[j] += (natural[j] - word[j]) * extra / lack
		}
		return w
	}
	// The common cap L with sum(min(word[j], L)) = avail: raise it past
	// each column's width in turn, narrowest first.
	sorted := slices.Clone(word)
	sort.Float64s(sorted)
	used, level := 0.0, minCol
	for i, wj := range sorted {
		rest := float64(len(sorted) - i)
		if used+wj*rest > avail {
			level = (avail - used) / rest
			break
		}
		used += wj
	}
	w := make([]float64, ncols)
	for j := range w {
		w[j] = max(min(word[j], level), minCol)
	}
	return w
}

// tableRecords lays out a table too wide for the column as one bulleted
// record per row, each cell on its own line after its column's header.
func (doc *document) tableRecords(st style, cells [][]string, x, width, gap float64) []block {
	head := cells[0]
	indent := st.size * ptToMM * 1.3
	var out []block
	for i, r := range cells[1:] {
		var rec []block
		for j, c := range r {
			if c == "" {
				continue
			}
			s := c
			if head[j] != "" {
				s = head[j] + ": " + c
			}
			rec = append(rec, doc.lines(st, s, x+indent, width, 0)...)
		}
		if len(rec) == 0 {
			continue
		}
		rec[0].ops = append(rec[0].ops, doc.text(st, x+indent*0.25, st.baseline(), "•"))
		rec[0].gap = st.lead * 0.4
		if i == 0 {
			rec[0].gap = gap
		}
		out = append(out, rec...)
	}
	if len(out) == 0 { // a header and nothing else: print the header
		var hs []string
		for _, h := range head {
			if h != "" {
				hs = append(hs, h)
			}
		}
		for _, h := range hs {
			out = append(out, doc.lines(st, h, x, width, 0)...)
		}
		if len(out) > 0 {
			out[0].gap = gap
		}
	}
	return out
}

// splitSpaces splits cleaned text (single spaces) into words.
func splitSpaces(s string) []string {
	var ws []string
	for s != "" {
		i := 0
		for i < len(s) && s[i] != ' ' {
			i++
		}
		if i > 0 {
			ws = append(ws, s[:i])
		}
		if i == len(s) {
			break
		}
		s = s[i+1:]
	}
	return ws
}

func sum(xs []float64) float64 {
	t := 0.0
	for _, x := range xs {
		t += x
	}
	return t
}
