import { ROOT_CONTEXT, type Context } from '@opentelemetry/api';

/** Links a chain may grow to before it is compacted (getValue walks the chain). */
const MAX_LINKS = 16;

/**
 * A context as a chain of links, each one key and value over its parent.
 * The API's own contexts copy their whole Map and make three closures on
 * every setValue — a request sets a value ten times or so (its span, the RPC
 * metadata, each client span, suppressed tracing) — which was the largest
 * part of what context propagation cost in issue 16's profile. A link is one
 * small object; a lookup walks at most MAX_LINKS links (chains are compacted
 * beyond that). Immutable like the API's: setValue and deleteValue return a
 * new context, the old one is unchanged.
 */
class LinkedContext implements Context {
  constructor(
    readonly parent: LinkedContext | undefined,
    readonly key: symbol,
    readonly value: unknown,
    readonly links: number,
  ) {}

  getValue(key: symbol): unknown {
    return valueIn(this, key);
  }

  setValue(key: symbol, value: unknown): Context {
    return link(this, key, value);
  }

  /** A deleted key reads as undefined, as in the API's contexts (which have no other way to tell). */
  deleteValue(key: symbol): Context {
    return link(this, key, undefined);
  }
}

function valueIn(chain: LinkedContext | undefined, key: symbol): unknown {
  for (let c = chain; c !== undefined; c = c.parent) if (c.key === key) return c.value;
  return undefined;
}

/** Every key of the chain with a defined value, newest link first. */
function entriesOf(chain: LinkedContext | undefined): Array<[symbol, unknown]> {
  const seen = new Set<symbol>();
  const out: Array<[symbol, unknown]> = [];
  for (let c = chain; c !== undefined; c = c.parent) {
    if (seen.has(c.key)) continue;
    seen.add(c.key);
    if (c.value !== undefined) out.push([c.key, c.value]);
  }
  return out;
}

function link(parent: LinkedContext | undefined, key: symbol, value: unknown): LinkedContext {
  if (parent === undefined || parent.links < MAX_LINKS) return new LinkedContext(parent, key, value, (parent?.links ?? 0) + 1);
  // Compacted: one link per key still set, oldest first, then the new one.
  let compact: LinkedContext | undefined;
  for (const [k, v] of entriesOf(parent).reverse()) if (k !== key) compact = new LinkedContext(compact, k, v, (compact?.links ?? 0) + 1);
  return new LinkedContext(compact, key, value, (compact?.links ?? 0) + 1);
}

/**
 * Makes the API's root context hand out linked contexts: every context is
 * made from the root by setValue (the propagators' extract too), so all of
 * them are linked ones from then on. Contexts made before stay the API's.
 */
export function useLinkedContexts(root: Context = ROOT_CONTEXT): void {
  const writable = root as { setValue: Context['setValue']; deleteValue: Context['deleteValue'] };
  writable.setValue = (key, value) => link(undefined, key, value);
  writable.deleteValue = () => root;
}
