import { AsyncLocalStorage } from 'node:async_hooks';

/** The flag that gives Node 22.7 to 23 the AsyncLocalStorage Node 24 has by default. */
export const CONTEXT_FRAME_FLAG = '--experimental-async-context-frame';

/**
 * A line for the start-up log where the service pays for context propagation
 * on every promise and one flag would stop it: Node 22.7 to 23 started
 * without AsyncContextFrame. There AsyncLocalStorage (the SDK's context
 * manager) runs a promise hook on every promise the service makes, and every
 * await takes V8's slow path: on the Shop API's order path under the
 * distribution, 1868 µs of CPU per order without the flag and 1736 with it
 * (issue 16, README "Node 22").
 * Undefined elsewhere: Node 24 has AsyncContextFrame by default and refuses
 * the flag, Node 20 and 22.0–22.6 do not know it.
 */
export function contextFrameHint(
  version: string = process.versions.node,
  storage: { prototype: object } = AsyncLocalStorage,
): string | undefined {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (!((major === 22 && minor >= 7) || major === 23)) return undefined;
  // The promise-hook implementation has `_propagate`; the AsyncContextFrame one does not.
  if (!('_propagate' in storage.prototype)) return undefined;
  return `Node ${version} propagates context with a promise hook on every promise the service makes; start it with ${CONTEXT_FRAME_FLAG} (in NODE_OPTIONS, beside --require @jewelry/otel) for the AsyncLocalStorage Node 24 has by default, without that cost (see @jewelry/otel's README, "Node 22")`;
}
