package mask

import (
	"regexp"
	"strings"
)

// group is submatch n of a match (loc from FindAllStringSubmatchIndex); "" when it did not take part.
func group(s string, loc []int, n int) string {
	if 2*n+1 >= len(loc) || loc[2*n] < 0 {
		return ""
	}
	return s[loc[2*n]:loc[2*n+1]]
}

// replaceAll replaces every match of re by what fn returns for it; ok false
// keeps the match. The same loop as replaceMatches in TypeScript: matches do
// not overlap, and the next is searched after the end of the last.
func replaceAll(s string, re *regexp.Regexp, class Class, c Counts, fn func(s string, loc []int) (string, bool)) string {
	locs := re.FindAllStringSubmatchIndex(s, -1)
	if locs == nil {
		return s
	}
	var b strings.Builder
	written := 0
	for _, loc := range locs {
		rep, ok := fn(s, loc)
		if !ok {
			continue
		}
		if written == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[written:loc[0]])
		b.WriteString(rep)
		written = loc[1]
		c.add(class)
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}
