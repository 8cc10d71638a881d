package mask

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// The corpus's way to compare records (packages/masking/corpus/README.md):
// JSON in, a pcommon value; a pcommon value out as canonical JSON, the bytes
// packages/masking/test/canonical-json.ts writes for the same record.

// ValueFromJSON reads JSON into a pcommon value: objects become Maps (keys in
// their order), arrays Slices, integral numbers Int, other numbers Double, null an empty value.
func ValueFromJSON(data []byte) (pcommon.Value, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v := pcommon.NewValueEmpty()
	if err := decodeValue(dec, v); err != nil {
		return v, err
	}
	if _, err := dec.Token(); err == nil {
		return v, fmt.Errorf("trailing data after the JSON value")
	}
	return v, nil
}

func decodeValue(dec *json.Decoder, v pcommon.Value) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	return decodeToken(dec, tok, v)
}

func decodeToken(dec *json.Decoder, tok json.Token, v pcommon.Value) error {
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			m := v.SetEmptyMap()
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return err
				}
				key, _ := kt.(string)
				if err := decodeValue(dec, m.PutEmpty(key)); err != nil {
					return err
				}
			}
		case '[':
			s := v.SetEmptySlice()
			for dec.More() {
				if err := decodeValue(dec, s.AppendEmpty()); err != nil {
					return err
				}
			}
		}
		_, err := dec.Token() // the closing delimiter
		return err
	case string:
		v.SetStr(t)
	case bool:
		v.SetBool(t)
	case nil:
	case json.Number:
		f, err := t.Float64()
		if err != nil {
			return err
		}
		if f == math.Trunc(f) && math.Abs(f) < 1<<63 {
			v.SetInt(int64(f))
		} else {
			v.SetDouble(f)
		}
	}
	return nil
}

// CanonicalJSON writes a value with object keys sorted by code point, no
// whitespace, strings escaped as JavaScript's JSON.stringify does, numbers as
// JavaScript writes them.
func CanonicalJSON(v pcommon.Value) string {
	var b strings.Builder
	writeCanonical(&b, v)
	return b.String()
}

func writeCanonical(b *strings.Builder, v pcommon.Value) {
	switch v.Type() {
	case pcommon.ValueTypeEmpty:
		b.WriteString("null")
	case pcommon.ValueTypeStr:
		writeJSONString(b, v.Str())
	case pcommon.ValueTypeBool:
		b.WriteString(strconv.FormatBool(v.Bool()))
	case pcommon.ValueTypeInt:
		b.WriteString(strconv.FormatInt(v.Int(), 10))
	case pcommon.ValueTypeDouble:
		f := v.Double()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			b.WriteString("null")
		} else {
			b.WriteString(jsNumber(f))
		}
	case pcommon.ValueTypeBytes:
		writeJSONString(b, string(v.Bytes().AsRaw()))
	case pcommon.ValueTypeSlice:
		s := v.Slice()
		b.WriteByte('[')
		for i := 0; i < s.Len(); i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			writeCanonical(b, s.At(i))
		}
		b.WriteByte(']')
	case pcommon.ValueTypeMap:
		m := v.Map()
		keys := make([]string, 0, m.Len())
		m.Range(func(k string, _ pcommon.Value) bool {
			keys = append(keys, k)
			return true
		})
		sort.Strings(keys) // byte order of UTF-8 is code point order
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSONString(b, k)
			b.WriteByte(':')
			val, _ := m.Get(k)
			writeCanonical(b, val)
		}
		b.WriteByte('}')
	}
}

// writeJSONString escapes as JSON.stringify: " \ and control characters only.
func writeJSONString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				b.WriteString(`\ufffd`)
			} else {
				b.WriteString(s[i : i+size])
			}
			i += size
			continue
		}
		switch c {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if c < 0x20 {
				fmt.Fprintf(b, `\u%04x`, c)
			} else {
				b.WriteByte(c)
			}
		}
		i++
	}
	b.WriteByte('"')
}
