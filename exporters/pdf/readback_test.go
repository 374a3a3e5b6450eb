package pdf

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	rpdf "github.com/ledongthuc/pdf"
	"github.com/xopsexport/xopsexport/model"
)

// The tests in this file read the written file back with a PDF reader of
// its own (github.com/ledongthuc/pdf, which decodes text through each
// font's ToUnicode map as a viewer's copy and search do), so they see what
// a reader gets, not the display list the layouts build.

// pdfFile is what a PDF reader finds in a file.
type pdfFile struct {
	pages   []pdfPage
	outline []pdfBookmark // depth first
	fonts   map[string]pdfFont
}

type pdfPage struct {
	runs  []pdfRun // in content stream order
	links []pdfLink
	h     float64 // page height, pt
}

// pdfRun is one text-showing operation: a string in one font and size.
type pdfRun struct {
	font string // base font without fpdf's "utf8" prefix: go, goB, goI, goBI, gomono
	size float64
	x, y float64 // pt, from the bottom left
	s    string
}

type pdfLink struct {
	rect [4]float64 // pt
	page int        // destination page (0-based), -1 for a URI
	top  float64    // destination's top, pt from the bottom
	uri  string
}

type pdfBookmark struct {
	level int
	title string
	page  int
	top   float64
}

type pdfFont struct {
	subtype             string
	embedded, toUnicode bool
}

var refRE = regexp.MustCompile(`^\[(\d+) 0 R /XYZ [-\d.]+ ([-\d.]+) `)

// readPDF parses data with the PDF reader and returns what it found, or
// fails the test if the file does not read.
func readPDF(t testing.TB, data []byte) *pdfFile {
	t.Helper()
	r, err := rpdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("the PDF reader cannot open the file: %v", err)
	}
	root := r.Trailer().Key("Root")
	// Page object numbers, to turn a destination's page reference into a
	// page number.
	pageNo := map[int]int{}
	kids := root.Key("Pages").Key("Kids")
	for i, m := range regexp.MustCompile(`(\d+) 0 R`).FindAllStringSubmatch(kids.String(), -1) {
		n, _ := strconv.Atoi(m[1])
		pageNo[n] = i
	}
	dest := func(v rpdf.Value) (int, float64) {
		m := refRE.FindStringSubmatch(v.String())
		if m == nil {
			t.Errorf("destination %s is not [page /XYZ left top zoom]", v)
			return -1, 0
		}
		n, _ := strconv.Atoi(m[1])
		top, _ := strconv.ParseFloat(m[2], 64)
		p, ok := pageNo[n]
		if !ok {
			t.Errorf("destination %s names object %d, which is no page", v, n)
			return -1, 0
		}
		return p, top
	}
	if r.NumPage() != len(pageNo) {
		t.Errorf("the reader counts %d pages, the page tree lists %d", r.NumPage(), len(pageNo))
	}
	f := &pdfFile{fonts: map[string]pdfFont{}}
	cmaps := map[string]*toUnicode{} // by base font
	for i := 1; i <= r.NumPage(); i++ {
		p := r.Page(i)
		var pg pdfPage
		// fpdf gives the page tree the media box, and a page its own only
		// when its size differs.
		pg.h = p.V.Key("MediaBox").Index(3).Float64()
		if pg.h == 0 {
			pg.h = root.Key("Pages").Key("MediaBox").Index(3).Float64()
		}
		pg.runs = pageRuns(t, p, cmaps)
		annots := p.V.Key("Annots")
		for j := 0; j < annots.Len(); j++ {
			a := annots.Index(j)
			if a.Key("Subtype").Name() != "Link" {
				continue
			}
			var l pdfLink
			for k := range l.rect {
				l.rect[k] = a.Key("Rect").Index(k).Float64()
			}
			if uri := a.Key("A").Key("URI"); uri.Kind() == rpdf.String {
				l.page, l.uri = -1, uri.Text()
			} else {
				l.page, l.top = dest(a.Key("Dest"))
			}
			pg.links = append(pg.links, l)
		}
		fonts := p.Resources().Key("Font")
		for _, k := range fonts.Keys() {
			fv := fonts.Key(k)
			name := strings.TrimPrefix(fv.Key("BaseFont").Name(), "utf8")
			desc := fv.Key("DescendantFonts").Index(0).Key("FontDescriptor")
			f.fonts[name] = pdfFont{
				subtype:   fv.Key("Subtype").Name(),
				embedded:  desc.Key("FontFile2").Kind() == rpdf.Stream,
				toUnicode: fv.Key("ToUnicode").Kind() == rpdf.Stream,
			}
		}
		f.pages = append(f.pages, pg)
	}
	var walk func(v rpdf.Value, level int)
	walk = func(v rpdf.Value, level int) {
		for e := v.Key("First"); !e.IsNull(); e = e.Key("Next") {
			b := pdfBookmark{level: level, title: e.Key("Title").Text()}
			b.page, b.top = dest(e.Key("Dest"))
			f.outline = append(f.outline, b)
			walk(e, level+1)
			if len(f.outline) > 100000 {
				t.Fatal("the outline does not end")
			}
		}
	}
	walk(root.Key("Outlines"), 0)
	return f
}

