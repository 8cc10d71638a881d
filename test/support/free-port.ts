/** A loopback port free right now, for a server a test starts (one implementation, in @jewelry/cli). */
export { freePort } from '@jewelry/cli';
