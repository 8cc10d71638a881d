package mask

// Check digits that tell a real card, document or account number from a
// look-alike; each takes ASCII digits (IBAN: digits and upper-case letters).

// digitText: the checks read digits from a string or from a byte buffer (no copy).
type digitText interface{ ~string | ~[]byte }

func allDigits[T digitText](s T) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return len(s) > 0
}

// luhnValid: cards.
func luhnValid[T digitText](digits T) bool {
	if !allDigits(digits) {
		return false
	}
	sum, double := 0, false
	for i := len(digits) - 1; i >= 0; i-- {
		d := int(digits[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

// ean13Valid: product barcodes, weights 1,3,1,3…
func ean13Valid[T digitText](digits T) bool {
	if len(digits) != 13 || !allDigits(digits) {
		return false
	}
	sum := 0
	for i := 0; i < 12; i++ {
		w := 1
		if i%2 == 1 {
			w = 3
		}
		sum += int(digits[i]-'0') * w
	}
	return (10-sum%10)%10 == int(digits[12]-'0')
}

// snilsValid: СНИЛС, the last two digits a checksum of the first nine (weights 9…1, modulo 101).
func snilsValid(digits string) bool {
	if len(digits) != 11 || !allDigits(digits) {
		return false
	}
	sum := 0
	for i := 0; i < 9; i++ {
		sum += int(digits[i]-'0') * (9 - i)
	}
	check := sum
	if sum >= 100 {
		check = sum % 101
	}
	if check == 100 {
		check = 0
	}
	return check == int(digits[9]-'0')*10+int(digits[10]-'0')
}

var (
	inn10Weights = []int{2, 4, 10, 3, 5, 9, 4, 6, 8}
	inn11Weights = []int{7, 2, 4, 10, 3, 5, 9, 4, 6, 8}
	inn12Weights = []int{3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8}
)

func innCheck(digits string, weights []int) int {
	sum := 0
	for i, w := range weights {
		sum += int(digits[i]-'0') * w
	}
	return sum % 11 % 10
}

// innValid: ИНН of 10 digits (one check digit) or 12 (two).
func innValid(digits string) bool {
	if !allDigits(digits) {
		return false
	}
	switch len(digits) {
	case 10:
		return innCheck(digits, inn10Weights) == int(digits[9]-'0')
	case 12:
		return innCheck(digits, inn11Weights) == int(digits[10]-'0') && innCheck(digits, inn12Weights) == int(digits[11]-'0')
	}
	return false
}

// ibanValid: the country's length, then ISO 7064 MOD 97-10.
func ibanValid(iban string) bool {
	if len(iban) < 4 || ibanLengths[iban[:2]] != len(iban) {
		return false
	}
	moved := iban[4:] + iban[:4]
	rest := 0
	for i := 0; i < len(moved); i++ {
		c := moved[i]
		switch {
		case isDigit(c):
			rest = (rest*10 + int(c-'0')) % 97
		case c >= 'A' && c <= 'Z':
			rest = (rest*100 + int(c-'A'+10)) % 97
		default:
			return false
		}
	}
	return rest == 1
}
