import { isInstrumentationName, instrumentationNames, type InstrumentationName } from './registry';

export interface InstrumentationChoice {
  names: InstrumentationName[];
  warnings: string[];
}

/**
 * The preset's list, narrowed (or replaced) the way the stock
 * auto-instrumentations read the same variables: OTEL_NODE_ENABLED_INSTRUMENTATIONS
 * names the only ones to load, OTEL_NODE_DISABLED_INSTRUMENTATIONS removes some.
 * Names are without the `@opentelemetry/instrumentation-` prefix.
 */
export function selectInstrumentations(
  presetNames: readonly InstrumentationName[],
  enabled: string[] | undefined,
  disabled: string[],
): InstrumentationChoice {
  const warnings: string[] = [];
  const known = (list: string[], variable: string): InstrumentationName[] =>
    list.filter((name): name is InstrumentationName => {
      if (isInstrumentationName(name)) return true;
      warnings.push(`${variable}: unknown instrumentation "${name}" (known: ${instrumentationNames.join(', ')})`);
      return false;
    });
  const base = enabled ? known(enabled, 'OTEL_NODE_ENABLED_INSTRUMENTATIONS') : [...presetNames];
  const removed = new Set(known(disabled, 'OTEL_NODE_DISABLED_INSTRUMENTATIONS'));
  return { names: [...new Set(base)].filter((n) => !removed.has(n)), warnings };
}
