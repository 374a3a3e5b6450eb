// Package pdf writes printable study material: a study sheet with contents
// and bookmarks, a multi-column cheat sheet, duplex flashcards and a quiz
// with an answer key. It embeds the Go fonts, so the output looks the same
// everywhere and copy-pastes as Unicode.
package pdf

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/go-pdf/fpdf"
	"github.com/xopsexport/xopsexport/model"
)

// Export writes d as a PDF in the layout opts names. It never modifies d.
func Export(w io.Writer, d *model.Deck, opts Options) error {
	_, _, err := export(w, d, opts)
	return err
}

// export is Export returning the document and the pages it laid out, for
// tests to compare with the file.
func export(w io.Writer, d *model.Deck, opts Options) (doc *document, pages []page, err error) {
	if err := opts.Check(); err != nil {
		return nil, nil, fmt.Errorf("pdf: %w", err)
	}
	// fpdf reports most problems through Err(), but a few inputs make it
	// panic (runes above U+FFFF, which the cleaner removes); a crash must
	// never take the whole CLI run down.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("pdf: internal error while rendering: %v", r)
		}
	}()
	// The pages are compressed here rather than by fpdf (see compressPages);
	// should fpdf ever write a file this cannot read, fpdf compresses.
	doc, pages, err = prepare(d, opts, false)
	if err != nil {
		return nil, nil, err
	}
	bw := bufio.NewWriter(w)
	err = doc.f.Output(&pageCompressor{w: bw})
	if errors.Is(err, errLayout) {
		if doc, pages, err = prepare(d, opts, true); err != nil {
			return nil, nil, err
		}
		err = doc.f.Output(bw)
	}
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		return nil, nil, fmt.Errorf("pdf: writing: %w", err)
	}
	return doc, pages, nil
}

// prepare lays d out and draws it into fpdf, its pages to be compressed by
// fpdf or not.
func prepare(d *model.Deck, opts Options, compress bool) (*document, []page, error) {
	doc, err := newDocument(d, opts)
	if err != nil {
		return nil, nil, err
	}
	doc.f.SetCompression(compress)
	pages := doc.layout()
	doc.draw(pages)
	if doc.f.Err() {
		return nil, nil, fmt.Errorf("pdf: rendering: %w", doc.f.Error())
	}
	return doc, pages, nil
}

// layout places the deck's content on pages in the layout opts names.
func (doc *document) layout() []page {
	switch doc.opts.layout() {
	case "cheatsheet":
		return doc.cheatsheet()
	case "flashcards":
		return doc.flashcards()
	case "quiz":
		return doc.quiz()
	default:
		return doc.study()
	}
}

func (o Options) layout() string {
	if o.Layout == "" {
		return "study"
	}
	return o.Layout
}

// document is one PDF being built: the deck, the fpdf instance it is drawn
// into, and the page geometry.
type document struct {
	f       *fpdf.Fpdf
	m       *metrics
	cl      *cleaner
	deck    *model.Deck
	opts    Options
	pw, ph  float64 // page width and height, mm
	anchors int     // internal link destinations handed out
}

func newDocument(d *model.Deck, opts Options) (*document, error) {
	cov, err := newCoverage()
	if err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	orientation, size := "P", "A4"
	if opts.Paper == "letter" {
		size = "Letter"
	}
	if opts.Landscape {
		orientation = "L"
	}
	f := fpdf.New(orientation, "mm", size, "")
	f.SetCompression(true)
	f.SetAutoPageBreak(false, 0) // the layouts paginate themselves
	f.SetMargins(0, 0, 0)
	f.SetCellMargin(0)
	f.SetCatalogSort(true)
	date := d.StampDate(opts.Date)
	f.SetCreationDate(date)
	f.SetModificationDate(date)
	doc := &document{f: f, m: newMetrics(f), cl: &cleaner{cov: cov}, deck: d, opts: opts}
	doc.pw, doc.ph = f.GetPageSize()
	doc.setInfo()
	return doc, nil
}

// layoutName is how the document's subject names a layout.
func layoutName(layout string) string {
	switch layout {
	case "cheatsheet":
		return "Cheat sheet"
	case "flashcards":
		return "Flashcards"
	case "quiz":
		return "Quiz"
	}
	return "Study sheet"
}

