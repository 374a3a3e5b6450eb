package xmlchar

import (
	"encoding/xml"
	"testing"
)

// TestAllowedMatchesEncodingXML: a character is allowed exactly when Go's
// XML parser accepts it in character data.
func TestAllowedMatchesEncodingXML(t *testing.T) {
	for _, r := range []rune{0, 1, 8, '\t', '\n', 0x0b, 0x0c, '\r', 0x1f, ' ', 'a', 0x7f, 0x85, 0xa0, 0x2028, 0xfffd, 0xfffe, 0xffff, 0x10000, 0x10ffff} {
		err := xml.Unmarshal([]byte("<a>"+string(r)+"</a>"), new(struct{ XMLName xml.Name }))
		if got, want := Allowed(r), err == nil; got != want {
			t.Errorf("Allowed(%U) = %v, encoding/xml accepts: %v", r, got, want)
		}
	}
}
