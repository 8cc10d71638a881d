import { crmApi } from './crm-api';
import { generic } from './generic';
import { mesApi } from './mes-api';
import { partnerApi } from './partner-api';
import type { Preset } from './preset';
import { shopApi } from './shop-api';

export const presets: readonly Preset[] = [mesApi, crmApi, partnerApi, shopApi, generic];

export interface PresetChoice {
  preset: Preset;
  /** Why this preset: shown in the start-up line. */
  reason: string;
  warning?: string;
}

/**
 * JEWELRY_PRESET wins; otherwise the service name picks it, exactly or as a
 * prefix (`mes-api-worker` → mes-api); otherwise the generic preset.
 */
export function selectPreset(serviceName: string | undefined, override: string | undefined): PresetChoice {
  if (override) {
    const chosen = presets.find((p) => p.name === override);
    if (chosen) return { preset: chosen, reason: 'JEWELRY_PRESET' };
    return {
      preset: generic,
      reason: 'fallback',
      warning: `JEWELRY_PRESET=${override} is not a preset (known: ${presets.map((p) => p.name).join(', ')}); using generic`,
    };
  }
  if (serviceName) {
    const chosen = presets.find((p) => p.name === serviceName || serviceName.startsWith(`${p.name}-`));
    if (chosen) return { preset: chosen, reason: `service name ${serviceName}` };
  }
  return { preset: generic, reason: serviceName ? `no preset for ${serviceName}` : 'no service name' };
}
