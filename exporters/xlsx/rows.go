package xlsx

import "bytes"

// rowScanner counts a worksheet part's <row> elements as its bytes stream
// past, and those whose row number is missing or not past the rows before
// it. excelize renumbers each such row by deleting it from the middle of
// a slice: n of them cost n² (a 330 KB file with two million unnumbered
// rows ran for 20 minutes), so inspect refuses sheets with many. Excel,
// LibreOffice, openpyxl and excelize number every row in order.
type rowScanner struct {
	st       scanState
	name     [8]byte // the element or attribute name being read
	nameLen  int     // its length; past len(name) it is no name we want
	prefixed bool    // the element name had a namespace prefix
	quote    byte    // the quote of the attribute value being read, or 0
	isR      bool    // the value being read is the r attribute's
	num      int     // that value so far, if it is all digits
	numOK    bool    // whether it is
	sawR     bool    // the current row tag has a usable r
	last     int     // the highest row number so far
	rows     int     // <row> elements seen
	unsorted int     // rows without a number past the ones before
}

// maxRowNum is past any row number a sheet can have; bigger numbers are
// not counted as numbers (and cannot overflow).
const maxRowNum = 1 << 24

type scanState uint8

const (
	outside  scanState = iota
	tagName            // after '<'
	otherTag           // inside a tag that is not a row
	rowAttrs           // inside a <row …> tag, between attributes
	attrName           // reading an attribute name of a row tag
	attrWait           // after a name, before its '=' and value
)

func (s *rowScanner) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		if s.st == outside || s.st == otherTag {
			// Skip text and other tags' insides at memchr speed.
			c := byte('<')
			if s.st == otherTag {
				c = '>'
			}
			i := bytes.IndexByte(p, c)
			if i < 0 {
				break
			}
			p = p[i:]
		}
		s.step(p[0])
		p = p[1:]
	}
	return n, nil
}

func space(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

func (s *rowScanner) step(b byte) {
	switch s.st {
	case outside:
		if b == '<' {
			s.st, s.nameLen, s.prefixed = tagName, 0, false
		}
	case tagName:
		if !space(b) && b != '>' && b != '/' {
			if b == ':' && s.nameLen > 0 && !s.prefixed {
				s.nameLen, s.prefixed = 0, true // a namespace prefix: x:row
			} else {
				if s.nameLen < len(s.name) {
					s.name[s.nameLen] = b
				}
				s.nameLen++
			}
			return
		}
		if s.nameLen != 3 || string(s.name[:3]) != "row" {
			s.st = otherTag
			if b == '>' {
				s.st = outside
			}
			return
		}
		s.rows++
		s.sawR, s.quote = false, 0
		s.st = rowAttrs
		if b == '>' {
			s.endRow()
		}
	case otherTag:
		// '<' cannot appear in an attribute value, so the first '>'
		// ends the tag as far as finding the next one goes.
		if b == '>' {
			s.st = outside
		}
	case rowAttrs, attrName, attrWait:
		s.rowTag(b)
	}
}

func (s *rowScanner) rowTag(b byte) {
	if s.quote != 0 {
		if b == s.quote {
			s.quote = 0
			if s.isR && s.numOK && s.num > s.last && s.num <= maxRowNum {
				s.sawR, s.last = true, s.num
			}
			s.isR = false
			s.st = rowAttrs
			return
		}
		if s.isR {
			if b >= '0' && b <= '9' && s.num <= maxRowNum {
				s.num = s.num*10 + int(b-'0')
			} else {
				s.numOK = false
			}
		}
		return
	}
	switch {
	case b == '>':
		s.endRow()
	case b == '"' || b == '\'':
		s.quote, s.num, s.numOK = b, 0, true
	case b == '=':
		s.isR = s.st == attrWait && s.nameLen == 1 && s.name[0] == 'r' || s.st == attrName && s.nameLen == 1 && s.name[0] == 'r'
		s.st = attrWait
	case space(b) || b == '/':
		if s.st == attrName {
			s.st = attrWait
		}
	default:
		if s.st != attrName {
			s.st, s.nameLen = attrName, 0
		}
		if s.nameLen < len(s.name) {
			s.name[s.nameLen] = b
		}
		s.nameLen++
	}
}

func (s *rowScanner) endRow() {
	if !s.sawR {
		s.unsorted++
	}
	s.st = outside
}