// pageRuns interprets the page's content stream (tokenised by the reader)
// for its text: the font (Tf), the origin (Td inside BT ... ET), and each
// string shown (Tj) decoded through its font's ToUnicode map.
//
// The reader's own text extraction is not used: it applies a bfrange only
// to the last byte of a code, as the PDF specification restricts ranges,
// but fpdf's ToUnicode map is one range <0000> <FFFF> <0000> across every
// last-byte boundary, which viewers (poppler, pdf.js) read with the carry.
// Read literally, "•" (U+2022) would come out as a quote (U+0022).
func pageRuns(t testing.TB, p rpdf.Page, cmaps map[string]*toUnicode) []pdfRun {
	t.Helper()
	fonts := p.Resources().Key("Font")
	type state struct {
		font string
		size float64
	}
	var cur state
	var saved []state
	var x, y float64
	var runs []pdfRun
	rpdf.Interpret(p.V.Key("Contents"), func(stk *rpdf.Stack, op string) {
		switch op {
		case "q":
			saved = append(saved, cur)
		case "Q":
			if n := len(saved); n > 0 {
				cur, saved = saved[n-1], saved[:n-1]
			}
		case "BT":
			x, y = 0, 0
		case "Tf":
			cur.size = stk.Pop().Float64()
			res := stk.Pop().Name()
			fv := fonts.Key(res)
			cur.font = strings.TrimPrefix(fv.Key("BaseFont").Name(), "utf8")
			if _, ok := cmaps[cur.font]; !ok {
				cmaps[cur.font] = readToUnicode(t, fv.Key("ToUnicode"))
			}
		case "Td":
			dy, dx := stk.Pop().Float64(), stk.Pop().Float64()
			x, y = x+dx, y+dy
		case "Tj":
			raw := stk.Pop().RawString()
			m := cmaps[cur.font]
			if m == nil {
				t.Errorf("text shown in font %q, which has no ToUnicode map", cur.font)
				return
			}
			runs = append(runs, pdfRun{font: cur.font, size: cur.size, x: x, y: y, s: m.decode(t, raw)})
		}
		for stk.Len() > 0 { // operands of what text does not need (colours, paths)
			stk.Pop()
		}
	})
	return runs
}

// toUnicode is a font's ToUnicode CMap: 2-byte codes, single mappings and
// ranges.
type toUnicode struct {
	single map[uint16][]uint16
	ranges []cmapRange
}

type cmapRange struct {
	lo, hi uint16
	dst    []uint16 // UTF-16 of lo's character; later codes add to its last unit, with carry
}

var (
	bfcharRE  = regexp.MustCompile(`(?s)\d+\s+beginbfchar(.*?)endbfchar`)
	bfrangeRE = regexp.MustCompile(`(?s)\d+\s+beginbfrange(.*?)endbfrange`)
	spaceRE   = regexp.MustCompile(`(?s)\d+\s+begincodespacerange(.*?)endcodespacerange`)
	hexRE     = regexp.MustCompile(`<([0-9A-Fa-f]*)>|\[`)
)

