package webpage

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"github.com/xopsexport/xopsexport/model"
)

// appendData appends the page's data: the deck, the quiz and the page's
// own facts, as one JSON object. The page renders everything from it; no
// text of the deck is ever written into the page as markup. The layout is
// compact (one question per line, blocks as arrays) because the whole
// article must stay under 150 KB:
//
//	{"v":1, "title", "author", "source", "sha256", "date", "generator", "seed",
//	 "roles": [{"id","name","heading","n"}],
//	 "questions": [{"id", "r": role index, "n": number, "h": content hash,
//	                "q": question, "a": [block…], "t": [tag…], "ch": changed date}],
//	 "options": [text…],            (every distinct quiz option once)
//	 "quiz": [{"id", "o": [option index…], "c": index of the right one in o,
//	           "p": prompt if it is not the question}]}
//
// A block is ["p",text] (paragraph), ["h",text] (sub-heading), ["l",[item…]]
// (list), ["c",text,lang] (code) or ["t",[[cell…]…]] (table, first row the
// header, rows padded to the same width). Blank blocks are left out, as the
// other HTML formats do (exporters/internal/answerhtml).
func appendData(dst []byte, d *model.Deck, title string, date time.Time, generator string, seed int64, quiz []quizItem) []byte {
	str := appendJSONString
	dst = append(dst, `{"v":1,"title":`...)
	dst = str(dst, title)
	dst = append(dst, `,"author":`...)
	dst = str(dst, d.Author)
	dst = append(dst, `,"source":`...)
	dst = str(dst, d.Source.URL)
	dst = append(dst, `,"sha256":`...)
	dst = str(dst, d.Source.SHA256)
	dst = append(dst, `,"date":`...)
	dst = str(dst, date.UTC().Format(time.DateOnly))
	dst = append(dst, `,"generator":`...)
	dst = str(dst, generator)
	dst = append(dst, `,"seed":`...)
	dst = strconv.AppendInt(dst, seed, 10)
	dst = append(dst, ",\n\"roles\":["...)
	for i, s := range d.Sections {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"id":`...)
		dst = str(dst, s.Role)
		dst = append(dst, `,"name":`...)
		dst = str(dst, sectionName(&s))
		dst = append(dst, `,"heading":`...)
		dst = str(dst, s.Heading)
		dst = append(dst, `,"n":`...)
		dst = strconv.AppendInt(dst, int64(len(s.Questions)), 10)
		dst = append(dst, '}')
	}
	dst = append(dst, "],\n\"questions\":["...)
	first := true
	var content []byte
	for ri := range d.Sections {
		for qi := range d.Sections[ri].Questions {
			q := &d.Sections[ri].Questions[qi]
			if !first {
				dst = append(dst, ',')
			}
			first = false
			// The content hash covers exactly what the learner sees of the
			// question, so the page can mark a graded question "updated"
			// after a re-export changed its text.
			content = str(content[:0], q.Question)
			content = appendBlocks(content, q.Answer)
			sum := sha256.Sum256(content)
			dst = append(dst, "\n{\"id\":"...)
			dst = str(dst, d.Sections[ri].IDOf(q))
			dst = append(dst, `,"r":`...)
			dst = strconv.AppendInt(dst, int64(ri), 10)
			dst = append(dst, `,"n":`...)
			dst = strconv.AppendInt(dst, int64(q.Number), 10)
			dst = append(dst, `,"h":"`...)
			dst = hex.AppendEncode(dst, sum[:6])
			dst = append(dst, `","q":`...)
			dst = append(dst, content...) // the question, then the blocks
			if len(q.Tags) > 0 {
				dst = append(dst, `,"t":`...)
				dst = appendStrings(dst, q.Tags)
			}
			if !q.Changed.IsZero() {
				dst = append(dst, `,"ch":`...)
				dst = str(dst, q.Changed.UTC().Format(time.DateOnly))
			}
			dst = append(dst, '}')
		}
	}
	dst = append(dst, "],\n\"options\":["...)
	// Each right answer is another question's wrong one: keep every text
	// once and point at it.
	index := map[string]int{}
	var texts []string
	for _, it := range quiz {
		for _, o := range it.Options {
			if _, ok := index[o]; !ok {
				index[o] = len(texts)
				texts = append(texts, o)
			}
		}
	}
	for i, t := range texts {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, '\n')
		dst = str(dst, t)
	}
	dst = append(dst, "],\n\"quiz\":["...)
	asked := make(map[string]string, len(quiz))
	for ri := range d.Sections {
		for _, q := range d.Sections[ri].Questions {
			asked[d.Sections[ri].IDOf(&q)] = q.Question
		}
	}
	for i, it := range quiz {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, "\n{\"id\":"...)
		dst = str(dst, it.QuestionID)
		dst = append(dst, `,"o":[`...)
		for j, o := range it.Options {
			if j > 0 {
				dst = append(dst, ',')
			}
			dst = strconv.AppendInt(dst, int64(index[o]), 10)
		}
		dst = append(dst, `],"c":`...)
		dst = strconv.AppendInt(dst, int64(it.Correct), 10)
		if it.Prompt != "" && it.Prompt != asked[it.QuestionID] {
			dst = append(dst, `,"p":`...)
			dst = str(dst, it.Prompt)
		}
		dst = append(dst, '}')
	}
	return append(dst, "]}\n"...)
}

