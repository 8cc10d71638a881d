import { AlertReceiver } from '../dist/burst/alert-receiver';
import { parseSamples, sum } from '../dist/burst/prometheus-text';
import { burstSettings } from '../dist/burst/settings';

// The burst section's own parts, without the stack: its settings, the
// collectors' telemetry as it reads it, and the webhook Alertmanager calls.
describe('bench burst (issue 15)', () => {
  test('settings: defaults, overrides, the bench alert limit follows the base rate, bad values named', () => {
    expect(burstSettings({})).toMatchObject({
      warmSeconds: 90,
      burstSeconds: 60,
      coolSeconds: 20,
      baseRate: 4,
      connections: 16,
      topology: 'tiered',
      esNodes: 1,
      alertRate: 8,
    });
    expect(burstSettings({ BENCH_BURST_BASE_RATE: '5', BENCH_BURST_TOPOLOGY: 'single', BENCH_BURST_COOL_S: '0' })).toMatchObject({
      baseRate: 5,
      alertRate: 10,
      topology: 'single',
      coolSeconds: 0,
    });
    expect(() => burstSettings({ BENCH_BURST_S: 'soon' })).toThrow('BENCH_BURST_S=soon');
    expect(() => burstSettings({ BENCH_BURST_TOPOLOGY: 'mesh' })).toThrow('expected single or tiered');
  });

  test('reads the collectors’ counters from Prometheus text, summed by label', () => {
    const samples = parseSamples(
      [
        '# HELP otelcol_exporter_queue_size Current size of the retry queue',
        'otelcol_exporter_queue_size{data_type="logs",exporter="loadbalancing"} 12',
        'otelcol_exporter_queue_size{data_type="traces",exporter="loadbalancing"} 3',
        'otelcol_receiver_accepted_log_records{receiver="otlp",transport="http"} 250',
        'otelcol_receiver_accepted_log_records{receiver="file_log/host",transport=""} 9',
        'jewelry_otel_telemetry_lost_total{service_name="shop-api",signal="logs"} 0',
      ].join('\n'),
    );
    expect(sum(samples, 'otelcol_exporter_queue_size')).toBe(15);
    expect(sum(samples, 'otelcol_exporter_queue_size', 'data_type="logs"')).toBe(12);
    expect(sum(samples, 'otelcol_receiver_accepted_log_records', 'receiver="otlp"')).toBe(250);
    expect(sum(samples, 'absent')).toBe(0);
  });

  test('the webhook records what Alertmanager sends, firing and resolved', async () => {
    const receiver = await AlertReceiver.start();
    try {
      const since = Date.now();
      const post = (alerts: unknown[]) =>
        fetch(receiver.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ version: '4', status: 'firing', alerts }),
        });
      await post([{ status: 'firing', labels: { alertname: 'OrderRateTooHigh', severity: 'critical' }, startsAt: '2026-12-06T00:00:00Z' }]);
      await post([
        { status: 'resolved', labels: { alertname: 'OrderRateAnomaly', severity: 'warning' }, startsAt: '2026-12-06T00:00:00Z' },
      ]);
      await fetch(receiver.url, { method: 'POST', body: 'not json' });
      expect(receiver.firstFiring('OrderRateTooHigh', since)).toMatchObject({ alertname: 'OrderRateTooHigh', severity: 'critical' });
      expect(receiver.firstFiring('OrderRateAnomaly', since)).toBeUndefined();
      expect(receiver.alerts).toHaveLength(2);
    } finally {
      await receiver.close();
    }
  });
});