// readToUnicode parses a ToUnicode stream (inflated by the reader): its
// codespace, bfchar and bfrange sections, the parts that map codes.
func readToUnicode(t testing.TB, v rpdf.Value) *toUnicode {
	t.Helper()
	if v.Kind() != rpdf.Stream {
		return nil
	}
	rd := v.Reader()
	data, err := io.ReadAll(rd)
	rd.Close()
	if err != nil {
		t.Errorf("reading a ToUnicode map: %v", err)
		return nil
	}
	hexes := func(section string) [][]uint16 {
		var out [][]uint16
		for _, m := range hexRE.FindAllStringSubmatch(section, -1) {
			if m[0] == "[" {
				t.Errorf("ToUnicode: a range to an array; fpdf writes one string")
				return nil
			}
			b, err := hex.DecodeString(m[1])
			if err != nil || len(b)%2 != 0 {
				t.Errorf("ToUnicode: bad hex string <%s>", m[1])
				return nil
			}
			var u []uint16
			for i := 0; i < len(b); i += 2 {
				u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
			}
			out = append(out, u)
		}
		return out
	}
	m := &toUnicode{single: map[uint16][]uint16{}}
	for _, sec := range spaceRE.FindAllSubmatch(data, -1) {
		for _, h := range hexes(string(sec[1])) {
			if len(h) != 1 {
				t.Errorf("ToUnicode: a codespace of %d-unit codes; fpdf writes 2-byte codes", len(h))
			}
		}
	}
	for _, sec := range bfcharRE.FindAllSubmatch(data, -1) {
		h := hexes(string(sec[1]))
		for i := 0; i+1 < len(h); i += 2 {
			if len(h[i]) == 1 {
				m.single[h[i][0]] = h[i+1]
			}
		}
	}
	for _, sec := range bfrangeRE.FindAllSubmatch(data, -1) {
		h := hexes(string(sec[1]))
		for i := 0; i+2 < len(h); i += 3 {
			if len(h[i]) == 1 && len(h[i+1]) == 1 && len(h[i+2]) > 0 {
				m.ranges = append(m.ranges, cmapRange{lo: h[i][0], hi: h[i+1][0], dst: h[i+2]})
			}
		}
	}
	if len(m.single)+len(m.ranges) == 0 {
		t.Errorf("ToUnicode map maps nothing: %.200q", data)
	}
	return m
}

// decode maps shown bytes, 2-byte codes, to text.
func (m *toUnicode) decode(t testing.TB, raw string) string {
	var out []uint16
	for i := 0; i+1 < len(raw); i += 2 {
		c := uint16(raw[i])<<8 | uint16(raw[i+1])
		if u, ok := m.single[c]; ok {
			out = append(out, u...)
			continue
		}
		found := false
		for _, r := range m.ranges {
			if c >= r.lo && c <= r.hi && len(r.dst) > 0 {
				u := slices.Clone(r.dst)
				u[len(u)-1] += c - r.lo
				out = append(out, u...)
				found = true
				break
			}
		}
		if !found {
			t.Errorf("code %04X has no Unicode mapping", c)
		}
	}
	if len(raw)%2 != 0 {
		t.Errorf("shown string %q has an odd number of bytes", raw)
	}
	return string(utf16.Decode(out))
}

// text is the page's text as a reader sees it, one run a line with its
// font and size: what the text goldens hold.
func (pg pdfPage) text() string {
	var b strings.Builder
	for _, r := range pg.runs {
		fmt.Fprintf(&b, "%s %g | %s\n", r.font, r.size, r.s)
	}
	return b.String()
}

// pagesText is every page's text under a page marker.
func (f *pdfFile) pagesText() string {
	var b strings.Builder
	for i, pg := range f.pages {
		fmt.Fprintf(&b, "=== page %d\n%s", i+1, pg.text())
	}
	return b.String()
}

// has reports whether any run on the page is exactly s.
func (pg pdfPage) has(s string) bool {
	for _, r := range pg.runs {
		if r.s == s {
			return true
		}
	}
	return false
}

// pageTextDiff shows which lines of which pages changed between two
// pagesText outputs: removed lines with -, added lines with +, at most
// limit lines in all.
func pageTextDiff(want, got string, limit int) string {
	split := func(s string) map[string][]string {
		pages := map[string][]string{}
		cur := ""
		for _, l := range strings.Split(s, "\n") {
			if strings.HasPrefix(l, "=== page ") {
				cur = l
				pages[cur] = nil
				continue
			}
			if l != "" {
				pages[cur] = append(pages[cur], l)
			}
		}
		return pages
	}
	w, g := split(want), split(got)
	var b strings.Builder
	n := 0
	for i := 1; i <= max(len(w), len(g)); i++ {
		key := fmt.Sprintf("=== page %d", i)
		wl, wok := w[key]
		gl, gok := g[key]
		switch {
		case !gok:
			fmt.Fprintf(&b, "%s: gone (%d lines)\n", key, len(wl))
			n++
			continue
		case !wok:
			fmt.Fprintf(&b, "%s: new (%d lines)\n", key, len(gl))
			n++
			continue
		}
		d := lineDiff(wl, gl)
		if d == nil {
			continue
		}
		b.WriteString(key + "\n")
		for _, l := range d {
			if n >= limit {
				b.WriteString("...\n")
				return b.String()
			}
			b.WriteString(l + "\n")
			n++
		}
	}
	if b.Len() == 0 {
		return "(the text of every page is unchanged: the change is in drawing, fonts, links or metadata; render it with pdftoppm and look)"
	}
	return b.String()
}

