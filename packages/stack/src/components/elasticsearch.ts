// Elasticsearch from the Maven artifact org.elasticsearch.distribution.integ-test-zip
// (a minimal build: core server plus x-pack-core and x-pack-security), run
// with the machine's JDK as an unprivileged user.
import {
  chmodSync,
  chownSync,
  copyFileSync,
  cpSync,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import {
  StackError,
  ensureDir,
  ensureOwnedDir,
  tailFile,
  findExecutable,
  lastLines,
  runCommand,
  withLock,
  asActivity,
  describeAmount,
  lastTiming,
  recordTiming,
  waitFor,
  isPortFree,
  portOwner,
  livePid,
  stopPidFiles,
} from '@jewelry/ops-kit';
import type { StackSettings } from '../settings';
import { componentDir, type Component } from '../component';
import { assertWritableBy, ensureMavenArtifact, ensureSystemUser, isRoot, unzipOnce, type Account } from '../install';
import { buildEsRoles, setupElasticsearch, setupSummary, writeFileRealm, type EsClient } from '@jewelry/elasticsearch';
import { indexSettingsFrom } from '../index-settings';
import { stackEsClient } from '../es-clients';
import { installRootEndpoint } from './elasticsearch-root-endpoint';
import { ES_CERTS_SUBDIR, ES_USER, elasticsearchYml } from './elasticsearch-config';
import { assertNoLargerCluster, esNodes, isNewCluster, type EsNode } from './elasticsearch-cluster';
import { ensureLocalCertificates } from '../security/tls';
import { stackRealmUsers } from '../security/stack-security';

const MIN_JAVA = 17;

/** Size of the integ-test zip of the default version, for the download's progress before its first download here. */
const ZIP_BYTES: Readonly<Record<string, number>> = { '8.19.21': 106_871_955 };

function dir(s: StackSettings): string {
  return componentDir(s, 'elasticsearch');
}

/** The unzipped distribution in the cache, one per version. */
function cachedHome(s: StackSettings): string {
  return join(s.cacheDir, 'elasticsearch', s.esVersion, 'dist', `elasticsearch-${s.esVersion}`);
}

/**
 * The distribution the node runs from: a hard-linked replica of the cached one
 * inside the stack dir. Why not run the cache directly: the default cache dir
 * sits under root's home (mode 0700), which the unprivileged ES user cannot
 * enter. Hard links cost no space and take milliseconds.
 */
function runtimeHome(s: StackSettings): string {
  return join(s.stackDir, 'elasticsearch-dist', s.esVersion);
}

export function findJavaHome(env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const candidate of [env.ES_JAVA_HOME, env.JAVA_HOME]) {
    if (candidate && existsSync(join(candidate, 'bin', 'java'))) return candidate;
  }
  const java = findExecutable('java', env);
  if (!java) return undefined;
  // /usr/bin/java -> /etc/alternatives/java -> /usr/lib/jvm/<jdk>/bin/java
  return dirname(dirname(realpathSync(java)));
}

export async function javaMajorVersion(javaHome: string): Promise<number | undefined> {
  const res = await runCommand(join(javaHome, 'bin', 'java'), ['-XX:-UsePerfData', '-version'], { timeoutMs: 30_000 });
  const m = /version "(\d+)(?:\.(\d+))?/.exec(res.output);
  if (!m?.[1]) return undefined;
  const major = Number(m[1]);
  // Java 8 and older report "1.8.0".
  return major === 1 && m[2] ? Number(m[2]) : major;
}

async function requireJava(s: StackSettings): Promise<string> {
  const javaHome = findJavaHome();
  const hint = `install a JDK ${MIN_JAVA}+ (apt-get install -y openjdk-17-jre-headless) or set ES_JAVA_HOME`;
  if (!javaHome) throw new StackError(`Java not found: Elasticsearch ${s.esVersion} needs Java ${MIN_JAVA}+; ${hint}`);
  const major = await javaMajorVersion(javaHome);
  if (major === undefined || major < MIN_JAVA) {
    throw new StackError(`Java in ${javaHome} is version ${major ?? 'unknown'}; Elasticsearch ${s.esVersion} needs ${MIN_JAVA}+; ${hint}`);
  }
  return javaHome;
}

