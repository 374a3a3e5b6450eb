package qti

import (
	"bytes"
	"strconv"

	"github.com/xopsexport/xopsexport/model"
)

// writeAssessment writes one role's <questestinterop>. Element order
// follows the ASI schema (itemType: qticomment, itemmetadata, presentation,
// resprocessing, itemfeedback); testdata/xsd validates it.
func writeAssessment(buf *bytes.Buffer, a *assessment, o Options) {
	b := make([]byte, 0, 4096)
	b = append(b, xmlHeader...)
	b = append(b, `<questestinterop xmlns="`+nsQTI+`" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="`+nsQTI+` `+xsdQTI+`">`+"\n"...)
	b = append(b, `  <assessment ident="`...)
	b = appendXML(b, a.ident)
	b = append(b, `" title="`...)
	b = appendXML(b, a.title)
	b = append(b, "\">\n    <qtimetadata>\n"...)
	b = field(b, "      ", "cc_maxattempts", "unlimited")
	b = append(b, "    </qtimetadata>\n    <section ident=\"root_section\">\n"...)
	points := strconv.FormatFloat(o.Points, 'f', -1, 64)
	if !bytes.ContainsRune([]byte(points), '.') {
		points += ".0"
	}
	for i := range a.items {
		b = writeItem(b, &a.items[i], points)
		if len(b) > 32<<10 {
			buf.Write(b)
			b = b[:0]
		}
	}
	b = append(b, "    </section>\n  </assessment>\n</questestinterop>\n"...)
	buf.Write(b)
}

// field appends one <qtimetadatafield>.
func field(b []byte, indent, label, entry string) []byte {
	b = append(b, indent...)
	b = append(b, "<qtimetadatafield><fieldlabel>"...)
	b = appendXML(b, label)
	b = append(b, "</fieldlabel><fieldentry>"...)
	b = appendXML(b, entry)
	return append(b, "</fieldentry></qtimetadatafield>\n"...)
}

// choiceIdent is the ident of option k of an item: stable for a given
// --seed, unique within the package (Canvas keys answers on it).
func choiceIdent(it *item, k int) string { return it.ident + "-" + strconv.Itoa(k+1) }