// lineDiff returns the lines only in a ("- ") or only in b ("+ ") along a
// longest common subsequence, or nil when a and b are equal.
func lineDiff(a, b []string) []string {
	// lcs[i][j] is the LCS length of a[i:] and b[j:].
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []string
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			i, j = i+1, j+1
		case j < len(b) && (i == len(a) || lcs[i][j+1] >= lcs[i+1][j]):
			out = append(out, "+ "+b[j])
			j++
		default:
			out = append(out, "- "+a[i])
			i++
		}
	}
	return out
}

func TestLineDiff(t *testing.T) {
	got := lineDiff([]string{"a", "b", "c", "d"}, []string{"a", "c", "x", "d"})
	want := []string{"- b", "+ x"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("lineDiff = %q, want %q", got, want)
	}
	if lineDiff([]string{"a"}, []string{"a"}) != nil {
		t.Error("equal inputs gave a diff")
	}
	d := pageTextDiff("=== page 1\nx\n=== page 2\ny\n", "=== page 1\nx\nz\n", 10)
	if !strings.Contains(d, "=== page 1\n+ z") || !strings.Contains(d, "=== page 2: gone") {
		t.Errorf("pageTextDiff = %q", d)
	}
}

// faceFont is the base font fpdf names each face by in the file.
var faceFont = [nFaces]string{regular: "go", bold: "goB", italic: "goI", boldItalic: "goBI", mono: "gomono"}

var numberRE = regexp.MustCompile(`^\d+\.$`)

// exportFile exports d with opts and checks the file with checkFile.
func exportFile(t *testing.T, d *model.Deck, opts Options) ([]byte, *pdfFile) {
	t.Helper()
	var buf bytes.Buffer
	doc, pages, err := export(&buf, d, opts)
	if err != nil {
		t.Fatalf("Export: %v", err)
	}
	return buf.Bytes(), checkFile(t, doc, pages, buf.Bytes())
}

// checkFile reads data, the PDF exported from doc laid out as pages, and
// checks it as a reader sees it: the page count; every page's text, font,
// size and position against the layout; every question extractable;
// fonts embedded with Unicode maps; the outline's entries and targets;
// the links and their targets. It also checks the layout's geometry. It
// returns what it read.
func checkFile(t *testing.T, doc *document, pages []page, data []byte) *pdfFile {
	t.Helper()
	checkGeometry(t, doc, pages)
	f := readPDF(t, data)
	if len(f.pages) != max(len(pages), 1) {
		t.Fatalf("the file has %d pages, the layout %d", len(f.pages), len(pages))
	}
	k := 72 / 25.4 // pt per mm
	used := map[string]bool{}
	for pi, pg := range pages {
		var ops []op
		for _, o := range pg.ops {
			if o.kind == opText {
				ops = append(ops, o)
				used[faceFont[o.face]] = true
			}
		}
		runs := f.pages[pi].runs
		if len(runs) != len(ops) {
			t.Errorf("page %d: the reader finds %d pieces of text, the layout drew %d", pi+1, len(runs), len(ops))
			continue
		}
		for i, o := range ops {
			r := runs[i]
			if r.s != o.s || r.font != faceFont[o.face] || abs(r.size-o.size) > 1e-6 ||
				abs(r.x-o.x*k) > 0.01 || abs(r.y-(doc.ph-o.y)*k) > 0.01 {
				t.Errorf("page %d: read %s %g %q at (%.2f, %.2f) pt, drawn %s %g %q at (%.2f, %.2f)",
					pi+1, r.font, r.size, r.s, r.x, r.y, faceFont[o.face], o.size, o.s, o.x*k, (doc.ph-o.y)*k)
				break
			}
		}
	}
	for name, ft := range f.fonts {
		if !used[name] {
			t.Errorf("font %s is in the file but no text uses it", name)
		}
		if ft.subtype != "Type0" || !ft.embedded || !ft.toUnicode {
			t.Errorf("font %s: %+v, want an embedded Type0 font with a ToUnicode map", name, ft)
		}
	}
	for name := range used {
		if _, ok := f.fonts[name]; !ok {
			t.Errorf("text uses font %s, which no page lists", name)
		}
	}
	qpage := checkQuestions(t, doc, f)
	checkAnswers(t, doc, f)
	checkOutline(t, doc, f, qpage)
	checkLinks(t, doc, f)
	return f
}

