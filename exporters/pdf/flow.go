package pdf

// Layouts are built in two steps: first every layout places its content
// as a display list of pages of positioned operations (measuring text with
// the real font widths), then draw replays the list into fpdf. Knowing every
// page before drawing gives "page X of Y" and the contents' page numbers
// without a second rendering pass, and lets tests check the geometry
// (nothing outside the printable area, nothing overlapping) without any
// PDF tooling.

type opKind uint8

const (
	opText     opKind = iota // s at (x, y = baseline) in face/size
	opLine                   // from (x, y) to (x+w, y+h), width lw
	opRect                   // filled rectangle (x, y, w, h)
	opLink                   // clickable area (x, y, w, h) to anchor
	opURL                    // clickable area (x, y, w, h) to URL s
	opBookmark               // outline entry s at level, pointing at y
	opAnchor                 // destination of internal links to anchor, at y
)

// colour indexes the few colours the layouts use.
type colour uint8

const (
	black colour = iota
	grey
	lightGrey
	accent
	linkBlue
	shade
	codeBg
	tableHeadBg
	nColours
)

var rgb = [nColours][3]int{
	black:       {0, 0, 0},
	grey:        {96, 96, 96},
	lightGrey:   {170, 170, 170},
	accent:      {20, 60, 120},
	linkBlue:    {0, 70, 170},
	shade:       {228, 234, 243},
	codeBg:      {242, 243, 245},
	tableHeadBg: {232, 237, 245},
}

type op struct {
	kind   opKind
	face   face
	colour colour
	level  int     // bookmark level
	anchor int     // opLink, opAnchor
	size   float64 // font size in pt (opText); line width in mm (opLine)
	x, y   float64
	w, h   float64 // opText: w is the measured width, h the font size in mm
	s      string
}

type page struct {
	ops []op
}

// translate returns ops moved by (dx, dy).
func translate(ops []op, dx, dy float64, out []op) []op {
	for _, o := range ops {
		o.x += dx
		o.y += dy
		out = append(out, o)
	}
	return out
}

// block is an unbreakable piece of a flow, usually one line of text. Its
// ops are relative to the block's top-left corner.
type block struct {
	h    float64
	gap  float64 // space above, dropped at the top of a frame
	keep bool    // keep with the next block (same frame)
	ops  []op
	// repeat is placed first whenever this block starts a frame: a table's
	// header row above the rows that continue it.
	repeat []block
}

// frame is a rectangle a flow fills top to bottom: a page's text area or
// one column of it.
type frame struct {
	page           int // index into the flow's pages
	x, top, bottom float64
}

// flow places blocks into consecutive frames; frameAt(i) describes the
// i-th frame (its page index must not decrease).
type flow struct {
	frameAt func(i int) frame
	pages   []page
	fi      int
	fr      frame
	y       float64
}

func newFlow(frameAt func(int) frame) *flow {
	fl := &flow{frameAt: frameAt}
	fl.fr = frameAt(0)
	fl.y = fl.fr.top
	fl.pages = make([]page, fl.fr.page+1)
	return fl
}

func (fl *flow) atTop() bool { return fl.y == fl.fr.top }

func (fl *flow) nextFrame() {
	fl.fi++
	fl.fr = fl.frameAt(fl.fi)
	fl.y = fl.fr.top
	for len(fl.pages) <= fl.fr.page {
		fl.pages = append(fl.pages, page{})
	}
}

// add places blocks in order, honouring keep: a run of kept blocks and the
// block after it move together to the next frame when they do not fit,
// unless the run is taller than a whole frame.
func (fl *flow) add(blocks []block) {
	for i := 0; i < len(blocks); i++ {
		b := blocks[i]
		if b.keep && !fl.atTop() {
			room := fl.fr.bottom - fl.fr.top
			need := b.gap + b.h
			for j := i + 1; j < len(blocks) && need-b.gap <= room; j++ {
				need += blocks[j].gap + blocks[j].h
				if !blocks[j].keep {
					break
				}
			}
			fits := fl.y+need <= fl.fr.bottom+1e-9
			fitsFresh := need-b.gap <= room
			if !fits && fitsFresh {
				fl.nextFrame()
			}
		}
		fl.place(b)
	}
}

func (fl *flow) place(b block) {
	gap := b.gap
	if fl.atTop() {
		gap = 0
	}
	if fl.y+gap+b.h > fl.fr.bottom+1e-9 && !fl.atTop() {
		fl.nextFrame()
		gap = 0
	}
	if fl.atTop() && b.repeat != nil && fl.fits(b.repeat, b.h) {
		for _, r := range b.repeat {
			pg := &fl.pages[fl.fr.page]
			pg.ops = translate(r.ops, fl.fr.x, fl.y, pg.ops)
			fl.y += r.h
		}
	}
	fl.y += gap
	pg := &fl.pages[fl.fr.page]
	pg.ops = translate(b.ops, fl.fr.x, fl.y, pg.ops)
	fl.y += b.h
}

// fits reports whether blocks and then h more mm fit a fresh frame with
// room to spare: a repeated header may take at most a third of it.
func (fl *flow) fits(blocks []block, h float64) bool {
	total := 0.0
	for _, b := range blocks {
		total += b.h
	}
	room := fl.fr.bottom - fl.fr.top
	return total <= room/3 && total+h <= room+1e-9
}
