// Preloaded in the bot by bench/profile-acks.ts: SIGUSR2 starts a CPU profile (200 µs samples) and a
// process.cpuUsage() reading; the next SIGUSR2 stops both and writes them to $PROF_OUT.N.*.

import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const s = new Session();
s.connect();
let on = false;
let cpu0;
let n = 0;
process.on('SIGUSR2', () => {
  if (!on) {
    on = true;
    s.post('Profiler.enable', () =>
      s.post('Profiler.setSamplingInterval', { interval: 200 }, () =>
        s.post('Profiler.start', () => {
          cpu0 = process.cpuUsage();
        }),
      ),
    );
  } else {
    on = false;
    const cpu = process.cpuUsage(cpu0);
    s.post('Profiler.stop', (err, { profile }) => {
      const out = `${process.env.PROF_OUT}.${n++}`;
      writeFileSync(`${out}.cpuprofile`, JSON.stringify(profile));
      writeFileSync(`${out}.cpu.json`, JSON.stringify(cpu));
    });
  }
});
