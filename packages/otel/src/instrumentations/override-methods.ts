/** A method as an override receives and returns it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an override names its own method's type
export type Method = (this: any, ...args: any[]) => any;

/**
 * A subclass of an instrumentation class with some of its methods replaced,
 * each built from the class's own (`overrides[name](stock)`) — how the
 * distribution trims an instrumentation's per-request work without copying
 * it. `base` itself when any overridden method, or any in `needs` (methods
 * an override calls), is missing: another version of the instrumentation,
 * built differently, keeps its own behaviour.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeScript's mixin rule: a base class is `new (...args: any[])`
export function overridingMethods<C extends new (...args: any[]) => object>(
  base: C,
  overrides: Record<string, (stock: Method) => Method>,
  needs: readonly string[] = [],
): C {
  const proto = base.prototype as Record<string, unknown>;
  const names = Object.keys(overrides);
  if (![...names, ...needs].every((name) => typeof proto[name] === 'function')) return base;
  class Overriding extends base {}
  for (const name of names) {
    Object.defineProperty(Overriding.prototype, name, {
      configurable: true,
      writable: true,
      value: overrides[name]!(proto[name] as Method),
    });
  }
  return Overriding;
}
