package mask

import (
	"regexp"
	"strings"
	"unicode"
)

// The masks under a key of a class, for values the key says are an e-mail,
// a phone, a person's name or a postal address.

const phoneStars = "*******"

var (
	domainAfterAt      = regexp.MustCompile(patDomainAfterAt)
	countryCodeAtStart = regexp.MustCompile("^(?:" + srcCountryCode + ")")
	networkAddress     = regexp.MustCompile(srcNetworkAddress)
	maskToken          = regexp.MustCompile(srcMaskToken)
	snilsDashed        = regexp.MustCompile(srcSnilsDashed)
)

// maskEmailValue: ***@domain for every "@domain", *** when there is none.
func maskEmailValue(value string) string {
	var b strings.Builder
	for _, loc := range domainAfterAt.FindAllStringSubmatchIndex(value, -1) {
		domain := strings.TrimRight(value[loc[2]:loc[3]], ".")
		if domain == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		b.WriteString("***@")
		b.WriteString(domain)
	}
	if b.Len() == 0 {
		return "***"
	}
	return b.String()
}

// leadingWS skips [\t\n\f\r ]* at the start of s.
func leadingWS(s string) string {
	return strings.TrimLeft(s, "\t\n\f\r ")
}

// maskPhoneValue: + and the country code and the last two digits; ok false
// under 5 digits ("n/a"), which the caller leaves to the text rules.
func maskPhoneValue(value string) (string, bool) {
	digits := onlyDigits(value)
	if len(digits) < 5 {
		return "", false
	}
	last2 := digits[len(digits)-2:]
	international := strings.HasPrefix(leadingWS(value), "+")
	if !international && strings.HasPrefix(leadingWS(value), "00") && len(digits) > 11 {
		// "00 44 …" is the dial-out spelling of "+44 …".
		international = true
		digits = digits[2:]
	}
	if international {
		return "+" + countryCodeAtStart.FindString(digits) + phoneStars + last2, true
	}
	return phoneStars + last2, true
}

// phoneDotsOk: a phone written with dots has at least two ("+125000.00" is a price).
func phoneDotsOk(match string) bool {
	dots := strings.Count(match, ".")
	return dots == 0 || dots >= 2
}

// isMaskToken: a whole value that is one of the masks, never masked again.
func isMaskToken(value string) bool {
	return len(value) > 0 && value[0] == '[' && utf16Len(value) <= 20 && maskToken.MatchString(value)
}

// looksLikePersonName (value-shapes.ts): one to six words of letters (' ’ . -
// inside), separated by spaces or tabs, at least one capitalised.
func looksLikePersonName(value string) bool {
	t := jsTrim(value)
	if t == "" || utf16Len(t) > 100 {
		return false
	}
	words := strings.FieldsFunc(t, func(r rune) bool { return r == ' ' || r == '\t' })
	if len(words) > 6 {
		return false
	}
	capital := false
	for _, w := range words {
		first := true
		for _, r := range w {
			if first {
				if !isLetterOrMark(r) {
					return false
				}
				if unicode.IsUpper(r) {
					capital = true
				}
				first = false
			} else if !isLetterOrMark(r) && r != '\'' && r != '’' && r != '.' && r != '-' {
				return false
			}
		}
	}
	return capital
}

// looksLikeNetworkAddress: an IP (with a port), a MAC, host:port, a URL, a socket path.
func looksLikeNetworkAddress(value string) bool {
	t := jsTrim(value)
	return networkAddress.MatchString(t) || strings.HasPrefix(t, "/")
}
