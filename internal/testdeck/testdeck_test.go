package testdeck

import "testing"

func TestDecksAreValid(t *testing.T) {
	for name, d := range map[string]interface{ Validate() error }{"article": Article(), "synthetic": Synthetic(1000), "hostile": Hostile(), "structured": Structured()} {
		if err := d.Validate(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if n := Article().Count(); n != 109 {
		t.Errorf("article has %d questions, want 109", n)
	}
	if n := Synthetic(1234).Count(); n != 1234 {
		t.Errorf("synthetic has %d questions, want 1234", n)
	}
}
