// `node bench/profile-summary.mjs OUT.0 REQUESTS`: CPU per request (process.cpuUsage), and the profile's
// self time per request by package and by function (TOP=n for more functions).
import { readFileSync } from 'node:fs';

const [base, reqs] = process.argv.slice(2);
const p = JSON.parse(readFileSync(`${base}.cpuprofile`));
const cpu = JSON.parse(readFileSync(`${base}.cpu.json`));
const R = Number(reqs);
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = p.timeDeltas;
for (let i = 0; i < p.samples.length; i++) {
  const n = byId.get(p.samples[i]);
  self.set(n.id, (self.get(n.id) ?? 0) + (dt[i + 1] ?? 0));
}
const fn = new Map();
const pkg = new Map();
let total = 0,
  idle = 0;
for (const [id, us] of self) {
  const n = byId.get(id);
  const cf = n.callFrame;
  if (cf.functionName === '(idle)') {
    idle += us;
    continue;
  }
  total += us;
  const url = cf.url.replace(/^file:\/\/.*?\/(?=src\/|node_modules\/)/, '');
  const key = `${cf.functionName || '(anon)'} ${url}:${cf.lineNumber + 1}`;
  fn.set(key, (fn.get(key) ?? 0) + us);
  const m = url.match(/node_modules\/((@[^/]+\/)?[^/]+)/);
  const k = m
    ? m[1]
    : url.startsWith('src/')
      ? url.split('/').slice(0, 2).join('/')
      : url.startsWith('node:')
        ? 'node:' + url.slice(5).split('/')[0]
        : url || cf.functionName;
  pkg.set(k, (pkg.get(k) ?? 0) + us);
}
const ms = (us) => (us / 1000 / R).toFixed(3);
console.log(
  `cpuUsage per request: user ${(cpu.user / 1000 / R).toFixed(2)} ms, system ${(cpu.system / 1000 / R).toFixed(2)} ms; profile busy ${ms(total)} ms/req (idle ${ms(idle)})`,
);
console.log('--- by package/dir (ms per request)');
for (const [k, v] of [...pkg].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(ms(v).padStart(8), k);
console.log('--- top self functions (ms per request)');
for (const [k, v] of [...fn].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 40)))
  console.log(ms(v).padStart(8), k);
