// Command deletestmt is a statement-deletion mutation check: it deletes one
// statement at a time from a package's non-test files, runs tests against
// the result, and reports the statements whose deletion no test notices.
// Operator mutators (gremlins) flip conditions; they cannot show that a
// `used[id] = true`, a sort or a `continue` is never checked by any test.
//
// The working tree is never modified: each mutant is a copy of one file
// handed to the go command with -overlay, so it is safe to run while others
// edit the tree, and several mutants run at once.
//
//	go run ./scripts/deletestmt [flags] ./revision ./source
//
// Each statement gets one status:
//
//	killed       a test failed (or timed out) with the statement deleted
//	LIVED        every test passed: nothing pins the statement down
//	equivalent   lived, and listed in the equivalents file with the reason
//	not covered  the unmutated tests never execute it (not run)
//	not viable   the package does not compile without it (not counted)
//
// A statement that lived or is not covered can be listed, with the reason,
// in equivalents.txt ("file | func | statement | why", the key printed
// under it); it then shows as equivalent (or unreachable) and does not
// count. Exit status 1 when any other mutant lived or was not covered.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "deletestmt:", err)
		var ee exitError
		if errors.As(err, &ee) {
			os.Exit(int(ee))
		}
		os.Exit(2)
	}
}

type exitError int

func (e exitError) Error() string { return "mutants lived (see above)" }

type config struct {
	tests    []string // packages whose tests judge the mutants; empty: the mutated package
	timeout  time.Duration
	short    bool
	workers  int
	compound bool
	lines    map[string]bool // "file.go:line" filter; empty: all
	equiv    map[string]string
	verbose  bool
	runRe    string
	base     map[string]string // overlay applied to every run, mutants included
}

func run(args []string) error {
	fs := flag.NewFlagSet("deletestmt", flag.ContinueOnError)
	var c config
	testPkgs := fs.String("test", "", "comma-separated packages whose tests judge the mutants (default: the mutated package)")
	fs.DurationVar(&c.timeout, "timeout", 0, "go test -timeout for each mutant, a mutant that hangs counts as killed (default: 10 times the unmutated run, at least 20s)")
	fs.BoolVar(&c.short, "short", true, "run the tests with -short, as make test does")
	fs.IntVar(&c.workers, "j", runtime.NumCPU(), "mutants tested at once")
	fs.BoolVar(&c.compound, "compound", false, "also delete whole if/for/switch/select statements")
	only := fs.String("lines", "", "comma-separated file.go:line list: delete only the statements starting on those lines")
	equivFile := fs.String("equivalents", "", "file listing lived mutants known to be equivalent (default: equivalents.txt beside this program, if found)")
	fs.BoolVar(&c.verbose, "v", false, "list killed and not-covered mutants too")
	fs.StringVar(&c.runRe, "run", "", "go test -run pattern")
	baseOverlay := fs.String("overlay", "", "an overlay file (go help build) applied to every run, e.g. to test against others' committed code while they edit theirs")
	reports := fs.String("gremlins", "", "comma-separated package-dir=report pairs (gremlins unleash -o report package-dir): check their LIVED mutants against the equivalents file instead of deleting statements")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: deletestmt [flags] package-dir...\n       deletestmt -gremlins report.json,...\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 && *reports == "" {
		fs.Usage()
		return errors.New("no package given")
	}
	if *testPkgs != "" {
		c.tests = strings.Split(*testPkgs, ",")
	}
	if *only != "" {
		c.lines = map[string]bool{}
		for _, l := range strings.Split(*only, ",") {
			c.lines[filepath.Base(l)] = true
		}
	}
	if *baseOverlay != "" {
		raw, err := os.ReadFile(*baseOverlay)
		if err != nil {
			return err
		}
		var o struct{ Replace map[string]string }
		if err := json.Unmarshal(raw, &o); err != nil {
			return fmt.Errorf("reading %s: %w", *baseOverlay, err)
		}
		c.base = o.Replace
	}
	if c.workers < 1 {
		c.workers = 1
	}
	ef := *equivFile
	if ef == "" {
		if _, err := os.Stat(filepath.Join("scripts", "deletestmt", "equivalents.txt")); err == nil {
			ef = filepath.Join("scripts", "deletestmt", "equivalents.txt")
		}
	}
	if ef != "" {
		var err error
		if c.equiv, err = readEquivalents(ef); err != nil {
			return err
		}
	}
	if *reports != "" {
		return checkGremlins(strings.Split(*reports, ","), c.equiv)
	}
	tmp, err := os.MkdirTemp("", "deletestmt-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	var sums []summary
	lived := 0
	for _, dir := range fs.Args() {
		s, err := c.mutatePackage(dir, tmp)
		if err != nil {
			return err
		}
		sums = append(sums, s)
		lived += s.lived + s.uncovered
	}
	fmt.Printf("\n%-22s %7s %7s %11s %11s %10s\n", "package", "killed", "LIVED", "not covered", "equivalent", "not viable")
	for _, s := range sums {
		fmt.Printf("%-22s %7d %7d %11d %11d %10d\n", s.pkg, s.killed, s.lived, s.uncovered, s.equiv, s.unviable)
	}
	if lived > 0 {
		return exitError(1)
	}
	return nil
}

// readEquivalents reads "file | func | statement | why" lines.
func readEquivalents(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading equivalents: %w", err)
	}
	defer f.Close()
	m := map[string]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, " | ")
		if len(parts) != 4 {
			return nil, fmt.Errorf("%s:%d: want \"file | func | statement | why\"", path, n)
		}
		m[parts[0]+" | "+parts[1]+" | "+parts[2]] = parts[3]
	}
	return m, sc.Err()
}

