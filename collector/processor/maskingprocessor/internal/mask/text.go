package mask

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// textScan is what the rules' hints consult besides the text: one pass over
// it, made again after a rule changed the text.
type textScan struct {
	flags scanFlag
	// digitRun: most digits in one stretch of digits, separators and
	// parentheses (longestDigitRun); plainDigits: most digits in a row.
	digitRun, plainDigits int
}

type scanFlag uint32

const (
	fDigit scanFlag = 1 << iota
	fCyrillic
	fUpper
	fNonASCII
	fAt
	fPlus
	fColon
	fColonOrEq
	fLt
	fQuote
	fPercent
	fUnderscore
	fDash
	fFlagDash       // a "-" at the start or after a space or tab
	fEyJ            // a JWT's start
	fBearer         // the word, any case
	fWordSpaceDigit // "x 7": a German house number
	fFreeTwelve     // 12 digits in a row after what the unmarked ИНН may follow (not a letter, "_", ".", "+", "-")
)

func scanText(s string) textScan {
	var sc textScan
	var f scanFlag
	run, plain := 0, 0
	plainFree := false // the current run of digits starts where an unmarked ИНН may
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			f |= fNonASCII
			if c >= 0xd0 && c <= 0xd3 {
				f |= fCyrillic
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			if !numberSeparator(r) {
				run = 0
			}
			plain = 0
			i += size
			continue
		}
		if isDigit(c) {
			f |= fDigit
			if plain == 0 {
				plainFree = innMayFollow(s, i)
			}
			run++
			plain++
			if plain >= 12 && plainFree {
				f |= fFreeTwelve
			}
			sc.digitRun = max(sc.digitRun, run)
			sc.plainDigits = max(sc.plainDigits, plain)
			i++
			continue
		}
		plain = 0
		switch c {
		case '(', ')', ' ', '.', '-':
		default:
			run = 0
		}
		switch {
		case c >= 'A' && c <= 'Z':
			f |= fUpper
			if c == 'B' && i+6 <= len(s) && strings.EqualFold(s[i:i+6], "bearer") {
				f |= fBearer
			}
		case c == 'b':
			if i+6 <= len(s) && strings.EqualFold(s[i:i+6], "bearer") {
				f |= fBearer
			}
		case c == 'e':
			if i+3 <= len(s) && s[i+1] == 'y' && s[i+2] == 'J' {
				f |= fEyJ
			}
		case c == '-':
			f |= fDash
			if i == 0 || s[i-1] == ' ' || s[i-1] == '\t' {
				f |= fFlagDash
			}
		case c == ' ':
			if i > 0 && i+1 < len(s) && isDigit(s[i+1]) && (s[i-1] >= 'a' && s[i-1] <= 'z' || s[i-1] == '.' || s[i-1] >= utf8.RuneSelf) {
				f |= fWordSpaceDigit
			}
		}
		f |= charFlags[c]
		i++
	}
	sc.flags = f
	return sc
}

