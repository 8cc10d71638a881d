package mask

import (
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// The walk over pcommon values of mask-attributes.ts: keys classified and
// masked, values masked by their key's class (inherited down from a
// sensitive key), and the personal values found under name, secret,
// document and address keys hunted in the record's other strings (echoes).

const (
	truncated = "[Truncated]"
	// Values shorter than this are not hunted elsewhere: a CVV "123" would eat the end of "ORD-2026-000123".
	minSecretEcho   = 6
	minNameWordEcho = 3
	// Integers this small hold no card, phone, account or document number.
	smallNumber = 1e10
)

// context is how a value is masked: its key's class, and how the value decides.
type context = verdict

var (
	plain      = verdict{}
	secretCtx  = verdict{class: ClassSecret}
	secretFlag = regexp.MustCompile(patSecretFlagElement)
)

// inherit: a sensitive parent's class flows into children whose own key says
// nothing or only softly; a soft parent's does not.
func inherit(own, parent verdict) verdict {
	if (own.class == classNone || own.soft) && sensitive(parent.class) && !parent.soft {
		return parent
	}
	return own
}

type echo struct {
	raw, mask string
	class     Class
}

// walker is the state of one record: its counts and echoes.
type walker struct {
	m      *Masker
	counts Counts
	echoes map[string]int // raw → index in list
	list   []echo
}

func (w *walker) see(raw, mask string, class Class) {
	if w.echoes == nil {
		w.echoes = map[string]int{}
	}
	if i, ok := w.echoes[raw]; ok {
		w.list[i].mask, w.list[i].class = mask, class
		return
	}
	w.echoes[raw] = len(w.list)
	w.list = append(w.list, echo{raw, mask, class})
}

// hide: the whole value goes; long enough values are also hunted elsewhere.
func (w *walker) hide(value, mask string, class Class) string {
	if utf16Len(value) >= minSecretEcho {
		w.see(value, mask, class)
	}
	w.counts.add(class)
	return mask
}

// str masks a string by its context (mask-attributes.ts string()).
func (w *walker) str(value string, ctx verdict) string {
	if value == "" || isMaskToken(value) {
		return value
	}
	m := w.m
	switch ctx.class {
	case ClassSecret:
		if ctx.ambiguous && tradeValue(value) {
			return m.maskText(value, true, w.counts)
		}
		return w.hide(value, redacted, ClassSecret)
	case ClassPassport, ClassSnils, ClassInn, ClassIban, ClassAccount:
		return w.hide(value, redactedAs(ctx.class), ctx.class)
	case ClassName:
		if ctx.soft && !looksLikePersonName(value) {
			return m.maskText(value, true, w.counts)
		}
		if jsTrim(value) == "" {
			return value
		}
		return w.name(value)
	case ClassAddress:
		if looksLikeNetworkAddress(value) || (ctx.soft && !looksLikePostalAddress(value)) {
			return m.maskText(value, true, w.counts)
		}
		return w.hide(value, redactedAs(ClassAddress), ClassAddress)
	case ClassEmail:
		w.counts.add(ClassEmail)
		return maskEmailValue(value)
	case ClassPhone:
		if out, ok := maskPhoneValue(value); ok {
			w.counts.add(ClassPhone)
			return out
		}
		return m.maskText(value, true, w.counts)
	case ClassCard:
		if out, ok := maskCardValue(value); ok {
			w.counts.add(ClassCard)
			return out
		}
		return m.maskText(value, true, w.counts)
	case classID:
		return m.maskText(value, false, w.counts)
	}
	return m.maskText(value, true, w.counts)
}

// looksLikePostalAddress: a soft address key's value is an address when the
// address rules find one in it, or it has two commas and a digit.
func looksLikePostalAddress(value string) bool {
	return findsAddress(value) || (strings.Count(value, ",") >= 2 && hasDigit(value))
}

// name: the token of a name, and its echoes: the whole name and each capitalised word of 3+ letters.
func (w *walker) name(raw string) string {
	trimmed := jsTrim(raw)
	masked := w.m.nameToken(trimmed)
	w.counts.add(ClassName)
	if utf16Len(trimmed) >= minNameWordEcho && startsUpper(trimmed) {
		w.see(trimmed, masked, ClassName)
	}
	for _, word := range echoWords(trimmed) {
		if word != trimmed && utf16Len(word) >= minNameWordEcho && startsUpper(word) {
			w.see(word, w.m.nameToken(word), ClassName)
		}
	}
	return masked
}

func startsUpper(s string) bool {
	up, _ := isUpperAt(s, 0)
	return s != "" && up
}

// echoWords: the runs of /[\p{L}\p{M}'’-]+/gu.
func echoWords(s string) []string {
	var out []string
	start := -1
	for i, r := range s {
		in := isLetterOrMark(r) || r == '\'' || r == '’' || r == '-'
		switch {
		case in && start < 0:
			start = i
		case !in && start >= 0:
			out = append(out, s[start:i])
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

// number masks an Int or Double (mask-attributes.ts number()).
func (w *walker) number(v pcommon.Value, ctx verdict) {
	masked := sensitive(ctx.class) && !ctx.soft
	var s string
	if v.Type() == pcommon.ValueTypeInt {
		n := v.Int()
		if !masked && n < smallNumber && n > -smallNumber {
			return
		}
		s = strconv.FormatInt(n, 10)
	} else {
		f := v.Double()
		if !masked && !(math.Abs(f) >= smallNumber) {
			return
		}
		s = jsNumber(f)
	}
	var out string
	switch {
	case masked:
		switch ctx.class {
		case ClassPhone:
			out = s
			if masked, ok := maskPhoneValue(s); ok {
				out = masked
				w.counts.add(ClassPhone)
			}
		case ClassCard:
			out = s
			if masked, ok := maskCardValue(s); ok {
				out = masked
				w.counts.add(ClassCard)
			}
		case ClassEmail:
			out = "***"
			w.counts.add(ClassEmail)
		default:
			out = w.str(s, ctx)
		}
	default:
		out = w.m.maskText(s, ctx.class != classID, w.counts)
	}
	if out != s {
		v.SetStr(out)
	}
}

// jsNumber is JavaScript's String(number).
func jsNumber(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		return "0"
	}
	a := math.Abs(f)
	if a >= 1e-6 && a < 1e21 {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	e := strconv.FormatFloat(f, 'e', -1, 64) // 1.5e-07 → 1.5e-7, 1e+21 stays
	mant, exp, _ := strings.Cut(e, "e")
	sign := exp[0]
	digits := strings.TrimLeft(exp[1:], "0")
	return mant + "e" + string(sign) + digits
}

// node masks one value in place.
func (w *walker) node(v pcommon.Value, ctx verdict, parent string, hasParent bool, depth int, path string) {
	switch v.Type() {
	case pcommon.ValueTypeStr:
		s := v.Str()
		if out := w.str(s, ctx); out != s {
			v.SetStr(out)
		}
	case pcommon.ValueTypeInt, pcommon.ValueTypeDouble:
		w.number(v, ctx)
	case pcommon.ValueTypeBytes:
		// Binary is not text we can scan; under a sensitive key it goes entirely.
		if sensitive(ctx.class) {
			v.SetStr(redacted)
			w.counts.add(ctx.class)
		}
	case pcommon.ValueTypeMap:
		if depth >= w.m.maxDepth {
			v.SetStr(truncated)
			return
		}
		w.mapNode(v.Map(), ctx, parent, hasParent, depth, path)
	case pcommon.ValueTypeSlice:
		if depth >= w.m.maxDepth {
			v.SetStr(truncated)
			return
		}
		// Arrays are transparent: elements keep the array's key and class; in
		// argv (process.command_args) the element after a secret flag is a secret, unless it is a flag too.
		sl := v.Slice()
		prev, prevStr := "", false
		for i := 0; i < sl.Len(); i++ {
			e := sl.At(i)
			isStr := e.Type() == pcommon.ValueTypeStr
			var orig string
			if isStr {
				orig = e.Str()
			}
			elemCtx := ctx
			if i > 0 && prevStr && isStr && !strings.HasPrefix(orig, "-") && strings.HasPrefix(prev, "-") && secretFlag.MatchString(prev) {
				elemCtx = secretCtx
			}
			w.node(e, elemCtx, parent, hasParent, depth+1, path)
			prev, prevStr = orig, isStr
		}
	}
}

// mapNode masks a map's keys and values in place; a key whose text holds
// something personal is renamed (a later key masked to the same name wins, as in JavaScript).
func (w *walker) mapNode(mp pcommon.Map, ctx verdict, parent string, hasParent bool, depth int, path string) {
	rename := false
	mp.Range(func(k string, v pcommon.Value) bool {
		childPath, kept := w.childPath(path, k)
		if kept {
			return true
		}
		info := w.m.keyInfo(k, parent, hasParent, w.counts)
		w.node(v, inherit(info.verdict, ctx), info.word, true, depth+1, childPath)
		if info.outKey != k {
			rename = true
		}
		return true
	})
	if !rename {
		return
	}
	out := pcommon.NewMap()
	out.EnsureCapacity(mp.Len())
	mp.Range(func(k string, v pcommon.Value) bool {
		name := k
		if _, kept := w.childPath(path, k); !kept {
			name = w.m.keyInfo(k, parent, hasParent, nil).outKey
		}
		v.MoveTo(out.PutEmpty(name))
		return true
	})
	out.MoveTo(mp)
}

// childPath: the flattened key of a map entry (Config.KeepKeys), and whether
// it is kept as it is; "" when the config keeps nothing.
func (w *walker) childPath(path, key string) (string, bool) {
	if len(w.m.keep) == 0 {
		return "", false
	}
	if path != "" {
		key = path + "." + key
	}
	return key, w.m.keep.has(key)
}

// scrub replaces the echoes in every string of the record, but in ids (an id
// stays searchable) and e-mail masks (down to their domain already).
func (w *walker) scrub(v pcommon.Value, ctx verdict, parent string, hasParent bool, path string) {
	switch v.Type() {
	case pcommon.ValueTypeStr:
		if ctx.class == classID || ctx.class == ClassEmail {
			return
		}
		s := v.Str()
		if out := w.replaceEchoes(s); out != s {
			v.SetStr(out)
		}
	case pcommon.ValueTypeMap:
		w.scrubMap(v.Map(), ctx, parent, hasParent, path)
	case pcommon.ValueTypeSlice:
		sl := v.Slice()
		for i := 0; i < sl.Len(); i++ {
			w.scrub(sl.At(i), ctx, parent, hasParent, path)
		}
	}
}

func (w *walker) scrubMap(mp pcommon.Map, ctx verdict, parent string, hasParent bool, path string) {
	mp.Range(func(k string, v pcommon.Value) bool {
		childPath, kept := w.childPath(path, k)
		if kept {
			return true
		}
		info := w.m.keyInfo(k, parent, hasParent, nil)
		w.scrub(v, inherit(info.verdict, ctx), info.word, true, childPath)
		return true
	})
}

// sortEchoes: longest first (UTF-16 length, as JavaScript sorts), stable.
func (w *walker) sortEchoes() {
	sort.SliceStable(w.list, func(a, b int) bool { return utf16Len(w.list[a].raw) > utf16Len(w.list[b].raw) })
}

func (w *walker) replaceEchoes(s string) string {
	out := s
	for _, e := range w.list {
		if out != e.mask && strings.Contains(out, e.raw) {
			n := strings.Count(out, e.raw)
			out = strings.ReplaceAll(out, e.raw, e.mask)
			if w.counts != nil {
				w.counts[e.class] += int64(n)
			}
		}
	}
	return out
}
