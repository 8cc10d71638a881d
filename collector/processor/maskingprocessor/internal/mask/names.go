package mask

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Personal names in free text, found without a key (person-names.ts): a
// Russian full name by its patronymic, a surname with initials, a listed
// first name next to a capitalised word, a title and a capitalised word.

type nameWord struct {
	start, end      int
	lower           string
	cyrillic, latin bool
	capital         bool
	units           int // UTF-16 length, as JavaScript counts it
}

func isLatinRune(r rune) bool {
	return (r >= 'A' && r <= 'Z') || (r >= 'a' && r <= 'z') || (r >= 0xc0 && r <= 0x24f && r != 0xd7 && r != 0xf7)
}

// nameWords tokenises like /[\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]+)*/gu.
func nameWords(s string, out []nameWord) []nameWord {
	out = out[:0]
	letterAt := func(i int) (int, bool) {
		if i >= len(s) {
			return 0, false
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		return size, isLetterOrMark(r)
	}
	for i := 0; i < len(s); {
		size, ok := letterAt(i)
		if !ok {
			if size == 0 {
				size = 1
			}
			i += size
			continue
		}
		start := i
		j := i
		for {
			n, ok := letterAt(j)
			if !ok {
				break
			}
			j += n
		}
		for j < len(s) {
			r, size := utf8.DecodeRuneInString(s[j:])
			if r != '\'' && r != '’' && r != '-' {
				break
			}
			if _, ok := letterAt(j + size); !ok {
				break
			}
			j += size
			for {
				n, ok := letterAt(j)
				if !ok {
					break
				}
				j += n
			}
		}
		w := s[start:j]
		first := firstRune(w)
		units := utf16Len(w)
		out = append(out, nameWord{
			start: start, end: j, lower: jsLower(w), cyrillic: isCyrillicRune(first), latin: isLatinRune(first),
			capital: units >= 2 && unicode.IsUpper(first), units: units,
		})
		i = j
	}
	return out
}

// nameSpaces: only spaces, tabs and no-break spaces from `from` to `to` (none at all too).
func nameSpaces(s string, from, to int) bool {
	if to < from {
		return false
	}
	for _, r := range s[from:to] {
		if r != ' ' && r != '\t' && r != 0xa0 {
			return false
		}
	}
	return true
}

func nameGap(s string, from, to int) bool { return to > from && nameSpaces(s, from, to) }

func endsWithAny(w string, endings []string) bool {
	n := utf16Len(w)
	for _, e := range endings {
		if n > utf16Len(e)+1 && strings.HasSuffix(w, e) {
			return true
		}
	}
	return false
}

func (w *nameWord) patronymic() bool {
	return w.cyrillic && w.capital && utf16Len(w.lower) >= 5 && endsWithAny(w.lower, patronymicEndings)
}

func (w *nameWord) notName() bool { return notNames.has(w.lower) }

func (w *nameWord) surnameLike() bool {
	return w.cyrillic && w.capital && endsWithAny(w.lower, surnameEndings) && !w.notName()
}

func (w *nameWord) firstName() bool {
	if !w.capital || w.notName() {
		return false
	}
	list := firstNamesEn
	if w.cyrillic {
		list = firstNamesRu
	}
	if !w.cyrillic && !w.latin {
		return false
	}
	if list.has(w.lower) {
		return true
	}
	hyphen := strings.IndexByte(w.lower, '-')
	return hyphen > 0 && list.has(w.lower[:hyphen])
}

func (w *nameWord) namePart(script *nameWord) bool {
	return w.capital && w.cyrillic == script.cyrillic && w.latin == script.latin && !w.notName()
}

func upperAt(s string, i int) bool {
	return i < len(s) && unicode.IsUpper(firstRune(s[i:]))
}

type nameSpan struct{ start, end int }

// findPersonNames: the names in s, in order, not overlapping.
func findPersonNames(s string) []nameSpan {
	ws := nameWords(s, nil)
	taken := make([]bool, len(ws))
	var spans []nameSpan
	free := func(i int) bool { return i >= 0 && i < len(ws) && !taken[i] }
	adjacent := func(a, b int) bool { return a >= 0 && b < len(ws) && nameGap(s, ws[a].end, ws[b].start) }
	take := func(from, to, start, end int) {
		for i := from; i <= to; i++ {
			taken[i] = true
		}
		spans = append(spans, nameSpan{start, end})
	}
	takeWords := func(from, to int) { take(from, to, ws[from].start, ws[to].end) }

	// 1. Patronymics: first name before, surname before (surname-like) or after.
	for p := 1; p < len(ws); p++ {
		if !free(p) || !ws[p].patronymic() {
			continue
		}
		f := p - 1
		fw := &ws[f]
		if !free(f) || !adjacent(f, p) || !fw.cyrillic || !fw.capital || fw.notName() || fw.patronymic() {
			continue
		}
		okSurname := func(i int) bool {
			return free(i) && ws[i].cyrillic && ws[i].capital && !ws[i].notName() && !ws[i].patronymic()
		}
		switch {
		case f >= 1 && adjacent(f-1, f) && okSurname(f-1) && ws[f-1].surnameLike():
			takeWords(f-1, p)
		case p+1 < len(ws) && adjacent(p, p+1) && okSurname(p+1):
			takeWords(f, p+1)
		default:
			takeWords(f, p)
		}
	}

	// 2. A surname-like word with initials after it ("Иванов И.И.") or before it ("И. И. Иванов").
	initial := func(j int) bool {
		if !free(j) {
			return false
		}
		w := &ws[j]
		return w.units == 1 && w.cyrillic && unicode.IsUpper(firstRune(s[w.start:])) && w.end < len(s) && s[w.end] == '.'
	}
	for i := range ws {
		w := &ws[i]
		if !free(i) || !w.surnameLike() {
			continue
		}
		if initial(i+1) && nameGap(s, w.end, ws[i+1].start) {
			k := i + 1
			if initial(k+1) && nameSpaces(s, ws[k].end+1, ws[k+1].start) {
				k++
			}
			take(i, k, w.start, ws[k].end+1)
		} else if initial(i-1) && nameSpaces(s, ws[i-1].end+1, w.start) {
			k := i - 1
			if initial(k-1) && nameSpaces(s, ws[k-1].end+1, ws[k].start) {
				k--
			}
			takeWords(k, i)
		}
	}

	// 3. A first name and a capitalised word beside it.
	for i := range ws {
		f := &ws[i]
		if !free(i) || !f.firstName() {
			continue
		}
		n := i + 1
		if free(n) && free(n+1) && adjacent(i, n) && adjacent(n, n+1) && particleSet.has(ws[n].lower) && ws[n+1].namePart(f) {
			takeWords(i, n+1)
			continue
		}
		if free(n) && adjacent(i, n) && ws[n].namePart(f) {
			takeWords(i, n)
			continue
		}
		// "John F. Kennedy": a one-letter initial with a dot between.
		if f.latin && free(n) && free(n+1) && n+1 < len(ws) {
			mid := &ws[n]
			if mid.units == 1 && nameGap(s, f.end, mid.start) && mid.end < len(s) && s[mid.end] == '.' && upperAt(s, mid.start) {
				if nameGap(s, mid.end+1, ws[n+1].start) && ws[n+1].namePart(f) {
					takeWords(i, n+1)
					continue
				}
			}
		}
		if f.cyrillic && free(i-1) && adjacent(i-1, i) && ws[i-1].surnameLike() {
			takeWords(i-1, i)
		}
	}

	// 4. Titles: Mr Smith, Mrs. Smith.
	for i := 0; i+1 < len(ws); i++ {
		t := &ws[i]
		if !t.latin || !titleSet.has(t.lower) || !upperAt(s, t.start) {
			continue
		}
		gapStart := t.end
		if gapStart < len(s) && s[gapStart] == '.' {
			gapStart++
		}
		sw := i + 1
		if !free(sw) || !nameGap(s, gapStart, ws[sw].start) || !ws[sw].namePart(t) {
			continue
		}
		if free(sw+1) && adjacent(sw, sw+1) && ws[sw+1].namePart(t) {
			takeWords(sw, sw+1)
		} else {
			takeWords(sw, sw)
		}
	}

	sort.SliceStable(spans, func(a, b int) bool { return spans[a].start < spans[b].start })
	return spans
}

// maskPersonNames replaces each name found by its token.
func (m *Masker) maskPersonNames(s string, c Counts) string {
	spans := findPersonNames(s)
	if len(spans) == 0 {
		return s
	}
	var b strings.Builder
	written := 0
	for _, sp := range spans {
		b.WriteString(s[written:sp.start])
		b.WriteString(m.nameToken(s[sp.start:sp.end]))
		written = sp.end
		c.add(ClassName)
	}
	b.WriteString(s[written:])
	return b.String()
}

// nameCandidate: a cheap necessary condition of findPersonNames — a
// capitalised Cyrillic or non-ASCII word (steps 1–3 may take it), or a
// capitalised ASCII word that is a listed first name or a title (steps 3–4).
func nameCandidate(s string) bool {
	var buf [32]byte
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if unicode.IsUpper(r) {
				return true
			}
			i += size
			continue
		}
		if c < 'A' || c > 'Z' || (i > 0 && isASCIILetter(s[i-1])) {
			i++
			continue
		}
		j := i
		n := 0
		hyphen := -1
		for j < len(s) && (isASCIILetter(s[j]) || s[j] == '\'' || s[j] == '-') {
			if n < len(buf) {
				if s[j] == '-' && hyphen < 0 {
					hyphen = n
				}
				buf[n] = lowerASCII(s[j])
				n++
			}
			j++
		}
		if j < len(s) && s[j] >= utf8.RuneSelf {
			return true // a Latin word with accents: let the full check decide
		}
		if n >= 2 && n <= len(buf) && (firstNamesEn.has(string(buf[:n])) || titleSet.has(string(buf[:n])) || (hyphen > 0 && firstNamesEn.has(string(buf[:hyphen])))) {
			return true
		}
		i = j
	}
	return false
}
