package model

import (
	"slices"
	"strings"
	"testing"
)

func TestRoleFromHeading(t *testing.T) {
	for _, tc := range []struct{ heading, want string }{
		// The article's five headings, each written differently.
		{"DevOps Engineer Interview Questions & Answers", "devops"},
		{"DevSecOps Engineers Interview Questions & Answer", "devsecops"},
		{"CloudOps/Cloud Engineer Interview Questions & Answers (AWS)", "cloudops"},
		{"MLOps Engineer Questions & Answer", "mlops"},
		{"AIOps Engineer Interview Questions & Answer", "aiops"},
		// A heading naming DevSecOps is not DevOps, whatever the order.
		{"DevOps and DevSecOps Questions", "devsecops"},
		{"devops", "devops"},
		{"Platform Engineer Interview Questions & Answers", "platform"},
		{"SRE Interview Questions", "sre"},
		{"  Kubernetes: the basics", "kubernetes"},
		{"Été 2025", "été"},
		{"", "section"},
		{"&&& ???", "section"},
	} {
		if got := RoleFromHeading(tc.heading); got != tc.want {
			t.Errorf("RoleFromHeading(%q) = %q, want %q", tc.heading, got, tc.want)
		}
	}
}

func TestRoleName(t *testing.T) {
	for _, tc := range []struct{ id, want string }{
		{"devops", "DevOps"}, {"devsecops", "DevSecOps"}, {"cloudops", "CloudOps"}, {"mlops", "MLOps"}, {"aiops", "AIOps"},
		{"platform", "Platform"}, {"été", "Été"}, {"", ""},
	} {
		if got := RoleName(tc.id); got != tc.want {
			t.Errorf("RoleName(%q) = %q, want %q", tc.id, got, tc.want)
		}
	}
}

func TestRolesIsACopy(t *testing.T) {
	r := Roles()
	if len(r) != 5 || r[0].ID != "devops" || r[4].ID != "aiops" {
		t.Fatalf("Roles() = %v", r)
	}
	r[0].ID = "changed"
	if Roles()[0].ID != "devops" {
		t.Error("changing the result of Roles() changed the known roles")
	}
}

func TestResolveRoles(t *testing.T) {
	for _, tc := range []struct {
		names, available []string
		want             []string
	}{
		{nil, nil, nil},
		{[]string{"devops"}, nil, []string{"devops"}},
		{[]string{"CLOUD", "ml"}, nil, []string{"cloudops", "mlops"}},
		{[]string{"sec,ai", " DevOps "}, nil, []string{"devsecops", "aiops", "devops"}},
		{[]string{"cloudops", "cloud", "CloudOps"}, nil, []string{"cloudops"}},
		{[]string{",,"}, nil, nil},
		{[]string{" ,cloud,", ""}, nil, []string{"cloudops"}}, // empty parts are skipped, not the end
		{[]string{"platform", "ai"}, []string{"platform"}, []string{"platform", "aiops"}},
	} {
		got, err := ResolveRoles(tc.names, tc.available)
		if err != nil {
			t.Errorf("ResolveRoles(%q): %v", tc.names, err)
			continue
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("ResolveRoles(%q) = %q, want %q", tc.names, got, tc.want)
		}
	}
}

// The list of valid roles names each once, however often a deck's roles
// repeat or overlap the known ones.
func TestResolveRolesUnknownListsEachOnce(t *testing.T) {
	_, err := ResolveRoles([]string{"qa"}, []string{"sre", "devops", "platform", "sre"})
	want := `unknown role "qa" (valid: devops, devsecops, cloudops, mlops, aiops, platform, sre)`
	if err == nil || err.Error() != want {
		t.Errorf("error %v\nwant %s", err, want)
	}
}

// Every known role resolves from its ID, its name in any case, and each
// alias.
func TestResolveRolesEveryName(t *testing.T) {
	for _, r := range Roles() {
		for _, n := range append([]string{r.ID, r.Name, strings.ToUpper(r.Name)}, r.Aliases...) {
			if got, err := ResolveRoles([]string{n}, nil); err != nil || !slices.Equal(got, []string{r.ID}) {
				t.Errorf("ResolveRoles(%q) = %q, %v; want %s", n, got, err, r.ID)
			}
		}
	}
}

func TestResolveRolesUnknown(t *testing.T) {
	_, err := ResolveRoles([]string{"devops", "qa"}, []string{"sre", "platform"})
	if err == nil {
		t.Fatal("no error for an unknown role")
	}
	msg := err.Error()
	for _, want := range []string{`"qa"`, "devops, devsecops, cloudops, mlops, aiops, platform, sre"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not contain %q", msg, want)
		}
	}
}