// innMayFollow: what stands before the digits at i is not a letter, digit,
// "_", ".", "+" or "-" (the class before an unmarked ИНН in patInn).
func innMayFollow(s string, i int) bool {
	if i == 0 {
		return true
	}
	c := s[i-1]
	if c < utf8.RuneSelf {
		return !isASCIILetter(c) && !isDigit(c) && c != '_' && c != '.' && c != '+' && c != '-'
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return !(r >= 0x410 && r <= 0x44f || r == 'Ё' || r == 'ё')
}

// snilsHint: a СНИЛС marker (any case), or the dashed spelling NNN-NNN-NNN NN
// (what patSnils needs to change anything: a marker, or that spelling).
func snilsHint(s string, sc textScan) bool {
	if containsFold(s, "snils") || (sc.flags&fCyrillic != 0 && containsFoldWords(s, snilsMarkers)) {
		return true
	}
	for i := 0; i+14 <= len(s); i++ {
		if s[i+3] == '-' && s[i+7] == '-' && (s[i+11] == ' ' || s[i+11] == '-') && digitsAt(s, i, 3) && digitsAt(s, i+4, 3) && digitsAt(s, i+8, 3) && digitsAt(s, i+12, 2) {
			return true
		}
	}
	return false
}

var snilsMarkers = []string{"снилс", "страхов"}

func digitsAt(s string, at, n int) bool {
	for i := at; i < at+n; i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// innHint: an ИНН marker (any case), or twelve digits in a row where an unmarked ИНН may stand.
func innHint(s string, sc textScan) bool {
	return sc.flags&fFreeTwelve != 0 || containsFold(s, "inn") || containsFold(s, "tin") || (sc.flags&fCyrillic != 0 && containsFoldWords(s, innMarkers))
}

var innMarkers = []string{"инн"}

// phoneRuHint: a 7 or an 8 where patPhoneRu may start (not after a letter, digit, "_", "+", ".", "/" or "-").
func phoneRuHint(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != '7' && s[i] != '8' {
			continue
		}
		if i == 0 {
			return true
		}
		c := s[i-1]
		if !(isASCIILetter(c) || isDigit(c) || c == '_' || c == '+' || c == '.' || c == '/' || c == '-') {
			return true
		}
	}
	return false
}

// charFlags: the flags a single ASCII character sets.
var charFlags = [utf8.RuneSelf]scanFlag{
	'@': fAt, '+': fPlus, ':': fColon | fColonOrEq, '=': fColonOrEq, '<': fLt, '"': fQuote, '%': fPercent, '_': fUnderscore,
}

// textRule is one rule of mask-text.ts: what the text must have for it to
// match (flags all present, digit runs long enough, then hint, each a
// necessary condition, cheapest first), and what it does to the text.
type textRule struct {
	name        string
	phone       bool
	needs       scanFlag
	minDigitRun int
	minPlain    int
	hint        func(s string, sc textScan) bool
	apply       func(m *Masker, s string, c Counts) string
}

func (r *textRule) mayMatch(s string, sc *textScan) bool {
	return sc.flags&r.needs == r.needs && sc.digitRun >= r.minDigitRun && sc.plainDigits >= r.minPlain && (r.hint == nil || r.hint(s, *sc))
}

const redacted = "[REDACTED]"

func redactedAs(c Class) string {
	if c == ClassSecret {
		return redacted
	}
	return "[REDACTED:" + string(c) + "]"
}

// regexRule: every match replaced by what fn returns (ok false keeps it), counted under class.
func regexRule(name string, class Class, source string, needs scanFlag, hint func(string, textScan) bool, fn func(m *Masker, s string, loc []int) (string, bool)) textRule {
	re := regexp.MustCompile(source)
	return textRule{name: name, needs: needs, hint: hint, apply: func(m *Masker, s string, c Counts) string {
		return replaceAll(s, re, class, c, func(s string, loc []int) (string, bool) { return fn(m, s, loc) })
	}}
}

// digits: the rule needs a stretch of n digits (with separators), or n in a row.
func digits(r textRule, n int) textRule {
	r.minDigitRun = n
	return r
}

func plainDigits(r textRule, n int) textRule {
	r.minPlain = n
	return r
}

// fixed: a replacement built from groups and literal text (an int is a group, a string is itself).
func fixed(parts ...any) func(m *Masker, s string, loc []int) (string, bool) {
	return func(_ *Masker, s string, loc []int) (string, bool) {
		var b strings.Builder
		for _, p := range parts {
			switch p := p.(type) {
			case int:
				b.WriteString(group(s, loc, p))
			case string:
				b.WriteString(p)
			}
		}
		return b.String(), true
	}
}

func contains(sub string) func(string, textScan) bool {
	return func(s string, _ textScan) bool { return strings.Contains(s, sub) }
}

// textOnly adapts a test of the text alone.
func textOnly(test func(string) bool) func(string, textScan) bool {
	return func(s string, _ textScan) bool { return test(s) }
}

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 32
	}
	return c
}

// containsFold: an ASCII case-insensitive substring test; sub is lower case.
func containsFold(s, sub string) bool {
	return indexFoldFrom(s, sub, sub[0]) || indexFoldFrom(s, sub, sub[0]-32)
}

