// Package qti writes an IMS Content Package of QTI 1.2 assessments: the
// ".zip" that Canvas (Classic Quizzes), Brightspace (D2L) and Blackboard
// import.
//
// The package holds one assessment per role, not one assessment with a
// section per role. Canvas turns every assessment into its own quiz (and
// question bank), Brightspace and Blackboard into their own pool or
// section, so a teacher can use the CloudOps questions without the other
// 89; sections inside one assessment would give a single 109-question quiz
// with the roles only as unnamed groups.
//
// Layout, the one Canvas writes for its own QTI exports:
//
//	imsmanifest.xml                     IMS CP 1.1 manifest
//	xops-cloudops/xops-cloudops.xml     <questestinterop> with one <assessment>
//	xops-cloudops/assessment_meta.xml   Canvas's quiz settings (title, points, …)
//
// Items: an essay (response_str, the model answer as general feedback, which
// Canvas shows to graders and, after submission, to students) and/or a
// multiple-choice question (response_lid/render_choice, one option scored
// 100) from the shared distractor engine (exporters/mcq). Item idents are
// "xops-" + the stable question ID (+ "-mcq"), so they do not change when
// the article is renumbered or edited; an LMS that matches items on their
// ident updates them on re-import instead of adding copies. Canvas's
// metadata (question_type, points_possible, original_answer_ids) makes it
// show each item as an essay or multiple-choice question.
package qti

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xopsexport/xopsexport/exporters/internal/answerhtml"
	"github.com/xopsexport/xopsexport/exporters/mcq"
	"github.com/xopsexport/xopsexport/model"
)

// Namespaces and schema locations written into the files.
const (
	nsQTI       = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
	xsdQTI      = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd"
	nsCP        = "http://www.imsglobal.org/xsd/imscp_v1p1"
	xsdCP       = "http://www.imsglobal.org/xsd/imscp_v1p1.xsd"
	nsCanvas    = "http://canvas.instructure.com/xsd/cccv1p0"
	xsdCanvas   = "https://canvas.instructure.com/xsd/cccv1p0.xsd"
	typeQTI     = "imsqti_xmlv1p2"
	typeMeta    = "associatedcontent/imscc_xmlv1p1/learning-application-resource"
	mcqSuffix   = "-mcq"
	identPrefix = "xops-"
	xmlHeader   = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
)

// assessment is one role's quiz.
type assessment struct {
	ident string // also its folder and resource identifier
	title string // plain text
	items []item
}

type item struct {
	ident    string
	title    string // plain text: "CloudOps Q7"
	mcq      bool
	stem     string   // HTML
	feedback string   // HTML, "" for an empty answer
	options  []string // multiple choice: plain text
	correct  int
	note     string // why a requested multiple-choice item is an essay
}

// Export writes d to w as a QTI 1.2 content package (a zip).
func Export(w io.Writer, d *model.Deck, opts Options) error {
	if err := opts.Check(); err != nil {
		return fmt.Errorf("qti: %w", err)
	}
	opts = opts.normalize()
	opts.Date = d.StampDate(opts.Date)
	as := plan(d, opts)
	if err := writeZip(w, d, as, opts); err != nil {
		return fmt.Errorf("qti: %w", err)
	}
	return nil
}

