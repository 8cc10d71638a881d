// Reading a systemd unit and its environment file the way systemd does, so a
// test can start a service "exactly as the unit's ExecStart would" on a machine
// where systemd does not run (systemd.service(5), systemd.exec(5)).
import { readFileSync } from 'node:fs';

/** The [Service] section's settings; a setting given twice keeps its last value. */
export function serviceSettings(unitText: string): Record<string, string> {
  const out: Record<string, string> = {};
  let section = '';
  for (const raw of unitText.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      section = header[1]!;
      continue;
    }
    const eq = line.indexOf('=');
    if (section === 'Service' && eq > 0) out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return out;
}

/** KEY=VALUE lines; # and ; comments; values may be quoted ("…" or '…'). A leading '-' on the path means optional. */
export function readEnvironmentFile(setting: string): Record<string, string> {
  const optional = setting.startsWith('-');
  const path = optional ? setting.slice(1) : setting;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (optional) return {};
    throw err;
  }
  const env: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2]!.trim();
    if ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'"))) value = value.slice(1, -1);
    env[m[1]!] = value;
  }
  return env;
}

/**
 * ExecStart as argv: `$VAR` becomes the variable's words, `${VAR}` one argument,
 * quoted arguments stay whole; systemd's prefixes (-, @, +, !, :) are dropped.
 */
export function expandExecStart(execStart: string, env: Record<string, string>): string[] {
  const words = execStart.replace(/^[-@+!:]+/, '').match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
  const argv: string[] = [];
  for (const word of words) {
    const split = /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(word);
    if (split) {
      argv.push(...(env[split[1]!] ?? '').split(/\s+/).filter(Boolean));
      continue;
    }
    const unquoted = /^(["']).*\1$/.test(word) ? word.slice(1, -1) : word;
    argv.push(unquoted.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => env[name] ?? ''));
  }
  return argv;
}
