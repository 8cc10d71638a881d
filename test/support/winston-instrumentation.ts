import { WinstonInstrumentation, type WinstonInstrumentationConfig } from '@opentelemetry/instrumentation-winston';

interface LoggerModule {
  prototype: object;
}

/**
 * The real OTel winston instrumentation's patch of winston 3's Logger (its
 * `write` and `configure`), applied to the winston this test file loads —
 * jest loads modules itself, past the require hook the instrumentation
 * normally patches through. As the distribution configures it: log sending
 * and correlation on. Returns the unpatch.
 */
export function instrumentWinston(
  config: WinstonInstrumentationConfig = { disableLogSending: false, disableLogCorrelation: false },
): () => void {
  const instrumentation = new WinstonInstrumentation({ ...config, enabled: false });
  const file = instrumentation
    .getModuleDefinitions()
    .flatMap((definition) => definition.files)
    .find((f) => f.name === 'winston/lib/winston/logger.js' && f.supportedVersions.includes('>=3 <4'));
  if (!file) throw new Error('instrumentation-winston has no patch for winston 3 any more');
  const loggerModule = require('winston/lib/winston/logger') as LoggerModule;
  file.patch(loggerModule);
  return () => file.unpatch?.(loggerModule);
}