// plan turns the deck into the assessments to write. It only reads d.
func plan(d *model.Deck, o Options) []assessment {
	essay := o.Type == "essay" || o.Type == "both"
	wantMCQ := o.Type == "mcq" || o.Type == "both"
	byID := map[string]*mcq.Item{}
	var mcqs []mcq.Item
	if wantMCQ {
		mcqs = mcq.Build(d, o.MCQ)
		for i := range mcqs {
			byID[mcqs[i].QuestionID] = &mcqs[i]
		}
	}
	used := map[string]bool{}
	unique := func(s string) string {
		s = ident(s)
		u := s
		for n := 2; used[u]; n++ {
			u = s + "-" + strconv.Itoa(n)
		}
		used[u] = true
		return u
	}
	var out []assessment
	for si := range d.Sections {
		s := &d.Sections[si]
		if len(s.Questions) == 0 {
			continue
		}
		name := s.Name
		if strings.TrimSpace(name) == "" {
			name = model.RoleName(s.Role)
		}
		title := oneLine(s.Heading)
		if title == "" {
			title = oneLine(name)
		}
		a := assessment{ident: unique(identPrefix + s.Role), title: title}
		for qi := range s.Questions {
			q := &s.Questions[qi]
			id := s.IDOf(q)
			num := q.Number
			if num <= 0 {
				num = qi + 1
			}
			base := item{
				title:    oneLine(name) + " Q" + strconv.Itoa(num),
				stem:     "<p>" + string(appendHTMLLines(nil, q.Question)) + "</p>",
				feedback: string(answerhtml.Append(nil, q.Answer, appendHTML)),
			}
			if essay {
				e := base
				e.ident = unique(identPrefix + id)
				a.items = append(a.items, e)
			}
			if wantMCQ {
				m := base
				m.ident = unique(identPrefix + id + mcqSuffix)
				if mi := byID[id]; mi != nil {
					m.mcq, m.options, m.correct = true, mi.Options, mi.Correct
				} else {
					m.note = "multiple choice needs an answer and at least one other, different answer in the same role; there is none, so this is an essay question"
				}
				a.items = append(a.items, m)
			}
		}
		out = append(out, a)
	}
	return out
}

// oneLine collapses white space, so a title is one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func writeZip(w io.Writer, d *model.Deck, as []assessment, o Options) error {
	zw := zip.NewWriter(w)
	add := func(name string, body []byte) error {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: o.Date.UTC()})
		if err != nil {
			return err
		}
		_, err = f.Write(body)
		return err
	}
	if err := add("imsmanifest.xml", manifest(as)); err != nil {
		return err
	}
	var buf bytes.Buffer
	for i := range as {
		a := &as[i]
		buf.Reset()
		writeAssessment(&buf, a, o)
		if err := add(a.ident+"/"+a.ident+".xml", buf.Bytes()); err != nil {
			return err
		}
		if err := add(a.ident+"/assessment_meta.xml", meta(d, a, o)); err != nil {
			return err
		}
	}
	return zw.Close()
}

// manifest is imsmanifest.xml: per assessment a QTI resource that depends
// on a resource for its assessment_meta.xml, as Canvas and text2qti write.
func manifest(as []assessment) []byte {
	roles := make([]string, len(as))
	for i := range as {
		roles[i] = strings.TrimPrefix(as[i].ident, identPrefix)
	}
	id := ident("xops-package-" + strings.Join(roles, "-"))
	if len(as) == 0 {
		id = "xops-package-empty"
	}
	b := []byte(xmlHeader)
	b = append(b, `<manifest identifier="`...)
	b = appendXML(b, id)
	b = append(b, `" xmlns="`+nsCP+`" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="`+nsCP+` `+xsdCP+`">`+"\n"...)
	b = append(b, "  <metadata>\n    <schema>IMS Content</schema>\n    <schemaversion>1.1.3</schemaversion>\n  </metadata>\n  <organizations/>\n"...)
	if len(as) == 0 {
		return append(b, "  <resources/>\n</manifest>\n"...)
	}
	b = append(b, "  <resources>\n"...)
	for i := range as {
		a := &as[i]
		b = append(b, `    <resource identifier="`...)
		b = appendXML(b, a.ident)
		b = append(b, `" type="`+typeQTI+`">`+"\n      <file href=\""...)
		b = appendXML(b, a.ident+"/"+a.ident+".xml")
		b = append(b, "\"/>\n      <dependency identifierref=\""...)
		b = appendXML(b, a.ident+"-meta")
		b = append(b, "\"/>\n    </resource>\n"...)
		b = append(b, `    <resource identifier="`...)
		b = appendXML(b, a.ident+"-meta")
		b = append(b, `" type="`+typeMeta+`" href="`...)
		b = appendXML(b, a.ident+"/assessment_meta.xml")
		b = append(b, "\">\n      <file href=\""...)
		b = appendXML(b, a.ident+"/assessment_meta.xml")
		b = append(b, "\"/>\n    </resource>\n"...)
	}
	return append(b, "  </resources>\n</manifest>\n"...)
}
