// Package mask is the Go implementation of @jewelry/masking (SEC-1's second
// line, in the collector). It must give byte for byte the same output as the
// TypeScript package on the shared corpus (packages/masking/corpus).
//
// This file is the contract between the masking engine and the processor
// that calls it. The bodies below are placeholders that mask nothing; the
// engine replaces them.
package mask

import "go.opentelemetry.io/collector/pdata/pcommon"

// Config of a Masker. Every field has a working zero value.
type Config struct {
	// Salt keys the HMAC-SHA256 of [name:…] and [JWT:…]; "" means the
	// built-in salt of @jewelry/masking (the processor reads JEWELRY_MASK_SALT).
	Salt string
	// ExtraSensitiveKeys are key words treated as secrets beyond the built-in lists.
	ExtraSensitiveKeys []string
	// KeepKeys are attribute keys (exact, as flattened dotted keys) left alone.
	KeepKeys []string
	// MaxDepth: nesting below it becomes "[Truncated]"; 0 means 12, as in TypeScript.
	MaxDepth int
}

// Class names a kind of masked value ("email", "phone", "card", "name",
// "address", "secret", …); the engine defines the set.
type Class string

// Counts counts masked values per class, never the values themselves.
// The caller owns it and may reuse it; the masker only adds to it.
type Counts map[Class]int64

// Masker is safe for concurrent use.
type Masker struct {
	cfg Config
}

// New checks cfg and compiles what the masker needs.
func New(cfg Config) (*Masker, error) { return &Masker{cfg: cfg}, nil }

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
func (m *Masker) MaskRecord(r Record, counts Counts) {}

// MaskMap is MaskRecord of a record with one map and nothing else.
func (m *Masker) MaskMap(attrs pcommon.Map, counts Counts) {}

// MaskText masks free text with no key context (maskText in TypeScript).
func (m *Masker) MaskText(s string, counts Counts) string { return s }
