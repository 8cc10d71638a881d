// SEC-3: certificates for the local stack in security mode. A local CA and one
// certificate for 127.0.0.1/localhost, made once by the Elasticsearch
// distribution's own tool (bin/elasticsearch-certutil, PEM) into
// <stack dir>/security/tls; the node serves HTTPS with it and the collector
// its OTLP receivers. Real certificates replace them through settings
// (JEWELRY_ES_TLS_CERT/_KEY/_CA, JEWELRY_OTLP_TLS_CERT/_KEY).
import { chmodSync, copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { StackError, lastLines, runCommand } from '@jewelry/ops-kit';
import type { StackSettings } from '../settings';
import { securityDir } from './credentials';

export interface TlsFiles {
  /** PEM: the CA clients verify the server with. */
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
  /** True when these are the generated local files, not the settings' own. */
  readonly generated: boolean;
}

export function localTlsDir(s: StackSettings): string {
  return join(securityDir(s), 'tls');
}

/** The generated files (whether or not they exist yet). */
export function localTlsFiles(s: StackSettings): TlsFiles {
  const d = localTlsDir(s);
  return { ca: join(d, 'ca.crt'), cert: join(d, 'node.crt'), key: join(d, 'node.key'), generated: true };
}

/** What the node serves HTTPS with: the settings' files, else the generated ones. */
export function esTlsFiles(s: StackSettings): TlsFiles {
  if (s.esTlsCert && s.esTlsKey && s.esTlsCa) return { ca: s.esTlsCa, cert: s.esTlsCert, key: s.esTlsKey, generated: false };
  return localTlsFiles(s);
}

/** What the collector's OTLP receivers serve: JEWELRY_OTLP_TLS_CERT/_KEY, else the node's certificate (same CA). */
export function otlpTlsFiles(s: StackSettings): { cert: string; key: string } {
  if (s.otlpTlsCert && s.otlpTlsKey) return { cert: s.otlpTlsCert, key: s.otlpTlsKey };
  const es = esTlsFiles(s);
  return { cert: es.cert, key: es.key };
}

export interface CertutilContext {
  /** The distribution's home (bin/elasticsearch-certutil). */
  readonly esHome: string;
  readonly env: NodeJS.ProcessEnv;
  readonly logFile: string;
}

/**
 * Makes the local CA and node certificate unless they exist (or the settings
 * name real files). Two certutil runs, ~3 s each on a 2-core machine; once per
 * stack dir.
 */
export async function ensureLocalCertificates(s: StackSettings, ctx: CertutilContext): Promise<TlsFiles> {
  const files = esTlsFiles(s);
  if (!files.generated) {
    for (const f of [files.ca, files.cert, files.key]) {
      if (!existsSync(f)) throw new StackError(`TLS file ${f} (JEWELRY_ES_TLS_*) does not exist`);
    }
    return files;
  }
  if ([files.ca, files.cert, files.key].every((f) => existsSync(f))) return files;
  const dir = localTlsDir(s);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const work = join(dir, `work-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { mode: 0o700 });
  const certutil = join(ctx.esHome, 'bin', 'elasticsearch-certutil');
  // Absolute paths only: certutil resolves relative ones against its own config dir.
  const run = async (args: string[]): Promise<void> => {
    const res = await runCommand(certutil, args, { env: ctx.env, timeoutMs: 120_000, logFile: ctx.logFile });
    if (res.code !== 0) {
      throw new StackError(`elasticsearch-certutil ${args[0]} failed (exit ${res.code ?? res.signal}): ${lastLines(res.output, 3)}`, {
        logPath: ctx.logFile,
      });
    }
  };
  const unzip = async (zip: string): Promise<void> => {
    const res = await runCommand('unzip', ['-o', '-q', zip, '-d', work], { timeoutMs: 60_000, logFile: ctx.logFile });
    if (res.code !== 0) throw new StackError(`unzip ${zip} failed: ${lastLines(res.output, 3)}`, { logPath: ctx.logFile });
  };
  try {
    await run(['ca', '--pem', '--silent', '--days', '3650', '--ca-dn', 'CN=jewelry-otel local CA', '--out', join(work, 'ca.zip')]);
    await unzip(join(work, 'ca.zip'));
    await run([
      'cert',
      '--pem',
      '--silent',
      '--days',
      '825',
      '--ca-cert',
      join(work, 'ca', 'ca.crt'),
      '--ca-key',
      join(work, 'ca', 'ca.key'),
      '--name',
      'node',
      '--ip',
      '127.0.0.1',
      '--dns',
      'localhost',
      '--out',
      join(work, 'node.zip'),
    ]);
    await unzip(join(work, 'node.zip'));
    copyFileSync(join(work, 'ca', 'ca.key'), join(dir, 'ca.key'));
    copyFileSync(join(work, 'node', 'node.key'), files.key);
    copyFileSync(join(work, 'node', 'node.crt'), files.cert);
    // The CA certificate last: its presence says the set is complete.
    copyFileSync(join(work, 'ca', 'ca.crt'), files.ca);
    for (const f of [join(dir, 'ca.key'), files.key]) chmodSync(f, 0o600);
    for (const f of [files.cert, files.ca]) chmodSync(f, 0o644);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return files;
}
