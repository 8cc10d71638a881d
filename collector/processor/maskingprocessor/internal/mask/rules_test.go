package mask

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// The word lists in rules_gen.go are the files of packages/masking/data
// (the generator copies them; this catches a data file changed without
// running it). Skipped outside the repository.
func TestWordListsMatchDataFiles(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "..", "..", "packages", "masking", "data")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("no %s: not in the repository", dir)
	}
	for name, got := range map[string][]string{
		"first-names-ru": wordListFirstNamesRu, "first-names-en": wordListFirstNamesEn,
		"not-names": wordListNotNames, "trade-words": wordListTradeWords,
	} {
		data, err := os.ReadFile(filepath.Join(dir, name+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, line := range strings.Split(string(data), "\n") {
			if w := strings.TrimSpace(line); w != "" && !strings.HasPrefix(w, "#") {
				want = append(want, w)
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: rules_gen.go is stale; run node packages/masking/scripts/generate-go-rules.js", name)
		}
	}
}

// The rules run in the order the TypeScript engine runs them.
func TestTextRuleOrder(t *testing.T) {
	var names []string
	for _, r := range textRules {
		names = append(names, r.name)
	}
	if !reflect.DeepEqual(names, textRuleOrder) {
		t.Fatalf("text rules run as\n%v\nTypeScript runs\n%v", names, textRuleOrder)
	}
}

// Every pattern shared with TypeScript compiles, none matches the empty string.
func TestPatternsMatchNoEmptyString(t *testing.T) {
	for _, src := range []string{patPemPrivateKey, patUrlCredentials, patWebhookUrl, patBearerToken, patSecretXml, patSecretKv,
		patSecretKvRu, patSecretFlag, patSecretFlagJson, patJwt, patApiKeyPrefixed, patApiKeyExact, patAwsAccessKeyId,
		patGoogleApiKey, patEmailQuoted, patEmail, patEmailPercent, patIban, patRuAccount, patPassport, patSnils, patInn,
		patPhoneInternational, patPhoneRu, patAddressRu, patAddressEn, patAddressDe} {
		re := mustRegexp(t, src)
		if re.MatchString("") {
			t.Errorf("%s matches the empty string", src)
		}
	}
}
