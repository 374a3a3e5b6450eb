package extract

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf16"

	"golang.org/x/text/encoding/charmap"
)

func utf16Bytes(s string, bigEndian bool) []byte {
	var b []byte
	if bigEndian {
		b = []byte{0xFE, 0xFF}
	} else {
		b = []byte{0xFF, 0xFE}
	}
	for _, u := range utf16.Encode([]rune(s)) {
		if bigEndian {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return b
}

// TestEncodings reads the whole article in the encodings a saved or pasted
// file comes in: each must give the UTF-8 model.
func TestEncodings(t *testing.T) {
	clean := readFile(t, articlePath)
	want := textArticle(t)
	for _, tc := range []struct {
		name string
		body []byte
		enc  string // the encoding the warning names; "" for none
	}{
		{"UTF-8 with BOM", append([]byte("\xef\xbb\xbf"), clean...), ""},
		{"UTF-16LE with BOM", utf16Bytes(string(clean), false), "UTF-16"},
		{"UTF-16BE with BOM", utf16Bytes(string(clean), true), "UTF-16"},
		{"UTF-16LE with BOM and CRLF", utf16Bytes(strings.ReplaceAll(string(clean), "\n", "\r\n"), false), "UTF-16"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var warns []Warning
			d, err := Read(tc.body, FormatText, Options{Warn: func(w Warning) { warns = append(warns, w) }})
			if err != nil {
				t.Fatal(err)
			}
			sameModel(t, want, d)
			if tc.enc == "" && len(warns) > 0 || tc.enc != "" && (len(warns) != 1 || !strings.Contains(warns[0].Msg, tc.enc)) {
				t.Errorf("warnings = %v, want one naming %q", warns, tc.enc)
			}
		})
	}
}

// TestWindows1252 reads a document saved as Windows-1252 (curly quotes,
// dashes, accents): same model as its UTF-8 form, plus a warning.
func TestWindows1252(t *testing.T) {
	utf := "DevOps Engineer Interview Questions & Answers\n\n" +
		"Q1: What’s a “blue-green” deployment?\n\nA: Two environments – one live — and a café’s worth of résumé-ready uptime.\n\n" +
		"Q2: Which steps?\n\nA:\n\n• One…\n\n• Two ±1 €\n"
	cp, err := charmap.Windows1252.NewEncoder().Bytes([]byte(utf))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(cp, []byte(utf)) {
		t.Fatal("the 1252 bytes equal the UTF-8 ones: the test proves nothing")
	}
	want, _ := read(t, utf, FormatText)
	for _, f := range []Format{FormatText, FormatMarkdown} {
		var warns []Warning
		d, err := Read(cp, f, Options{Warn: func(w Warning) { warns = append(warns, w) }})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		sameModel(t, want, d)
		if len(warns) != 1 || !strings.Contains(warns[0].Msg, "Windows-1252") {
			t.Errorf("%s: warnings = %v, want one naming Windows-1252", f, warns)
		}
	}
	// The same as an HTML page that says nothing of its charset.
	html := "<html><body><h2>DevOps Engineer Interview Questions &amp; Answers</h2><p><b>Q1:</b> What’s a “blue-green” deployment?</p>" +
		"<p><b>A:</b> Two environments – one live — and a café’s worth of résumé-ready uptime.</p>" +
		"<p><b>Q2:</b> Which steps?</p><p><b>A:</b></p><ul><li>One…</li><li>Two ±1 €</li></ul></body></html>"
	cpHTML, err := charmap.Windows1252.NewEncoder().Bytes([]byte(html))
	if err != nil {
		t.Fatal(err)
	}
	d, err := Read(cpHTML, FormatHTML, Options{})
	if err != nil {
		t.Fatal(err)
	}
	d.Title = want.Title // the HTML page has no title line
	sameModel(t, want, d)
}

func TestDecodeErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		body []byte
		is   error  // errors.Is target, or nil
		msg  string // substring of the message
	}{
		{"empty", nil, ErrEmpty, "empty"},
		{"white space only", []byte(" \n\t\r\n  "), ErrEmpty, "empty"},
		{"UTF-8 BOM only", []byte("\xef\xbb\xbf\n"), ErrEmpty, "empty"},
		{"UTF-16 BOM only", []byte{0xFF, 0xFE}, ErrEmpty, "empty"},
		{"UTF-16 white space only", utf16Bytes(" \n ", false), ErrEmpty, "empty"},
		{"NUL bytes", []byte("Q1: What?\x00\x00A: yes"), ErrBinary, "binary"},
		{"PNG", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"), ErrBinary, "binary"},
		{"ZIP", []byte("PK\x03\x04\x14\x00\x00\x00\x08\x00"), ErrBinary, "binary"},
		{"control characters", bytes.Repeat([]byte("\x01\x02ab"), 100), ErrBinary, "binary"},
		{"UTF-16 without BOM", utf16Bytes("Q1: What?\nA: Yes.\n", false)[2:], ErrBinary, "binary"},
		{"UTF-16 odd length", append(utf16Bytes("Q1: What?", false), 'x'), nil, "odd number of bytes"},
		{"byte undefined in Windows-1252", []byte("Q1: What is \x81 here?\n\nA: Nothing.\n"), nil, "not UTF-8"},
		{"mostly high bytes", bytes.Repeat([]byte("\xc4\xe8\xf1 \xe0\xe1"), 50), nil, "not UTF-8"},
		{"damaged UTF-8", []byte("Q1: What’s a “pod”?\n\nA: It’s \xff a group.\n"), nil, "damaged UTF-8"},
		{"truncated UTF-8 sequence", []byte("Q1: What is a pod?\n\nA: It’s a group \xe2\x80"), nil, "damaged UTF-8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, f := range Formats() {
				d, err := Read(tc.body, f, Options{})
				if err == nil {
					t.Fatalf("%s: no error, got a deck of %d questions", f, d.Count())
				}
				if tc.is != nil && !errors.Is(err, tc.is) {
					t.Errorf("%s: error %v is not %v", f, err, tc.is)
				}
				if !strings.Contains(err.Error(), tc.msg) {
					t.Errorf("%s: error %q does not say %q", f, err, tc.msg)
				}
				if strings.Contains(err.Error(), "\n") {
					t.Errorf("%s: error is not one line: %q", f, err)
				}
			}
		})
	}
}

