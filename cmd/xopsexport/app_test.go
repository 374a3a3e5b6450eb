package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/urfave/cli/v2"

	"github.com/xopsexport/xopsexport/exporters"
	"github.com/xopsexport/xopsexport/model"
)

// result is what one command line did.
type result struct {
	code           int
	stdout, stderr string
}

// runCLI runs argv (without the program name) with stdin and a fake
// terminal flag, in a fresh data dir so no real snapshot is read.
func runCLI(t *testing.T, stdin string, tty bool, argv ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{
		ctx: context.Background(), stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb,
		getenv:     func(k string) string { return map[string]string{"XDG_DATA_HOME": t.TempDir()}[k] },
		isTerminal: func(io.Writer) bool { return tty },
	}
	code := e.run(append([]string{"xopsexport"}, argv...))
	return result{code, out.String(), errb.String()}
}

func TestCommands(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	gappy := write("gappy.txt", "DevOps Interview Questions\n\nQ1: What is CI?\n\nA: Continuous integration.\n\nQ3: What is CD?\n\nA: Continuous delivery.\n")
	noq := write("noq.txt", "Just some prose.\n\nNo questions here at all.\n")
	empty := write("empty.txt", "  \n\n")
	bin := write("image.png", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
	blank := write("blank.txt", "DevOps Interview Questions\n\nQ1: What is CI?\n\nQ2: What is CD?\n\nA: Continuous delivery.\n")
	damaged := write("damaged.txt", "DevOps Interview Questions\n\nQ1: What is \xff\xfe\xff CI?\n\nA: \x81\x8d\x8f\x90\x9d.\n")
	latin := write("latin.txt", "DevOps Interview Questions\n\nQ1: Caf\xe9 or th\xe9?\n\nA: Na\xefve r\xe9sum\xe9.\n")

	tests := []struct {
		name     string
		stdin    string
		argv     []string
		code     int
		out, err string // substrings expected
	}{
		{"stats counts every role", "", []string{"stats"}, 0, "total                 109", ""},
		{"stats one role by alias", "", []string{"stats", "--role", "Cloud"}, 0, "cloudops  CloudOps  20", ""},
		{"roles comma-separated and repeated", "", []string{"list", "--role", "ml,ai", "--role", "sec"}, 0, "aiops-", ""},
		{"unknown role lists valid ones", "", []string{"stats", "--role", "foo"}, 2, "", "unknown role \"foo\" (valid: devops, devsecops, cloudops, mlops, aiops)"},
		{"unknown flag is a usage error", "", []string{"stats", "--bogus"}, 2, "", "flag provided but not defined"},
		{"unknown input format", "", []string{"stats", "--from", "docx"}, 2, "", "unknown input format"},
		{"missing file", "", []string{"stats", "--source", filepath.Join(dir, "nope.txt")}, 4, "", "no such file or directory"},
		{"directory as source", "", []string{"stats", "--source", dir}, 4, "", "is a directory"},
		{"empty input", "", []string{"stats", "--source", empty}, 4, "", "input is empty"},
		{"binary input", "", []string{"stats", "--source", bin}, 4, "", "input is binary"},
		{"undecodable input", "", []string{"stats", "--source", damaged}, 4, "", "is not UTF-8"},
		{"no questions", "", []string{"stats", "--source", noq}, 3, "", "no questions found"},
		{"stdin", "Q1: What is a pod?\nA: The smallest deployable unit.\n", []string{"list", "--source", "-"}, 0, "What is a pod?", ""},
		{"windows-1252 decoded", "", []string{"list", "--source", latin}, 0, "Café or thé?", "latin.txt: the input"},
		{"export warns of serious findings", "", []string{"anki", "-o", "-", "--source", blank}, 0, "#separator:tab", "blank.txt: 1 question has an empty answer"},
		{"--strict refuses serious findings", "", []string{"anki", "-o", "-", "--strict", "--source", blank}, 3, "", "(--strict: nothing written)"},
		{"--quiet drops the warning", "", []string{"stats", "--quiet", "--source", latin}, 0, "total", ""},
		{"clean source: no warning", "", []string{"stats"}, 0, "total", ""},
		{"empty role", "", []string{"stats", "--role", ","}, 2, "", "--role needs a role name"},
		{"show by alias", "", []string{"show", "cloud/7"}, 0, "CloudOps Q7", ""},
		{"list takes no arguments", "", []string{"list", "extra"}, 2, "", "list takes no arguments"},
		{"stats takes no arguments", "", []string{"stats", "extra"}, 2, "", "stats takes no arguments"},
		{"unknown command", "", []string{"foo"}, 2, "", "unknown command \"foo\""},
		{"flag before the command", "", []string{"--role", "cloudops", "anki"}, 2, "", "flags go after the command"},
		{"version command", "", []string{"version"}, 0, "xopsexport dev", ""},
		{"licenses", "", []string{"licenses"}, 0, "golang.org/x/image", ""},
		{"date out of range", "", []string{"json", "--date", "0001-01-01"}, 2, "", "out of range"},
		{"merge a missing tracker", "", []string{"xlsx", "--merge", filepath.Join(dir, "none.xlsx"), "-o", filepath.Join(dir, "t.xlsx")}, 1, "", "create one first with xopsexport xlsx -o"},
		{"show by role/number", "", []string{"show", "cloudops/7"}, 0, "CloudOps Q7", ""},
		{"show unknown id", "", []string{"show", "nope-123"}, 2, "", "no question \"nope-123\""},
		{"show needs an argument", "", []string{"show"}, 2, "", "show takes one question ID"},
		{"lint clean article", "", []string{"lint", "--strict"}, 0, "0 finding(s)", ""},
		{"lint --mcq reports the guessers", "", []string{"lint", "--mcq", "--role", "mlops"}, 0, "most words shared with the question", ""},
		{"lint --mcq checks --choices", "", []string{"lint", "--mcq", "--choices", "1"}, 2, "", "choices"},
		{"lint --mcq --items lists the sources", "", []string{"lint", "--mcq", "--items", "--role", "mlops"}, 0, "       from mlops/", ""},
		{"lint --items needs --mcq", "", []string{"lint", "--items"}, 2, "", "use it with --mcq"},
		{"lint finds a numbering gap", "", []string{"lint", "--source", gappy}, 0, "numbering gap: Q3 follows Q1", ""},
		{"lint --strict fails on findings", "", []string{"lint", "--strict", "--source", gappy}, 3, "line 7", "--strict"},
		{"formats lists the registry", "", []string{"formats"}, 0, "moodlexml", ""},
		{"export command rejects arguments", "", []string{"json", "article.txt"}, 2, "", "use --source"},
		{"bad date", "", []string{"json", "--date", "yesterday"}, 2, "", "--date \"yesterday\""},
		{"bad notetype lists valid ones", "", []string{"anki", "--notetype", "cloze", "-o", "-"}, 2, "", "valid: basic, basic-reversed"},
		{"apkg refused on stdout format mismatch", "", []string{"anki", "--format", "pdf", "-o", "-"}, 2, "", "anki cannot write format \"pdf\""},
		{"version", "", []string{"--version"}, 0, "xopsexport version", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := runCLI(t, tc.stdin, false, tc.argv...)
			if r.code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, tc.code, r.stdout, r.stderr)
			}
			if !strings.Contains(r.stdout, tc.out) {
				t.Errorf("stdout lacks %q:\n%s", tc.out, r.stdout)
			}
			if !strings.Contains(r.stderr, tc.err) {
				t.Errorf("stderr lacks %q:\n%s", tc.err, r.stderr)
			}
			if tc.code != 0 {
				// Failures are one line, never a stack trace.
				if lines := strings.Count(strings.TrimSpace(r.stderr), "\n") + 1; lines != 1 || strings.Contains(r.stderr, "goroutine") {
					t.Errorf("error output is not one line:\n%s", r.stderr)
				}
			}
		})
	}
}

