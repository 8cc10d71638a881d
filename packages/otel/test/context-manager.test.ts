import { EventEmitter } from 'node:events';
import { createContextKey, ROOT_CONTEXT } from '@opentelemetry/api';
import { JewelryContextManager } from '@jewelry/otel/internals';

// Issue 16: the context manager binds an emitter by its emit alone, and runs with() without a bound copy of fn.
describe('JewelryContextManager', () => {
  const KEY = createContextKey('test');
  const manager = new JewelryContextManager().enable();
  const ctx = (value: string) => ROOT_CONTEXT.setValue(KEY, value);
  const current = () => manager.active().getValue(KEY);
  afterAll(() => manager.disable());

  test('with(): the context is active inside, fn gets its this and arguments, and the previous context comes back', () => {
    const self = { name: 'self' };
    const seen = manager.with(
      ctx('a'),
      function (this: typeof self, x: number, y: number) {
        return [current(), this.name, x + y];
      },
      self,
      2,
      3,
    );
    expect(seen).toEqual(['a', 'self', 5]);
    expect(current()).toBeUndefined();
    expect(manager.with(ctx('a'), () => manager.with(ctx('b'), current))).toBe('b');
  });

  test('a bound emitter runs every listener in the bound context, whenever and wherever it was added', async () => {
    const emitter = new EventEmitter();
    expect(manager.bind(ctx('request'), emitter)).toBe(emitter);
    const seen: unknown[] = [];
    emitter.on('data', (chunk: string) => seen.push(['on', chunk, current()]));
    manager.with(ctx('elsewhere'), () => emitter.once('data', () => seen.push(['once', current()])));
    await new Promise((r) => setImmediate(r));
    emitter.emit('data', 'x');
    manager.with(ctx('other'), () => emitter.emit('data', 'y'));
    expect(seen).toEqual([
      ['on', 'x', 'request'],
      ['once', 'request'],
      ['on', 'y', 'request'],
    ]);
    expect(current()).toBeUndefined();
  });

  test('a context already active is not entered again, by with() or a bound emitter; the result is the same', () => {
    const storage = (manager as unknown as { _asyncLocalStorage: { run: (...a: unknown[]) => unknown } })._asyncLocalStorage;
    const run = jest.spyOn(storage, 'run');
    try {
      const request = ctx('request');
      const emitter = manager.bind(request, new EventEmitter());
      const seen: unknown[] = [];
      emitter.on('end', () => seen.push(current()));
      manager.with(request, () => {
        run.mockClear();
        expect(manager.with(request, (x: number) => [current(), x], undefined, 7)).toEqual(['request', 7]);
        emitter.emit('end');
        expect(run).not.toHaveBeenCalled();
      });
      emitter.emit('end'); // from no context: entered
      manager.with(ctx('other'), () => emitter.emit('end')); // from another: entered
      expect(seen).toEqual(['request', 'request', 'request']);
      expect(run).toHaveBeenCalledTimes(3); // the two emits and with(other)
      expect(current()).toBeUndefined();
    } finally {
      run.mockRestore();
    }
  });

  test("listeners stay the caller's functions: removeListener and listeners() work as without binding", () => {
    const emitter = new EventEmitter();
    manager.bind(ctx('request'), emitter);
    const listener = jest.fn();
    emitter.on('end', listener);
    expect(emitter.listeners('end')).toEqual([listener]);
    emitter.removeListener('end', listener);
    emitter.emit('end');
    expect(listener).not.toHaveBeenCalled();
    expect(emitter.listenerCount('end')).toBe(0);
  });

  test('an emitter keeps the first context it was bound to; emit returns what it returned', () => {
    const emitter = new EventEmitter();
    manager.bind(ctx('first'), emitter);
    manager.bind(ctx('second'), emitter);
    let seen: unknown;
    emitter.on('close', () => (seen = current()));
    expect(emitter.emit('close')).toBe(true);
    expect(emitter.emit('nobody-listens')).toBe(false);
    expect(seen).toBe('first');
  });

  test('an emitter bound, then its emit wrapped by someone else, then bound again: still the first context', () => {
    const emitter = new EventEmitter();
    manager.bind(ctx('first'), emitter);
    const ours = emitter.emit;
    const calls: string[] = [];
    emitter.emit = function wrapped(this: EventEmitter, ...args: Parameters<EventEmitter['emit']>) {
      calls.push(String(args[0]));
      return ours.apply(this, args);
    };
    manager.bind(ctx('second'), emitter);
    let seen: unknown;
    emitter.on('close', () => (seen = current()));
    manager.with(ctx('other'), () => emitter.emit('close'));
    expect(seen).toBe('first');
    expect(calls).toEqual(['close']);
  });

  test('functions are still bound as before', () => {
    const bound = manager.bind(ctx('fn'), (x: number) => [current(), x]);
    expect(bound(1)).toEqual(['fn', 1]);
  });

  test.each([0, 1, 2, 3, 4, 6])(
    'a bound function of %i parameter(s): same length, this, arguments (also extra ones), result and throw, in the bound context',
    (arity) => {
      const params = Array.from({ length: arity }, (_, i) => `p${i}`);

      const target = new Function(
        ...params,
        '"use strict"; if (arguments[0] === "throw") throw new Error("boom"); return [this, Array.from(arguments), see()];',
      ) as (...args: unknown[]) => unknown;
      const see = (): unknown => current();
      (globalThis as { see?: unknown }).see = see;
      try {
        const bound = manager.bind(ctx('cb'), target);
        expect(bound).not.toBe(target);
        // Express tells an error handler (err, req, res, next) by its length.
        expect(bound.length).toBe(arity);
        const self = { me: true };
        expect(bound.call(self, 1, 'two', 3, 4, 5, 6, 7)).toEqual([self, [1, 'two', 3, 4, 5, 6, 7], 'cb']);
        expect(manager.with(ctx('outer'), () => bound())).toEqual([undefined, [], 'cb']);
        expect(() => bound('throw')).toThrow('boom');
        expect(current()).toBeUndefined();
      } finally {
        delete (globalThis as { see?: unknown }).see;
      }
    },
  );
});
