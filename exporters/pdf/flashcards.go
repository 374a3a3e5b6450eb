package pdf

import (
	"fmt"
	"strconv"

	"github.com/xopsexport/xopsexport/model"
)

// Flashcard geometry, mm. The grid is centred on the page with equal
// margins, so mirroring a cell's position mirrors the card exactly.
const (
	cardMargin  = 10.0 // page edge to grid; the cut marks live here
	cardPad     = 5.0  // card edge to text: tolerates a few mm of duplex drift
	cardMetaH   = 4.5  // the role/number/ID line at the top of each face
	cardMarkGap = 2.0  // cut marks stop this far from the grid
)

var (
	cardMeta     = style{face: bold, size: 7, colour: accent, lead: 3}
	cardID       = style{face: mono, size: 7, colour: grey, lead: 3}
	cardNote     = style{face: italic, size: 8, colour: grey, lead: 3.6}
	cardQuestion = style{face: bold, colour: black}
	cardAnswer   = style{face: regular, colour: black}
)

// Font sizes tried, largest first, until the text fits one card; the last
// is the floor, below which text continues on another card instead.
var (
	questionSizes = []float64{12, 11, 10, 9, 8}
	answerSizes   = []float64{9.5, 9, 8.5, 8, 7.5, 7}
)

// grid returns the number of card columns and rows on a sheet: 2×4 cards
// of about 95×69 mm on portrait A4, 3×3 of about 92×63 mm on landscape.
func grid(landscape bool) (cols, rows int) {
	if landscape {
		return 3, 3
	}
	return 2, 4
}

// mirrorsColumns reports whether the backs mirror columns (true) or rows
// (false). Turning a sheet over around its long edge mirrors left and right
// on a portrait page, but top and bottom on a landscape one; turning it
// around the short edge does the opposite.
func mirrorsColumns(flip string, landscape bool) bool {
	return (flip != "short") != landscape
}

// backCell returns the cell on the back sheet that lies behind front cell
// (row, col) of a rows×cols grid once the sheet is turned over.
func backCell(row, col, rows, cols int, mirrorCols bool) (int, int) {
	if mirrorCols {
		return row, cols - 1 - col
	}
	return rows - 1 - row, col
}

// card is one physical card: what goes on its front and its back, with
// ops relative to the card's content area.
type card struct {
	front, back []op
}

// flashcards lays out one card per question (more when a long text needs
// to continue), fronts and mirrored backs on alternate pages.
func (doc *document) flashcards() []page {
	cols, rows := grid(doc.opts.Landscape)
	cw := (doc.pw - 2*cardMargin) / float64(cols)
	ch := (doc.ph - 2*cardMargin) / float64(rows)
	areaW, areaH := cw-2*cardPad, ch-2*cardPad-cardMetaH

	var cards []card
	for _, s := range doc.deck.Sections {
		for _, q := range s.Questions {
			cards = append(cards, doc.questionCards(s, q, areaW, areaH)...)
		}
	}
	if len(cards) == 0 {
		return []page{{ops: doc.lines(cardNote, "This deck has no questions.", 0, doc.pw-2*cardMargin, 0)[0].translated(cardMargin, cardMargin)}}
	}

	perSheet := cols * rows
	mirrorCols := mirrorsColumns(doc.opts.Flip, doc.opts.Landscape)
	var pages []page
	for first := 0; first < len(cards); first += perSheet {
		var front, back page
		front.ops = doc.cutMarks(cols, rows, cw, ch, 0, true)
		back.ops = doc.cutMarks(cols, rows, cw, ch, doc.opts.OffsetMM, false)
		for i := 0; i < perSheet && first+i < len(cards); i++ {
			c := cards[first+i]
			row, col := i/cols, i%cols
			fx := cardMargin + float64(col)*cw + cardPad
			fy := cardMargin + float64(row)*ch + cardPad
			front.ops = translate(c.front, fx, fy, front.ops)
			brow, bcol := backCell(row, col, rows, cols, mirrorCols)
			bx := cardMargin + float64(bcol)*cw + cardPad + doc.opts.OffsetMM
			by := cardMargin + float64(brow)*ch + cardPad
			back.ops = translate(c.back, bx, by, back.ops)
		}
		pages = append(pages, front, back)
	}
	return pages
}

// translated returns the block's ops moved by (dx, dy).
func (b block) translated(dx, dy float64) []op { return translate(b.ops, dx, dy, nil) }

// stack places blocks one under the other from y = 0 and returns their ops
// and total height.
func stack(bs []block) ([]op, float64) {
	var ops []op
	y := 0.0
	for i, b := range bs {
		if i > 0 {
			y += b.gap
		}
		ops = translate(b.ops, 0, y, ops)
		y += b.h
	}
	return ops, y
}