func writeItem(b []byte, it *item, points string) []byte {
	b = append(b, `      <item ident="`...)
	b = appendXML(b, it.ident)
	b = append(b, `" title="`...)
	b = appendXML(b, it.title)
	b = append(b, "\">\n"...)
	if it.note != "" {
		b = append(b, "        <qticomment>"...)
		b = appendXML(b, it.note)
		b = append(b, "</qticomment>\n"...)
	}
	b = append(b, "        <itemmetadata>\n          <qtimetadata>\n"...)
	const in = "            "
	if it.mcq {
		b = field(b, in, "question_type", "multiple_choice_question")
	} else {
		b = field(b, in, "question_type", "essay_question")
	}
	b = field(b, in, "points_possible", points)
	ids := ""
	for k := range it.options {
		if k > 0 {
			ids += ","
		}
		ids += choiceIdent(it, k)
	}
	b = field(b, in, "original_answer_ids", ids)
	b = append(b, "          </qtimetadata>\n        </itemmetadata>\n"...)

	b = append(b, "        <presentation>\n          <material>\n            <mattext texttype=\"text/html\">"...)
	b = appendXML(b, it.stem)
	b = append(b, "</mattext>\n          </material>\n"...)
	if it.mcq {
		b = append(b, "          <response_lid ident=\"response1\" rcardinality=\"Single\">\n            <render_choice>\n"...)
		for k, opt := range it.options {
			b = append(b, `              <response_label ident="`...)
			b = appendXML(b, choiceIdent(it, k))
			b = append(b, "\">\n                <material>\n                  <mattext texttype=\"text/plain\">"...)
			b = appendXML(b, opt)
			b = append(b, "</mattext>\n                </material>\n              </response_label>\n"...)
		}
		b = append(b, "            </render_choice>\n          </response_lid>\n"...)
	} else {
		b = append(b, "          <response_str ident=\"response1\" rcardinality=\"Single\">\n            <render_fib>\n              <response_label ident=\"answer1\" rshuffle=\"No\"/>\n            </render_fib>\n          </response_str>\n"...)
	}
	b = append(b, "        </presentation>\n"...)

	b = append(b, "        <resprocessing>\n          <outcomes>\n            <decvar maxvalue=\"100\" minvalue=\"0\" varname=\"SCORE\" vartype=\"Decimal\"/>\n          </outcomes>\n"...)
	hasFeedback := it.feedback != ""
	switch {
	case it.mcq:
		if hasFeedback {
			b = append(b, "          <respcondition continue=\"Yes\">\n            <conditionvar>\n              <other/>\n            </conditionvar>\n            <displayfeedback feedbacktype=\"Response\" linkrefid=\"general_fb\"/>\n          </respcondition>\n"...)
		}
		b = append(b, "          <respcondition continue=\"No\">\n            <conditionvar>\n              <varequal respident=\"response1\">"...)
		b = appendXML(b, choiceIdent(it, it.correct))
		b = append(b, "</varequal>\n            </conditionvar>\n            <setvar action=\"Set\" varname=\"SCORE\">100</setvar>\n          </respcondition>\n"...)
	case hasFeedback:
		b = append(b, "          <respcondition continue=\"No\">\n            <conditionvar>\n              <other/>\n            </conditionvar>\n            <displayfeedback feedbacktype=\"Response\" linkrefid=\"general_fb\"/>\n          </respcondition>\n"...)
	default:
		b = append(b, "          <respcondition continue=\"No\">\n            <conditionvar>\n              <other/>\n            </conditionvar>\n          </respcondition>\n"...)
	}
	b = append(b, "        </resprocessing>\n"...)
	if hasFeedback {
		b = append(b, "        <itemfeedback ident=\"general_fb\">\n          <flow_mat>\n            <material>\n              <mattext texttype=\"text/html\">"...)
		b = appendXML(b, it.feedback)
		b = append(b, "</mattext>\n            </material>\n          </flow_mat>\n        </itemfeedback>\n"...)
	}
	return append(b, "      </item>\n"...)
}

// meta is Canvas's assessment_meta.xml for a: the quiz's title and
// settings. It is a practice quiz (no gradebook column), answers shuffled,
// correct answers shown after submission, unpublished until the teacher
// publishes it.
func meta(d *model.Deck, a *assessment, o Options) []byte {
	total := o.Points * float64(len(a.items))
	b := []byte(xmlHeader)
	b = append(b, `<quiz identifier="`...)
	b = appendXML(b, a.ident)
	b = append(b, `" xmlns="`+nsCanvas+`" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="`+nsCanvas+` `+xsdCanvas+`">`+"\n  <title>"...)
	b = appendXML(b, a.title)
	b = append(b, "</title>\n  <description>"...)
	desc := "<p>" + string(appendHTMLLines(nil, oneLine(d.Title))) + "</p>"
	if d.Source.URL != "" {
		desc += "<p>Source: " + string(appendHTMLLines(nil, oneLine(d.Source.URL))) + "</p>"
	}
	b = appendXML(b, desc)
	b = append(b, "</description>\n"+
		"  <shuffle_answers>true</shuffle_answers>\n"+
		"  <scoring_policy>keep_highest</scoring_policy>\n"+
		"  <hide_results></hide_results>\n"+
		"  <quiz_type>practice_quiz</quiz_type>\n"+
		"  <points_possible>"...)
	b = strconv.AppendFloat(b, total, 'f', 1, 64)
	b = append(b, "</points_possible>\n"+
		"  <show_correct_answers>true</show_correct_answers>\n"+
		"  <anonymous_submissions>false</anonymous_submissions>\n"+
		"  <could_be_locked>false</could_be_locked>\n"+
		"  <allowed_attempts>-1</allowed_attempts>\n"+
		"  <one_question_at_a_time>false</one_question_at_a_time>\n"+
		"  <cant_go_back>false</cant_go_back>\n"+
		"  <available>false</available>\n"+
		"</quiz>\n"...)
	return b
}
