// The contract every stack component fulfils; stack.ts drives them all the
// same way (lock, "already running?", port check, install, start, wait, stop).
import { join } from 'node:path';
import type { StartActivity } from '@jewelry/ops-kit';
import type { StackSettings } from './settings';

/**
 * In start order (`down` goes backwards): the services' own dependencies
 * first (RabbitMQ, PostgreSQL, S3: nothing of ours feeds them), then the
 * telemetry path (the collector exports to Elasticsearch, Prometheus scrapes
 * the collector and sends alerts to Alertmanager, which starts first). `stack up` with no names brings all of them up.
 */
export const COMPONENT_NAMES = ['rabbitmq', 'postgres', 's3', 'elasticsearch', 'collector', 'alertmanager', 'prometheus'] as const;
export type ComponentName = (typeof COMPONENT_NAMES)[number];

export function isComponentName(name: string): name is ComponentName {
  return (COMPONENT_NAMES as readonly string[]).includes(name);
}

export interface ComponentContext {
  readonly settings: StackSettings;
  /** Progress for a person watching a slow step (download, build); the CLI prints it to stderr. */
  readonly progress: (message: string) => void;
  /** A long step (build, download, install): shown while it runs, with its elapsed time and estimate. */
  readonly activity: StartActivity;
}

export interface PortUse {
  readonly port: number;
  /** e.g. "AMQP", printed in the port-taken message. */
  readonly purpose: string;
  /** Which env setting moves it. */
  readonly setting: string;
}

export interface Component {
  readonly name: ComponentName;
  /** host:port clients use, for the one-line report. */
  endpoint(settings: StackSettings): string;
  /** Every port it binds; each must be free before a start. */
  ports(settings: StackSettings): PortUse[];
  /** Pid of the running process, written by us or by the component itself. */
  pidFile(settings: StackSettings): string;
  /** Where a failed start should send a person. */
  logFile(settings: StackSettings): string;
  /** A substring of the process's command line, so a recycled pid is not mistaken for ours. */
  processMarker(settings: StackSettings): string;
  /** Generous: includes a cold download or build. */
  readonly startTimeoutMs: number;
  /**
   * What its install step waits on, so that `stack up` runs the installs of
   * several components side by side where they do not compete: 'apt' (one
   * dpkg at a time), 'build' (a Go build: one at a time, each takes every
   * core), 'download'. Steps of different kinds run at once (install-queue.ts).
   */
  readonly installKind: 'apt' | 'build' | 'download';
  /** Installs (or finds) what is missing; fast when everything is there. */
  install(ctx: ComponentContext): Promise<void>;
  /** Launches the process; returns once it is launched, not once it is healthy. */
  start(ctx: ComponentContext): Promise<void>;
  /** One quick health probe. */
  isHealthy(ctx: ComponentContext): Promise<boolean>;
  /**
   * Runs once the component is healthy, on every `up` (also when it was already
   * running), inside the component's lock: brings what lives inside it up to
   * date (Elasticsearch: templates and write aliases). Idempotent, and quick
   * when there is nothing to do.
   */
  afterHealthy?(ctx: ComponentContext): Promise<void>;
  /**
   * A component of several processes (an Elasticsearch cluster, an agent and its
   * gateways): starts those that died while the main one (the pid file's) kept
   * running. Runs on `up` when the component is already running, before its
   * health is checked.
   */
  repair?(ctx: ComponentContext): Promise<void>;
  /**
   * The processes of a multi-process component other than the pid file's (an
   * Elasticsearch cluster's other nodes, an agent's gateways): `down` stops
   * them after the main one — and also when the main one is not running, so a
   * half-started component leaves nothing behind. Returns how many it stopped.
   */
  stopOthers?(ctx: ComponentContext): Promise<number>;
  /** The component's own graceful stop, when it has one; stack.ts falls back to signals. */
  stop?(ctx: ComponentContext, pid: number): Promise<void>;
}

/** <stack dir>/<component>: data, config, logs and the pid file of one component. */
export function componentDir(settings: StackSettings, name: ComponentName): string {
  return join(settings.stackDir, name);
}
