package mask

// The word lists and tables of rules_gen.go as sets.
var (
	firstNamesRu      = newSet(wordListFirstNamesRu)
	firstNamesEn      = newSet(wordListFirstNamesEn)
	notNames          = newSet(wordListNotNames)
	tradeWords        = newSet(wordListTradeWords)
	ambiguousSecrets  = newSet(ambiguousSecretWords)
	finenessSet       = newSet(fineness)
	balanceAccountSet = newSet(balanceAccounts)
	currencySet       = newSet(accountCurrencies)
	titleSet          = newSet(titles)
	particleSet       = newSet(particles)
)

func tradeWord(w string) bool           { return tradeWords.has(w) }
func ambiguousSecretWord(w string) bool { return ambiguousSecrets.has(w) }
