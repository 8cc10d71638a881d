// Read at run time so the start-up line names the installed version.
export const VERSION: string = `@jewelry/otel ${(require('../package.json') as { version: string }).version}`;
