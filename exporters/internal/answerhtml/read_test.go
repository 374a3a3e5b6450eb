package answerhtml

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/xopsexport/xopsexport/model"
)

// parse reads HTML in the shapes Append writes back into blocks, failing
// the test on any other markup. Code blocks come back with their Lang from
// the class attribute, table rows as written (padded).
func parse(t testing.TB, s string) []model.Block {
	t.Helper()
	var out []model.Block
	var text strings.Builder
	var stack []string // open elements
	top := func() string {
		if len(stack) == 0 {
			return ""
		}
		return stack[len(stack)-1]
	}
	// allowed parent of each element
	parent := map[string]string{"p": "", "h4": "", "ul": "", "li": "ul", "pre": "", "code": "pre",
		"table": "", "thead": "table", "tbody": "table", "tr": "thead|tbody", "th": "tr", "td": "tr"}
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if len(stack) > 0 {
				t.Errorf("unclosed %v in %q", stack, s)
			}
			return out
		case html.TextToken:
			switch top() {
			case "p", "h4", "li", "code", "th", "td":
				text.Write(z.Text())
			default:
				t.Errorf("text %q inside %q in %q", z.Text(), top(), s)
			}
		case html.StartTagToken:
			name, hasAttr := z.TagName()
			n := string(name)
			want, ok := parent[n]
			if !ok || !slices.Contains(strings.Split(want, "|"), top()) {
				t.Errorf("unexpected <%s> inside %q in %q", n, top(), s)
				return out
			}
			switch n {
			case "p", "h4", "ul", "pre", "table":
				typ := map[string]model.BlockType{"p": model.Paragraph, "h4": model.Heading, "ul": model.List, "pre": model.Code, "table": model.Table}[n]
				out = append(out, model.Block{Type: typ})
			case "code":
				for hasAttr {
					var k, v []byte
					k, v, hasAttr = z.TagAttr()
					if string(k) != "class" || !strings.HasPrefix(string(v), "language-") {
						t.Errorf("unexpected attribute %s=%q in %q", k, v, s)
					}
					out[len(out)-1].Lang = strings.TrimPrefix(string(v), "language-")
				}
			case "tr":
				out[len(out)-1].Rows = append(out[len(out)-1].Rows, []string{})
			}
			if hasAttr && n != "code" {
				t.Errorf("unexpected attribute on <%s> in %q", n, s)
			}
			stack = append(stack, n)
		case html.EndTagToken:
			name, _ := z.TagName()
			n := string(name)
			if top() != n {
				t.Errorf("</%s> closes %q in %q", n, top(), s)
				return out
			}
			stack = stack[:len(stack)-1]
			b := &out[len(out)-1]
			switch n {
			case "p", "h4", "code":
				b.Text = text.String()
			case "li":
				b.Items = append(b.Items, text.String())
			case "th", "td":
				r := &b.Rows[len(b.Rows)-1]
				*r = append(*r, text.String())
			}
			if n != "ul" && n != "tr" && n != "thead" && n != "tbody" && n != "table" && n != "pre" {
				text.Reset()
			}
		default:
			t.Errorf("unexpected token %q in %q", z.Raw(), s)
		}
	}
}

// expect is what parse should give for Append(blocks) with an escaper that
// changes no text: blank parts dropped, unknown types mapped, rows padded,
// unsafe languages dropped, and line ends as an HTML parser reads them
// (CR LF and CR as LF).
func expect(blocks []model.Block) []model.Block {
	var out []model.Block
	lf := strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace
	for _, b := range blocks {
		switch kind(&b) {
		case model.List:
			l := model.Block{Type: model.List}
			for _, it := range b.Items {
				if !blank(it) {
					l.Items = append(l.Items, lf(it))
				}
			}
			if len(l.Items) > 0 {
				out = append(out, l)
			}
		case model.Table:
			w, text := 0, false
			for _, r := range b.Rows {
				w = max(w, len(r))
				for _, c := range r {
					text = text || !blank(c)
				}
			}
			if !text {
				continue
			}
			tb := model.Block{Type: model.Table}
			for _, r := range b.Rows {
				p := make([]string, w)
				for i, c := range r {
					p[i] = lf(c)
				}
				tb.Rows = append(tb.Rows, p)
			}
			out = append(out, tb)
		default:
			if blank(b.Text) {
				continue
			}
			nb := model.Block{Type: kind(&b), Text: lf(b.Text)}
			if nb.Type == model.Code && safeLang(b.Lang) {
				nb.Lang = b.Lang
			}
			out = append(out, nb)
		}
	}
	return out
}

func equal(a, b []model.Block) bool {
	return slices.EqualFunc(a, b, func(x, y model.Block) bool {
		return x.Type == y.Type && x.Text == y.Text && x.Lang == y.Lang &&
			slices.Equal(x.Items, y.Items) &&
			slices.EqualFunc(x.Rows, y.Rows, func(r, s []string) bool { return slices.Equal(r, s) })
	})
}