// indexFoldFrom: sub (any case) starts at some occurrence of the byte first.
func indexFoldFrom(s, sub string, first byte) bool {
	for i := 0; i+len(sub) <= len(s); {
		j := strings.IndexByte(s[i:len(s)-len(sub)+1], first)
		if j < 0 {
			return false
		}
		if strings.EqualFold(s[i+j:i+j+len(sub)], sub) {
			return true
		}
		i += j + 1
	}
	return false
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// secretWords by their first letter: every secret key of SECRET_KEY contains one of them.
var secretWords = [utf8.RuneSelf][]string{
	'p': {"pass", "pwd", "pin"}, 's': {"secret", "sig", "sid", "session"}, 't': {"token"}, 'k': {"key"}, 'o': {"otp"},
	'c': {"cvv", "cvc", "credential", "cookie"}, 'a': {"authorization"},
}

// secretWordHint: one of the secret words, any case, anywhere in s (one pass).
func secretWordHint(s string) bool {
	for i := 0; i+3 <= len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			continue
		}
		for _, w := range secretWords[lowerASCII(c)] {
			if prefixFold(s[i:], w) {
				return true
			}
		}
	}
	return false
}

// prefixFold: s starts with the lower-case word, in any case.
func prefixFold(s, word string) bool {
	return len(s) >= len(word) && strings.EqualFold(s[:len(word)], word)
}

// secretKeyHint: some "=" or ":" has a secret word in the key right before
// it (mask-text.ts SECRET_KEY_HINT): back over spaces, a quote and a
// backslash, then the key's letters, digits, "_" and "-".
func secretKeyHint(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != '=' && s[i] != ':' {
			continue
		}
		j := i
		for j > 0 && (s[j-1] == ' ' || s[j-1] == '\t' || s[j-1] == '\n' || s[j-1] == '\f' || s[j-1] == '\r') {
			j--
		}
		if j > 0 && (s[j-1] == '"' || s[j-1] == '\'') {
			j--
		}
		if j > 0 && s[j-1] == '\\' {
			j--
		}
		k := j
		for k > 0 && (isASCIILetter(s[k-1]) || isDigit(s[k-1]) || s[k-1] == '_' || s[k-1] == '-') {
			k--
		}
		if k < j && secretWordHint(s[k:j]) {
			return true
		}
	}
	return false
}

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			return true
		}
	}
	return false
}

// hasCyrillic: a byte that starts a Cyrillic letter (U+0400–U+04FF).
func hasCyrillic(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0xd0 && s[i] <= 0xd3 {
			return true
		}
	}
	return false
}

var (
	ruSecretStems   = []string{"парол", "токен", "секрет", "пин", "код"}
	ruPassportStems = []string{"паспорт", "серия"}
	// An English address needs a street type.
	enStreetHint = regexp.MustCompile(`Street|street|St|Avenue|avenue|Ave|Road|road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Square|Sq|Parkway|Pkwy|Terrace|Highway|Hwy|Way|Close|Crescent|Row|Mews|STREET|AVENUE|ROAD`)
)

// containsFoldWords: one of the lower-case words, in any case, anywhere in s.
func containsFoldWords(s string, words []string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		lr := unicode.ToLower(r)
		for _, w := range words {
			if first, n := utf8.DecodeRuneInString(w); first == lr && foldPrefix(s[i+size:], w[n:]) {
				return true
			}
		}
		i += size
	}
	return false
}

// foldPrefix: s starts with the lower-case word, in any case.
func foldPrefix(s, word string) bool {
	for _, wr := range word {
		if s == "" {
			return false
		}
		r, size := utf8.DecodeRuneInString(s)
		if unicode.ToLower(r) != wr {
			return false
		}
		s = s[size:]
	}
	return true
}

// ruAddressMarkers: the street types, "д." and "дом" (what every Russian
// address match holds; address.ts) by their first letter, and what follows it.
var ruAddressMarkers = map[rune][]string{
	'у': {"л"}, 'п': {"р", "л", "ер"}, 'б': {"-р", "ульвар"}, 'ш': {".", "оссе"}, 'н': {"аб"},
	'м': {"кр", "икрорайон"}, 'т': {"уп"}, 'а': {"ллея"}, 'д': {".", "ом"},
}

// ruAddressMarker: one of ruAddressMarkers, its first letter in either case.
func ruAddressMarker(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r < 0x410 || r > 0x44f {
			continue
		}
		for _, rest := range ruAddressMarkers[unicode.ToLower(r)] {
			if strings.HasPrefix(s[i:], rest) {
				return true
			}
		}
	}
	return false
}