// setInfo fills the document information dictionary.
func (doc *document) setInfo() {
	d := doc.deck
	doc.f.SetTitle(meta(doc.title()), true)
	if d.Author != "" {
		doc.f.SetAuthor(meta(d.Author), true)
	}
	var roles []string
	for _, s := range d.Sections {
		roles = append(roles, doc.sectionName(s))
	}
	subject := fmt.Sprintf("%s: %d questions", layoutName(doc.opts.layout()), d.Count())
	if len(roles) > 0 {
		subject += " for " + strings.Join(roles, ", ")
	}
	if d.Source.URL != "" {
		subject += " from " + d.Source.URL
	}
	doc.f.SetSubject(meta(subject), true)
	creator := doc.opts.Creator
	if creator == "" {
		creator = "xopsexport"
	}
	doc.f.SetCreator(meta(creator), true)
	doc.f.SetKeywords(meta(strings.Join(keywords(d), ", ")), true)
}

// keywords are the interview roles followed by the topic tags, sorted.
func keywords(d *model.Deck) []string {
	kw := []string{"interview questions"}
	seen := map[string]bool{}
	var tags []string
	for _, s := range d.Sections {
		if s.Role != "" && !seen[s.Role] {
			seen[s.Role] = true
			kw = append(kw, s.Role)
		}
	}
	for _, s := range d.Sections {
		for _, q := range s.Questions {
			for _, t := range q.Tags {
				if t != "" && !seen[t] {
					seen[t] = true
					tags = append(tags, t)
				}
			}
		}
	}
	sort.Strings(tags)
	return append(kw, tags...)
}

// sectionName is the display name of a section: its name, else its
// role's name, else its heading, whichever prints as something (a name made
// only of invisible characters cleans to nothing).
func (doc *document) sectionName(s model.Section) string {
	for _, n := range []string{s.Name, model.RoleName(s.Role), s.Heading} {
		if doc.cl.text(n) != "" {
			return n
		}
	}
	return "Questions"
}

// title is the deck's title, or a generic one if it prints as nothing.
func (doc *document) title() string {
	if doc.cl.text(doc.deck.Title) != "" {
		return doc.deck.Title
	}
	return "Interview questions"
}

// anchor hands out a new internal link destination.
func (doc *document) anchor() int {
	doc.anchors++
	return doc.anchors - 1
}

// draw replays the display list into fpdf.
func (doc *document) draw(pages []page) {
	f := doc.f
	links := make([]int, doc.anchors)
	for i := range links {
		links[i] = f.AddLink()
	}
	if len(pages) == 0 {
		pages = []page{{}}
	}
	// Bookmarks need a Unicode font selected. Selecting one embeds it, so
	// take one the layout already measured text in (regular, nearly always).
	first := regular
	for fc := range nFaces {
		if doc.m.loaded[fc] {
			first = fc
			break
		}
	}
	doc.m.set(first, 10)
	text, draw, fill := colour(255), colour(255), colour(255)
	lw := -1.0
	for _, pg := range pages {
		f.AddPage()
		for _, o := range pg.ops {
			switch o.kind {
			case opText:
				doc.m.set(o.face, o.size)
				if text != o.colour {
					c := rgb[o.colour]
					f.SetTextColor(c[0], c[1], c[2])
					text = o.colour
				}
				f.Text(o.x, o.y, o.s)
			case opLine:
				if lw != o.size {
					f.SetLineWidth(o.size)
					lw = o.size
				}
				if draw != o.colour {
					c := rgb[o.colour]
					f.SetDrawColor(c[0], c[1], c[2])
					draw = o.colour
				}
				f.Line(o.x, o.y, o.x+o.w, o.y+o.h)
			case opRect:
				if fill != o.colour {
					c := rgb[o.colour]
					f.SetFillColor(c[0], c[1], c[2])
					fill = o.colour
				}
				f.Rect(o.x, o.y, o.w, o.h, "F")
			case opLink:
				f.Link(o.x, o.y, o.w, o.h, links[o.anchor])
			case opURL:
				f.LinkString(o.x, o.y, o.w, o.h, o.s)
			case opBookmark:
				f.Bookmark(o.s, o.level, o.y)
			case opAnchor:
				f.SetLink(links[o.anchor], o.y, -1)
			}
		}
	}
}

