package moodle

import (
	"bufio"
	"github.com/xopsexport/xopsexport/exporters/internal/xmlchar"
	"io"
	"strings"
	"unicode/utf8"
)

// writeGIFT writes the plan as GIFT, the shape of
// tools/gift/samples/good-10-adversarial.gift:
//
//	// header comment
//
//	$CATEGORY: $course$/top/xOps Interview/CloudOps
//
//	// [id:cloudops-cb7755d1] [tag:cloudops] [tag:aws]
//	::CloudOps Q1 (cloudops-cb7755d1)::[html]<p>…</p>{####[html]<p>…</p>}
//
//	// [id:cloudops-cb7755d1-mcq] [tag:cloudops] [tag:aws]
//	::CloudOps Q1 (cloudops-cb7755d1-mcq)::[html]<p>…</p>{
//	=[html]right answer
//	~[html]wrong answer
//	####[html]<p>…</p>
//	}
//
// Blocks are separated by exactly one blank line and no block contains one
// (Moodle splits questions on blank lines); text never contains a raw line
// break, so no line inside a question can start with "//" (a comment to
// Moodle). The "// [id:…] [tag:…]" line before a question is read by Moodle
// as the question's ID number and tags. UTF-8, no BOM, "\n" line ends.
func writeGIFT(w io.Writer, q *quiz) error {
	bw := bufio.NewWriter(w)
	b := make([]byte, 0, 4096)

	b = giftComment(b, q.title+": "+q.summary+", for Moodle (GIFT format), written by xopsexport.")
	if q.source != "" {
		b = giftComment(b, "Source: "+q.source)
	}
	b = giftComment(b, `Import: Question bank → Import → GIFT format, with "Get category from file" ticked.`)
	b = giftComment(b, "Importing again adds new copies (Moodle never updates questions): delete or hide the old categories first.")

	for _, c := range q.categories {
		b = append(b, '\n')
		b = append(b, "$CATEGORY: "...)
		b = append(b, c.path...)
		b = append(b, '\n')
		for i := range c.items {
			b = append(b, '\n')
			b = giftItem(b, &c.items[i])
			// Flush per question so memory stays flat on huge decks.
			if len(b) > 32<<10 {
				if _, err := bw.Write(b); err != nil {
					return err
				}
				b = b[:0]
			}
		}
	}
	if _, err := bw.Write(b); err != nil {
		return err
	}
	return bw.Flush()
}

// giftItem appends one question block, ending in "\n".
func giftItem(b []byte, it *item) []byte {
	if it.note != "" {
		b = giftComment(b, "mcq: "+it.note+".")
	}
	b = append(b, "// [id:"...)
	b = append(b, it.idnumber...)
	b = append(b, ']')
	for _, t := range it.tags {
		b = append(b, " [tag:"...)
		b = append(b, t...)
		b = append(b, ']')
	}
	b = append(b, '\n')

	b = append(b, "::"...)
	b = appendGIFT(b, htmlText(it.name))
	b = append(b, "::[html]"...)
	b = appendGIFT(b, it.stem)

	if it.kind == kindMCQ {
		b = append(b, "{\n"...)
		for _, o := range it.options {
			if o.correct {
				b = append(b, '=')
			} else {
				b = append(b, '~')
			}
			b = append(b, "[html]"...)
			b = appendGIFT(b, o.html)
			b = append(b, '\n')
		}
		if it.feedback != "" {
			b = append(b, "####[html]"...)
			b = appendGIFT(b, unsniffable(it.feedback))
			b = append(b, '\n')
		}
		return append(b, "}\n"...)
	}

	// Essay: an empty answer block, the model answer as general feedback.
	b = append(b, '{')
	if it.feedback != "" {
		b = append(b, "####[html]"...)
		b = appendGIFT(b, unsniffable(it.feedback))
	}
	return append(b, "}\n"...)
}

// giftComment appends "// s\n" with s on one line. '<' and '>' become
// entities so no source text (a deck title, say) puts a tag in the file.
func giftComment(b []byte, s string) []byte {
	b = append(b, "// "...)
	for _, r := range strings.Join(strings.Fields(s), " ") {
		switch {
		case r == '<':
			b = append(b, "&lt;"...)
		case r == '>':
			b = append(b, "&gt;"...)
		case !xmlchar.Allowed(r) || lineBreak(r) || r == '\r' || r == 0x7f:
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return append(b, '\n')
}

// unsniffable writes the <table> tags of an answer as "<table\n>" (in the
// file the GIFT escape "<table\\n>", which Moodle's importer turns back
// into a line break: the same tag to an HTML parser). A .gift upload has no
// MIME type of its own, so Moodle asks PHP's finfo, and libmagic takes a
// file with "<table>" or "<table " in its first 4 KiB for text/html, which
// the import form refuses (tools/gift README, "File type"). Every '<' from
// the source is already "&lt;", so each "<table>" here is one we wrote.
func unsniffable(h string) string {
	if !strings.Contains(h, "<table>") {
		return h
	}
	return strings.ReplaceAll(h, "<table>", "<table\n>")
}
