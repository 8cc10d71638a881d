/** Small readers for environment values: a bad value falls back to the default and is reported, never thrown. */
export type ConfigWarning = (message: string) => void;

export function envString(env: NodeJS.ProcessEnv, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  return undefined;
}

export function envPositiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number, warn: ConfigWarning): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (Number.isInteger(value) && value > 0) return value;
  warn(`${name}=${raw} is not a positive integer; using ${fallback}`);
  return fallback;
}

export function envList(env: NodeJS.ProcessEnv, name: string): string[] | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** true/false (also 1/0, yes/no, on/off); anything else falls back to the default, reported. */
export function envBoolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean, warn: ConfigWarning): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (['true', '1', 'yes', 'on'].includes(raw)) return true;
  if (['false', '0', 'no', 'off'].includes(raw)) return false;
  warn(`${name}=${env[name]?.trim()} is not true or false; using ${fallback}`);
  return fallback;
}
