import { WS, type TextRule } from './text-rule.js';

/** `Bearer <anything>`: the scheme stays so readers know what was there. */
export const bearerRule: TextRule = {
  name: 'bearer_token',
  source: `\\b(bearer)[${WS}]+[^${WS}"',;]+`,
  ignoreCase: true,
  replacement: '${1} [REDACTED]',
  exact: true,
  description: 'Bearer <token> → Bearer [REDACTED]',
};

/**
 * Key names whose value is a secret in `key=value`, `key: value` and JSON text.
 * Up to four `prefix.` / `prefix_` / `prefix-` words may come first (x-api-key,
 * aws_secret_access_key, connect.sid); bounded, so a long dotted string costs
 * linear time in JavaScript too. Words glued in front of
 * password/secret/token are allowed (newPassword, accessToken, csrftoken);
 * not in front of "pass", which would catch "bypass".
 */
export const SECRET_KEY =
  '(?:[A-Za-z0-9]+[_.-]){0,4}' +
  '(?:[A-Za-z0-9]*(?:password|passwd|secret|token)' +
  '|pwd|pass|passphrase|pin|otp|cvv|cvc|credentials?|signature|authorization|cookie|sid' +
  '|(?:api|access|secret|private|signing|encryption|master)[_-]?key' +
  '|[A-Za-z]*session(?:[_-]?id)?|[A-Za-z]*sessid)';

/**
 * One pattern for the three ways a value follows its key: double-quoted
 * (JSON, logfmt), single-quoted (util.inspect) or bare up to whitespace, `&`
 * (query strings), a quote, `,` or `;`. Quotes are captured so the
 * replacement can put them back around [REDACTED]; an auth scheme right after
 * the key is kept (Authorization: Basic [REDACTED]). A bare value may be
 * `[REDACTED]` itself, which keeps a second pass (collector after logger) stable.
 * Groups: 1 key, 2 separator, 3/4 double quotes, 5/6 single quotes, 7 scheme.
 */
export const secretKeyValueRule: TextRule = {
  name: 'secret_kv',
  source:
    `\\b(${SECRET_KEY})(["']?[${WS}]*[=:][${WS}]*)` +
    `(?:(")[^"]*(")|(')[^']*(')|((?:bearer|basic|digest|negotiate|token)[${WS}]+)?[^${WS}&"',;]+)`,
  ignoreCase: true,
  replacement: '${1}${2}${3}${5}${7}[REDACTED]${4}${6}',
  exact: true,
  description: 'password=..., token: ..., "api_key": "...", secret=... in query strings, JSON and text',
};

/** Three base64url segments, the first a JSON header ("eyJ" is base64 of `{"`). */
export const jwtRule: TextRule = {
  name: 'jwt',
  source: 'eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*',
  ignoreCase: false,
  replacement: '[JWT:REDACTED]',
  exact: false,
  description: 'JSON Web Token; the source side writes [JWT:<stableHash>] (keyed hash), the collector cannot compute that',
};

export const prefixedApiKeyRule: TextRule = {
  name: 'api_key_prefixed',
  source:
    '\\b(sk_live_|sk_test_|rk_live_|rk_test_|pk_live_|whsec_|ghp_|gho_|ghu_|ghs_|ghr_|github_pat_|glpat-|xox[abprs]-)[A-Za-z0-9_-]{10,}',
  ignoreCase: false,
  replacement: '${1}[REDACTED]',
  exact: true,
  description: 'Stripe, GitHub, GitLab, Slack keys: the prefix stays, the key goes',
};

export const awsAccessKeyIdRule: TextRule = {
  name: 'aws_access_key_id',
  source: '\\b(A(?:KIA|SIA|GPA|IDA|ROA|NPA|NVA|IPA))[A-Z0-9]{16}\\b',
  ignoreCase: false,
  replacement: '${1}[REDACTED]',
  exact: true,
  description: 'AWS access key id (AKIA…/ASIA…)',
};

export const googleApiKeyRule: TextRule = {
  name: 'google_api_key',
  source: '\\b(AIza)[0-9A-Za-z_-]{35}',
  ignoreCase: false,
  replacement: '${1}[REDACTED]',
  exact: true,
  description: 'Google API key (AIza…)',
};
