package mask

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The TypeScript engine measures and transforms strings the JavaScript way
// (UTF-16 lengths, String.prototype.trim, toLowerCase); these do the same so
// both engines write the same bytes.

// utf16Len is JavaScript's string length: UTF-16 code units.
func utf16Len(s string) int {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			n++
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// isJSSpace is what String.prototype.trim removes.
func isJSSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}

// jsTrim is String.prototype.trim.
func jsTrim(s string) string {
	return strings.TrimFunc(s, isJSSpace)
}

// jsLower is String.prototype.toLowerCase for what the corpus meets: Go's
// simple mapping, but for İ (JavaScript writes i and a combining dot) and a
// final capital sigma (ς).
func jsLower(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
		if c >= 'A' && c <= 'Z' {
			return jsLowerSlow(s)
		}
	}
	if ascii {
		return s
	}
	return jsLowerSlow(s)
}

func jsLowerSlow(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == 0x130:
			b.WriteString("i\u0307")
		case r == 0x3a3 && finalSigma(s, i, i+size):
			b.WriteRune(0x3c2)
		default:
			b.WriteRune(unicode.ToLower(r))
		}
		i += size
	}
	return b.String()
}

// finalSigma: a letter before, none after (the Final_Sigma condition, simplified).
func finalSigma(s string, at, next int) bool {
	if at == 0 {
		return false
	}
	before, _ := utf8.DecodeLastRuneInString(s[:at])
	if !unicode.IsLetter(before) {
		return false
	}
	if next >= len(s) {
		return true
	}
	after, _ := utf8.DecodeRuneInString(s[next:])
	return !unicode.IsLetter(after)
}

// isLetterOrMark is JavaScript's [\p{L}\p{M}].
func isLetterOrMark(r rune) bool {
	return unicode.IsLetter(r) || unicode.Is(unicode.M, r)
}

// firstRune is the first code point of s (utf8.RuneError for "").
func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isASCIILetter(c byte) bool { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') }

// onlyDigits keeps the ASCII digits of s (JavaScript's s.replace(/[^0-9]/g, ”)).
func onlyDigits(s string) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			n++
		}
	}
	if n == len(s) {
		return s
	}
	b := make([]byte, 0, n)
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			b = append(b, s[i])
		}
	}
	return string(b)
}