var apiKeyPrefixes = []string{"sk_", "rk_", "pk_", "whsec_", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "xoxa-", "xoxb-", "xoxp-", "xoxr-", "xoxs-", "xapp-", "GOCSPX-"}
var awsPrefixes = []string{"AKIA", "ASIA", "AGPA", "AIDA", "AROA", "ANPA", "ANVA", "AIPA"}

// ibanHint: two upper-case letters and two digits.
func ibanHint(s string) bool {
	for i := 0; i+3 < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' && s[i+1] >= 'A' && s[i+1] <= 'Z' && isDigit(s[i+2]) && isDigit(s[i+3]) {
			return true
		}
	}
	return false
}

// houseHint: a digit, maybe a letter, a space, a capital or a digit ("221B Baker", "12 Main").
func houseHint(s string) bool {
	for i := 0; i+2 < len(s); i++ {
		if !isDigit(s[i]) {
			continue
		}
		j := i + 1
		if isASCIILetter(s[j]) {
			j++
		}
		if j+1 < len(s) && s[j] == ' ' && ((s[j+1] >= 'A' && s[j+1] <= 'Z') || isDigit(s[j+1])) {
			return true
		}
	}
	return false
}

var germanStreetTypes = []string{"straße", "strasse", "str.", "weg", "platz", "allee", "gasse"}

// germanStreetHint: a street type right before " <digit>" (Hauptstraße 5).
func germanStreetHint(s string) bool {
	for i := 1; i+1 < len(s); i++ {
		if s[i] != ' ' || !isDigit(s[i+1]) {
			continue
		}
		for _, t := range germanStreetTypes {
			if strings.HasSuffix(s[:i], t) {
				return true
			}
		}
	}
	return false
}

// apiKeyPrefixHint: one of the key prefixes ends at some "_" or "-".
func apiKeyPrefixHint(s string) bool {
	for i := 1; i < len(s); i++ {
		if s[i] != '_' && s[i] != '-' {
			continue
		}
		switch s[i-1] { // the letters the prefixes end with
		case 'k', 'c', 'p', 'o', 'u', 's', 'r', 't', 'a', 'b', 'X':
		default:
			continue
		}
		for _, p := range apiKeyPrefixes {
			if p[len(p)-1] == s[i] && i+1 >= len(p) && s[i+1-len(p):i+1] == p {
				return true
			}
		}
	}
	return false
}

// awsPrefixHint: an AWS key id prefix starts at some "A".
func awsPrefixHint(s string) bool {
	for i := strings.IndexByte(s, 'A'); i >= 0 && i+4 <= len(s); {
		for _, p := range awsPrefixes {
			if s[i:i+4] == p {
				return true
			}
		}
		next := strings.IndexByte(s[i+1:], 'A')
		if next < 0 {
			return false
		}
		i += next + 1
	}
	return false
}

// wordBefore: the word right before `at` (spaces skipped): "gold" in "gold pin: 585".
func wordBefore(s string, at int) string {
	end := at
	for end > 0 && s[end-1] == ' ' {
		end--
	}
	start := end
	for start > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:start])
		if !isLetterOrMark(r) {
			break
		}
		start -= size
	}
	return s[start:end]
}

// The value after a secret key has 7 groups from v: the open and close of each quoting, then the scheme.
func secretOpenClose(s string, loc []int, v int) (string, string) {
	open := group(s, loc, v) + group(s, loc, v+2) + group(s, loc, v+4) + group(s, loc, v+6)
	closing := group(s, loc, v+1) + group(s, loc, v+3) + group(s, loc, v+5)
	return open, closing
}

func redactSecretValue(s string, loc []int, v int) string {
	open, closing := secretOpenClose(s, loc, v)
	return open + redacted + closing
}

// ibanPrefixLength: the length (in the candidate's bytes) of the valid IBAN it starts with, or 0.
func ibanPrefixLength(candidate string) int {
	if len(candidate) < 2 {
		return 0
	}
	want := ibanLengths[candidate[:2]]
	if want == 0 {
		return 0
	}
	compact := make([]byte, 0, want)
	i := 0
	for ; i < len(candidate) && len(compact) < want; i++ {
		if candidate[i] != ' ' {
			compact = append(compact, candidate[i])
		}
	}
	if len(compact) == want && ibanValid(string(compact)) {
		return i
	}
	return 0
}

