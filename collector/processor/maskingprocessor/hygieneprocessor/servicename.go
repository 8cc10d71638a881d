package hygieneprocessor // import "github.com/jewelry-observability/otelcol/processor/maskingprocessor/hygieneprocessor"

import "strings"

// maxServiceNameChars: the longest service name used as is in an index name
// (@jewelry/schema maxServiceNameChars; the index adds `-errors-000001`).
const maxServiceNameChars = 100

// validServiceName: lower-case letters, digits, _ - . only, not starting with
// a symbol, 1 to maxServiceNameChars long — a valid part of an index name.
func validServiceName(s string) bool {
	if len(s) == 0 || len(s) > maxServiceNameChars {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case (c == '_' || c == '-' || c == '.') && i > 0:
		default:
			return false
		}
	}
	return true
}

// indexSafeServiceName is @jewelry/schema's rule (the cases of
// packages/schema/test/service-names.json): the name trimmed of white space,
// A–Z in lower case, when that is a valid index name part; else fallback.
func indexSafeServiceName(name, fallback string) string {
	name = strings.Trim(name, "\t\n\v\f\r ")
	lower := make([]byte, len(name))
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower[i] = c
	}
	if validServiceName(string(lower)) {
		return string(lower)
	}
	return fallback
}
