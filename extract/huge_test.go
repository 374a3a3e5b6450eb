package extract

import (
	"bytes"
	"errors"
	"testing"
)

// TestHugeInputWithoutQuestions: 50 MB of prose with no question is a
// clear error, not a hang or a crash. (The 64 MiB cap itself is
// TestTooLarge and TestTooLargeReal.)
func TestHugeInputWithoutQuestions(t *testing.T) {
	if testing.Short() {
		t.Skip("50 MB input")
	}
	body := bytes.Repeat([]byte("This line is filler text without any question label at all.\n"), 50<<20/61)
	if _, err := Read(body, FormatText, Options{}); !errors.Is(err, ErrNoQuestions) {
		t.Fatalf("err = %v", err)
	}
}