func russianAccount(digits string) bool {
	return len(digits) == 20 && balanceAccountSet.has(digits[:5]) && currencySet.has(digits[5:8])
}

// textRules in the order they run (mask-text.ts; textRuleOrder checks it).
var textRules = []textRule{
	regexRule("pem_private_key", ClassSecret, patPemPrivateKey, fDash, contains("-----BEGIN"), fixed(1, redacted, 2)),
	regexRule("url_credentials", ClassSecret, patUrlCredentials, fColon, contains("://"),
		func(_ *Masker, s string, loc []int) (string, bool) {
			// A password already masked (stars only, as the amqplib instrumentation writes it) is kept.
			if password := group(s, loc, 3); strings.Trim(password, "*") == "" {
				return "", false
			}
			return group(s, loc, 1) + group(s, loc, 2) + ":" + redacted + "@", true
		}),
	regexRule("webhook_url", ClassSecret, patWebhookUrl, fColon, contains("://"), fixed(1, redacted)),
	regexRule("bearer_token", ClassSecret, patBearerToken, fBearer, nil, fixed(1, " "+redacted)),
	regexRule("secret_xml", ClassSecret, patSecretXml, fLt, contains("</"), fixed(1, redacted, 2)),
	regexRule("secret_kv", ClassSecret, patSecretKv, fColonOrEq, textOnly(secretKeyHint),
		func(_ *Masker, s string, loc []int) (string, bool) {
			prefix := group(s, loc, 1) + group(s, loc, 2)
			match := s[loc[0]:loc[1]]
			open, closing := secretOpenClose(s, loc, 3)
			value := match[len(prefix)+len(open) : len(match)-len(closing)]
			if tradeKeyInText(group(s, loc, 1), wordBefore(s, loc[0])) || tradeValue(value) {
				return "", false
			}
			return prefix + open + redacted + closing, true
		}),
	regexRule("secret_kv_ru", ClassSecret, patSecretKvRu, fColonOrEq|fCyrillic, func(s string, _ textScan) bool { return containsFoldWords(s, ruSecretStems) },
		func(_ *Masker, s string, loc []int) (string, bool) {
			return group(s, loc, 1) + group(s, loc, 2) + group(s, loc, 3) + redactSecretValue(s, loc, 4), true
		}),
	regexRule("secret_flag", ClassSecret, patSecretFlag, fFlagDash, textOnly(secretWordHint), fixed(1, 2, " "+redacted)),
	regexRule("secret_flag_json", ClassSecret, patSecretFlagJson, fQuote|fDash, contains(`"-`), fixed(1, 2, `"`+redacted+`"`)),
	regexRule("jwt", ClassSecret, patJwt, fEyJ, nil, func(m *Masker, s string, loc []int) (string, bool) {
		return "[JWT:" + stableHash(s[loc[0]:loc[1]], m.salt) + "]", true
	}),
	regexRule("api_key_prefixed", ClassSecret, patApiKeyPrefixed, 0, func(s string, sc textScan) bool {
		return sc.flags&(fUnderscore|fDash) != 0 && apiKeyPrefixHint(s)
	}, fixed(1, redacted)),
	regexRule("api_key_exact", ClassSecret, patApiKeyExact, 0, func(s string, sc textScan) bool {
		return (sc.flags&fUnderscore != 0 && (strings.Contains(s, "npm_") || strings.Contains(s, "y0_"))) ||
			(sc.flags&fUpper != 0 && strings.Contains(s, "AQVN"))
	}, fixed(1, 2, 3, redacted)),
	regexRule("aws_access_key_id", ClassSecret, patAwsAccessKeyId, fUpper, textOnly(awsPrefixHint), fixed(1, redacted)),
	regexRule("google_api_key", ClassSecret, patGoogleApiKey, fUpper, contains("AIza"), fixed(1, redacted)),
	regexRule("email_quoted", ClassEmail, patEmailQuoted, fAt|fQuote, contains(`"@`), fixed("***@", 1)),
	regexRule("email", ClassEmail, patEmail, fAt, nil, fixed(1, "***@", 2)),
	regexRule("email_percent", ClassEmail, patEmailPercent, fPercent, func(s string, _ textScan) bool {
		return containsAny(s, "%40", "%2540")
	}, fixed(1, "***%", 2, "40", 3)),
	regexRule("iban", ClassIban, patIban, fUpper|fDigit, textOnly(ibanHint), func(_ *Masker, s string, loc []int) (string, bool) {
		match := s[loc[0]:loc[1]]
		n := ibanPrefixLength(match)
		if n == 0 {
			return "", false
		}
		return redactedAs(ClassIban) + match[n:], true
	}),
	digits(regexRule("ru_account", ClassAccount, patRuAccount, 0, nil, func(_ *Masker, s string, loc []int) (string, bool) {
		marker := group(s, loc, 2)
		if marker == "" && !russianAccount(onlyDigits(group(s, loc, 4))) {
			return "", false
		}
		return group(s, loc, 1) + marker + group(s, loc, 3) + redactedAs(ClassAccount), true
	}), 20),
	regexRule("passport", ClassPassport, patPassport, fDigit, func(s string, sc textScan) bool {
		return (sc.flags&fCyrillic != 0 && containsFoldWords(s, ruPassportStems)) || containsFold(s, "passport")
	}, fixed(1, 2, 3, redactedAs(ClassPassport))),
	digits(regexRule("snils", ClassSnils, patSnils, 0, snilsHint, func(_ *Masker, s string, loc []int) (string, bool) {
		marker, number := group(s, loc, 2), group(s, loc, 4)
		if marker == "" && !(snilsDashed.MatchString(number) && snilsValid(onlyDigits(number))) {
			return "", false
		}
		return group(s, loc, 1) + marker + group(s, loc, 3) + redactedAs(ClassSnils), true
	}), 11),
	// Not in ids either (withPhone): one 12-digit id in a hundred passes the checksums.
	withPhone(plainDigits(regexRule("inn", ClassInn, patInn, 0, innHint, func(_ *Masker, s string, loc []int) (string, bool) {
		marker, number := group(s, loc, 2), group(s, loc, 4)
		if marker == "" && !(len(number) == 12 && innValid(number)) {
			return "", false
		}
		return group(s, loc, 1) + marker + group(s, loc, 3) + redactedAs(ClassInn), true
	}), 10)),
	{name: "card_number", minDigitRun: 13, apply: func(_ *Masker, s string, c Counts) string { return maskCards(s, c) }},
	withPhone(digits(regexRule("phone_international", ClassPhone, patPhoneInternational, fPlus, nil, func(_ *Masker, s string, loc []int) (string, bool) {
		if !phoneDotsOk(s[loc[3]:loc[1]]) { // without group 1, the character before
			return "", false
		}
		return group(s, loc, 1) + "+" + group(s, loc, 2) + phoneStars + group(s, loc, 3), true
	}), 8)),
	withPhone(digits(regexRule("phone_ru", ClassPhone, patPhoneRu, 0, textOnly(phoneRuHint), func(_ *Masker, s string, loc []int) (string, bool) {
		if !phoneDotsOk(s[loc[3]:loc[1]]) { // without group 1, the character before
			return "", false
		}
		return group(s, loc, 1) + phoneStars + group(s, loc, 2), true
	}), 11)),
	regexRule("address_ru", ClassAddress, patAddressRu, fDigit|fCyrillic, textOnly(ruAddressMarker), fixed(1, redactedAs(ClassAddress))),
	regexRule("address_en", ClassAddress, patAddressEn, fDigit|fUpper, func(s string, _ textScan) bool {
		return houseHint(s) && enStreetHint.MatchString(s)
	}, fixed(1, redactedAs(ClassAddress))),
	regexRule("address_de", ClassAddress, patAddressDe, fWordSpaceDigit, textOnly(germanStreetHint), fixed(1, redactedAs(ClassAddress))),
	{name: "person_name", hint: func(s string, sc textScan) bool {
		return sc.flags&(fUpper|fNonASCII) != 0 && capitalPair(s) && nameCandidate(s)
	},
		apply: func(m *Masker, s string, c Counts) string { return m.maskPersonNames(s, c) }},
}

