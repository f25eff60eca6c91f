// `npm run bench`: runs every bench/*.bench.ts and prints one markdown table of ratios against same-run baselines.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchReport } from './report.js';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv[2];
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts') && (!only || f.includes(only)))
  .sort();
const reports: BenchReport[] = [];
for (const f of files) {
  const mod = (await import(pathToFileURL(join(here, f)).href)) as { default: () => Promise<BenchReport> };
  process.stderr.write(`running ${f}…\n`);
  reports.push(await mod.default());
}
const fmt = (n: number) => (Number.isFinite(n) ? (Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2)) : 'n/a');
console.log('| benchmark | metric | value | baseline | ratio | note |');
console.log('|---|---|---:|---:|---:|---|');
for (const r of reports)
  for (const x of r.rows)
    console.log(
      `| ${r.name} | ${x.metric} | ${fmt(x.value)} ${x.unit} | ${fmt(x.baseline)} ${x.unit} | ${fmt(x.ratio)}× | ${x.note ?? ''} |`,
    );
process.exit(0);
