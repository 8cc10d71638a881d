/**
 * Everything the collector's Go engine must share with this package, in one
 * object: the patterns, the key rules, the tables. scripts/generate-go-rules.js
 * writes it into collector/processor/maskingprocessor/internal/mask/rules_gen.go
 * (the word lists in data/ too), and a test checks that file is up to date.
 * The logic around them (checksums, card layouts, names) is written in both
 * languages and checked on the corpus.
 */
import * as address from './address.js';
import * as accounts from './bank-accounts.js';
import { IBAN_LENGTHS } from './checksums.js';
import * as documents from './documents.js';
import * as email from './email.js';
import { KEY_BREAKS, KEY_PATH, KEY_SEPARATORS } from './key-segments.js';
import { TEXT_RULE_ORDER } from './mask-text.js';
import { MASK_TOKEN_SOURCE } from './masks.js';
import { PARTICLES, PATRONYMIC_ENDINGS, SURNAME_ENDINGS, TITLES } from './person-names.js';
import * as phone from './phone.js';
import * as secrets from './secrets.js';
import { ID_WORDS, KEY_RULES, META_WORDS } from './sensitive-keys.js';
import { BUILTIN_SALT } from './stable-hash.js';
import type { TextPattern } from './text-rule.js';
import * as tokens from './tokens.js';
import { AMBIGUOUS_SECRET_WORDS, FINENESS } from './trade-words.js';
import * as urls from './urls.js';
import { NETWORK_ADDRESS_SOURCE } from './value-shapes.js';

const isPattern = (v: unknown): v is TextPattern =>
  typeof v === 'object' && v !== null && typeof (v as TextPattern).source === 'string' && typeof (v as TextPattern).name === 'string';

const patterns: TextPattern[] = [address, accounts, documents, email, phone, secrets, tokens, urls]
  .flatMap((m) => Object.values(m as Record<string, unknown>).filter(isPattern))
  .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

export const SHARED_RULES = {
  builtinSalt: BUILTIN_SALT,
  textRuleOrder: TEXT_RULE_ORDER,
  patterns,
  sources: {
    countryCode: phone.COUNTRY_CODE,
    snilsDashed: documents.SNILS_DASHED_SOURCE,
    maskToken: MASK_TOKEN_SOURCE,
    networkAddress: NETWORK_ADDRESS_SOURCE,
    keySeparators: KEY_SEPARATORS,
    keyPath: KEY_PATH,
  },
  keyBreaks: KEY_BREAKS,
  keyRules: KEY_RULES,
  idWords: ID_WORDS,
  metaWords: META_WORDS,
  ambiguousSecretWords: [...AMBIGUOUS_SECRET_WORDS],
  fineness: [...FINENESS],
  ibanLengths: IBAN_LENGTHS,
  balanceAccounts: [...accounts.BALANCE_ACCOUNTS],
  accountCurrencies: [...accounts.ACCOUNT_CURRENCIES],
  patronymicEndings: PATRONYMIC_ENDINGS,
  surnameEndings: SURNAME_ENDINGS,
  titles: [...TITLES],
  particles: [...PARTICLES],
} as const;
