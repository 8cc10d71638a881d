/**
 * @jewelry/masking — masks personal data and secrets before anything leaves a
 * service (SEC-1). The logger and the OTel distribution mask at the source;
 * the collector's masking processor (collector/processor/maskingprocessor)
 * masks again with the same rules, checked on the same corpus (corpus/).
 */
import { createMasker, type Masker } from './masker.js';

export { createMasker, DEFAULT_MAX_DEPTH, type MaskedRecord, type Masker, type MaskerOptions } from './masker.js';
export { stableHash, SALT_ENV } from './stable-hash.js';
export { isLuhnValid, isInnValid, isSnilsValid, isIbanValid } from './checksums.js';
export { classifyKey, type KeyClass, type SensitiveKeyClass } from './sensitive-keys.js';
export type { MaskClass } from './masks.js';
export { splitKey } from './key-segments.js';

/** Built once at load time with the salt from JEWELRY_MASK_SALT (or the built-in one). */
export const defaultMasker: Masker = createMasker();

export const maskText: (text: string) => string = defaultMasker.maskText;
export const maskAttributes: <T>(attrs: T) => T = defaultMasker.maskAttributes;
export const maskValue: (key: string, value: unknown) => unknown = defaultMasker.maskValue;