async function runAs(): Promise<Account | undefined> {
  return isRoot() ? ensureSystemUser(ES_USER) : undefined;
}

function linkRuntimeHome(s: StackSettings): string {
  const target = runtimeHome(s);
  if (existsSync(join(target, 'bin', 'elasticsearch'))) return target;
  const tmp = `${target}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  ensureDir(dirname(tmp));
  try {
    linkTree(cachedHome(s), tmp);
  } catch {
    // Cache and stack dir on different file systems: copy instead.
    rmSync(tmp, { recursive: true, force: true });
    cpSync(cachedHome(s), tmp, { recursive: true, preserveTimestamps: true });
  }
  rmSync(target, { recursive: true, force: true });
  renameSync(tmp, target);
  return target;
}

function linkTree(from: string, to: string): void {
  mkdirSync(to, { mode: 0o755 });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const src = join(from, entry.name);
    const dst = join(to, entry.name);
    if (entry.isDirectory()) linkTree(src, dst);
    else if (entry.isSymbolicLink()) symlinkSync(readlinkSync(src), dst);
    else linkSync(src, dst);
  }
}

function esEnv(s: StackSettings, javaHome: string, node: EsNode = esNodes(s)[0]!): NodeJS.ProcessEnv {
  const paths = node.paths;
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    LANG: 'C.UTF-8',
    HOME: paths.tmp,
    ES_PATH_CONF: paths.config,
    ES_JAVA_HOME: javaHome,
    ES_JAVA_OPTS: s.esJavaOpts,
    ES_TMPDIR: paths.tmp,
    // The launcher JVM (not the node) would otherwise leave a final-flags* dir in /tmp on every start.
    CLI_JAVA_OPTS: `-Djava.io.tmpdir=${paths.tmp} -XX:-UsePerfData`,
  };
}

/** Yellow or better, with every node of the cluster in it. */
const HEALTH_QUERY = (s: StackSettings): string => `_cluster/health?wait_for_status=yellow&wait_for_nodes=${s.esNodes}&timeout=1s`;

export async function esClusterHealth(s: StackSettings): Promise<string | undefined> {
  // Plain, or in security mode https with the stack's CA as the bootstrap superuser.
  let client: EsClient | undefined;
  try {
    client = stackEsClient(s, 3000);
    const res = await client.get<{ status?: string }>(`/${HEALTH_QUERY(s)}`, { allow: [401, 403, 408, 503] });
    return res.status === 200 ? res.body.status : undefined;
  } catch {
    return undefined;
  } finally {
    await client?.close();
  }
}

/**
 * Security mode, before the node starts: the HTTPS certificate (generated once
 * or the settings' files) copied under config/ (the node reads files there
 * only), and the users and roles in the file realm (config/users,
 * config/users_roles, config/roles.yml).
 */
async function prepareSecurity(s: StackSettings, home: string, javaHome: string, node: EsNode, logFile: string): Promise<void> {
  const configDir = node.paths.config;
  const env = esEnv(s, javaHome, node);
  const tls = await ensureLocalCertificates(s, { esHome: home, env, logFile });
  const certs = ensureDir(join(configDir, ES_CERTS_SUBDIR));
  copyFileSync(tls.cert, join(certs, 'http.crt'));
  copyFileSync(tls.key, join(certs, 'http.key'));
  copyFileSync(tls.ca, join(certs, 'ca.crt'));
  chmodSync(join(certs, 'http.key'), 0o600);

  // SEC-2: the bootstrap superuser and our roles and users in the file realm (the
  // native realm cannot work on this build: see security/file-realm.ts), so the
  // collector's user exists before the collector starts. Every node has its own copy.
  const { users } = stackRealmUsers(s);
  writeFileRealm(configDir, buildEsRoles(), users);
}

const ES_MARKER = 'org.elasticsearch';

/** The nodes whose process is not running (all of them on a first start). */
function stoppedNodes(s: StackSettings): EsNode[] {
  return esNodes(s).filter((n) => livePid(n.pidFile, ES_MARKER) === undefined);
}

/**
 * Writes each node's config and launches them all at once: a node of a new
 * cluster waits for the others to elect a master, so one after the other would
 * cost each node that wait. Node 1's ports were checked by stack.ts; the
 * others' are checked here.
 */
async function startNodes(s: StackSettings, nodes: readonly EsNode[]): Promise<void> {
  if (nodes.length === 0) return;
  assertNoLargerCluster(s);
  const javaHome = await requireJava(s);
  const account = await runAs();
  const home = linkRuntimeHome(s);
  const d = ensureDir(dir(s));
  const bootstrap = isNewCluster(s);
  for (const node of nodes) {
    if (node.index > 1) await ensureNodePortsFree(s, node);
    ensureDir(node.dir);
    const paths = node.paths;
    if (!existsSync(join(paths.config, 'jvm.options'))) {
      // Start from the distribution's own config files (jvm.options, log4j2.properties, ...).
      cpSync(join(home, 'config'), paths.config, { recursive: true });
    }
    writeFileSync(join(paths.config, 'elasticsearch.yml'), elasticsearchYml(s, paths, node, bootstrap));
    if (s.esSecurity) await prepareSecurity(s, home, javaHome, node, join(d, 'security-setup.log'));
    for (const sub of [paths.config, paths.data, paths.logs, paths.tmp]) ensureOwnedDir(sub, account);
    // Only the node's own dir, not its siblings: the pid file is written there by ES.
    if (account) chownSync(node.dir, account.uid, account.gid);
    await assertWritableBy(account, node.dir);
    rmSync(node.pidFile, { force: true });
  }
  await Promise.all(nodes.map((node) => launchNode(s, node, javaHome, account)));
}

async function ensureNodePortsFree(s: StackSettings, node: EsNode): Promise<void> {
  for (const [port, what, setting] of [
    [node.httpPort, 'HTTP', 'ES_HTTP_PORTS'],
    [node.transportPort, 'transport', 'ES_TRANSPORT_PORTS'],
  ] as const) {
    if (await isPortFree(s.host, port)) continue;
    const owner = portOwner(port);
    const who = owner ? `pid ${owner.pid} (${owner.command})` : 'another process';
    throw new StackError(
      `elasticsearch: port ${port} (${node.name} ${what}) on ${s.host} is taken by ${who}, which this stack did not start; ` +
        `stop it or move the node with ${setting}=<port,port,…>`,
      { component: 'elasticsearch' },
    );
  }
}

async function launchNode(s: StackSettings, node: EsNode, javaHome: string, account: Account | undefined): Promise<void> {
  const launchLog = join(node.dir, 'launch.log');
  // -d: the launcher returns once the node is up (or has failed), and -p writes the server JVM's pid.
  const res = await runCommand(join(runtimeHome(s), 'bin', 'elasticsearch'), ['-d', '-p', node.pidFile], {
    env: esEnv(s, javaHome, node),
    cwd: node.dir,
    uid: account?.uid,
    gid: account?.gid,
    timeoutMs: 300_000,
    logFile: launchLog,
  });
  const logFile = node.logFile;
  if (res.code !== 0) {
    throw new StackError(`elasticsearch node ${node.name} failed to start (exit ${res.code ?? res.signal}): ${lastLines(res.output)}`, {
      component: 'elasticsearch',
      logPath: existsSync(logFile) ? logFile : launchLog,
      logTail: tailFile(existsSync(logFile) ? logFile : launchLog, 15),
    });
  }
  await waitFor(`elasticsearch: no pid file of ${node.name} after the launcher returned`, async () => existsSync(node.pidFile), {
    timeoutMs: 30_000,
    component: 'elasticsearch',
    logPath: logFile,
    logTail: () => tailFile(logFile, 15),
  });
}

export const elasticsearch: Component = {
  name: 'elasticsearch',
  installKind: 'download',
  // A cold start downloads ~100 MB before the JVM even starts.
  startTimeoutMs: 900_000,
  endpoint: (s) => `${s.host}:${s.esPort}`,
  ports: (s) => [
    { port: s.esPort, purpose: 'Elasticsearch HTTP', setting: 'ES_PORT' },
    { port: s.esTransportPort, purpose: 'Elasticsearch transport', setting: 'ES_TRANSPORT_PORT' },
  ],
  pidFile: (s) => join(dir(s), 'elasticsearch.pid'),
  logFile: (s) => esNodes(s)[0]!.logFile,
  processMarker: () => ES_MARKER,

  async install(ctx) {
    const s = ctx.settings;
    await requireJava(s);
    if (existsSync(join(cachedHome(s), 'bin', 'elasticsearch'))) return;
    const versionDir = ensureDir(join(s.cacheDir, 'elasticsearch', s.esVersion));
    // The cache is shared by every stack dir (and clone): one download at a time.
    await withLock(join(versionDir, 'install.lock'), 30 * 60_000, `elasticsearch ${s.esVersion} download`, async () => {
      if (existsSync(join(cachedHome(s), 'bin', 'elasticsearch'))) return;
      const logFile = join(versionDir, 'download.log');
      const coords = `org.elasticsearch.distribution.integ-test-zip:elasticsearch:${s.esVersion}:zip`;
      ctx.progress(`downloading Elasticsearch ${s.esVersion} with mvn (log: ${logFile})`);
      const sizeKey = `elasticsearch-${s.esVersion}-zip-bytes`;
      const total = lastTiming(s.cacheDir, sizeKey) ?? ZIP_BYTES[s.esVersion];
      const zip = await asActivity(ctx.activity, `downloading Elasticsearch ${s.esVersion}`, {}, async (step) => {
        const file = await ensureMavenArtifact(coords, `elasticsearch-${s.esVersion}.zip`, versionDir, logFile, (bytes) =>
          step.update(bytes > 0 ? describeAmount(bytes, total) : 'mvn resolves its plugin', bytes > 0 && total ? bytes / total : undefined),
        );
        recordTiming(s.cacheDir, sizeKey, statSync(file).size);
        step.update('unzipping');
        await unzipOnce(file, join(versionDir, 'dist'), logFile);
        return file;
      });
      if (!existsSync(join(cachedHome(s), 'bin', 'elasticsearch'))) {
        throw new StackError(`${zip} did not contain elasticsearch-${s.esVersion}/bin/elasticsearch`, { logPath: logFile });
      }
    });
  },

  async start(ctx) {
    const s = ctx.settings;
    const root = await installRootEndpoint(s, linkRuntimeHome(s), await requireJava(s));
    if (!root.installed)
      ctx.progress(`elasticsearch: starts without GET / (the collector's receiver will log an error every scrape): ${root.reason}`);
    await startNodes(s, stoppedNodes(s));
  },

  // A cluster node that died (killed, crashed) while node 1 kept running comes back on the next `up`.
  async repair(ctx) {
    const dead = stoppedNodes(ctx.settings);
    if (dead.length === 0) return;
    ctx.progress(`elasticsearch: starting ${dead.map((n) => n.name).join(', ')} again`);
    await startNodes(ctx.settings, dead);
  },

  // Nodes 2…, after node 1 (the pid file's).
  stopOthers: (ctx) =>
    stopPidFiles(
      esNodes(ctx.settings)
        .slice(1)
        .map((n) => n.pidFile),
      ES_MARKER,
    ),

  async isHealthy(ctx) {
    const status = await esClusterHealth(ctx.settings);
    return status === 'green' || status === 'yellow';
  },

  // `stack up` leaves a cluster the collector can write to: our templates and
  // every known service's write aliases (`es setup`). A second run reads a few
  // hashes and finds nothing to do. Problems (a plain index where an alias
  // belongs) are reported, not fatal: the other families still work.
  async afterHealthy(ctx) {
    const s = ctx.settings;
    const client = stackEsClient(s);
    const report = await setupElasticsearch(client, { index: indexSettingsFrom(s) }).finally(() => client.close());
    const summary = setupSummary(report);
    if (summary) ctx.progress(`elasticsearch: ${summary}`);
    for (const problem of report.problems) ctx.progress(`elasticsearch: ${problem}`);
  },
};
