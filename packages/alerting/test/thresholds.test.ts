// The alert thresholds: one file, JEWELRY_ALERT_* overrides, durations in
// the project's one grammar written back as Prometheus reads them, and AL-2's
// limit held to a bound of the collector's span-metrics histogram.
import { defaultThresholds, generateRules, loadThresholds, spanMetricsBoundsSeconds, thresholdVariable } from '@jewelry/alerting';

describe('alert thresholds', () => {
  test('the committed values, as the rules and the report use them', () => {
    const t = defaultThresholds();
    expect({ ratio: t.http_5xx_ratio_max, rate: t.order_rate_max, price: t.price_calc_max_seconds, window: t.http_5xx_window }).toEqual({
      ratio: 0.1,
      rate: 100,
      price: 1800,
      window: '5m',
    });
  });

  test('an override per key, by its variable; numbers stay numbers; a wrong one is named', () => {
    expect(thresholdVariable('order_rate_max')).toBe('JEWELRY_ALERT_ORDER_RATE_MAX');
    expect(loadThresholds({ JEWELRY_ALERT_ORDER_RATE_MAX: '2' }).order_rate_max).toBe(2);
    expect(() => loadThresholds({ JEWELRY_ALERT_ORDER_RATE_MAX: 'many' })).toThrow(
      "JEWELRY_ALERT_ORDER_RATE_MAX must be a number, got 'many'",
    );
  });

  test('windows and for-durations take the one grammar and reach Prometheus in its own form', () => {
    const t = loadThresholds({
      JEWELRY_ALERT_HTTP_5XX_WINDOW: '1.5h',
      JEWELRY_ALERT_ERRORS_FOR: '0s',
      JEWELRY_ALERT_ORDER_ANOMALY_BASELINE: '1d 12h',
    });
    expect([t.http_5xx_window, t.errors_for, t.order_anomaly_baseline]).toEqual(['90m', '0m', '36h']);
    expect(generateRules(t)['http.yml']).toContain('[90m]');
    expect(() => loadThresholds({ JEWELRY_ALERT_HTTP_5XX_WINDOW: '0m' })).toThrow(/http_5xx_window must be a duration/);
    expect(() => loadThresholds({ JEWELRY_ALERT_HTTP_5XX_WINDOW: '5 minutes' })).toThrow(/JEWELRY_ALERT_HTTP_5XX_WINDOW/);
  });

  test('AL-2: the limit must be a bucket bound of the span-metrics histogram, read from collector/config.metrics.yaml', () => {
    expect(spanMetricsBoundsSeconds()).toEqual([0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 1800, 3600]);
    expect(loadThresholds({ JEWELRY_ALERT_PRICE_CALC_MAX_SECONDS: '900' }).price_calc_max_seconds).toBe(900);
    expect(() => loadThresholds({ JEWELRY_ALERT_PRICE_CALC_MAX_SECONDS: '1234' })).toThrow(/bucket bound/);
  });
});
