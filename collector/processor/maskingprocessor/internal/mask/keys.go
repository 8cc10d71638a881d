package mask

import (
	"regexp"
	"strings"
)

// keyClass is what a key says about its value: a mask class, or one of these.
const (
	classID   Class = "id"
	classMeta Class = "meta"
	classNone Class = ""
)

// The mask classes (Counts are kept by these).
const (
	ClassSecret   Class = "secret"
	ClassCard     Class = "card"
	ClassEmail    Class = "email"
	ClassPhone    Class = "phone"
	ClassName     Class = "name"
	ClassAddress  Class = "address"
	ClassPassport Class = "passport"
	ClassSnils    Class = "snils"
	ClassInn      Class = "inn"
	ClassIban     Class = "iban"
	ClassAccount  Class = "account"
)

func sensitive(c Class) bool { return c != classNone && c != classID && c != classMeta }

type keyRuleData struct {
	class                       Class
	words                       []string
	pairs                       [][2]string
	qualified, qualifiers, soft []string
	softPairs                   [][2]string
	suffixes                    []string
}

type set map[string]struct{}

func newSet(words ...[]string) set {
	s := set{}
	for _, ws := range words {
		for _, w := range ws {
			s[w] = struct{}{}
		}
	}
	return s
}

func (s set) has(w string) bool {
	_, ok := s[w]
	return ok
}

func pairSet(pairs [][2]string) set {
	s := set{}
	for _, p := range pairs {
		s[p[0]+" "+p[1]] = struct{}{}
	}
	return s
}

type keyRule struct {
	class                                                          Class
	words, pairs, qualified, qualifiers, soft, softPairs, suffixes set
}

// verdict is what a key says: its class, whether the value must look like
// the class for it to hold (soft), and whether its secret word is also a
// trade word (ambiguous).
type verdict struct {
	class     Class
	soft      bool
	ambiguous bool
}

// keyClassifier holds the compiled key rules of one Masker (the extra
// sensitive key words of its config included).
type keyClassifier struct {
	rules      []keyRule
	ids, metas set
}

func newKeyClassifier(extraSecretWords []string) keyClassifier {
	kc := keyClassifier{ids: newSet(idWords), metas: newSet(metaWords)}
	for _, r := range keyRules {
		rule := keyRule{
			class: r.class, words: newSet(r.words), pairs: pairSet(r.pairs), qualified: newSet(r.qualified),
			qualifiers: newSet(r.qualifiers), soft: newSet(r.soft), softPairs: pairSet(r.softPairs), suffixes: newSet(r.suffixes),
		}
		if r.class == ClassSecret {
			for _, extra := range extraSecretWords {
				switch words := splitKey(extra); len(words) {
				case 0:
				case 1:
					rule.words[words[0]] = struct{}{}
				default:
					rule.pairs[words[len(words)-2]+" "+words[len(words)-1]] = struct{}{}
				}
			}
		}
		kc.rules = append(kc.rules, rule)
	}
	return kc
}

var (
	keyBreakRes   = compileAll(keyBreaks)
	keySeparators = regexp.MustCompile(srcKeySeparators)
	keyPath       = regexp.MustCompile(srcKeyPath)
)

func compileAll(sources []string) []*regexp.Regexp {
	out := make([]*regexp.Regexp, len(sources))
	for i, s := range sources {
		out[i] = regexp.MustCompile(s)
	}
	return out
}

// splitKey splits a key into lower-case words whatever its style:
// customer.email, customer_email, customerEmail, CUSTOMER_EMAIL → [customer email].
func splitKey(key string) []string {
	spaced := key
	for _, re := range keyBreakRes {
		spaced = re.ReplaceAllString(spaced, "${1} ${2}")
	}
	parts := keySeparators.Split(jsLower(spaced), -1)
	words := parts[:0]
	for _, p := range parts {
		if p != "" {
			words = append(words, p)
		}
	}
	return words
}

func numericWord(w string) bool { return allDigits(w) }

// lastWord is the word children of a key are qualified by: its last non-numeric word.
func lastWord(words []string) string {
	for i := len(words) - 1; i >= 0; i-- {
		if !numericWord(words[i]) {
			return words[i]
		}
	}
	return ""
}

func pairAt(s set, words []string, end int) bool {
	return end >= 2 && s.has(words[end-2]+" "+words[end-1])
}

