// S3: the Versity S3 Gateway (versitygw) with its posix backend, built from
// its Go module once per version into the cache and run on loopback. Buckets
// are directories of <stack dir>/s3/data, objects are files in them, and
// object metadata (content type, user metadata, ETag, checksums, ACLs) lives
// in the sidecar dir <stack dir>/s3/meta.
//
// Why versitygw (see the package README for the comparison): it builds with
// a plain `go install` in about a minute on 2 cores (its go.mod has no
// replace directives), it checks SigV4 signatures for real (a wrong secret is
// refused with SignatureDoesNotMatch, as AWS would), it accepts what
// @aws-sdk/client-s3 v3 sends by default (aws-chunked bodies with CRC32
// trailers), and it keeps objects as plain files.
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  StackError,
  ensureDir,
  tailFile,
  asActivity,
  type StartActivity,
  lastTiming,
  recordTiming,
  findExecutable,
  lastLines,
  runCommand,
  withLock,
  spawnDetached,
  httpOk,
} from '@jewelry/ops-kit';
import type { StackSettings } from '../settings';
import { componentDir, type Component } from '../component';
import { s3Request, type S3Credentials } from '../s3-request';

export const VERSITYGW_MODULE = 'github.com/versity/versitygw';

/**
 * The health endpoint: a path that cannot be a bucket (bucket names have no
 * '_'), so it never hides one.
 */
export const S3_HEALTH_PATH = '/_health';

function dir(s: StackSettings): string {
  return componentDir(s, 's3');
}

function dataDir(s: StackSettings): string {
  return join(dir(s), 'data');
}

function metaDir(s: StackSettings): string {
  return join(dir(s), 'meta');
}

/** <cache>/s3/versitygw-<version>/versitygw: one build per version, shared by every stack dir and clone. */
export function versitygwBinary(s: StackSettings): string {
  return join(s.cacheDir, 's3', `versitygw-${s.versitygwVersion}`, 'versitygw');
}

function credentials(s: StackSettings): S3Credentials {
  return { accessKeyId: s.s3AccessKeyId, secretAccessKey: s.s3SecretAccessKey, region: s.s3Region };
}

/** Key of the build's duration in the cache's timings (the next build's estimate). */
const BUILD_TIMING = 'versitygw-build';

/** The binary, built first when missing (shown as a long step, with the last build's duration as its estimate). */
async function buildVersitygw(s: StackSettings, progress: (message: string) => void, activity: StartActivity): Promise<string> {
  const binary = versitygwBinary(s);
  if (existsSync(binary)) return binary;
  const estimate = { estimateMs: lastTiming(s.cacheDir, BUILD_TIMING), estimateSource: 'the last build here' };
  return asActivity(activity, `s3: building versitygw ${s.versitygwVersion}`, estimate, () => buildVersitygwOnce(s, progress));
}

/**
 * `go install <module>/cmd/versitygw@<version>` into a temporary GOBIN, then
 * renamed into place, so a failed or interrupted build never looks finished.
 */
async function buildVersitygwOnce(s: StackSettings, progress: (message: string) => void): Promise<string> {
  const binary = versitygwBinary(s);
  const root = ensureDir(join(s.cacheDir, 's3'));
  const name = `versitygw-${s.versitygwVersion}`;
  return withLock(join(root, `${name}.lock`), 30 * 60_000, `versitygw ${s.versitygwVersion} build`, async () => {
    if (existsSync(binary)) return binary;
    const started = Date.now();
    if (!findExecutable('go')) {
      throw new StackError('Go not found: the S3 server (versitygw) is built from its Go module (go 1.25+ on PATH)', { component: 's3' });
    }
    const logFile = join(root, `${name}.build.log`);
    const tmp = join(root, `${name}.tmp-${process.pid}`);
    rmSync(tmp, { recursive: true, force: true });
    ensureDir(tmp);
    progress(`s3: building versitygw ${s.versitygwVersion} with go install (log: ${logFile})`);
    const pkg = `${VERSITYGW_MODULE}/cmd/versitygw@${s.versitygwVersion}`;
    // nice: the machines have 2 cores; the stack and the tests keep running meanwhile.
    const res = await runCommand(
      'nice',
      ['-n', '10', 'go', 'install', '-trimpath', `-ldflags=-s -w -X=main.Version=${s.versitygwVersion}`, pkg],
      {
        env: { ...process.env, GOBIN: tmp, GOFLAGS: '-buildvcs=false', GOWORK: 'off' },
        cwd: tmp,
        logFile,
        timeoutMs: 30 * 60_000,
      },
    );
    const built = join(tmp, 'versitygw');
    if (res.code !== 0 || !existsSync(built)) {
      rmSync(tmp, { recursive: true, force: true });
      throw new StackError(`go install ${pkg} failed (exit ${res.code ?? res.signal}): ${lastLines(res.output)}`, {
        component: 's3',
        logPath: logFile,
        logTail: tailFile(logFile, 15),
      });
    }
    rmSync(join(root, name), { recursive: true, force: true });
    renameSync(tmp, join(root, name));
    recordTiming(s.cacheDir, BUILD_TIMING, Date.now() - started);
    return binary;
  });
}

