package hygieneprocessor // import "github.com/jewelry-observability/otelcol/processor/maskingprocessor/hygieneprocessor"

import (
	"unicode/utf8"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// cutText returns s cut to at most max UTF-16 code units (a JavaScript
// string's length, the logger's unit), never inside a character, and
// whether it cut.
func cutText(s string, max int) (string, bool) {
	if len(s) <= max { // a code unit takes at least one byte
		return s, false
	}
	units := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		n := 1
		if r >= 0x10000 {
			n = 2
		}
		if units+n > max {
			return s[:i], true
		}
		units += n
		i += size
	}
	return s, false
}

// cutString cuts *s in place; true when it did.
func cutString(s *string, max int) bool {
	cut, ok := cutText(*s, max)
	if ok {
		*s = cut
	}
	return ok
}

// cutValue cuts every string (and byte value) in v to max, at any depth of
// maps and arrays; true when it cut anything.
func cutValue(v pcommon.Value, max int) bool {
	switch v.Type() {
	case pcommon.ValueTypeStr:
		if s, ok := cutText(v.Str(), max); ok {
			v.SetStr(s)
			return true
		}
	case pcommon.ValueTypeBytes:
		if b := v.Bytes(); b.Len() > max {
			raw := b.AsRaw()[:max]
			v.SetEmptyBytes().FromRaw(raw)
			return true
		}
	case pcommon.ValueTypeMap:
		return cutMap(v.Map(), max)
	case pcommon.ValueTypeSlice:
		cut := false
		s := v.Slice()
		for i := 0; i < s.Len(); i++ {
			cut = cutValue(s.At(i), max) || cut
		}
		return cut
	default:
	}
	return false
}

// cutMap cuts every value and key of m (recursively) to max; true when it cut anything.
func cutMap(m pcommon.Map, max int) bool {
	cut := false
	var longKeys []string
	m.Range(func(k string, v pcommon.Value) bool {
		if len(k) > max {
			if _, ok := cutText(k, max); ok {
				longKeys = append(longKeys, k)
			}
		}
		cut = cutValue(v, max) || cut
		return true
	})
	// Rare: a key longer than the limit is a field name Elasticsearch would carry at full size.
	for _, k := range longKeys {
		short, _ := cutText(k, max)
		v, _ := m.Get(k)
		// Copied out first: putting a key may move the map's storage.
		kept := pcommon.NewValueEmpty()
		v.CopyTo(kept)
		m.Remove(k)
		if _, exists := m.Get(short); !exists {
			kept.CopyTo(m.PutEmpty(short))
		}
		cut = true
	}
	return cut
}
