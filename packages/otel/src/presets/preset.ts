import type { InstrumentationName } from '../instrumentations/registry';

/**
 * What one service loads (TR-3, TR-4): only the instrumentations it uses —
 * never the ~40 of the stock bundle, and no fs/dns/net, which cost start-up
 * time, memory and noise without telling us anything about an order.
 */
export interface Preset {
  readonly name: string;
  readonly description: string;
  /** TR-4 rollout order: wave 1 MES and CRM, wave 2 partner API, wave 3 Shop API. */
  readonly rolloutWave: 1 | 2 | 3 | undefined;
  readonly instrumentations: readonly InstrumentationName[];
}
