package licenses

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestOwnLicenceIsTheRepository(t *testing.T) {
	root, err := os.ReadFile("../../LICENSE")
	if err != nil {
		t.Fatal(err)
	}
	if string(root) != Own {
		t.Error("internal/licenses/LICENSE differs from the repository's LICENSE")
	}
}

// TestThirdPartyIsCurrent regenerates the list and compares: a module
// added to go.mod without `make licenses` fails here.
func TestThirdPartyIsCurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the generator")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	out := filepath.Join(t.TempDir(), "THIRD_PARTY.txt")
	cmd := exec.Command("go", "run", "./internal/licenses/gen", "-o", out)
	cmd.Dir = "../.."
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("gen: %v\n%s", err, b)
	}
	got, _ := os.ReadFile(out)
	if string(got) != ThirdParty {
		t.Error("THIRD_PARTY.txt is out of date: run make licenses")
	}
}

func TestThirdPartyNamesEveryLicence(t *testing.T) {
	head, _, _ := strings.Cut(ThirdParty, "\n==== ")
	lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(head, Header)), "\n")
	if len(lines) < 10 {
		t.Fatalf("only %d modules listed", len(lines))
	}
	for _, l := range lines {
		mod, kind, ok := strings.Cut(l, "\t")
		if !ok || kind == "see text" {
			t.Errorf("%q: licence not identified", l)
		}
		if !strings.Contains(ThirdParty, "\n==== "+mod+" (") {
			t.Errorf("%s: no licence text", mod)
		}
	}
	if !strings.Contains(ThirdParty, "==== golang.org/x/image ") {
		t.Error("the Go fonts' licence (golang.org/x/image) is missing")
	}
}
