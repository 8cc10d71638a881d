package mask

import "unicode/utf8"

const (
	cardMinDigits = 13
	cardMaxDigits = 19
)

func cardMask(digits string) string { return "**** **** **** " + digits[len(digits)-4:] }

// numberSeparator: what may stand between the digit groups of a number (text-rule.ts NUMBER_SEPARATORS).
func numberSeparator(r rune) bool {
	switch r {
	case ' ', '.', '-', 0xa0, 0x2007, 0x2009, 0x202f:
		return true
	}
	return false
}

// digitRun: groups of digits joined by single separators. The first groups
// live in the struct (no allocation); a run of more spills into slices.
type digitRun struct {
	n              int
	starts, ends   [runInline]int
	seps           [runInline]rune
	xStarts, xEnds []int
	xSeps          []rune
}

const runInline = 16

func (r *digitRun) start(i int) int {
	if i < runInline {
		return r.starts[i]
	}
	return r.xStarts[i-runInline]
}

func (r *digitRun) end(i int) int {
	if i < runInline {
		return r.ends[i]
	}
	return r.xEnds[i-runInline]
}

// sep is the separator between group i and i+1.
func (r *digitRun) sep(i int) rune {
	if i < runInline {
		return r.seps[i]
	}
	return r.xSeps[i-runInline]
}

func (r *digitRun) add(start, end int) {
	if r.n < runInline {
		r.starts[r.n], r.ends[r.n] = start, end
	} else {
		r.xStarts, r.xEnds = append(r.xStarts, start), append(r.xEnds, end)
	}
	r.n++
}

func (r *digitRun) addSep(sep rune) {
	if r.n-1 < runInline {
		r.seps[r.n-1] = sep
	} else {
		r.xSeps = append(r.xSeps, sep)
	}
}

func readDigitRun(s string, start int, run *digitRun) {
	run.n, run.xStarts, run.xEnds, run.xSeps = 0, run.xStarts[:0], run.xEnds[:0], run.xSeps[:0]
	i := start
	for {
		groupStart := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		run.add(groupStart, i)
		if i >= len(s) {
			return
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if numberSeparator(r) && i+size < len(s) && isDigit(s[i+size]) {
			run.addSep(r)
			i += size
			continue
		}
		return
	}
}

// longestDigitRun: most digits in one stretch of digits, separators and parentheses.
func longestDigitRun(s string) int {
	best, run := 0, 0
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case isDigit(c):
			run++
			if run > best {
				best = run
			}
			i++
		case c == '(' || c == ')' || c == ' ' || c == '.' || c == '-':
			i++
		case c < utf8.RuneSelf:
			run = 0
			i++
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if !numberSeparator(r) {
				run = 0
			}
			i += size
		}
	}
	return best
}

// cardBrandLength: the number starts like a card of a payment system and has its length.
func cardBrandLength[T digitText](d T) bool {
	n := len(d)
	num := func(k int) int {
		v := 0
		for i := 0; i < k; i++ {
			v = v*10 + int(d[i]-'0')
		}
		return v
	}
	p2, p3, p4 := num(2), num(3), num(4)
	switch d[0] {
	case '4':
		return n == 13 || n == 16 || n == 19
	case '5':
		if p2 >= 51 && p2 <= 55 {
			return n == 16
		}
		return n >= 13
	case '2':
		if p4 >= 2200 && p4 <= 2204 {
			return n >= 16
		}
		return p4 >= 2221 && p4 <= 2720 && n == 16
	case '3':
		if p2 == 34 || p2 == 37 {
			return n == 15
		}
		if (p3 >= 300 && p3 <= 305) || p2 == 36 || p2 == 38 || p2 == 39 {
			return n >= 14
		}
		return p4 >= 3528 && p4 <= 3589 && n >= 16
	case '6':
		return n >= 13
	}
	return false
}

func isHexOrDigit(c byte) bool {
	return isDigit(c) || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f')
}

// insideHexToken: digits (one group, or groups with their separators) glued to letters,
// and what is glued to them all hex: a trace id, a hash, a UUID (card-number.ts).
func insideHexToken(s string, start, end int) bool {
	before := start > 0 && isASCIILetter(s[start-1])
	after := end < len(s) && isASCIILetter(s[end])
	if !before && !after {
		return false
	}
	a := start
	for a > 0 && (isASCIILetter(s[a-1]) || isDigit(s[a-1])) {
		a--
	}
	b := end
	for b < len(s) && (isASCIILetter(s[b]) || isDigit(s[b])) {
		b++
	}
	for i := a; i < start; i++ {
		if !isHexOrDigit(s[i]) {
			return false
		}
	}
	for i := end; i < b; i++ {
		if !isHexOrDigit(s[i]) {
			return false
		}
	}
	return true
}

// cardAt: whether groups k..e of the run are a card (card-number.ts isCardAt); its digits.
func cardAt(s string, run *digitRun, k, e int, buf []byte) ([]byte, bool) {
	length := func(i int) int { return run.end(i) - run.start(i) }
	if run.end(e)-run.start(k) < cardMinDigits {
		return buf, false
	}
	digits := buf[:0]
	for i := k; i <= e && len(digits) <= cardMaxDigits; i++ {
		digits = append(digits, s[run.start(i):run.end(i)]...)
	}
	if len(digits) < cardMinDigits || len(digits) > cardMaxDigits {
		return digits, false
	}
	d := digits
	if !cardBrandLength(d) {
		return digits, false
	}
	if insideHexToken(s, run.start(k), run.end(e)) {
		return digits, false
	}
	if e == k {
		if len(d) == 13 && ean13Valid(d) {
			return digits, false
		}
	} else {
		sep := run.sep(k)
		for i := k; i < e; i++ {
			if run.sep(i) != sep {
				return digits, false
			}
		}
		fours := length(e) >= 1 && length(e) <= 4
		for i := k; i < e && fours; i++ {
			fours = length(i) == 4
		}
		amex := e == k+2 && length(k) == 4 && length(k+1) == 6 && (length(e) == 5 || length(e) == 4)
		if !fours && !amex {
			return digits, false
		}
	}
	return digits, luhnValid(d)
}

// maskCards masks every card in s, keeping its last four digits (card-number.ts maskCards).
func maskCards(s string, c Counts) string {
	var out []byte
	written := 0
	var run digitRun
	var digitBuf [cardMaxDigits + 5]byte
	buf := digitBuf[:0]
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			continue
		}
		readDigitRun(s, i, &run)
		n := run.n
		for k := 0; k < n; {
			last, total := k, run.end(k)-run.start(k)
			for last+1 < n && total+run.end(last+1)-run.start(last+1) <= cardMaxDigits {
				last++
				total += run.end(last) - run.start(last)
			}
			found := -1
			var digits []byte
			for e := last; e >= k && found < 0; e-- {
				var ok bool
				buf, ok = cardAt(s, &run, k, e, buf)
				if ok {
					found, digits = e, buf
				}
			}
			if found < 0 {
				k++
				continue
			}
			if out == nil {
				out = make([]byte, 0, len(s))
			}
			out = append(out, s[written:run.start(k)]...)
			out = append(out, cardMask(string(digits))...)
			written = run.end(found)
			c.add(ClassCard)
			k = found + 1
		}
		i = run.end(n-1) - 1
	}
	if written == 0 {
		return s
	}
	return string(append(out, s[written:]...))
}

// maskCardValue: under a card key, 12+ digits are a card whether or not they pass Luhn.
func maskCardValue(value string) (string, bool) {
	digits := onlyDigits(value)
	if len(digits) < 12 {
		return "", false
	}
	return cardMask(digits), true
}