// style is a font, size, colour and line height for a run of text.
type style struct {
	face   face
	size   float64 // pt
	colour colour
	lead   float64 // line height, mm
}

// baseline returns the baseline's distance from the top of a line box.
func (st style) baseline() float64 {
	return st.lead/2 + st.size*ptToMM*0.33
}

// text returns a text op with s (already cleaned) at x with its baseline
// at y.
func (doc *document) text(st style, x, y float64, s string) op {
	return op{kind: opText, face: st.face, size: st.size, colour: st.colour,
		x: x, y: y, w: doc.m.width(st.face, st.size, s), h: st.size * ptToMM, s: s}
}

// wrapText cleans s and wraps it to width mm in st.
func (doc *document) wrapText(st style, s string, width float64) []wline {
	maxUnits := int(width / (st.size * ptToMM) * 1000)
	fc := st.face
	return wrap(doc.cl.text(s), maxUnits, func(s string) int { return doc.m.units(fc, s) })
}

// lines returns one block per wrapped line of s in st, indented by x in a
// column width mm wide. The first line gets gap above it.
func (doc *document) lines(st style, s string, x, width, gap float64) []block {
	ls := doc.wrapText(st, s, width-x)
	blocks := make([]block, len(ls))
	for i, l := range ls {
		blocks[i] = block{h: st.lead, ops: []op{doc.text(st, x, st.baseline(), l.text)}}
	}
	if n := len(blocks); n > 0 {
		blocks[0].gap = gap
		// No lone first or last line of a paragraph at a frame's edge.
		if n >= 2 {
			blocks[0].keep = true
			blocks[n-2].keep = true
		}
	}
	return blocks
}

// ellipsize cleans s and shortens it to fit width mm in st.
func (doc *document) ellipsize(st style, s string, width float64) string {
	s = doc.cl.text(s)
	if doc.m.width(st.face, st.size, s) <= width {
		return s
	}
	rs := []rune(s)
	lo, hi := 0, len(rs)
	for lo < hi { // longest prefix that fits with the ellipsis
		mid := (lo + hi + 1) / 2
		if doc.m.width(st.face, st.size, strings.TrimSpace(string(rs[:mid]))+"…") <= width {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return strings.TrimSpace(string(rs[:lo])) + "…"
}

// retrieved is the date the deck's content is from ("25 November 2026"),
// or "" when the source does not say: the document's own date is when it
// was made, not what it shows.
func (doc *document) retrieved() string {
	if doc.deck.Source.Retrieved.IsZero() {
		return ""
	}
	return doc.deck.Source.Retrieved.UTC().Format("2 January 2006")
}

// answerBlocks lays out an answer: paragraphs, bulleted lists with a
// hanging indent, bold sub-headings, code in boxes and tables, starting at
// x in a column width mm wide. paraGap is the space between blocks of the
// answer.
func (doc *document) answerBlocks(q model.Question, st style, x, width, paraGap float64) []block {
	var out []block
	bulletIndent := st.size * ptToMM * 1.3
	for i, b := range q.Answer {
		gap := paraGap
		if i == 0 {
			gap = 0
		}
		switch b.Type {
		case model.List:
			for j, it := range b.Items {
				ls := doc.lines(st, it, x+bulletIndent, width, 0)
				if len(ls) == 0 {
					continue
				}
				ls[0].ops = append(ls[0].ops, doc.text(st, x+bulletIndent*0.25, st.baseline(), "•"))
				if j == 0 {
					ls[0].gap = gap
				} else {
					ls[0].gap = paraGap * 0.35
				}
				out = append(out, ls...)
			}
		case model.Heading:
			hs := st
			hs.face = bold
			ls := doc.lines(hs, b.Text, x, width, gap)
			if i < len(q.Answer)-1 {
				for j := range ls {
					ls[j].keep = true // never the last line of a frame
				}
			}
			out = append(out, ls...)
		case model.Code:
			out = append(out, doc.codeBlocks(st, b.Text, x, width, gap)...)
		case model.Table:
			out = append(out, doc.tableBlocks(st, b.Rows, x, width, gap)...)
		default:
			out = append(out, doc.lines(st, b.Text, x, width, gap)...)
		}
	}
	if len(out) == 0 {
		note := st
		note.face, note.colour = italic, grey
		out = doc.lines(note, "(no answer in the source)", x, width, 0)
	}
	return out
}
