import { WS, type TextPattern } from './text-rule.js';

/**
 * Key names whose value is a secret in `key=value`, `key: value`, JSON, XML
 * and command-line text. Up to four `prefix.` / `prefix_` / `prefix-` words
 * may come first (x-api-key, aws_secret_access_key, connect.sid); bounded,
 * so a long dotted string costs linear time in JavaScript too. Words glued in
 * front of password/secret/token/signature/…key are allowed (newPassword,
 * accessToken, SecretAccessKey, AccountKey, SharedAccessSignature); not in
 * front of "pass", which would catch "bypass" (Redis's requirepass is listed).
 */
export const SECRET_KEY =
  '(?:[A-Za-z0-9]+[_.-]){0,4}' +
  '(?:[A-Za-z0-9]*(?:password|passwd|passphrase|secret|token|signature)' +
  '|[A-Za-z0-9]*(?:api|access|secret|private|signing|encryption|master|account|shared[_-]?access)[_-]?key(?:[_-]?id)?' +
  '|pwd|pass|requirepass|pin|otp|cvv|cvc|credentials?|authorization|cookie|sig|sid' +
  '|[A-Za-z]*session(?:[_-]?id)?|[A-Za-z]*sessid)';

/** Russian key words of secrets (пароль, токен, секретный ключ, пин-код, код подтверждения …), any case ending. */
export const SECRET_KEY_RU =
  '(?:парол[а-яё]*|токен[а-яё]*|секрет[а-яё]*(?:[ ]ключ[а-яё]*)?|пин-?код[а-яё]*' +
  '|код[а-яё]*[ ]подтверждения|код[ ]из[ ](?:смс|sms)|кодов[а-яё]*[ ]слов[а-яё]*)';

const SEPARATOR = `(\\\\?["']?[${WS}]*[=:][${WS}]*)`;

/**
 * The value after a secret key, as one of: double-quoted (JSON, logfmt; with
 * escapes; also cut off before its closing quote), double-quoted inside a
 * JSON string (\"…\"), single-quoted (util.inspect), or bare up to
 * whitespace, `&`, a quote, `,` or `;` (an auth scheme right after the key
 * stays: Authorization: Basic [REDACTED]). 7 groups: open and close of each
 * quoting, then the scheme. A bare `[REDACTED]` matches too, so masking twice changes nothing.
 */
const SECRET_VALUE =
  '(?:(")(?:[^"\\\\]|\\\\.)*(")?' +
  '|(\\\\")(?:[^"\\\\]|\\\\[^"])*(\\\\")?' +
  "|(')[^']*(')?" +
  `|((?:bearer|basic|digest|negotiate|token)[${WS}]+)?[^${WS}&"',;]+)`;

/** `key=value` with a Latin key. Groups: 1 key, 2 separator, 3–9 the value's (SECRET_VALUE). */
export const secretKeyValuePattern: TextPattern = {
  name: 'secret_kv',
  source: `\\b(${SECRET_KEY})${SEPARATOR}${SECRET_VALUE}`,
  ignoreCase: true,
};

/** `ключ: значение` with a Russian key. Groups: 1 before, 2 key, 3 separator, 4–10 the value's. */
export const secretKeyValueRuPattern: TextPattern = {
  name: 'secret_kv_ru',
  source: `(^|[^А-Яа-яЁё0-9A-Za-z_])(${SECRET_KEY_RU})${SEPARATOR}${SECRET_VALUE}`,
  ignoreCase: true,
};

/** `Bearer <anything>`: the scheme stays so readers know what was there. Group 1: the scheme. */
export const bearerPattern: TextPattern = {
  name: 'bearer_token',
  source: `\\b(bearer)[${WS}]+[^${WS}"',;]+`,
  ignoreCase: true,
};

/** An XML element named like a secret: <password>…</password>. Groups: 1 start tag, 2 "</". */
export const secretXmlPattern: TextPattern = {
  name: 'secret_xml',
  source: `(<(?:[A-Za-z0-9_]+:)?${SECRET_KEY}(?:[${WS}][^<>]*)?>)[^<]+(</)`,
  ignoreCase: true,
};

/**
 * A secret flag on a command line and its value as the next word:
 * `--password S3cr3t`, `--api-key "x y"` (`--password=S3cr3t` is secret_kv).
 * A next word that is itself a flag stays. Groups: 1 before, 2 the flag.
 */
export const secretFlagPattern: TextPattern = {
  name: 'secret_flag',
  source: `(^|[\\t ])(--?${SECRET_KEY})[\\t ]+(?:"[^"]*"|'[^']*'|[^${WS}"'-][^${WS}"']*)`,
  ignoreCase: true,
};

/** The same in argv written as a JSON array: "--password","S3cr3t". Groups: 1 the quoted flag, 2 the comma. */
export const secretFlagJsonPattern: TextPattern = {
  name: 'secret_flag_json',
  source: `("--?${SECRET_KEY}")(,[${WS}]*)"(?:[^"\\\\]|\\\\.)*"`,
  ignoreCase: true,
};

/** A whole argv element that is a secret flag: the element after it is its value. */
export const secretFlagElementPattern: TextPattern = {
  name: 'secret_flag_element',
  source: `^--?${SECRET_KEY}$`,
  ignoreCase: true,
};

/**
 * A PEM private key, the whole block (RSA, EC, OPENSSH, ENCRYPTED, PGP …):
 * the BEGIN and END lines stay, the body goes; also when the END line was
 * cut off, and when the block is written inside a JSON string (\n escaped).
 * Groups: 1 the BEGIN line, 2 the END line.
 */
export const pemPrivateKeyPattern: TextPattern = {
  name: 'pem_private_key',
  source:
    '(-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----)' +
    '(?:\\[REDACTED\\]|[A-Za-z0-9+/=\\t\\n\\r :,.\\\\]|-[A-Za-z0-9])*' +
    '(-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----)?',
  ignoreCase: false,
};
