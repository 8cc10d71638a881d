// What `jewelry-otel es security setup` prints.
import type { SecuritySetupReport } from '@jewelry/elasticsearch';

/** The human report: one line per role and user, and the generated passwords (this once). */
export function formatSecuritySetup(report: SecuritySetupReport): string[] {
  const lines = [
    `${report.endpoint} as ${report.authenticatedAs} (license ${report.license.type}, ${report.license.status}; ${report.realm} realm)`,
  ];
  for (const r of report.roles) lines.push(`role ${r.role.padEnd(32)} ${r.action}`);
  for (const u of report.users) {
    const pw = u.passwordSet ? ` (password from ${u.passwordSet})` : '';
    lines.push(`user ${u.username.padEnd(32)} ${u.action}  roles ${u.roles.join(',')}${pw}`);
  }
  const generated = Object.entries(report.generatedPasswords);
  if (generated.length > 0) {
    lines.push(`generated passwords (shown once; also in ${report.credentialsFile}, mode 0600):`);
    for (const [user, pw] of generated) lines.push(`  ${user}: ${pw}`);
  }
  lines.push(`done in ${report.seconds.toFixed(1)}s`);
  return lines;
}