// withPhone: a rule skipped in values under id keys.
func withPhone(r textRule) textRule {
	r.phone = true
	return r
}

// addressRes: the address rules' patterns, for soft address keys (findsAddress).
var addressRes = []*regexp.Regexp{regexp.MustCompile(patAddressRu), regexp.MustCompile(patAddressEn), regexp.MustCompile(patAddressDe)}

// findsAddress: the free-text address rules find an address in s.
func findsAddress(s string) bool {
	if !hasDigit(s) {
		return false
	}
	for _, re := range addressRes {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

// maskText runs the rules in order, each only where its hint says it could match.
func (m *Masker) maskText(s string, phones bool, c Counts) string {
	if !mayNeedMasking(s) {
		return s
	}
	out := s
	sc := scanText(s)
	for i := range textRules {
		r := &textRules[i]
		if r.phone && !phones {
			continue
		}
		if !r.mayMatch(out, &sc) {
			continue
		}
		if next := r.apply(m, out, c); next != out {
			out = next
			sc = scanText(out)
		}
	}
	return out
}

// mayNeedMasking: one pass that rejects a string none of the rules can
// match (mask-text.ts MAY_MATCH, or more): no digit, "@", "=", ":", "</",
// flag dash, quote-dash, token prefix, "bearer" or capitalised pair.
func mayNeedMasking(s string) bool {
	if len(s) < 5 {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case isDigit(c), c == '@', c == '=', c == ':':
			return true
		case c == '<':
			if i+1 < len(s) && s[i+1] == '/' {
				return true
			}
		case c == '-':
			if i == 0 || s[i-1] == ' ' || s[i-1] == '\t' || s[i-1] == '"' || strings.HasPrefix(s[i:], "-----BEGIN") {
				return true
			}
		case c == 'e':
			if strings.HasPrefix(s[i:], "eyJ") {
				return true
			}
		case c == 'b' || c == 'B':
			if i+6 <= len(s) && strings.EqualFold(s[i:i+6], "bearer") {
				return true
			}
		case c == 'A':
			if strings.HasPrefix(s[i:], "AIza") || strings.HasPrefix(s[i:], "AQVN") || containsAny(s[i:min(i+4, len(s))], awsPrefixes...) {
				return true
			}
		}
	}
	if apiKeyPrefixHint(s) {
		return true
	}
	return strings.Contains(s, "npm_") || capitalPair(s)
}

// isUpperAt: the rune at i is an upper-case letter; its size.
func isUpperAt(s string, i int) (bool, int) {
	c := s[i]
	if c < utf8.RuneSelf {
		return c >= 'A' && c <= 'Z', 1
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	return unicode.IsUpper(r), size
}

// capitalPair: a capitalised word, spaces, another capital; or "И.И" (mask-text.ts CAPITAL_PAIR).
func capitalPair(s string) bool {
	for i := 0; i < len(s); {
		up, size := isUpperAt(s, i)
		if !up {
			i += size
			continue
		}
		j := i + size
		if j+1 < len(s) && s[j] == '.' {
			if up2, _ := isUpperAt(s, j+1); up2 {
				return true
			}
		}
		// The rest of the word: letters, marks, ' ’ . -
		for j < len(s) {
			c := s[j]
			if c < utf8.RuneSelf {
				if isASCIILetter(c) || c == '\'' || c == '.' || c == '-' {
					if c >= 'A' && c <= 'Z' && j+2 < len(s) && s[j+1] == '.' {
						if up2, _ := isUpperAt(s, j+2); up2 {
							return true
						}
					}
					j++
					continue
				}
				break
			}
			r, n := utf8.DecodeRuneInString(s[j:])
			if !isLetterOrMark(r) && r != '’' {
				break
			}
			if unicode.IsUpper(r) && j+n+1 < len(s) && s[j+n] == '.' {
				if up2, _ := isUpperAt(s, j+n+1); up2 {
					return true
				}
			}
			j += n
		}
		k := j
		for k < len(s) {
			if s[k] == ' ' || s[k] == '\t' {
				k++
			} else if strings.HasPrefix(s[k:], "\u00a0") {
				k += 2
			} else {
				break
			}
		}
		if k > j && k < len(s) {
			if up2, _ := isUpperAt(s, k); up2 {
				return true
			}
		}
		i = j
	}
	return false
}
