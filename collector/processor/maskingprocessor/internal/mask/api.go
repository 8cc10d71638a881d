// Package mask is the Go implementation of @jewelry/masking (SEC-1's second
// line, in the collector). It gives byte for byte the same output as the
// TypeScript package on the shared corpus (packages/masking/corpus): the
// patterns, key rules and word lists come from there (rules_gen.go), the
// logic around them (card layouts, checksums, names, the walk) is written in
// both languages.
//
// This file is the contract between the masking engine and the processor
// that calls it.
package mask

import (
	"fmt"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// Config of a Masker. Every field has a working zero value.
type Config struct {
	// Salt keys the HMAC-SHA256 of [name:…] and [JWT:…]; "" means the
	// built-in salt of @jewelry/masking (the processor reads JEWELRY_MASK_SALT).
	Salt string
	// ExtraSensitiveKeys are key words treated as secrets beyond the built-in
	// lists, in any key style ("pin_hint", "vendorToken"); a key whose last
	// word (or last two words) is one of them is masked as a secret.
	ExtraSensitiveKeys []string
	// KeepKeys are attribute keys (exact, as flattened dotted keys) left alone.
	KeepKeys []string
	// MaxDepth: nesting below it becomes "[Truncated]"; 0 means 12, as in TypeScript.
	MaxDepth int
}

// Class names a kind of masked value: ClassSecret, ClassCard, ClassEmail,
// ClassPhone, ClassName, ClassAddress, ClassPassport, ClassSnils, ClassInn,
// ClassIban, ClassAccount.
type Class string

// Classes are the mask classes, in a stable order (for metrics and docs).
var Classes = []Class{ClassSecret, ClassCard, ClassEmail, ClassPhone, ClassName, ClassAddress, ClassPassport, ClassSnils, ClassInn, ClassIban, ClassAccount}

// Counts counts masked values per class, never the values themselves.
// The caller owns it and may reuse it; the masker only adds to it.
type Counts map[Class]int64

func (c Counts) add(class Class) {
	if c != nil {
		c[class]++
	}
}

const (
	defaultMaxDepth = 12
	// Keys repeat on every record, so their classification is cached;
	// bounded, because some clients put data into keys: when full it starts over.
	maxCachedKeys = 4096
)

// Masker is safe for concurrent use.
type Masker struct {
	salt     string
	maxDepth int
	keys     keyClassifier
	keep     set

	cache keyCache
}

// New checks cfg and compiles what the masker needs.
func New(cfg Config) (*Masker, error) {
	if cfg.MaxDepth < 0 {
		return nil, fmt.Errorf("max depth %d: must be 0 (the default, %d) or more", cfg.MaxDepth, defaultMaxDepth)
	}
	m := &Masker{salt: cfg.Salt, maxDepth: cfg.MaxDepth, keep: newSet(cfg.KeepKeys)}
	if m.salt == "" {
		m.salt = builtinSalt
	}
	if m.maxDepth == 0 {
		m.maxDepth = defaultMaxDepth
	}
	for _, k := range cfg.ExtraSensitiveKeys {
		if len(splitKey(k)) == 0 {
			return nil, fmt.Errorf("extra sensitive key %q: has no letters or digits", k)
		}
	}
	m.keys = newKeyClassifier(cfg.ExtraSensitiveKeys)
	return m, nil
}

// Record is one masking scope: values found under name, secret and address
// keys anywhere in it are also hunted ("echoes") in all its other strings,
// as maskAttributes does within one call in TypeScript.
//   - Maps: attribute maps of the record, masked in place (keys and values, recursively).
//   - Body: a log body of any type (may be an empty Value), masked in place.
//   - Texts: free-text fields (span name, status message, severity text, event
//     names), masked in place.
type Record struct {
	Maps  []pcommon.Map
	Body  pcommon.Value
	Texts []*string
}

// MaskRecord masks one record in place and adds what it masked to counts (which may be nil).
func (m *Masker) MaskRecord(r Record, counts Counts) {
	w := walker{m: m, counts: counts}
	for _, mp := range r.Maps {
		w.mapNode(mp, plain, "", false, 0, "")
	}
	hasBody := r.Body != (pcommon.Value{}) && r.Body.Type() != pcommon.ValueTypeEmpty
	if hasBody {
		w.node(r.Body, plain, "", false, 0, "")
	}
	for _, t := range r.Texts {
		*t = m.maskText(*t, true, counts)
	}
	if len(w.list) == 0 {
		return
	}
	w.sortEchoes()
	for _, mp := range r.Maps {
		w.scrubMap(mp, plain, "", false, "")
	}
	if hasBody {
		w.scrub(r.Body, plain, "", false, "")
	}
	for _, t := range r.Texts {
		*t = w.replaceEchoes(*t)
	}
}

// MaskMap is MaskRecord of a record with one map and nothing else.
func (m *Masker) MaskMap(attrs pcommon.Map, counts Counts) {
	w := walker{m: m, counts: counts}
	w.mapNode(attrs, plain, "", false, 0, "")
	if len(w.list) > 0 {
		w.sortEchoes()
		w.scrubMap(attrs, plain, "", false, "")
	}
}

// MaskText masks free text with no key context (maskText in TypeScript).
func (m *Masker) MaskText(s string, counts Counts) string {
	return m.maskText(s, true, counts)
}

// keyInfo is what the masker knows of a key, cached.
type keyInfo struct {
	verdict
	// word qualifies the key's children (customer → customer.name).
	word string
	// outKey is the key as written back: keys are free text too ({"ivan@x.ru": 1}).
	outKey string
	// keyCounts: what masking the key counted, added again on every use.
	keyCounts Counts
}

func (m *Masker) keyInfo(key, parent string, hasParent bool, counts Counts) *keyInfo {
	ck := keyCacheKey{parent, hasParent, key}
	info, ok := m.cache.get(ck)
	if !ok {
		words := splitKey(key)
		info = &keyInfo{verdict: m.keys.classifyKey(key, parent, hasParent), word: lastWord(words)}
		kc := Counts{}
		info.outKey = m.maskText(key, true, kc)
		if len(kc) > 0 {
			info.keyCounts = kc
		}
		m.cache.put(ck, info)
	}
	if counts != nil {
		for c, n := range info.keyCounts {
			counts[c] += n
		}
	}
	return info
}
