package pdf

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xopsexport/xopsexport/model"
)

func TestExpandTabs(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"no tabs", "no tabs"},
		{"\tx", "    x"},
		{"ab\tx", "ab  x"},
		{"abcd\tx", "abcd    x"},
		{"\t\tx", "        x"},
		{"é\tx", "é   x"},       // columns are characters, not bytes
		{"\xff\tx", "\xff   x"}, // invalid bytes kept for the cleaner to mark
	}
	for _, tt := range tests {
		if got := expandTabs(tt.in); got != tt.want {
			t.Errorf("expandTabs(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCleanerCode(t *testing.T) {
	c := newTestCleaner(t)
	tests := []struct{ name, in, want string }{
		{"inner and leading spaces kept", "  a  =   b", "  a  =   b"},
		{"trailing spaces trimmed", "x := 1   ", "x := 1"},
		{"markup kept as text", `<b> & "q" {{ x }}`, `<b> & "q" {{ x }}`},
		{"controls dropped", "a\x00b\x1bc", "abc"},
		{"no-break space is one space", "a\u00a0\u00a0b", "a  b"},
		{"emoji and CJK are placeholders", "echo 🚀 你", "echo □ □"},
		{"invalid UTF-8 is a placeholder", "a\xffb", "a□b"},
		{"replacement character is a placeholder", "a\ufffdb", "a□b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.code(tt.in); got != tt.want {
				t.Errorf("code(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestCodeLines checks what a code box prints: every source line, with
// its indentation as an offset, long lines continued without losing a
// character, blank lines kept inside, nothing wider than the box.
func TestCodeLines(t *testing.T) {
	doc := newTestDocument(t)
	cs := codeStyle(studyAnswer)
	space := doc.m.width(cs.face, cs.size, " ")
	const width = 60.0
	long := strings.Repeat("abcdefghij", 10) // 100 columns: about two lines
	src := "func f() {\n\treturn 1\n\n}\n" + long + "\n" + "echo " + strings.Repeat("word ", 30) + "\n"
	lines := doc.codeLines(cs, src, width)
	if lines[0].text != "func f() {" || lines[0].indent != 0 {
		t.Errorf("line 1 = %+v", lines[0])
	}
	if lines[1].text != "return 1" || abs(lines[1].indent-4*space) > 1e-9 {
		t.Errorf("line 2 = %+v, want the tab as a 4-column indent (%.2f mm)", lines[1], 4*space)
	}
	if lines[2].text != "" || lines[3].text != "}" {
		t.Errorf("the blank line inside the code is lost: %+v", lines[2:4])
	}
	var joined strings.Builder
	i := 4
	for ; i < len(lines) && !strings.HasPrefix(lines[i].text, "echo"); i++ {
		joined.WriteString(lines[i].text)
		if i > 4 && abs(lines[i].indent-2*space) > 1e-9 {
			t.Errorf("continuation %+v is not indented two columns", lines[i])
		}
	}
	if joined.String() != long || i-4 < 2 {
		t.Errorf("the 100-column line came out as %d lines joining to %q", i-4, joined.String())
	}
	for _, l := range lines[i+1:] {
		if strings.HasSuffix(l.text, " ") || strings.HasPrefix(l.text, " ") {
			t.Errorf("a line broken at a space keeps the space: %q", l.text)
		}
	}
	for _, l := range lines {
		if w := l.indent + doc.m.width(cs.face, cs.size, l.text); w > width+1e-9 {
			t.Errorf("%q is %.1f mm wide in a %.0f mm box", l.text, w, width)
		}
	}
	if got := doc.codeLines(cs, " \n\t\n ", width); got != nil {
		t.Errorf("blank code gave %d lines, want none", len(got))
	}
}

func TestCutCode(t *testing.T) {
	units := func(s string) int { return utf8.RuneCountInString(s) * 10 } // 10 units per character
	tests := []struct {
		s          string
		max        int
		head, tail string
	}{
		{"short", 100, "short", ""},
		{"abcdefghij", 50, "abcde", "fghij"},   // no space: hard cut
		{"abc defghij", 80, "abc defg", "hij"}, // space in the first half: hard cut
		{"abcdef ghij", 80, "abcdef", " ghij"}, // space in the second half: break there
		{"éééééé", 30, "ééé", "ééé"},           // cut between characters, never inside one
		{"abc", 5, "a", "bc"},                  // one character is always taken
		{strings.Repeat("a ", 10), 60, "a a a", " a a a a a a a "},
	}
	for _, tt := range tests {
		h, r := cutCode(tt.s, tt.max, units)
		if h != tt.head || r != tt.tail {
			t.Errorf("cutCode(%q, %d) = %q, %q; want %q, %q", tt.s, tt.max, h, r, tt.head, tt.tail)
		}
	}
}

// TestColumnWidths checks the three regimes of column sharing and that
// the widths always add up to no more than the room.
func TestColumnWidths(t *testing.T) {
	doc := newTestDocument(t)
	body := studyAnswer
	head := body
	head.face = bold
	minCol := 2*tablePadX + doc.m.width(head.face, head.size, "MM")
	natural := func(s string, st style) float64 {
		return max(doc.m.width(st.face, st.size, s)+2*tablePadX+0.05, minCol)
	}
	t.Run("natural widths when they fit", func(t *testing.T) {
		cells := [][]string{{"Class", "Use"}, {"S3 Standard", "hot"}}
		w := doc.columnWidths(cells, body, head, 150, minCol)
		if abs(w[0]-natural("S3 Standard", body)) > 1e-9 || abs(w[1]-natural("Use", head)) > 1e-9 {
			t.Errorf("widths %v, want the widest cell of each column", w)
		}
	})
	t.Run("longest words kept, the rest shared", func(t *testing.T) {
		long := strings.Repeat("many words here ", 20)
		cells := [][]string{{"A", "B"}, {"short", long}}
		w := doc.columnWidths(cells, body, head, 100, minCol)
		if abs(w[0]+w[1]-100) > 1e-6 {
			t.Errorf("widths %v add up to %.2f, want the full 100 mm", w, w[0]+w[1])
		}
		if w[0] < natural("short", body)-1e-9 {
			t.Errorf("the short column got %.1f mm, less than its content %.1f", w[0], natural("short", body))
		}
	})
	t.Run("words too long: common cap, never below the minimum", func(t *testing.T) {
		huge := strings.Repeat("x", 200)
		cells := [][]string{{"id", "blob", "blob2"}, {"7", huge, huge + huge}}
		w := doc.columnWidths(cells, body, head, 80, minCol)
		if s := w[0] + w[1] + w[2]; abs(s-80) > 1e-6 {
			t.Errorf("widths %v add up to %.2f, want 80", w, s)
		}
		if abs(w[1]-w[2]) > 1e-9 || w[0] < minCol-1e-9 || w[0] > natural("id", head)+1e-9 {
			t.Errorf("widths %v: want the two long columns cut to one width and the id column at its own", w)
		}
	})
}

// TestTableBlocks lays a table out and checks the cells: header bold,
// every cell's text inside its column, ragged rows padded, and the header
// repeated at the top of every frame the table continues in.
func TestTableBlocks(t *testing.T) {
	doc := newTestDocument(t)
	rows := [][]string{{"Step", "Command", "Notes"}}
	for i := 0; i < 40; i++ {
		rows = append(rows, []string{fmt.Sprint(i), "kubectl rollout status deployment/api-" + fmt.Sprint(i)})
	}
	const x, width = 10.0, 120.0
	bs := doc.tableBlocks(studyAnswer, rows, x, width, 2)
	fl := newFlow(func(i int) frame { return frame{page: i, x: 0, top: 0, bottom: 60} })
	fl.add(bs)
	if len(fl.pages) < 3 {
		t.Fatalf("40 rows in 60 mm frames: %d pages, want the table split over several", len(fl.pages))
	}
	for pi, pg := range fl.pages {
		var first *op
		for i := range pg.ops {
			o := &pg.ops[i]
			if o.kind != opText {
				continue
			}
			if first == nil {
				first = o
			}
			if o.x < x-1e-9 || o.x+o.w > width+1e-9 {
				t.Errorf("page %d: %q at x %.1f..%.1f leaves the column %.0f..%.0f", pi+1, o.s, o.x, o.x+o.w, x, width)
			}
			if isHeader := o.s == "Step" || o.s == "Command" || o.s == "Notes"; isHeader != (o.face == bold) {
				t.Errorf("page %d: %q in face %d", pi+1, o.s, o.face)
			}
		}
		if first == nil || first.s != "Step" {
			t.Errorf("page %d does not start with the header row (first text %+v)", pi+1, first)
		}
		if pg.ops[0].kind != opRect || pg.ops[0].colour != tableHeadBg {
			t.Errorf("page %d: the header row is not shaded", pi+1)
		}
	}
}

// TestTableTooWide checks a table with more columns than fit reads as a
// list of records, each cell after its header.
func TestTableTooWide(t *testing.T) {
	doc := newTestDocument(t)
	var head, row []string
	for i := 0; i < 40; i++ {
		head = append(head, fmt.Sprintf("h%d", i))
		row = append(row, fmt.Sprintf("v%d", i))
	}
	bs := doc.tableBlocks(studyAnswer, [][]string{head, row}, 0, 60, 0)
	var texts []string
	for _, b := range bs {
		for _, o := range b.ops {
			if o.kind == opText {
				texts = append(texts, o.s)
			}
		}
	}
	got := strings.Join(texts, "|")
	if !strings.HasPrefix(got, "h0: v0|•|h1: v1|h2: v2") || !strings.HasSuffix(got, "h39: v39") {
		t.Errorf("record list = %.120q...", got)
	}
}

// TestHeadingKeptWithNext checks a sub-heading is never the last line of
// a frame: it moves to the next frame with what it heads.
func TestHeadingKeptWithNext(t *testing.T) {
	doc := newTestDocument(t)
	q := model.Question{Answer: []model.Block{
		{Type: model.Paragraph, Text: strings.Repeat("filler text ", 60)},
		{Type: model.Heading, Text: "The heading"},
		{Type: model.Paragraph, Text: "What it heads."},
	}}
	bs := doc.answerBlocks(q, studyAnswer, 0, 100, 2)
	// Make the frame end right after the heading would fit.
	h := 0.0
	for _, b := range bs[:len(bs)-1] {
		h += b.gap + b.h
	}
	fl := newFlow(func(i int) frame { return frame{page: i, top: 0, bottom: h - bs[0].gap + 0.1} })
	fl.add(bs)
	for pi, pg := range fl.pages {
		for _, o := range pg.ops {
			if o.s == "The heading" && pi != len(fl.pages)-1 {
				t.Errorf("the heading is on page %d of %d, apart from its paragraph", pi+1, len(fl.pages))
			}
			if o.s == "The heading" && o.face != bold {
				t.Errorf("the heading is not bold")
			}
		}
	}
}

// FuzzCodeLines wraps arbitrary code in a narrow box: no line may be wider
// than the box (but for a single character wider than it), no character of
// the cleaned code may be lost, and it must never panic.
func FuzzCodeLines(f *testing.F) {
	f.Add("\tif x {\n\t\treturn \"<b>\"\n\t}", 30.0)
	f.Add(strings.Repeat("x", 500), 5.0)
	f.Add("a\x00\r\n\u00a0 🚀 \xff", 1.0)
	doc := newTestDocument(f)
	cs := codeStyle(studyAnswer)
	f.Fuzz(func(t *testing.T, code string, width float64) {
		if math.IsNaN(width) || width < 1 || width > 300 {
			return
		}
		lines := doc.codeLines(cs, code, width)
		var got, want strings.Builder
		for _, l := range lines {
			if w := l.indent + doc.m.width(cs.face, cs.size, l.text); w > width+1e-9 && utf8.RuneCountInString(l.text) > 1 {
				t.Errorf("%q: %.2f mm wide in %.2f", l.text, w, width)
			}
			got.WriteString(strings.ReplaceAll(l.text, " ", ""))
		}
		for _, src := range strings.Split(code, "\n") {
			want.WriteString(strings.ReplaceAll(doc.cl.code(expandTabs(strings.TrimRight(src, "\r"))), " ", ""))
		}
		if got.String() != want.String() {
			t.Errorf("printed %q, want %q", got.String(), want.String())
		}
	})
}
