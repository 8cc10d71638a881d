// `GET /` for the stack's Elasticsearch. The integ-test distribution lacks the
// module that serves it (it answers 405), and clients read it to learn what
// they talk to: the collector's elasticsearch receiver asks on every scrape,
// for the version that gates some ST-4 metrics and for the cluster name it
// puts on the cluster metrics -- and logged an error every 30 s without it.
//
// The endpoint is a small plugin (es-plugin/root-endpoint/RootEndpointPlugin.java),
// compiled once per Elasticsearch version against that version's own jars with
// the JDK's javac, cached, and put into the node's plugins/ directory before
// it starts. Without javac (a JRE only) or when the source does not compile
// against another ES_VERSION, the node starts without it and `stack up` says so.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDir, findExecutable, lastLines, runCommand, withLock } from '@jewelry/ops-kit';
import type { StackSettings } from '../settings';

export const ROOT_ENDPOINT_PLUGIN = 'jewelry-root-endpoint';
const CLASS_NAME = 'jewelry.elasticsearch.root.RootEndpointPlugin';

/** The plugin's source, shipped with this package (es-plugin/ beside dist/, in @jewelry/stack). */
export function rootEndpointSource(): string {
  return join(__dirname, '..', '..', 'es-plugin', 'root-endpoint', 'RootEndpointPlugin.java');
}

function descriptor(esVersion: string): string {
  return [
    'description=GET / (name, cluster, version) for the minimal distribution the jewelry stack runs',
    'version=1.0.0',
    `name=${ROOT_ENDPOINT_PLUGIN}`,
    `classname=${CLASS_NAME}`,
    'java.version=17',
    `elasticsearch.version=${esVersion}`,
    '',
  ].join('\n');
}

export type RootEndpointOutcome = { installed: true } | { installed: false; reason: string };

/**
 * Puts the plugin into `<home>/plugins/` (the node's runtime copy of the
 * distribution), compiling it first when the cache has no build of this
 * source for this version. Never throws: a node without `GET /` still works.
 */
export async function installRootEndpoint(s: StackSettings, home: string, javaHome: string): Promise<RootEndpointOutcome> {
  try {
    const source = readFileSync(rootEndpointSource(), 'utf8');
    const hash = createHash('sha256').update(source).update(s.esVersion).digest('hex').slice(0, 16);
    const target = join(home, 'plugins', ROOT_ENDPOINT_PLUGIN);
    const stamp = join(target, '.source-hash');
    if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return { installed: true };
    const jar = await buildJar(s, source, hash, javaHome);
    if (typeof jar !== 'string') return jar;
    rmSync(target, { recursive: true, force: true });
    ensureDir(target);
    copyFileSync(jar, join(target, `${ROOT_ENDPOINT_PLUGIN}.jar`));
    writeFileSync(join(target, 'plugin-descriptor.properties'), descriptor(s.esVersion));
    writeFileSync(stamp, hash);
    return { installed: true };
  } catch (err) {
    return { installed: false, reason: (err as Error).message };
  }
}

async function buildJar(s: StackSettings, source: string, hash: string, javaHome: string): Promise<string | RootEndpointOutcome> {
  const root = ensureDir(join(s.cacheDir, 'elasticsearch', s.esVersion));
  const jar = join(root, `${ROOT_ENDPOINT_PLUGIN}-${hash}.jar`);
  if (existsSync(jar)) return jar;
  const javac = [join(javaHome, 'bin', 'javac'), findExecutable('javac')].find((p): p is string => Boolean(p && existsSync(p)));
  const jarTool = [join(javaHome, 'bin', 'jar'), findExecutable('jar')].find((p): p is string => Boolean(p && existsSync(p)));
  if (!javac || !jarTool) return { installed: false, reason: 'no javac here (a JRE only): install a JDK 17+ for it' };
  const lib = join(s.cacheDir, 'elasticsearch', s.esVersion, 'dist', `elasticsearch-${s.esVersion}`, 'lib');
  return withLock(join(root, `${ROOT_ENDPOINT_PLUGIN}.lock`), 5 * 60_000, 'elasticsearch root endpoint build', async () => {
    if (existsSync(jar)) return jar;
    const work = join(root, `${ROOT_ENDPOINT_PLUGIN}.tmp-${process.pid}`);
    rmSync(work, { recursive: true, force: true });
    const classes = ensureDir(join(work, 'classes'));
    const logFile = join(root, `${ROOT_ENDPOINT_PLUGIN}.build.log`);
    try {
      const file = join(work, 'RootEndpointPlugin.java');
      writeFileSync(file, source);
      const compiled = await runCommand(javac, ['-nowarn', '--release', '17', '-d', classes, '-cp', `${lib}/*`, file], {
        logFile,
        timeoutMs: 5 * 60_000,
      });
      if (compiled.code !== 0)
        return {
          installed: false,
          reason: `it does not compile against Elasticsearch ${s.esVersion}: ${lastLines(compiled.output)} (log: ${logFile})`,
        };
      const packed = await runCommand(jarTool, ['cf', join(work, 'plugin.jar'), '-C', classes, '.'], { logFile, timeoutMs: 60_000 });
      if (packed.code !== 0) return { installed: false, reason: `jar failed: ${lastLines(packed.output)} (log: ${logFile})` };
      renameSync(join(work, 'plugin.jar'), jar);
      return jar;
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
}
