package moodle

import (
	"bufio"
	"io"
	"strings"
)

// writeXML writes the plan as Moodle XML (question/format/xml/format.php):
// a <quiz> with a category pseudo-question per role followed by its essay
// and multichoice questions. HTML text goes into CDATA (appendCDATA), plain
// text (names, ID numbers, tags, category paths) is entity-escaped
// (appendXML). Fields Moodle's importer would default anyway are written
// out, so the file says what the teacher gets.
func writeXML(w io.Writer, q *quiz) error {
	bw := bufio.NewWriter(w)
	b := make([]byte, 0, 4096)
	b = append(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"...)
	b = xmlComment(b, q.title+": "+q.summary+", for Moodle (Moodle XML format), written by xopsexport.")
	if q.source != "" {
		b = xmlComment(b, "Source: "+q.source)
	}
	b = xmlComment(b, `Import: Question bank → Import → Moodle XML format, with "Get category from file" ticked. Importing again adds new copies: delete or hide the old categories first.`)
	b = append(b, "<quiz>\n"...)
	for _, c := range q.categories {
		b = append(b, "  <question type=\"category\">\n    <category><text>"...)
		b = appendXML(b, c.path)
		b = append(b, "</text></category>\n"...)
		b = xmlHTML(b, "info", c.info)
		b = append(b, "  </question>\n"...)
		for i := range c.items {
			b = xmlItem(b, &c.items[i])
			if len(b) > 32<<10 {
				if _, err := bw.Write(b); err != nil {
					return err
				}
				b = b[:0]
			}
		}
	}
	b = append(b, "</quiz>\n"...)
	if _, err := bw.Write(b); err != nil {
		return err
	}
	return bw.Flush()
}

// xmlItem appends one <question>.
func xmlItem(b []byte, it *item) []byte {
	if it.note != "" {
		b = append(b, "  "...)
		b = xmlComment(b, "mcq: "+it.note+".")
	}
	b = append(b, "  <question type=\""...)
	b = append(b, it.kind...)
	b = append(b, "\">\n    <name><text>"...)
	b = appendXML(b, htmlText(it.name)) // HTML-escaped like the GIFT name, so both store the same
	b = append(b, "</text></name>\n"...)
	b = xmlHTML(b, "questiontext", it.stem)
	b = xmlHTML(b, "generalfeedback", it.feedback)
	b = append(b, "    <defaultgrade>1</defaultgrade>\n"...)
	if it.kind == kindMCQ {
		// Moodle's default penalty for multiple choice: a third per wrong try.
		b = append(b, "    <penalty>0.3333333</penalty>\n"...)
	} else {
		b = append(b, "    <penalty>0</penalty>\n"...)
	}
	b = append(b, "    <hidden>0</hidden>\n    <idnumber>"...)
	b = appendXML(b, it.idnumber)
	b = append(b, "</idnumber>\n"...)

	if it.kind == kindMCQ {
		b = append(b, "    <single>true</single>\n"+
			"    <shuffleanswers>true</shuffleanswers>\n"+
			"    <answernumbering>abc</answernumbering>\n"+
			"    <showstandardinstruction>0</showstandardinstruction>\n"...)
		for _, o := range it.options {
			if o.correct {
				b = append(b, "    <answer fraction=\"100\" format=\"html\">\n      <text>"...)
			} else {
				b = append(b, "    <answer fraction=\"0\" format=\"html\">\n      <text>"...)
			}
			b = appendCDATA(b, o.html)
			b = append(b, "</text>\n    </answer>\n"...)
		}
	} else {
		// What Moodle's GIFT importer sets for an essay, plus the model
		// answer as information for graders (shown beside each response).
		b = append(b, "    <responseformat>editor</responseformat>\n"+
			"    <responserequired>1</responserequired>\n"+
			"    <responsefieldlines>15</responsefieldlines>\n"+
			"    <attachments>0</attachments>\n"+
			"    <attachmentsrequired>0</attachmentsrequired>\n"...)
		b = xmlHTML(b, "graderinfo", it.feedback)
		b = xmlHTML(b, "responsetemplate", "")
	}

	if len(it.tags) > 0 {
		b = append(b, "    <tags>\n"...)
		for _, t := range it.tags {
			b = append(b, "      <tag><text>"...)
			b = appendXML(b, t)
			b = append(b, "</text></tag>\n"...)
		}
		b = append(b, "    </tags>\n"...)
	}
	return append(b, "  </question>\n"...)
}

// xmlHTML appends <el format="html"><text>CDATA</text></el> on one line.
func xmlHTML(b []byte, el, html string) []byte {
	b = append(b, "    <"...)
	b = append(b, el...)
	b = append(b, " format=\"html\"><text>"...)
	b = appendCDATA(b, html)
	b = append(b, "</text></"...)
	b = append(b, el...)
	return append(b, ">\n"...)
}

// xmlComment appends "<!-- s -->\n" with s on one line; "--" may not occur
// in an XML comment, so dashes in pairs get a space between them.
func xmlComment(b []byte, s string) []byte {
	s = strings.Join(strings.Fields(s), " ")
	for strings.Contains(s, "--") {
		s = strings.ReplaceAll(s, "--", "- -")
	}
	s = strings.TrimSuffix(s, "-") // "--->" is not allowed either
	b = append(b, "<!-- "...)
	b = appendXML(b, s)
	return append(b, " -->\n"...)
}