/** HEAD the bucket, PUT it when missing. Idempotent; the signed requests also prove our credentials work. */
async function ensureBucket(s: StackSettings): Promise<'created' | 'found'> {
  const endpoint = { host: s.host, port: s.s3Port };
  const path = `/${s.s3Bucket}`;
  const head = await s3Request(endpoint, 'HEAD', path, credentials(s));
  if (head.status === 200) return 'found';
  if (head.status === 403) {
    throw new StackError(
      `the S3 server on ${s.host}:${s.s3Port} refused S3_ACCESS_KEY_ID '${s.s3AccessKeyId}' and its secret (HEAD ${path}: 403); ` +
        `if it was started with other credentials, 'stack down s3' and up again`,
      { component: 's3' },
    );
  }
  if (head.status !== 404) {
    throw new StackError(
      `HEAD ${path} on ${s.host}:${s.s3Port}: unexpected status ${head.status}; if the server was started with other settings ` +
        `(S3_REGION, credentials), 'stack down s3' and up again`,
      { component: 's3' },
    );
  }
  // us-east-1 is S3's default location; any other region is named in the request, as S3 requires.
  const body =
    s.s3Region === 'us-east-1'
      ? ''
      : `<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LocationConstraint>${s.s3Region}</LocationConstraint></CreateBucketConfiguration>`;
  const put = await s3Request(endpoint, 'PUT', path, credentials(s), body);
  // 409 BucketAlreadyOwnedByYou: a parallel `up` made it first.
  if (put.status === 200 || put.code === 'BucketAlreadyOwnedByYou') return 'created';
  throw new StackError(
    `creating bucket '${s.s3Bucket}' failed: ${put.status} ${put.code ?? ''} ${put.message ?? put.body.slice(0, 200)}`.trim(),
    {
      component: 's3',
    },
  );
}

export const s3: Component = {
  name: 's3',
  installKind: 'build',
  // A cold start builds versitygw from source first (about a minute here, more on a cold module cache).
  startTimeoutMs: 30 * 60_000,
  endpoint: (s) => `${s.host}:${s.s3Port}`,
  ports: (s) => [{ port: s.s3Port, purpose: 'S3 API', setting: 'S3_PORT' }],
  pidFile: (s) => join(dir(s), 'versitygw.pid'),
  logFile: (s) => join(dir(s), 'versitygw.log'),
  // Our data dir is on its command line: a versitygw of another stack dir is not ours.
  processMarker: (s) => dataDir(s),

  async install(ctx) {
    await buildVersitygw(ctx.settings, ctx.progress, ctx.activity);
  },

  async start(ctx) {
    const s = ctx.settings;
    const binary = await buildVersitygw(s, ctx.progress, ctx.activity);
    const d = ensureDir(dir(s));
    ensureDir(dataDir(s));
    ensureDir(metaDir(s));
    try {
      spawnDetached({
        command: binary,
        args: [
          '--port',
          `${s.host}:${s.s3Port}`,
          '--region',
          s.s3Region,
          '--health',
          S3_HEALTH_PATH,
          // Off by default in versitygw: every request would pay for a new connection.
          '--keep-alive',
          // One line per request on stdout otherwise; the log is for errors.
          '--quiet',
          'posix',
          // Metadata in files rather than extended attributes: works on any file system (tmpfs, overlayfs, NFS).
          '--sidecar',
          metaDir(s),
          dataDir(s),
        ],
        // A clean environment: none of the caller's VGW_* or ROOT_* variables reach it.
        // The credentials travel here rather than on the command line, where `ps` would show the secret.
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: d,
          ROOT_ACCESS_KEY_ID: s.s3AccessKeyId,
          ROOT_SECRET_ACCESS_KEY: s.s3SecretAccessKey,
        },
        cwd: d,
        logFile: this.logFile(s),
        pidFile: this.pidFile(s),
      });
    } catch (err) {
      throw new StackError(`cannot start ${binary}: ${(err as Error).message}`, {
        component: 's3',
        logPath: this.logFile(s),
        logTail: tailFile(this.logFile(s), 15),
      });
    }
  },

  isHealthy: (ctx) => httpOk(`http://${ctx.settings.host}:${ctx.settings.s3Port}${S3_HEALTH_PATH}`),

  async afterHealthy(ctx) {
    const outcome = await ensureBucket(ctx.settings);
    if (outcome === 'created') ctx.progress(`s3: bucket '${ctx.settings.s3Bucket}' created`);
  },
};