func TestDecode(t *testing.T) {
	for _, tc := range []struct {
		name      string
		in        []byte
		text, enc string
	}{
		{"ASCII", []byte("Q1: a?"), "Q1: a?", ""},
		{"UTF-8", []byte("Q1: what’s a “pod”?"), "Q1: what’s a “pod”?", ""},
		{"UTF-8 BOM is dropped", []byte("\xef\xbb\xbfQ1: a?"), "Q1: a?", ""},
		{"Windows-1252", []byte("Q1: what\x92s a \x93pod\x94 \x96 caf\xe9?"), "Q1: what’s a “pod” – café?", "Windows-1252"},
		{"Latin-1 accents", []byte("r\xe9sum\xe9 na\xefve \xc0 la carte"), "résumé naïve À la carte", "Windows-1252"},
		{"UTF-16LE", utf16Bytes("Q1: 👋 a?", false), "Q1: 👋 a?", "UTF-16"},
		{"UTF-16BE", utf16Bytes("Q1: 👋 a?", true), "Q1: 👋 a?", "UTF-16"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text, enc, err := Decode(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if text != tc.text || enc != tc.enc {
				t.Errorf("Decode = %q, %q; want %q, %q", text, enc, tc.text, tc.enc)
			}
		})
	}
}

func TestTooLarge(t *testing.T) {
	// A reader that never ends must be cut off at the limit, not read to
	// the end of memory. The real limit is 64 MiB (TestTooLargeReal).
	_, err := readLimited(endless{}, 4096, Options{})
	if err == nil || err.Error() != "input is larger than 4096 bytes" {
		t.Fatalf("err = %v, want one about the size", err)
	}
	s, err := readLimited(strings.NewReader("Q1: a?"), 6, Options{})
	if err != nil || s != "Q1: a?" {
		t.Fatalf("input of exactly the limit: %q, %v", s, err)
	}
}

func TestTooLargeReal(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 64 MiB")
	}
	_, err := Text(endless{}, Options{})
	if err == nil || err.Error() != "input is larger than 64 MiB" {
		t.Fatalf("err = %v, want one about the size", err)
	}
}

// endless is an io.Reader of article-like text that never ends.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	const line = "Q1: What is this?\n\nA: Text.\n\n"
	for i := range p {
		p[i] = line[i%len(line)]
	}
	return len(p), nil
}

// TestDoubtfulEncoding: a guessed encoding and replacement characters are
// serious; a UTF-16 byte order mark is not a guess.
func TestDoubtfulEncoding(t *testing.T) {
	const doc = "Linux Questions\n\nQ1: What is a shell?\n\nA: A command interpreter.\n"
	for _, tc := range []struct {
		name string
		body []byte
		want Severity
		msg  string
	}{
		{"Windows-1252", []byte(strings.Replace(doc, "interpreter", "interpr\xe9ter", 1)), Serious, "decoded as Windows-1252"},
		{"U+FFFD", []byte(strings.Replace(doc, "shell", "sh\ufffdll", 1)), Serious, "1 undecodable character(s)"},
		{"UTF-16", utf16Bytes(doc, false), Info, "decoded as UTF-16"},
	} {
		var warns []Warning
		if _, err := Read(tc.body, FormatText, Options{Warn: func(w Warning) { warns = append(warns, w) }}); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if len(warns) != 1 || warns[0].Kind != KindEncoding || warns[0].Severity != tc.want || !strings.Contains(warns[0].Msg, tc.msg) {
			t.Errorf("%s: warnings %+v, want one %s encoding warning saying %q", tc.name, warns, tc.want, tc.msg)
		}
	}
}