// questionCards lays out the faces of one question: the question on the
// front, the answer on the back, each shrunk to fit; text that does not
// fit even at the floor size continues on further cards, each face
// labelled with the role, number, part and ID so a dropped stack can be
// put back together.
func (doc *document) questionCards(s model.Section, q model.Question, areaW, areaH float64) []card {
	fronts, frontH := doc.fit(questionSizes, cardQuestion, areaW, areaH, func(st style) []block {
		return doc.lines(st, q.Question, 0, areaW, 0)
	})
	backs, _ := doc.fit(answerSizes, cardAnswer, areaW, areaH, func(st style) []block {
		return doc.answerBlocks(q, st, 0, areaW, st.lead*0.45)
	})
	n := max(len(fronts), len(backs))
	label := doc.sectionName(s) + " · Q" + strconv.Itoa(q.Number)
	cards := make([]card, n)
	for i := range cards {
		part := ""
		if n > 1 {
			part = fmt.Sprintf(" (%d/%d)", i+1, n)
		}
		var c card
		c.front = doc.cardMeta(label+part, q.ID, areaW)
		c.back = doc.cardMeta(label+part+" · answer", q.ID, areaW)
		switch {
		case i < len(fronts) && len(fronts) == 1:
			// A question that fits is centred in the card.
			c.front = translate(fronts[i].ops, 0, cardMetaH+(areaH-frontH)/2, c.front)
		case i < len(fronts):
			c.front = translate(fronts[i].ops, 0, cardMetaH, c.front)
		default:
			note, h := stack(doc.lines(cardNote, "Question "+strconv.Itoa(q.Number)+" continued: the answer goes on over the back of this card.", 0, areaW, 0))
			c.front = translate(note, 0, cardMetaH+(areaH-h)/2, c.front)
		}
		if i < len(backs) {
			c.back = translate(backs[i].ops, 0, cardMetaH, c.back)
		} else {
			note, _ := stack(doc.lines(cardNote, "The answer is on the back of the previous card.", 0, areaW, 0))
			c.back = translate(note, 0, cardMetaH, c.back)
		}
		cards[i] = c
	}
	return cards
}

// fit lays out blocks at the largest size that fits one area; at the
// floor size it flows them over as many areas as needed. It returns the
// areas and the height used in the last one.
func (doc *document) fit(sizes []float64, base style, areaW, areaH float64, build func(style) []block) ([]page, float64) {
	var fl *flow
	for _, sz := range sizes {
		st := base
		st.size, st.lead = sz, sz*ptToMM*1.25
		fl = newFlow(func(i int) frame { return frame{page: i, top: 0, bottom: areaH} })
		fl.add(build(st))
		if len(fl.pages) == 1 {
			break
		}
	}
	return fl.pages, fl.y
}

// cardMeta is the line at the top of a face: role and number on the left,
// the question's stable ID on the right.
func (doc *document) cardMeta(label, id string, areaW float64) []op {
	idText := doc.ellipsize(cardID, id, areaW/2)
	iw := doc.m.width(cardID.face, cardID.size, idText)
	left := doc.ellipsize(cardMeta, label, areaW-iw-3)
	return []op{
		doc.text(cardMeta, 0, cardMeta.baseline(), left),
		doc.text(cardID, areaW-iw, cardMeta.baseline(), idText),
	}
}

// cutMarks draws ticks in the margin on every grid line, shifted by dx
// (the back offset); the fronts also get hairline card outlines to cut
// along with scissors.
func (doc *document) cutMarks(cols, rows int, cw, ch, dx float64, outlines bool) []op {
	var ops []op
	tick := cardMargin - cardMarkGap - 2.5
	gx0, gy0 := cardMargin+dx, cardMargin
	gx1, gy1 := gx0+float64(cols)*cw, gy0+float64(rows)*ch
	for c := 0; c <= cols; c++ {
		x := gx0 + float64(c)*cw
		ops = append(ops,
			op{kind: opLine, colour: black, size: 0.2, x: x, y: gy0 - cardMarkGap - tick, h: tick},
			op{kind: opLine, colour: black, size: 0.2, x: x, y: gy1 + cardMarkGap, h: tick})
		if outlines {
			ops = append(ops, op{kind: opLine, colour: lightGrey, size: 0.1, x: x, y: gy0, h: gy1 - gy0})
		}
	}
	for r := 0; r <= rows; r++ {
		y := gy0 + float64(r)*ch
		ops = append(ops,
			op{kind: opLine, colour: black, size: 0.2, x: gx0 - cardMarkGap - tick, y: y, w: tick},
			op{kind: opLine, colour: black, size: 0.2, x: gx1 + cardMarkGap, y: y, w: tick})
		if outlines {
			ops = append(ops, op{kind: opLine, colour: lightGrey, size: 0.1, x: gx0, y: y, w: gx1 - gx0})
		}
	}
	return ops
}
