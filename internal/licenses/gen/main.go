// Command gen writes ../THIRD_PARTY.txt: the licence of every module the
// xopsexport binary is built from, read from the module cache. Run it
// (make licenses) after changing go.mod; a test fails when the file is out
// of date.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/xopsexport/xopsexport/internal/licenses"
)

type module struct {
	Path, Version, Dir string
}

func main() {
	out := flag.String("o", "internal/licenses/THIRD_PARTY.txt", "file to write")
	flag.Parse()
	mods, err := deps()
	if err != nil {
		log.Fatal(err)
	}
	var b bytes.Buffer
	b.WriteString(licenses.Header)
	var texts bytes.Buffer
	for _, m := range mods {
		name, text, err := licenceOf(m.Dir)
		if err != nil {
			log.Fatalf("%s: %v", m.Path, err)
		}
		fmt.Fprintf(&b, "%s %s\t%s\n", m.Path, m.Version, licenses.Kind(text))
		fmt.Fprintf(&texts, "\n==== %s %s (%s)\n\n%s\n", m.Path, m.Version, name, strings.TrimSpace(text))
	}
	b.Write(texts.Bytes())
	if err := os.WriteFile(*out, b.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
}

// deps lists the modules linked into the command, whatever the build tags.
func deps() ([]module, error) {
	list, err := exec.Command("go", "list", "-deps", "-f", "{{with .Module}}{{.Path}}{{end}}", "./cmd/xopsexport").Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %w", err)
	}
	seen := map[string]bool{}
	var paths []string
	for _, p := range strings.Fields(string(list)) {
		if !seen[p] && p != "github.com/xopsexport/xopsexport" {
			seen[p] = true
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	out, err := exec.Command("go", append([]string{"list", "-m", "-json"}, paths...)...).Output()
	if err != nil {
		return nil, fmt.Errorf("go list -m: %w", err)
	}
	var mods []module
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var m module
		if err := dec.Decode(&m); err == io.EOF {
			break
		} else if err != nil {
			return nil, err
		}
		mods = append(mods, m)
	}
	return mods, nil
}

func licenceOf(dir string) (string, string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", "", err
	}
	for _, e := range entries {
		n := strings.ToUpper(e.Name())
		if strings.HasPrefix(n, "LICENSE") || strings.HasPrefix(n, "LICENCE") || strings.HasPrefix(n, "COPYING") {
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			return e.Name(), string(b), err
		}
	}
	return "", "", fmt.Errorf("no licence file in %s", dir)
}
