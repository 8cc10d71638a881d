import { AsyncLocalStorage } from 'node:async_hooks';
import { CONTEXT_FRAME_FLAG, contextFrameHint } from '../src/diagnostics/context-frame-hint';

// Stand-ins for the two AsyncLocalStorage implementations Node 22 can have.
class PromiseHookStorage {
  _propagate(): void {}
}
class FrameStorage {}

describe('the start-up hint for Node 22 without AsyncContextFrame (issue 16)', () => {
  test.each(['22.7.0', '22.23.3', '23.11.1'])('Node %s on promise hooks: the hint names the flag and where to put it', (version) => {
    const hint = contextFrameHint(version, PromiseHookStorage);
    expect(hint).toContain(`Node ${version}`);
    expect(hint).toContain(CONTEXT_FRAME_FLAG);
    expect(hint).toContain('NODE_OPTIONS');
  });

  test.each(['22.7.0', '23.11.1'])('Node %s with the flag (AsyncContextFrame): no hint', (version) => {
    expect(contextFrameHint(version, FrameStorage)).toBeUndefined();
  });

  test.each(['20.20.2', '22.6.0', '24.21.0', '25.2.0'])('Node %s: no hint (it does not know the flag, or refuses it)', (version) => {
    expect(contextFrameHint(version, PromiseHookStorage)).toBeUndefined();
  });

  test("this process's own Node and AsyncLocalStorage: a hint exactly on Node 22.7 to 23 on promise hooks", () => {
    const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
    const flagKnown = (major === 22 && minor >= 7) || major === 23;
    const onHooks = '_propagate' in AsyncLocalStorage.prototype;
    expect(contextFrameHint() !== undefined).toBe(flagKnown && onHooks);
  });
});
