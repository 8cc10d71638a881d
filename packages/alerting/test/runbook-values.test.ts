// The runbooks state the thresholds of alerting.json through marked values
// (npm run generate writes them; test/generated-files.test.ts checks them).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultThresholds, loadThresholds, markedKeys, renderRunbookValues, RUNBOOKS } from '@jewelry/alerting';

const runbook = (file: string): string => readFileSync(join(__dirname, '..', '..', '..', 'docs', 'runbooks', file), 'utf8');

describe('runbook values from alerting.json', () => {
  it('writes each marked value in its format, between the marks', () => {
    const t = defaultThresholds();
    const text =
      'a <!--@http_5xx_ratio_max:percent-->?<!--/--> b <!--@price_calc_max_seconds:minutes-->?<!--/--> c <!--@price_calc_max_seconds:ns-->?<!--/--> d <!--@order_drop_hour_from_utc:clock-->?<!--/--> e <!--@order_rate_max-->?<!--/-->';
    expect(
      renderRunbookValues(text, {
        ...t,
        http_5xx_ratio_max: 0.025,
        price_calc_max_seconds: 5400,
        order_drop_hour_from_utc: 7,
        order_rate_max: 250,
      }),
    ).toBe(
      'a <!--@http_5xx_ratio_max:percent-->2.5 %<!--/--> b <!--@price_calc_max_seconds:minutes-->90 minutes<!--/--> c <!--@price_calc_max_seconds:ns-->5 400 000 000 000<!--/--> d <!--@order_drop_hour_from_utc:clock-->07:00<!--/--> e <!--@order_rate_max-->250<!--/-->',
    );
  });

  it('follows a JEWELRY_ALERT_* override like the rules do', () => {
    const t = loadThresholds({ JEWELRY_ALERT_ORDER_DROP_WINDOW: '15m' });
    expect(renderRunbookValues('<!--@order_drop_window:minutes-->x<!--/-->', t)).toBe(
      '<!--@order_drop_window:minutes-->15 minutes<!--/-->',
    );
  });

  it('refuses a mark that names no threshold, or an unknown format, naming the file', () => {
    const t = defaultThresholds();
    expect(() => renderRunbookValues('<!--@order_rate_maximum-->1<!--/-->', t, 'al-3.md')).toThrow(
      'al-3.md: <!--@order_rate_maximum--> names no threshold',
    );
    expect(() => renderRunbookValues('<!--@order_rate_max:weeks-->1<!--/-->', t, 'al-3.md')).toThrow(/unknown format/);
  });

  it('the runbooks of AL-1, AL-2 and AL-3 mark the numbers they state', () => {
    expect(markedKeys(runbook(RUNBOOKS.al1))).toContain('http_5xx_ratio_max');
    expect(markedKeys(runbook(RUNBOOKS.al2))).toContain('price_calc_max_seconds');
    expect(new Set(markedKeys(runbook(RUNBOOKS.al3)))).toEqual(
      new Set([
        'order_rate_max',
        'order_anomaly_factor',
        'order_anomaly_baseline',
        'order_anomaly_min_rate',
        'order_drop_window',
        'order_drop_factor',
        'order_drop_min_rate',
        'order_drop_hour_from_utc',
        'order_drop_hour_to_utc',
        'order_drop_for',
      ]),
    );
  });
});
