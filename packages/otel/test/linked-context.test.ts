import { ROOT_CONTEXT, createContextKey, type Context } from '@opentelemetry/api';
import { useLinkedContexts } from '../src/sdk/linked-context';

const keys = Array.from({ length: 6 }, (_, i) => createContextKey(`linked-context-test-${i}`));

/** An empty API context (not the root) to turn into a linked root; ROOT_CONTEXT stays the API's, the reference. */
function linkedRoot(): Context {
  const root = ROOT_CONTEXT.setValue(keys[0]!, 'x').deleteValue(keys[0]!);
  useLinkedContexts(root);
  return root;
}

const valuesOf = (c: Context): unknown[] => keys.map((k) => c.getValue(k));

describe('linked contexts: the API’s context semantics', () => {
  test('random setValue/deleteValue sequences, branching from older contexts: every value as in the API’s contexts, older contexts unchanged', () => {
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const root = linkedRoot();
    const pairs: Array<[Context, Context]> = [[root, ROOT_CONTEXT]];
    const snapshots = new Map<Context, unknown[]>([[root, valuesOf(root)]]);
    let longest = 0;
    for (let step = 0; step < 3000; step++) {
      // Half the time the newest context: chains far past the compaction length.
      const [linked, reference] = pairs[random(2) === 0 ? pairs.length - 1 : random(pairs.length)]!;
      const key = keys[random(keys.length)]!;
      const value = random(4) === 0 ? undefined : random(5) === 0 ? null : `v${step}`;
      const del = random(5) === 0;
      const nextLinked = del ? linked.deleteValue(key) : linked.setValue(key, value);
      const nextReference = del ? reference.deleteValue(key) : reference.setValue(key, value);
      if (!(del && linked === root)) expect(nextLinked).not.toBe(linked);
      expect(valuesOf(nextLinked)).toEqual(valuesOf(nextReference));
      snapshots.set(nextLinked, valuesOf(nextLinked));
      longest = Math.max(longest, (nextLinked as unknown as { links?: number }).links ?? 0);
      pairs.push([nextLinked, nextReference]);
      if (pairs.length > 200) pairs.splice(1 + random(199), 1);
    }
    for (const [context, values] of snapshots) expect(valuesOf(context)).toEqual(values);
    // Chains reached the compaction length, so compacted ones were compared too.
    expect(longest).toBe(16);
  });

  test('a key set again and again: the last value, and the chain stays short (compacted)', () => {
    let context = linkedRoot();
    for (let i = 0; i < 1000; i++) context = context.setValue(keys[i % 2]!, i);
    expect(context.getValue(keys[0]!)).toBe(998);
    expect(context.getValue(keys[1]!)).toBe(999);
    expect((context as unknown as { links: number }).links).toBeLessThanOrEqual(16);
  });

  test('the root itself: empty, deleteValue gives the root back, setValue a new linked context', () => {
    const root = linkedRoot();
    expect(valuesOf(root)).toEqual(keys.map(() => undefined));
    expect(root.deleteValue(keys[1]!)).toBe(root);
    const child = root.setValue(keys[1]!, 'span');
    expect(child.getValue(keys[1]!)).toBe('span');
    expect(root.getValue(keys[1]!)).toBeUndefined();
  });
});