// mutant is one statement to delete.
type mutant struct {
	file      string // path relative to the module root, slash-separated
	abs       string
	line      int
	start     int // byte offsets of the statement in the file
	end       int
	key       string // "file | func | statement": stable across line moves
	text      string
	src       []byte // the file as read when the mutants were listed
	uncovered bool
}

type summary struct {
	pkg                                       string
	killed, lived, equiv, uncovered, unviable int
}

func (c *config) mutatePackage(dir, tmp string) (summary, error) {
	s := summary{pkg: strings.TrimPrefix(filepath.ToSlash(dir), "./")}
	files, err := goFiles(dir)
	if err != nil {
		return s, err
	}
	var ms []mutant
	for _, f := range files {
		fm, err := mutants(f, c.compound)
		if err != nil {
			return s, err
		}
		for _, m := range fm {
			if c.lines == nil || c.lines[fmt.Sprintf("%s:%d", filepath.Base(m.file), m.line)] {
				ms = append(ms, m)
			}
		}
	}
	tests := c.tests
	if len(tests) == 0 {
		tests = []string{dir}
	}

	// The unmutated run: it must pass, and its coverage says which
	// statements no test executes.
	prof := filepath.Join(tmp, "cover.out")
	of := filepath.Join(tmp, "base.json")
	if err := c.writeOverlay(of, nil); err != nil {
		return s, err
	}
	auto := c.timeout == 0
	if auto {
		c.timeout = 10 * time.Minute
	}
	began := time.Now()
	out, err := c.goTest(context.Background(), tests, of, "-coverprofile="+prof, "-coverpkg="+pkgPath(dir))
	if err != nil {
		return s, fmt.Errorf("the unmutated tests of %s fail:\n%s", dir, out)
	}
	if auto {
		// Compilation included, so generous; restored for the next package.
		c.timeout = max(20*time.Second, 10*time.Since(began).Round(time.Second))
		defer func() { c.timeout = 0 }()
	}
	blocks, err := readCover(prof)
	if err != nil {
		return s, err
	}
	for i := range ms {
		ms[i].uncovered = !covered(blocks, ms[i].abs, ms[i].line)
	}

	type result struct {
		m      mutant
		status string
		detail string
	}
	results := make([]result, len(ms))
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		done int
	)
	todo := 0
	for _, m := range ms {
		if !m.uncovered {
			todo++
		}
	}
	fmt.Fprintf(os.Stderr, "%s: %d statements, %d covered; timeout %s each\n", s.pkg, len(ms), todo, c.timeout)
	next := make(chan int)
	for w := 0; w < c.workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				st, det := c.try(ms[i], tests, tmp, i)
				results[i] = result{ms[i], st, det}
				mu.Lock()
				done++
				// Progress on stderr; the report goes to stdout at the end.
				fmt.Fprintf(os.Stderr, "[%d/%d] %-10s %s:%d\n", done, todo, st, ms[i].file, ms[i].line)
				mu.Unlock()
			}
		}()
	}
	for i := range ms {
		if ms[i].uncovered {
			results[i] = result{ms[i], "not covered", ""}
			continue
		}
		next <- i
	}
	close(next)
	wg.Wait()

	fmt.Printf("== %s (%d statements; tests of %s; timeout %s)\n", s.pkg, len(ms), strings.Join(tests, " "), c.timeout)
	for _, r := range results {
		why, listed := c.equiv[r.m.key]
		switch {
		case r.status == "killed":
			s.killed++
		case r.status == "not viable":
			s.unviable++
		case listed:
			// Lived or never run, and known to be equivalent or unreachable.
			r.detail = why
			s.equiv++
			if r.status == "LIVED" {
				r.status = "equivalent"
			} else {
				r.status = "unreachable"
			}
		case r.status == "LIVED":
			s.lived++
		case r.status == "not covered":
			s.uncovered++
		}
		if !c.verbose && r.status != "LIVED" && r.status != "not covered" {
			continue
		}
		fmt.Printf("%-11s %s:%d  %s", r.status, r.m.file, r.m.line, r.m.text)
		if r.detail != "" {
			fmt.Printf("  [%s]", r.detail)
		}
		fmt.Println()
		if r.status == "LIVED" || r.status == "not covered" {
			fmt.Printf("            key: %s\n", r.m.key)
		}
	}
	return s, nil
}

