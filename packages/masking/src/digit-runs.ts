/** A run of digit groups joined by single separators ("4111 1111 1111 1111", "2026-03-15"). */
export interface DigitRun {
  /** Start and end (exclusive) of each group of digits. */
  readonly starts: number[];
  readonly ends: number[];
  /** The separator between group i and i+1. */
  readonly seps: string[];
}

export function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isNumberSeparator(ch: string): boolean {
  return ch.length === 1 && isNumberSeparatorCode(ch.charCodeAt(0));
}

/** NUMBER_SEPARATORS by char code: space . - and the no-break spaces. */
export function isNumberSeparatorCode(c: number): boolean {
  return c === 32 || c === 46 || c === 45 || c === 0xa0 || c === 0x2007 || c === 0x2009 || c === 0x202f;
}

/** The run of digit groups that starts at `start` (a digit). */
export function readDigitRun(text: string, start: number): DigitRun {
  const run: DigitRun = { starts: [], ends: [], seps: [] };
  let i = start;
  for (;;) {
    const groupStart = i;
    while (i < text.length && isDigitCode(text.charCodeAt(i))) i++;
    run.starts.push(groupStart);
    run.ends.push(i);
    const sep = text.charAt(i);
    if (i + 1 < text.length && isNumberSeparator(sep) && isDigitCode(text.charCodeAt(i + 1))) {
      run.seps.push(sep);
      i++;
    } else {
      return run;
    }
  }
}

/**
 * Most digits in one stretch of digits, separators and parentheses: the only
 * characters a card, phone, account or document number can span. Trace ids,
 * UUIDs, dates and prices have short stretches, so the number rules skip them.
 */
export function longestDigitRun(text: string): number {
  let best = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isDigitCode(c)) {
      run++;
      if (run > best) best = run;
    } else if (c !== 40 && c !== 41 && !isNumberSeparatorCode(c)) {
      run = 0;
    }
  }
  return best;
}
