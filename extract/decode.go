package extract

import (
	"bytes"
	"errors"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// ErrEmpty is returned for an input with no text.
var ErrEmpty = errors.New("input is empty")

// ErrBinary is returned for an input that is not text.
var ErrBinary = errors.New("input is binary, not text")

// Decode turns raw input into text. UTF-8 (with or without a BOM) and UTF-16
// with a BOM are read as they are. Input that is not valid UTF-8 is decoded
// as Windows-1252 when every byte is a printable character there (the usual
// case for text saved by older Windows editors); enc then names it.
// Anything else is refused rather than guessed at.
func Decode(body []byte) (text, enc string, err error) {
	switch {
	case bytes.HasPrefix(body, []byte{0xFF, 0xFE}):
		return decodeUTF16(body[2:], false)
	case bytes.HasPrefix(body, []byte{0xFE, 0xFF}):
		return decodeUTF16(body[2:], true)
	}
	body = bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(body)) == 0 {
		return "", "", ErrEmpty
	}
	if looksBinary(body) {
		return "", "", ErrBinary
	}
	if utf8.Valid(body) {
		return string(body), "", nil
	}
	if brokenUTF8(body) {
		off := invalidOffset(body)
		return "", "", fmt.Errorf("input is not valid UTF-8 (invalid byte 0x%02x at offset %d) and not Windows-1252 either: it looks like damaged UTF-8", body[off], off)
	}
	if s, ok := decode1252(body); ok {
		return s, "Windows-1252", nil
	}
	off := invalidOffset(body)
	return "", "", fmt.Errorf("input is not UTF-8 text (invalid byte 0x%02x at offset %d)", body[off], off)
}

func decodeUTF16(b []byte, bigEndian bool) (string, string, error) {
	if len(b)%2 != 0 {
		return "", "", errors.New("input has a UTF-16 byte order mark but an odd number of bytes")
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		if bigEndian {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		} else {
			u[i] = uint16(b[2*i+1])<<8 | uint16(b[2*i])
		}
	}
	s := string(utf16.Decode(u))
	if len(bytes.TrimSpace([]byte(s))) == 0 {
		return "", "", ErrEmpty
	}
	if looksBinary([]byte(s)) {
		return "", "", ErrBinary
	}
	return s, "UTF-16", nil
}

// looksBinary reports a NUL byte or many control characters in the first
// 8 KiB: the signs of an image, archive or executable.
func looksBinary(b []byte) bool {
	if len(b) > 8192 {
		b = b[:8192]
	}
	if bytes.IndexByte(b, 0) >= 0 {
		return true
	}
	ctl := 0
	for _, c := range b {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' {
			ctl++
		}
	}
	return ctl*20 > len(b)
}

func decode1252(b []byte) (string, bool) {
	high := 0
	for _, c := range b {
		if c >= 0x80 {
			high++
		}
		// Bytes Windows-1252 leaves undefined: their presence means it is not
		// that encoding either.
		switch c {
		case 0x81, 0x8D, 0x8F, 0x90, 0x9D:
			return "", false
		}
	}
	// Real Windows-1252 prose is mostly ASCII; a body full of high bytes is
	// some other encoding or binary noise.
	if high*4 > len(b) {
		return "", false
	}
	s, err := charmap.Windows1252.NewDecoder().Bytes(b)
	if err != nil {
		return "", false
	}
	return string(s), true
}

// brokenUTF8 reports UTF-8 text with a few bad bytes in it (a truncated
// download, a bad splice). Windows-1252 prose almost never holds a valid
// multi-byte UTF-8 sequence: "’" in UTF-8 reads as "â€™" there. So more
// valid sequences than invalid bytes, or any 3- or 4-byte one, means the
// input is UTF-8 and decoding it as 1252 would turn it into mojibake.
func brokenUTF8(b []byte) bool {
	good, bad := 0, 0
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			bad++
		case n >= 3:
			return true
		default:
			good++
		}
		i += n
	}
	return good > bad
}

func invalidOffset(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return 0
}
