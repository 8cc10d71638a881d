import { allFieldNames, buildEvent, events, fields, logRecordFields } from '@jewelry/schema';

describe('the one schema (EV-1…EV-10, LV-2)', () => {
  test('every field an event names exists, and no field is both required and optional', () => {
    for (const [key, def] of Object.entries(events)) {
      for (const f of [...def.required, ...def.optional]) expect(fields).toHaveProperty(f);
      const both = def.required.filter((f) => (def.optional as readonly string[]).includes(f));
      expect({ event: key, both }).toEqual({ event: key, both: [] });
    }
  });

  test('event names are unique and dotted; every event has a SPEC id', () => {
    const names = Object.values(events).map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    for (const e of Object.values(events)) {
      expect(e.name).toMatch(/^[a-z]+\.[a-z_]+$/);
      expect(e.spec).toMatch(/^EV-\d+$/);
    }
  });

  test('field names do not collide in Elasticsearch: no name is both a leaf and an object path, no name twice with two types', () => {
    const all = allFieldNames();
    const names = [...all.keys()];
    for (const name of names) {
      const parentClash = names.filter((other) => other.startsWith(`${name}.`));
      expect({ name, parentClash }).toEqual({ name, parentClash: [] });
    }
    const byName = new Map<string, Set<string>>();
    for (const defs of [fields, logRecordFields]) {
      for (const def of Object.values(defs)) byName.set(def.name, new Set([...(byName.get(def.name) ?? []), def.type]));
    }
    for (const [name, types] of byName) expect({ name, types: [...types] }).toEqual({ name, types: [...types].slice(0, 1) });
  });

  test('no field carries personal data by its name (SEC-1: events carry ids, not people)', () => {
    for (const name of allFieldNames().keys()) {
      expect(name).not.toMatch(/email|phone|address|first_name|last_name|full_name|password|card/);
    }
  });

  test('ECS names are used where ECS has one', () => {
    const names = allFieldNames();
    for (const ecs of [
      '@timestamp',
      'log.level',
      'message',
      'service.name',
      'trace.id',
      'span.id',
      'error.type',
      'error.message',
      'error.stack_trace',
      'user.id',
      'event.outcome',
      'event.duration',
      'file.size',
    ]) {
      expect(names.has(ecs)).toBe(true);
    }
    expect(names.get('event.duration')).toBe('long');
    expect(names.get('@timestamp')).toBe('date');
  });

  test('buildEvent converts dates and lenient ids, and reports everything else without throwing', () => {
    const ok = buildEvent('priceCalculationFinished', {
      orderId: 7,
      startedAt: 0,
      finishedAt: new Date('2026-01-01T00:00:00Z'),
      durationNs: 5,
      price: 10.5,
    });
    expect(ok.errors).toEqual([]);
    expect(ok.attributes).toMatchObject({
      'order.id': '7',
      'event.start': '1970-01-01T00:00:00.000Z',
      'event.end': '2026-01-01T00:00:00.000Z',
    });
    const bad = buildEvent('priceCalculationFinished', {
      orderId: 'o',
      startedAt: 'not a date',
      finishedAt: 'x',
      durationNs: 1.5,
      price: Number.NaN,
    });
    expect(bad.errors).toEqual(
      expect.arrayContaining([
        'event.start: expected date, got string',
        'event.duration: expected long, got number',
        'order.price: expected double, got number',
      ]),
    );
    expect(bad.attributes['event.start']).toBe('not a date');
  });
});
