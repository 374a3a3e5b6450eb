package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestCompletion prints each script; an unknown shell or none is a usage
// error.
func TestCompletion(t *testing.T) {
	for shell, want := range map[string]string{
		"bash": "complete -o bashdefault -o default -F _xopsexport xopsexport",
		"zsh":  "bashcompinit",
		"fish": "complete -c xopsexport",
	} {
		r := runCLI(t, "", false, "completion", shell)
		if r.code != 0 || !strings.Contains(r.stdout, want) {
			t.Errorf("completion %s: exit %d, %q not in:\n%s", shell, r.code, want, r.stdout)
		}
	}
	for _, args := range [][]string{{"completion"}, {"completion", "tcsh"}, {"completion", "bash", "zsh"}} {
		if r := runCLI(t, "", false, args...); r.code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, r.code, r.stderr)
		}
	}
}

// TestBashCompletion sources the bash script in a real bash and completes
// partial command lines against this program (the test binary behind a
// wrapper named xopsexport on PATH).
func TestBashCompletion(t *testing.T) {
	t.Parallel()
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	dir := t.TempDir()
	wrapper := "#!/bin/sh\nXOPSEXPORT_HELPER_ARGS=- exec '" + os.Args[0] + "' -test.run='^TestHelperProcess$' -- \"$@\"\n"
	if err := os.WriteFile(filepath.Join(dir, "xopsexport"), []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(dir, "completion.bash")
	if err := os.WriteFile(script, []byte(bashCompletion), 0o644); err != nil {
		t.Fatal(err)
	}
	for line, want := range map[string]string{
		"xopsexport an":        "anki",
		"xopsexport ex":        "export",
		"xopsexport anki --ro": "--role",
		"xopsexport gift --ty": "--type",
		"xopsexport pdf -":     "--layout",
	} {
		cmd := exec.Command(bash, "--norc", "-c", `source "$1"; read -ra COMP_WORDS <<< "$2"; COMP_CWORD=$((${#COMP_WORDS[@]}-1)); _xopsexport; printf '%s\n' "${COMPREPLY[@]}"`, "bash", script, line)
		cmd.Env = append(os.Environ(), "PATH="+dir+string(os.PathListSeparator)+os.Getenv("PATH"))
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%q: %v\n%s", line, err, out)
		}
		if !strings.Contains("\n"+string(out), "\n"+want+"\n") {
			t.Errorf("%q completes to %q, want %s among them", line, out, want)
		}
	}
}