// appendBlocks appends `,"a":[…]`: the answer's blocks in the page's form.
func appendBlocks(dst []byte, blocks []model.Block) []byte {
	dst = append(dst, `,"a":[`...)
	n := 0
	sep := func() {
		if n > 0 {
			dst = append(dst, ',')
		}
		n++
	}
	for i := range blocks {
		bl := &blocks[i]
		switch kind(bl) {
		case model.List:
			items := nonBlank(bl.Items)
			if len(items) == 0 {
				continue
			}
			sep()
			dst = append(dst, `["l",`...)
			dst = appendStrings(dst, items)
		case model.Table:
			width, text := 0, false
			for _, r := range bl.Rows {
				width = max(width, len(r))
				for _, c := range r {
					text = text || !blank(c)
				}
			}
			if !text {
				continue
			}
			sep()
			dst = append(dst, `["t",[`...)
			for j, r := range bl.Rows {
				if j > 0 {
					dst = append(dst, ',')
				}
				dst = append(dst, '[')
				for k := 0; k < width; k++ {
					if k > 0 {
						dst = append(dst, ',')
					}
					c := ""
					if k < len(r) {
						c = r[k]
					}
					dst = appendJSONString(dst, c)
				}
				dst = append(dst, ']')
			}
			dst = append(dst, ']')
		default:
			if blank(bl.Text) {
				continue
			}
			sep()
			tag := `["p",`
			switch kind(bl) {
			case model.Heading:
				tag = `["h",`
			case model.Code:
				tag = `["c",`
			}
			dst = append(dst, tag...)
			dst = appendJSONString(dst, bl.Text)
			if kind(bl) == model.Code && bl.Lang != "" {
				dst = append(dst, ',')
				dst = appendJSONString(dst, bl.Lang)
			}
		}
		dst = append(dst, ']')
	}
	return append(dst, ']')
}

// kind is how a block is shown: its type when known, else a list if it has
// items and a paragraph otherwise (the rule of exporters/internal/answerhtml).
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

func blank(s string) bool { return strings.TrimSpace(s) == "" }

func nonBlank(items []string) []string {
	var out []string
	for _, it := range items {
		if !blank(it) {
			out = append(out, it)
		}
	}
	return out
}

func appendStrings(dst []byte, ss []string) []byte {
	dst = append(dst, '[')
	for i, s := range ss {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendJSONString(dst, s)
	}
	return append(dst, ']')
}

// sectionName is what the page calls a section: its display name, else
// the role's.
func sectionName(s *model.Section) string {
	if s.Name != "" {
		return s.Name
	}
	if n := model.RoleName(s.Role); n != "" {
		return n
	}
	return s.Heading
}