// try deletes m's statement in an overlay and runs the tests.
func (c *config) try(m mutant, tests []string, tmp string, i int) (string, string) {
	// The file as listed, not as it is now: an edit made meanwhile must not
	// shift the bytes deleted.
	mut := blank(m.src, m.start, m.end)
	mf := filepath.Join(tmp, fmt.Sprintf("m%d.go", i))
	of := filepath.Join(tmp, fmt.Sprintf("m%d.json", i))
	if err := os.WriteFile(mf, mut, 0o644); err != nil {
		return "not viable", err.Error()
	}
	if err := c.writeOverlay(of, map[string]string{m.abs: mf}); err != nil {
		return "not viable", err.Error()
	}
	defer os.Remove(mf)
	defer os.Remove(of)

	out, err := c.goTest(context.Background(), tests, of)
	if err == nil {
		return "LIVED", ""
	}
	if isBuildFailure(out) {
		return "not viable", ""
	}
	return "killed", failed(out)
}

// writeOverlay writes an overlay file with the base replacements plus r.
func (c *config) writeOverlay(path string, r map[string]string) error {
	m := map[string]string{}
	for k, v := range c.base {
		m[k] = v
	}
	for k, v := range r {
		m[k] = v
	}
	raw, err := json.Marshal(struct{ Replace map[string]string }{m})
	if err != nil {
		return err
	}
	return os.WriteFile(path, raw, 0o644)
}

var failRe = regexp.MustCompile(`(?m)^\s*--- FAIL: (\S+)`)

// failed names the first failing tests, for -v.
func failed(out []byte) string {
	var names []string
	for _, m := range failRe.FindAllSubmatch(out, 4) {
		names = append(names, string(m[1]))
	}
	if bytes.Contains(out, []byte("panic: test timed out")) {
		names = append(names, "timed out")
	}
	return strings.Join(names, " ")
}

func isBuildFailure(out []byte) bool {
	return bytes.Contains(out, []byte("[build failed]")) || bytes.Contains(out, []byte("[setup failed]"))
}

func (c *config) goTest(ctx context.Context, tests []string, overlay string, extra ...string) ([]byte, error) {
	args := []string{"-count=1", "-vet=off", "-timeout=" + c.timeout.String(), "-failfast"}
	if c.short {
		args = append(args, "-short")
	}
	if c.runRe != "" {
		args = append(args, "-run="+c.runRe)
	}
	if overlay != "" {
		args = append(args, "-overlay="+overlay)
	}
	args = append(args, extra...)
	return goCmd(ctx, "test", append(args, tests...)...)
}