// checkQuestions finds every question's text, in order, in the runs of
// the layout's question style, and returns the page each starts on.
func checkQuestions(t *testing.T, doc *document, f *pdfFile) map[string]int {
	t.Helper()
	layout := doc.opts.layout()
	isQuestion := func(pi int, r pdfRun) bool {
		if r.font != "goB" || numberRE.MatchString(r.s) {
			return false
		}
		switch layout {
		case "cheatsheet":
			return r.size == cheatQuestion.size
		case "quiz":
			return r.size == quizQuestion.size
		case "flashcards":
			return pi%2 == 0 && r.size >= questionSizes[len(questionSizes)-1]
		}
		return r.size == studyQuestion.size
	}
	var all strings.Builder
	var starts []int // byte offset in all where each page starts
	for pi, pg := range f.pages {
		starts = append(starts, all.Len())
		for _, r := range pg.runs {
			if isQuestion(pi, r) {
				all.WriteString(strings.ReplaceAll(r.s, " ", ""))
			}
		}
	}
	text := all.String()
	found := map[string]int{}
	pos := 0
	for _, s := range doc.deck.Sections {
		for _, q := range s.Questions {
			want := strings.ReplaceAll(doc.cl.text(q.Question), " ", "")
			if want == "" {
				continue
			}
			i := strings.Index(text[pos:], want)
			if i < 0 {
				t.Errorf("question %s %q is not in the file's question text (in order)", q.ID, want)
				continue
			}
			pos += i
			pi := 0
			for pi+1 < len(starts) && starts[pi+1] <= pos {
				pi++
			}
			found[q.ID] = pi
			pos += len(want)
		}
	}
	return found
}

// checkAnswers checks every word of every answer block (paragraphs,
// lists, headings, code, table cells) is in the file's text: no block
// type is dropped and none is cut off.
func checkAnswers(t *testing.T, doc *document, f *pdfFile) {
	t.Helper()
	var all strings.Builder
	for _, pg := range f.pages {
		for _, r := range pg.runs {
			all.WriteString(r.s)
			all.WriteByte(' ')
		}
	}
	text := all.String()
	for _, s := range doc.deck.Sections {
		for _, q := range s.Questions {
			for _, w := range answerWords(doc, q) {
				if !strings.Contains(text, w) {
					t.Errorf("%s: answer word %q is not in the file's text", q.ID, w)
					break
				}
			}
		}
	}
}

