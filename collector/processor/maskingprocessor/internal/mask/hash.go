package mask

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// stableHash is HMAC-SHA256 of value keyed with salt, its first 8 hex
// characters: @jewelry/masking's stableHash.
func stableHash(value, salt string) string {
	mac := hmac.New(sha256.New, []byte(salt))
	mac.Write([]byte(value))
	var sum [sha256.Size]byte
	return hex.EncodeToString(mac.Sum(sum[:0])[:4])
}

// nameToken is the mask of a name: [name:<hash of the trimmed, space-collapsed, lower-cased name>].
func (m *Masker) nameToken(name string) string {
	return "[name:" + stableHash(normaliseName(name), m.salt) + "]"
}

// normaliseName: "Анна Смирнова" and " анна  смирнова" hash alike.
func normaliseName(name string) string {
	t := jsTrim(name)
	var b strings.Builder
	b.Grow(len(t))
	space := false
	for i := 0; i < len(t); i++ {
		switch c := t[i]; c {
		case '\t', '\n', '\f', '\r', ' ':
			if !space {
				b.WriteByte(' ')
			}
			space = true
		default:
			b.WriteByte(c)
			space = false
		}
	}
	return jsLower(b.String())
}
