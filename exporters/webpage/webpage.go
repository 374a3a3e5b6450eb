// Package webpage writes the deck as one self-contained HTML file: a study
// app with Browse, Flashcards (a small SM-2 schedule), Quiz (the Moodle
// multiple-choice rules) and Progress, kept in the browser's localStorage by
// question ID so that a re-exported page keeps every grade.
//
// The page is static markup, one stylesheet and one script embedded from
// assets/, and the deck as JSON in a <script type="application/json">
// element. No text of the deck is ever written as markup: the Go side
// escapes it into JSON (escape.go), the script puts it into the page as
// text nodes. A Content-Security-Policy allows only the page's own script
// and style (by hash) and forbids every network request.
package webpage

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/xopsexport/xopsexport/model"
)

//go:embed assets/page.html assets/app.css assets/app.js
var assets embed.FS

// shell is the page cut at its placeholders, with the CSP filled in: the
// same for every export, so it is built once.
type shell struct {
	parts []string // text between the placeholders
	slots []string // placeholder names, one between each two parts
}

var loadShell = sync.OnceValues(func() (*shell, error) {
	read := func(name string) (string, error) {
		b, err := assets.ReadFile("assets/" + name)
		return string(b), err
	}
	page, err := read("page.html")
	if err != nil {
		return nil, err
	}
	css, err := read("app.css")
	if err != nil {
		return nil, err
	}
	js, err := read("app.js")
	if err != nil {
		return nil, err
	}
	// The script and style are written inside their elements as they are;
	// a closing tag in them would end the element early.
	if strings.Contains(strings.ToLower(js), "</script") || strings.Contains(strings.ToLower(css), "</style") {
		return nil, fmt.Errorf("webpage: the embedded script or style holds its own closing tag")
	}
	csp := "default-src 'none'; script-src '" + hash(js) + "'; style-src '" + hash(css) +
		"'; base-uri 'none'; form-action 'none'"
	page = strings.NewReplacer("{{CSP}}", csp, "{{CSS}}", css, "{{JS}}", js).Replace(page)
	s := &shell{}
	for {
		i := strings.Index(page, "{{")
		if i < 0 {
			break
		}
		j := strings.Index(page[i:], "}}")
		if j < 0 {
			return nil, fmt.Errorf("webpage: unclosed placeholder in page.html")
		}
		s.parts = append(s.parts, page[:i])
		s.slots = append(s.slots, page[i+2:i+j])
		page = page[i+j+2:]
	}
	s.parts = append(s.parts, page)
	return s, nil
})

// hash is a CSP source expression for an inline element's exact content.
func hash(content string) string {
	sum := sha256.Sum256([]byte(content))
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}

// Export writes the study page for d to w. The same deck and options give
// the same bytes.
func Export(w io.Writer, d *model.Deck, o Options) error {
	if err := o.Check(); err != nil {
		return err
	}
	s, err := loadShell()
	if err != nil {
		return err
	}
	title := o.Title
	if title == "" {
		title = d.Title
	}
	if title == "" {
		title = "Interview questions"
	}
	buf, err := page(s, d, o, title, buildQuiz(d, o.Seed))
	if err != nil {
		return err
	}
	if _, err := w.Write(buf); err != nil {
		return fmt.Errorf("writing the page: %w", err)
	}
	return nil
}

// page fills the shell for d with the quiz already built (building it is
// most of an export's time: see BenchmarkPage).
func page(s *shell, d *model.Deck, o Options, title string, quiz []quizItem) ([]byte, error) {
	date := d.StampDate(o.Date)
	buf := make([]byte, 0, 64<<10+d.Count()*1200)
	for i, part := range s.parts {
		buf = append(buf, part...)
		if i == len(s.slots) {
			break
		}
		switch s.slots[i] {
		case "TITLE":
			buf = appendHTML(buf, title)
		case "GENERATOR":
			buf = appendHTML(buf, o.Generator)
		case "BYLINE":
			buf = appendByline(buf, d, date)
		case "ATTRIBUTION":
			buf = appendAttribution(buf, d, o.Generator)
		case "DATA":
			buf = appendData(buf, d, title, date, o.Generator, o.Seed, quiz)
		default:
			return nil, fmt.Errorf("webpage: unknown placeholder {{%s}} in page.html", s.slots[i])
		}
	}
	return buf, nil
}

// appendByline writes "By AUTHOR · N questions · data of DATE".
func appendByline(dst []byte, d *model.Deck, date time.Time) []byte {
	if d.Author != "" {
		dst = append(dst, "By "...)
		dst = appendHTML(dst, d.Author)
		dst = append(dst, " · "...)
	}
	n := d.Count()
	dst = strconv.AppendInt(dst, int64(n), 10)
	if n == 1 {
		dst = append(dst, " question"...)
	} else {
		dst = append(dst, " questions"...)
	}
	dst = append(dst, ` · data of <time datetime="`...)
	dst = append(dst, date.UTC().Format(time.DateOnly)...)
	dst = append(dst, `">`...)
	dst = append(dst, date.UTC().Format("2 January 2006")...)
	return append(dst, "</time>"...)
}

// appendAttribution names the source: its title, author and address, the
// address a link only when it is http(s) (the page's one link out).
func appendAttribution(dst []byte, d *model.Deck, generator string) []byte {
	dst = append(dst, "Questions and answers from "...)
	if d.Title != "" {
		dst = append(dst, "<cite>"...)
		dst = appendHTML(dst, d.Title)
		dst = append(dst, "</cite>"...)
	} else {
		dst = append(dst, "the source"...)
	}
	if d.Author != "" {
		dst = append(dst, " by "...)
		dst = appendHTML(dst, d.Author)
	}
	if u := d.Source.URL; u != "" {
		dst = append(dst, ": "...)
		if webURL(u) {
			dst = append(dst, `<a href="`...)
			dst = appendHTML(dst, u)
			dst = append(dst, `" rel="noopener noreferrer" target="_blank">`...)
			dst = appendHTML(dst, u)
			dst = append(dst, "</a>"...)
		} else {
			dst = appendHTML(dst, u)
		}
	}
	dst = append(dst, ". All rights remain with the author."...)
	if generator != "" {
		dst = append(dst, " Page made by "...)
		dst = appendHTML(dst, generator)
		dst = append(dst, "."...)
	}
	return dst
}

// webURL reports whether u may be a link: http or https with a host, and
// no white space or control character that browsers would strip or act on.
func webURL(u string) bool {
	l := strings.ToLower(u)
	rest, ok := strings.CutPrefix(l, "https://")
	if !ok {
		rest, ok = strings.CutPrefix(l, "http://")
	}
	if !ok || rest == "" || rest[0] == '/' {
		return false
	}
	return !bytes.ContainsFunc([]byte(u), func(r rune) bool { return r <= ' ' || r == 0x7f })
}