func TestJSONIsTheModel(t *testing.T) {
	r := runCLI(t, "", false, "json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var d model.Deck
	if err := json.Unmarshal([]byte(r.stdout), &d); err != nil {
		t.Fatal(err)
	}
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"devops": 22, "devsecops": 20, "cloudops": 20, "mlops": 27, "aiops": 20}
	for _, s := range d.Sections {
		if want[s.Role] != len(s.Questions) {
			t.Errorf("%s: %d questions, want %d", s.Role, len(s.Questions), want[s.Role])
		}
		delete(want, s.Role)
	}
	if len(want) > 0 {
		t.Errorf("roles missing: %v", want)
	}
	if d.Source.SHA256 == "" || !strings.HasPrefix(d.Source.URL, "https://learnxops.com/") {
		t.Errorf("source not filled in: %+v", d.Source)
	}
}

func TestBinaryNeverToTerminal(t *testing.T) {
	// json goes to stdout by default and is text: allowed on a terminal.
	if r := runCLI(t, "", true, "json", "--role", "ai"); r.code != 0 {
		t.Fatalf("json on a terminal: exit %d: %s", r.code, r.stderr)
	}
	for _, f := range exporters.All() {
		if !f.Binary {
			continue
		}
		// -o - forces stdout even on a terminal; without it a binary format
		// that defaults to stdout would be refused. No binary format
		// defaults to stdout, so check the rule on the refusal path itself.
		if f.Stdout {
			r := runCLI(t, "", true, f.Command, "--format", f.Name)
			if r.code != 2 || !strings.Contains(r.stderr, "refusing to write") {
				t.Errorf("%s on a terminal: exit %d %s", f.Name, r.code, r.stderr)
			}
		}
	}
}

