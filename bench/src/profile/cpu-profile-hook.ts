// Preloaded (--require, before the distribution) into a process the profile
// section measures: SIGUSR2 starts V8's CPU profiler, the next SIGUSR2 stops
// it and writes the profile to BENCH_PROFILE_OUT — so the profile covers the
// measured load only, not start-up or warm-up.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const out = process.env.BENCH_PROFILE_OUT;
const intervalUs = Number(process.env.BENCH_PROFILE_INTERVAL_US ?? 250);
if (out) {
  const session = new Session();
  session.connect();
  let running = false;
  process.on('SIGUSR2', () => {
    if (!running) {
      running = true;
      session.post('Profiler.enable', () =>
        session.post('Profiler.setSamplingInterval', { interval: intervalUs }, () => session.post('Profiler.start')),
      );
      return;
    }
    running = false;
    session.post('Profiler.stop', (err, result) => {
      if (err) process.stderr.write(`cpu-profile-hook: ${err.message}\n`);
      else writeFileSync(out, JSON.stringify(result.profile));
    });
  });
}
