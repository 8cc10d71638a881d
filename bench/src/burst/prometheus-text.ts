/**
 * Sums of Prometheus text-format samples: a collector's own telemetry
 * (otelcol_*) or its prometheus exporter (jewelry_*), read straight from the
 * process, so the burst's accounting needs no Prometheus query.
 */
export type Samples = { name: string; labels: string; value: number }[];

export function parseSamples(text: string): Samples {
  const out: Samples = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (m) out.push({ name: m[1]!, labels: m[2] ?? '', value: Number(m[3]) });
  }
  return out;
}

/** Sum of `name` over the samples whose labels contain every `with` fragment (e.g. 'exporter="loadbalancing"'). */
export function sum(samples: Samples, name: string, ...with_: string[]): number {
  return samples.filter((s) => s.name === name && with_.every((w) => s.labels.includes(w))).reduce((a, s) => a + s.value, 0);
}

export async function scrape(url: string): Promise<Samples> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    return parseSamples(await res.text());
  } catch {
    return [];
  }
}
