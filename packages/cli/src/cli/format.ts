// The one-line-per-component reports the CLI prints.
import type { ComponentDownResult, ComponentStatus, ComponentUpResult } from '../stack/stack';

const NAME = 13; // "elasticsearch"
const ENDPOINT = 16; // "127.0.0.1:13133 "

export function formatUp(r: ComponentUpResult): string {
  const how = r.startedByThisCall ? `started, ${r.seconds.toFixed(1)}s` : 'already running';
  return `${r.name.padEnd(NAME)}  up  ${r.endpoint.padEnd(ENDPOINT)}  (${how})`;
}

export function formatDown(r: ComponentDownResult): string {
  const how = r.stoppedByThisCall ? `was pid ${r.pid}, ${r.seconds.toFixed(1)}s` : 'was not running';
  return `${r.name.padEnd(NAME)}  stopped  (${how})`;
}

export function formatStatus(r: ComponentStatus): string {
  const pid = r.pid === null ? '-' : `pid ${r.pid}`;
  let health = '';
  if (r.state === 'running') health = r.healthy ? 'healthy' : 'NOT healthy';
  else if (r.portTakenBy) {
    health = `port ${r.portTakenBy.port} taken by ${r.portTakenBy.pid ? `pid ${r.portTakenBy.pid} (${r.portTakenBy.command})` : 'another process'}`;
  }
  return `${r.name.padEnd(NAME)}  ${r.state.padEnd(7)}  ${pid.padEnd(10)}  ${r.endpoint.padEnd(ENDPOINT)}  ${health}`.trimEnd();
}