// checkOutline compares the outline with the layout's: the study sheet
// has every section and question, the cheat sheet the sections, the quiz
// the sections and the answer key, the flashcards none; each entry points
// at the page its text is on.
func checkOutline(t *testing.T, doc *document, f *pdfFile, qpage map[string]int) {
	t.Helper()
	d := doc.deck
	layout := doc.opts.layout()
	type entry struct {
		level int
		title string
		page  int // -1: the page of the section's heading, found below
	}
	var want []entry
	for _, s := range d.Sections {
		if layout == "flashcards" {
			break
		}
		want = append(want, entry{0, meta(doc.sectionName(s)), -1})
		if layout == "study" {
			for _, q := range s.Questions {
				want = append(want, entry{1, meta(strconv.Itoa(q.Number) + ". " + q.Question), qpage[q.ID]})
			}
		}
	}
	if layout == "quiz" && d.Count() > 0 {
		want = append(want, entry{0, "Answer key", -2})
	}
	if len(f.outline) != len(want) {
		t.Errorf("the outline has %d entries, want %d", len(f.outline), len(want))
		return
	}
	// Section headings: the style each layout sets them in.
	heading := map[string]style{"study": studyChapter, "cheatsheet": cheatSection, "quiz": quizSection}[layout]
	sec := -1
	for i, w := range want {
		if w.page == -1 {
			sec++
		}
		b := f.outline[i]
		if b.level != w.level || b.title != w.title {
			t.Errorf("outline entry %d is %q at level %d, want %q at level %d", i+1, b.title, b.level, w.title, w.level)
			continue
		}
		if b.page < 0 || b.page >= len(f.pages) {
			continue // readPDF reported it
		}
		pg := f.pages[b.page]
		switch w.page {
		case -1:
			name := doc.cl.text(doc.sectionName(d.Sections[sec]))
			if !pg.hasStart(faceFont[heading.face], heading.size, name) {
				t.Errorf("outline entry %q points at page %d, which has no %s heading", b.title, b.page+1, layout)
			}
		case -2:
			if !pg.has("Answer key") {
				t.Errorf("outline entry %q points at page %d, which does not say so", b.title, b.page+1)
			}
		default:
			if b.page != w.page {
				t.Errorf("outline entry %q points at page %d, the question is on page %d", b.title, b.page+1, w.page+1)
			}
		}
		if b.top <= 0 || b.top > pg.h {
			t.Errorf("outline entry %q points at y=%.1f pt, off the page", b.title, b.top)
		}
	}
}

// hasStart reports whether a run in font and size begins with the start
// of s (the first line of a wrapped or shortened heading).
func (pg pdfPage) hasStart(font string, size float64, s string) bool {
	for _, r := range pg.runs {
		head := strings.TrimSuffix(r.s, "…")
		if r.font == font && r.size == size && head != "" && strings.HasPrefix(s, strings.SplitN(head, " · ", 2)[0]) {
			return true
		}
	}
	return false
}

// checkLinks checks the clickable areas: on the study sheet's front
// pages one contents entry per section pointing at the top of its
// chapter's first page, and the source address; nowhere else any link.
func checkLinks(t *testing.T, doc *document, f *pdfFile) {
	t.Helper()
	d := doc.deck
	var chapters []int // page of each section's chapter heading, in order
	for _, b := range f.outline {
		if b.level == 0 {
			chapters = append(chapters, b.page)
		}
	}
	var dests []int
	var uris []string
	for pi, pg := range f.pages {
		for _, l := range pg.links {
			if doc.opts.layout() != "study" {
				t.Errorf("page %d: a %s has a link (%+v)", pi+1, doc.opts.layout(), l)
				continue
			}
			if !pg.covers(l) {
				t.Errorf("page %d: link %+v covers no text", pi+1, l)
			}
			if l.page < 0 {
				uris = append(uris, l.uri)
				continue
			}
			if len(dests) == 0 || dests[len(dests)-1] != l.page {
				dests = append(dests, l.page)
			}
			if want := pg.h - studyTop*72/25.4; abs(l.top-want) > 0.01 {
				t.Errorf("page %d: contents link to page %d lands at y=%.2f pt, want the top of the text %.2f", pi+1, l.page+1, l.top, want)
			}
		}
	}
	if doc.opts.layout() != "study" {
		return
	}
	if fmt.Sprint(dests) != fmt.Sprint(chapters) {
		t.Errorf("contents links go to pages %v, the chapters start on %v", oneBased(dests), oneBased(chapters))
	}
	target := linkTarget(d.Source.URL)
	if target == "" && len(uris) > 0 {
		t.Errorf("links to %q, but the source %q is no web address", uris, d.Source.URL)
	}
	if target != "" {
		if len(uris) == 0 {
			t.Errorf("the source %q is not a link", d.Source.URL)
		}
		for _, u := range uris {
			if u != target {
				t.Errorf("source link goes to %q, want %q", u, target)
			}
		}
	}
}

// covers reports whether some text run starts inside the link's area.
func (pg pdfPage) covers(l pdfLink) bool {
	x0, x1 := min(l.rect[0], l.rect[2]), max(l.rect[0], l.rect[2])
	y0, y1 := min(l.rect[1], l.rect[3]), max(l.rect[1], l.rect[3])
	for _, r := range pg.runs {
		if r.x >= x0-0.01 && r.x <= x1 && r.y >= y0 && r.y <= y1 {
			return true
		}
	}
	return false
}

func oneBased(ps []int) []int {
	out := make([]int, len(ps))
	for i, p := range ps {
		out[i] = p + 1
	}
	return out
}
