package anki

import "time"

// The package brings its own note type: Question and Answer, plus the
// role, the question's number and a link to the source article, which the
// back of every card shows. Its id is derived from its name, so every
// export uses the same note type and a re-import updates notes instead of
// adding a "Basic-a1b2c" copy.

// noteTypeRevised is the note type's mod (seconds). Anki replaces the
// templates and CSS of a note type it already has only when this is newer,
// so bump it whenever the templates, CSS or field list change (the golden
// file testdata/golden/anki/notetype.json shows both).
var noteTypeRevised = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

// Field order is the notes' flds order; Question is the sort field.
var noteFields = []struct{ name, description string }{
	{"Question", "The interview question"},
	{"Answer", "The answer, as HTML"},
	{"Role", "The interview track: DevOps, DevSecOps, CloudOps, MLOps or AIOps"},
	{"Number", "The question's number in its section of the article"},
	{"Source", "Link to the source article"},
}

// cardTemplate is one card of a note. needs is the index of the field that
// must not be empty for Anki to make the card, -1 if it always exists.
type cardTemplate struct {
	name, qfmt, afmt string
	needs            int
}

type noteType struct {
	id        int64
	name      string
	templates []cardTemplate
}

// meta is the last line of every card's back: role, number, source link.
const meta = `<div class="xops meta">{{Role}}{{#Number}} · question {{Number}}{{/Number}}{{#Source}} · {{Source}}{{/Source}}</div>`

var forward = cardTemplate{
	name:  "Question → Answer",
	qfmt:  `<div class="xops prompt">{{Question}}</div>`,
	afmt:  "{{FrontSide}}\n\n<hr id=\"answer\">\n\n<div class=\"xops answer\">{{Answer}}</div>\n" + meta,
	needs: -1,
}

var reverse = cardTemplate{
	name:  "Answer → Question",
	qfmt:  `<div class="xops cue">Which question does this answer?</div>` + "\n" + `<div class="xops answer">{{Answer}}</div>`,
	afmt:  "{{FrontSide}}\n\n<hr id=\"answer\">\n\n<div class=\"xops prompt\">{{Question}}</div>\n" + meta,
	needs: 1,
}

// noteTypeFor returns the note type of a Notetype option.
func noteTypeFor(opt string) noteType {
	if opt == "basic-reversed" {
		name := "xOps Q&A (and reversed card)"
		return noteType{id: stableID("notetype", name), name: name, templates: []cardTemplate{forward, reverse}}
	}
	name := "xOps Q&A"
	return noteType{id: stableID("notetype", name), name: name, templates: []cardTemplate{forward}}
}

// noteCSS reads well on a phone (fluid width, wrapping long words, system
// font) and in night mode: Anki desktop and AnkiMobile mark the card
// .nightMode, AnkiDroid .night_mode.
const noteCSS = `.card {
  --xops-fg: #1f2328;
  --xops-muted: #59636e;
  --xops-rule: #d1d9e0;
  --xops-link: #0969da;
  --xops-bg: #ffffff;
  font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Noto Sans", Helvetica, Arial, sans-serif;
  font-size: 20px;
  line-height: 1.5;
  text-align: left;
  color: var(--xops-fg);
  background-color: var(--xops-bg);
  margin: 0;
  padding: 0 0 1em;
}
.card.nightMode, .card.night_mode, .nightMode .card, .night_mode .card {
  --xops-fg: #e6edf3;
  --xops-muted: #9198a1;
  --xops-rule: #3d444d;
  --xops-link: #6cb6ff;
  --xops-bg: #22272e;
}
.xops {
  max-width: 42em;
  margin: 0 auto;
  padding: 0 16px;
  overflow-wrap: anywhere;
}
.xops p, .xops li, .prompt { unicode-bidi: plaintext; }
.prompt { font-weight: 600; font-size: 1.1em; padding-top: 16px; }
.cue { color: var(--xops-muted); font-size: 0.8em; padding-top: 16px; }
.answer p { margin: 0 0 0.75em; }
.answer ul { margin: 0 0 0.75em; padding-left: 1.4em; }
.answer li { margin: 0.3em 0; }
hr#answer { border: 0; border-top: 1px solid var(--xops-rule); max-width: 42em; margin: 1em auto; }
.meta { margin-top: 1.25em; padding-top: 0.5em; border-top: 1px solid var(--xops-rule); color: var(--xops-muted); font-size: 0.75em; }
.meta a { color: var(--xops-link); }
@media (max-width: 480px) {
  .card { font-size: 18px; }
  .xops { padding: 0 12px; }
}
`

// Anki's default LaTeX preamble, so the note type looks like one Anki made.
const (
	latexPre  = "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n"
	latexPost = "\\end{document}"
)

// modelJSON is the note type in col.models (rslib notetype/schema11.rs:
// id, name, type, mod, usn, sortf, did, tmpls, flds and css are required).
type modelJSON struct {
	ID        int64          `json:"id"`
	Name      string         `json:"name"`
	Type      int            `json:"type"`
	Mod       int64          `json:"mod"`
	Usn       int            `json:"usn"`
	Sortf     int            `json:"sortf"`
	Did       *int64         `json:"did"`
	Tmpls     []templateJSON `json:"tmpls"`
	Flds      []fieldJSON    `json:"flds"`
	CSS       string         `json:"css"`
	LatexPre  string         `json:"latexPre"`
	LatexPost string         `json:"latexPost"`
	LatexSvg  bool           `json:"latexsvg"`
	Req       [][]any        `json:"req"`
	Tags      []string       `json:"tags"`
	Vers      []any          `json:"vers"`
}

type templateJSON struct {
	Name  string `json:"name"`
	Ord   int    `json:"ord"`
	Qfmt  string `json:"qfmt"`
	Afmt  string `json:"afmt"`
	Bqfmt string `json:"bqfmt"`
	Bafmt string `json:"bafmt"`
	Did   *int64 `json:"did"`
	Bfont string `json:"bfont"`
	Bsize int    `json:"bsize"`
}

type fieldJSON struct {
	Name        string `json:"name"`
	Ord         int    `json:"ord"`
	Sticky      bool   `json:"sticky"`
	Rtl         bool   `json:"rtl"`
	Font        string `json:"font"`
	Size        int    `json:"size"`
	Description string `json:"description"`
	Media       []any  `json:"media"`
}

func (nt noteType) json() modelJSON {
	m := modelJSON{
		ID: nt.id, Name: nt.name, Mod: noteTypeRevised.Unix(), Usn: -1, CSS: noteCSS,
		LatexPre: latexPre, LatexPost: latexPost, Tags: []string{}, Vers: []any{}, Req: [][]any{},
	}
	for i, f := range noteFields {
		m.Flds = append(m.Flds, fieldJSON{Name: f.name, Ord: i, Font: "Arial", Size: 20, Description: f.description, Media: []any{}})
	}
	for i, t := range nt.templates {
		m.Tmpls = append(m.Tmpls, templateJSON{Name: t.name, Ord: i, Qfmt: t.qfmt, Afmt: t.afmt})
		need := 0
		if t.needs >= 0 {
			need = t.needs
		}
		m.Req = append(m.Req, []any{i, "any", []int{need}})
	}
	return m
}