// match: how one rule reads the key (ok false when it does not match).
func (kc *keyClassifier) match(r *keyRule, words []string, parent string, hasParent bool) (verdict, bool) {
	n := len(words)
	if pairAt(r.pairs, words, n) {
		return verdict{class: r.class}, true
	}
	end := n
	for end > 0 && (r.suffixes.has(words[end-1]) || numericWord(words[end-1])) {
		end--
	}
	if end == 0 {
		return verdict{}, false
	}
	last := words[end-1]
	if r.words.has(last) || pairAt(r.pairs, words, end) {
		if r.class != ClassSecret {
			return verdict{class: r.class}, true
		}
		// product_pin, assay.pass, { product: { pin } }: trade words, not secrets.
		if tradeKey(words, end) || (end == 1 && hasParent && ambiguousSecretWord(last) && tradeWord(parent)) {
			return verdict{}, false
		}
		return verdict{class: ClassSecret, ambiguous: ambiguousSecretWord(last)}, true
	}
	if r.qualified.has(last) {
		if end >= 2 {
			return verdict{class: r.class}, r.qualifiers.has(words[end-2])
		}
		if !hasParent {
			return verdict{class: r.class, soft: r.class == ClassName}, true
		}
		return verdict{class: r.class}, r.qualifiers.has(parent)
	}
	// Soft words count only as the very last word: messaging.destination.name is a queue.
	if r.soft.has(words[n-1]) || pairAt(r.softPairs, words, n) {
		return verdict{class: r.class, soft: true}, true
	}
	return verdict{}, false
}

func (kc *keyClassifier) classifyOrder(words []string, parent string, hasParent bool) verdict {
	for i := range kc.rules {
		if v, ok := kc.match(&kc.rules[i], words, parent, hasParent); ok {
			return v
		}
	}
	last := words[len(words)-1]
	if kc.ids.has(last) {
		return verdict{class: classID}
	}
	if kc.metas.has(last) {
		return verdict{class: classMeta}
	}
	return verdict{}
}

// classify: Russian keys (first word Cyrillic) are ids or metadata by their
// first word, else read as written and, when that finds nothing sensitive, in reverse.
func (kc *keyClassifier) classify(words []string, parent string, hasParent bool) verdict {
	if len(words) == 0 {
		return verdict{}
	}
	if !isCyrillicRune(firstRune(words[0])) {
		return kc.classifyOrder(words, parent, hasParent)
	}
	if kc.ids.has(words[0]) {
		return verdict{class: classID}
	}
	if kc.metas.has(words[0]) {
		return verdict{class: classMeta}
	}
	asWritten := kc.classifyOrder(words, parent, hasParent)
	if sensitive(asWritten.class) || len(words) == 1 {
		return asWritten
	}
	reversed := make([]string, len(words))
	for i, w := range words {
		reversed[len(words)-1-i] = w
	}
	if v := kc.classifyOrder(reversed, parent, hasParent); sensitive(v.class) {
		return v
	}
	return asWritten
}

// classifyKey: the verdict on a key as written. A flat dotted key reads like
// the nesting it flattens: when the whole key says nothing or only softly,
// the class of what stands before its last dot flows in as a parent's would
// (credentials.user is a secret, customer.address.city an address; sensitive-keys.ts classifyKeyVerdict).
func (kc *keyClassifier) classifyKey(key, parent string, hasParent bool) verdict {
	own := kc.classify(splitKey(key), parent, hasParent)
	if own.class != classNone && !own.soft {
		return own
	}
	if !keyPath.MatchString(key) {
		return own
	}
	dot := strings.LastIndexByte(key, '.')
	if prefix := kc.classifyKey(key[:dot], parent, hasParent); sensitive(prefix.class) && !prefix.soft {
		return prefix
	}
	return own
}

func isCyrillicRune(r rune) bool { return r >= 0x400 && r <= 0x4ff }

// tradeKey: the key's secret word is ambiguous and follows a trade word (product_pin, gold_token).
func tradeKey(words []string, end int) bool {
	if end < 1 || !ambiguousSecretWord(words[end-1]) {
		return false
	}
	return end >= 2 && tradeWord(words[end-2])
}

// tradeKeyInText: the same for a key written in text ("gold pin: 585"): its words, then the word before it.
func tradeKeyInText(key, wordBefore string) bool {
	words := splitKey(key)
	if len(words) == 0 || !ambiguousSecretWord(words[len(words)-1]) {
		return false
	}
	if tradeKey(words, len(words)) {
		return true
	}
	return len(words) == 1 && tradeWord(jsLower(wordBefore))
}

// tradeValue: a value made only of trade words and finenesses ("585", "gold 585", "брошь").
func tradeValue(value string) bool {
	words := strings.FieldsFunc(jsLower(value), func(r rune) bool {
		switch r {
		case '\t', '\n', '\f', '\r', ' ', ',', ';', '/':
			return true
		}
		return false
	})
	if len(words) == 0 {
		return false
	}
	for _, w := range words {
		if !finenessSet.has(w) && !tradeWord(w) {
			return false
		}
	}
	return true
}
