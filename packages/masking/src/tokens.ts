import type { TextPattern } from './text-rule.js';

/** Three base64url segments, the first a JSON header ("eyJ" is base64 of `{"`): [JWT:<stableHash>]. */
export const jwtPattern: TextPattern = {
  name: 'jwt',
  source: 'eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*',
  ignoreCase: false,
};

/** Stripe, GitHub, GitLab, Slack, Google OAuth client secrets: the prefix stays, the key goes. Group 1: the prefix. */
export const prefixedApiKeyPattern: TextPattern = {
  name: 'api_key_prefixed',
  source:
    '\\b(sk_live_|sk_test_|rk_live_|rk_test_|pk_live_|whsec_|ghp_|gho_|ghu_|ghs_|ghr_|github_pat_|glpat-|xox[abprs]-|xapp-|GOCSPX-)[A-Za-z0-9_-]{10,}',
  ignoreCase: false,
};

/**
 * Keys whose prefix alone is too common a word start, so their exact length
 * is part of the rule: npm tokens, Yandex Cloud API keys and OAuth tokens.
 * Groups 1–3: the prefix of whichever matched.
 */
export const exactApiKeyPattern: TextPattern = {
  name: 'api_key_exact',
  source: '\\b(?:(npm_)[A-Za-z0-9]{36}\\b|(AQVN)[A-Za-z0-9_-]{35,}|(y0_)[A-Za-z0-9_-]{50,})',
  ignoreCase: false,
};

/** AWS access key id (AKIA…/ASIA…). Group 1: the prefix. */
export const awsAccessKeyIdPattern: TextPattern = {
  name: 'aws_access_key_id',
  source: '\\b(A(?:KIA|SIA|GPA|IDA|ROA|NPA|NVA|IPA))[A-Z0-9]{16}\\b',
  ignoreCase: false,
};

/** Google API key (AIza…). Group 1: the prefix. */
export const googleApiKeyPattern: TextPattern = {
  name: 'google_api_key',
  source: '\\b(AIza)[0-9A-Za-z_-]{35}',
  ignoreCase: false,
};