func goCmd(ctx context.Context, sub string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "go", append([]string{sub}, args...)...)
	// One CPU per test binary: mutants run side by side instead.
	cmd.Env = append(os.Environ(), "GOMAXPROCS=1")
	return cmd.CombinedOutput()
}

// blank replaces the statement's bytes with spaces, keeping newlines so
// line numbers in failures still match the file.
func blank(src []byte, start, end int) []byte {
	out := append([]byte(nil), src...)
	for i := start; i < end; i++ {
		if out[i] != '\n' {
			out[i] = ' '
		}
	}
	return out
}

func pkgPath(dir string) string {
	out, err := exec.Command("go", "list", dir).Output()
	if err != nil {
		return dir
	}
	return strings.TrimSpace(string(out))
}

// goFiles lists dir's non-test Go files for this platform.
func goFiles(dir string) ([]string, error) {
	out, err := exec.Command("go", "list", "-f", `{{$d := .Dir}}{{range .GoFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}`, dir).Output()
	if err != nil {
		return nil, fmt.Errorf("go list %s: %w", dir, err)
	}
	return strings.Fields(string(out)), nil
}

// mutants lists the statements of path's function bodies that can be
// deleted: every statement in a statement list, except declarations, and
// (with compound) whole if/for/switch/select statements too.
func mutants(path string, compound bool) ([]mutant, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	rel := relPath(path)
	var out []mutant
	seen := map[string]int{}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			continue
		}
		name := fd.Name.Name
		if fd.Recv != nil && len(fd.Recv.List) > 0 {
			name = recvName(fd.Recv.List[0].Type) + "." + name
		}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			var list []ast.Stmt
			switch n := n.(type) {
			case *ast.BlockStmt:
				list = n.List
			case *ast.CaseClause:
				list = n.Body
			case *ast.CommClause:
				list = n.Body
			default:
				return true
			}
			for _, st := range list {
				if !deletable(st, compound) {
					continue
				}
				start, end := fset.Position(st.Pos()), fset.Position(st.End())
				text := firstLine(src[start.Offset:end.Offset])
				k := rel + " | " + name + " | " + text
				seen[k]++
				if seen[k] > 1 {
					k += " #" + strconv.Itoa(seen[k])
				}
				out = append(out, mutant{file: rel, abs: path, line: start.Line, start: start.Offset, end: end.Offset, key: k, text: text, src: src})
			}
			return true
		})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out, nil
}

func deletable(st ast.Stmt, compound bool) bool {
	switch st.(type) {
	case *ast.ExprStmt, *ast.AssignStmt, *ast.IncDecStmt, *ast.SendStmt, *ast.BranchStmt,
		*ast.DeferStmt, *ast.GoStmt, *ast.ReturnStmt:
		return true
	case *ast.IfStmt, *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
		return compound
	}
	return false
}

func recvName(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.StarExpr:
		return recvName(t.X)
	case *ast.IndexExpr:
		return recvName(t.X)
	case *ast.IndexListExpr:
		return recvName(t.X)
	case *ast.Ident:
		return t.Name
	}
	return "?"
}

// firstLine is a statement's first line with white space collapsed.
func firstLine(b []byte) string {
	s, _, _ := strings.Cut(string(b), "\n")
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 70 {
		s = string(r[:70]) + "…"
	}
	return s
}

// relPath is path relative to the module root (the working directory the
// make target runs in), for stable keys.
func relPath(path string) string {
	wd, err := os.Getwd()
	if err == nil {
		if r, err := filepath.Rel(wd, path); err == nil && !strings.HasPrefix(r, "..") {
			return filepath.ToSlash(r)
		}
	}
	return filepath.ToSlash(path)
}

// coverBlock is one line range of a coverage profile and its count.
type coverBlock struct {
	file               string // import path + "/" + file name
	startLine, endLine int
	count              int
}

