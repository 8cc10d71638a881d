/**
 * @jewelry/masking — masks personal data and secrets before anything leaves a
 * service (SEC-1). The logger masks at the source; the collector masks again
 * with the same patterns (collectorPatterns, sensitiveKeyPatterns).
 */
import { createMasker, type Masker } from './masker.js';

export { createMasker, DEFAULT_MAX_DEPTH, type Masker, type MaskerOptions } from './masker.js';
export { stableHash, SALT_ENV } from './stable-hash.js';
export { isLuhnValid } from './card-number.js';
export { classifyKey, type KeyClass, type SensitiveKeyClass } from './sensitive-keys.js';
export { splitKey } from './key-segments.js';
export {
  collectorPatterns,
  sensitiveKeyPatterns,
  idKeyPattern,
  cardDigitsPattern,
  commandLinePatterns,
  type CollectorPattern,
  type SensitiveKeyPattern,
  type CollectorValuePattern,
  type CommandLinePattern,
} from './collector-patterns.js';

/** Built once at load time with the salt from JEWELRY_MASK_SALT (or the built-in one). */
export const defaultMasker: Masker = createMasker();

export const maskText: (text: string) => string = defaultMasker.maskText;
export const maskAttributes: <T>(attrs: T) => T = defaultMasker.maskAttributes;
export const maskValue: (key: string, value: unknown) => unknown = defaultMasker.maskValue;