func TestDefaultOutputName(t *testing.T) {
	t.Chdir(t.TempDir())
	r := runCLI(t, "", false, "json", "--role", "cloud", "-o", "")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	// json defaults to stdout; a file format defaults to a name in the
	// current directory.
	if !strings.Contains(r.stdout, `"role": "cloudops"`) {
		t.Errorf("json did not go to stdout")
	}
	if got := defaultBase([]string{"cloudops"}); got != "xops-cloudops" {
		t.Errorf("defaultBase = %q", got)
	}
	if got := defaultBase(nil); got != "xops-all" {
		t.Errorf("defaultBase(nil) = %q", got)
	}
}

// TestFlagsDefinedOnce walks every command: no flag name twice in one
// command, and one name means one thing everywhere (one constructor).
func TestFlagsDefinedOnce(t *testing.T) {
	// refresh --force accepts a page that looks broken: a different act
	// from replacing a read-only output, under the name users know.
	exempt := map[string]bool{"refresh --force": true}
	usage := map[string]string{}
	for _, c := range newApp(&env{}).Commands {
		seen := map[string]bool{}
		for _, f := range c.Flags {
			u := ""
			if d, ok := f.(cli.DocGenerationFlag); ok {
				u = d.GetUsage()
			}
			for _, n := range f.Names() {
				if seen[n] {
					t.Errorf("%s: flag %q defined twice", c.Name, n)
				}
				seen[n] = true
				if exempt[c.Name+" --"+n] {
					continue
				}
				if prev, ok := usage[n]; ok && prev != u {
					t.Errorf("%s: flag %q means %q here and %q elsewhere", c.Name, n, u, prev)
				}
				usage[n] = u
			}
		}
		if !seen["quiet"] {
			t.Errorf("%s lacks the common flags", c.Name)
		}
	}
}

// TestEveryCommandHasAnEntry: each registered command has its entry in
// formatCommands, with help and examples, and no entry is orphaned.
func TestEveryCommandHasAnEntry(t *testing.T) {
	cmds := exporters.Commands()
	for _, c := range cmds {
		fc, ok := formatCommands[c]
		if !ok {
			t.Errorf("command %s has no formatCommands entry", c)
			continue
		}
		if !strings.Contains(fc.help, "Examples:\n   xopsexport "+c) {
			t.Errorf("command %s: help has no examples of itself", c)
		}
	}
	for c := range formatCommands {
		if !slices.Contains(cmds, c) {
			t.Errorf("formatCommands has an entry for unknown command %s", c)
		}
	}
	for _, c := range newApp(&env{}).Commands {
		if c.Name != "version" && c.Name != "licenses" && c.Name != "formats" && !strings.Contains(c.Description, "xopsexport "+c.Name) {
			t.Errorf("command %s: help has no example", c.Name)
		}
	}
}

func TestParseDate(t *testing.T) {
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == "SOURCE_DATE_EPOCH" {
				return v
			}
			return ""
		}
	}
	tests := []struct {
		flag, epoch, want string
		bad               bool
	}{
		{"2025-03-01", "", "2025-03-01T00:00:00Z", false},
		{"2025-03-01T10:00:00+02:00", "", "2025-03-01T08:00:00Z", false},
		{"", "1700000000", "2023-11-14T22:13:20Z", false},
		{"2024-01-02", "1700000000", "2024-01-02T00:00:00Z", false},
		{"", "", "0001-01-01T00:00:00Z", false},
		{"", "0", "1970-01-01T00:00:00Z", false},
		{"soon", "", "", true},
		{"", "-5", "", true},
		{"", "12x", "", true},
		{"0001-01-01", "", "", true},
		{"1969-12-31", "", "", true},
		{"", "99999999999999", "", true},
		{"9999-12-31", "", "9999-12-31T00:00:00Z", false},
	}
	for _, tc := range tests {
		got, err := parseDate(tc.flag, env(tc.epoch))
		if tc.bad {
			if err == nil {
				t.Errorf("parseDate(%q, %q) accepted", tc.flag, tc.epoch)
			}
			continue
		}
		if err != nil || got.Format("2006-01-02T15:04:05Z07:00") != tc.want {
			t.Errorf("parseDate(%q, %q) = %v, %v; want %s", tc.flag, tc.epoch, got, err, tc.want)
		}
	}
}

// TestHelpIsReadable (L2): list flags show one placeholder, not urfave's
// doubled "--x value [ --x value ]" or a backquoted word from the usage.
func TestHelpIsReadable(t *testing.T) {
	for _, cmd := range []string{"export", "anki", "stats"} {
		r := runCLI(t, "", false, cmd, "--help")
		if r.code != 0 || strings.Contains(r.stdout, "[ --") || strings.Contains(r.stdout, "`") {
			t.Errorf("%s --help:\n%s", cmd, r.stdout)
		}
		if !strings.Contains(r.stdout, "--role ROLES, -r ROLES") {
			t.Errorf("%s --help lacks --role ROLES", cmd)
		}
	}
	if r := runCLI(t, "", false, "export", "--help"); !strings.Contains(r.stdout, "--formats FORMATS, -f FORMATS") {
		t.Errorf("export --help:\n%s", r.stdout)
	}
}