func readCover(path string) ([]coverBlock, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading coverage: %w", err)
	}
	var bs []coverBlock
	for _, line := range strings.Split(string(raw), "\n") {
		// name.go:12.34,15.2 3 1
		if line == "" || strings.HasPrefix(line, "mode:") {
			continue
		}
		colon := strings.LastIndex(line, ":")
		if colon < 0 {
			continue
		}
		var sl, sc, el, ec, n, cnt int
		if _, err := fmt.Sscanf(line[colon+1:], "%d.%d,%d.%d %d %d", &sl, &sc, &el, &ec, &n, &cnt); err != nil {
			continue
		}
		bs = append(bs, coverBlock{file: line[:colon], startLine: sl, endLine: el, count: cnt})
	}
	return bs, nil
}

// covered reports whether any executed block of the file spans line.
// Blocks are keyed by import path; matching on the file name within the
// package directory is enough here, since one package is mutated at a time.
func covered(bs []coverBlock, abs string, line int) bool {
	base := "/" + filepath.Base(abs)
	seen := false
	for _, b := range bs {
		if !strings.HasSuffix(b.file, base) || line < b.startLine || line > b.endLine {
			continue
		}
		seen = true
		if b.count > 0 {
			return true
		}
	}
	// A statement in no block at all (e.g. a case expression) cannot be
	// judged by coverage: try it.
	return !seen
}

// gremlinsReport is the part of gremlins' JSON output (unleash -o) read here.
type gremlinsReport struct {
	Files []struct {
		Name      string `json:"file_name"`
		Mutations []struct {
			Type   string `json:"type"`
			Status string `json:"status"`
			Line   int    `json:"line"`
			Column int    `json:"column"`
		} `json:"mutations"`
	} `json:"files"`
}

// checkGremlins lists the LIVED mutants of gremlins reports, each with its
// key "file | MUTATOR | line" for the equivalents file; listed ones count
// as equivalent. It fails when any other lived.
func checkGremlins(paths []string, equiv map[string]string) error {
	fmt.Printf("%-34s %7s %7s %10s %11s %9s\n", "package", "killed", "LIVED", "equivalent", "not covered", "timed out")
	bad := 0
	for _, arg := range paths {
		if arg == "" {
			continue
		}
		// gremlins names files relative to the package directory.
		dir, p, ok := strings.Cut(arg, "=")
		if !ok {
			dir, p = ".", arg
		}
		dir = filepath.Clean(dir)
		raw, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("reading gremlins report: %w", err)
		}
		var r gremlinsReport
		if err := json.Unmarshal(raw, &r); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		var killed, lived, eq, uncovered, timedOut int
		var lines []string
		for _, f := range r.Files {
			name := filepath.ToSlash(filepath.Join(dir, f.Name))
			src, _ := os.ReadFile(name)
			fileLines := strings.Split(string(src), "\n")
			for _, m := range f.Mutations {
				switch m.Status {
				case "KILLED":
					killed++
				case "TIMED OUT":
					timedOut++
				case "NOT COVERED":
					uncovered++
				case "LIVED":
					text := "?"
					if m.Line >= 1 && m.Line <= len(fileLines) {
						text = firstLine([]byte(fileLines[m.Line-1]))
						// The same line text twice in a file: numbered, as
						// statements are.
						n := 0
						for _, l := range fileLines[:m.Line] {
							if firstLine([]byte(l)) == text {
								n++
							}
						}
						if n > 1 {
							text += " #" + strconv.Itoa(n)
						}
					}
					key := name + " | " + m.Type + " | " + text
					if why, ok := equiv[key]; ok {
						eq++
						lines = append(lines, fmt.Sprintf("equivalent %s:%d:%d %s  [%s]", name, m.Line, m.Column, m.Type, why))
						continue
					}
					lived++
					lines = append(lines, fmt.Sprintf("LIVED      %s:%d:%d %s  %s\n           key: %s", name, m.Line, m.Column, m.Type, text, key))
				}
			}
		}
		fmt.Printf("%-34s %7d %7d %10d %11d %9d\n", dir, killed, lived, eq, uncovered, timedOut)
		for _, l := range lines {
			fmt.Println("  " + l)
		}
		bad += lived
	}
	if bad > 0 {
		return exitError(1)
	}
	return nil
}
