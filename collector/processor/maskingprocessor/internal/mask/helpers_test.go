package mask

import (
	"regexp"
	"testing"
)

func mustRegexp(t testing.TB, src string) *regexp.Regexp {
	t.Helper()
	re, err := regexp.Compile(src)
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	return re
}
