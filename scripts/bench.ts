/**
 * `npm run bench`: every benchmark, each beside a baseline measured in the same run, printed as figures and
 * ratios. Pass section names to run only some: `npm run bench -- startup dispatch`.
 */
import { benchAudit } from './bench-audit.ts';
import { benchCases } from './bench-cases.ts';
import { benchDispatch } from './bench-dispatch.ts';
import { benchSsh, formatSshBench } from './bench-ssh.ts';
import { benchStartup } from './bench-startup.ts';

interface Section {
  name: string;
  run(): Promise<string[]>;
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);

const sections: Section[] = [
  {
    name: 'audit',
    async run() {
      const r = await benchAudit();
      return [
        `audit record(): ${fmt(r.recordUs, 0)} µs per row over ${r.rows} rows (bare insert: ${fmt(r.bareInsertUs, 0)} µs, ratio ${fmt(r.recordUs / r.bareInsertUs)}x)`,
      ];
    },
  },
  {
    name: 'startup',
    async run() {
      const f = await benchStartup();
      return [
        `cold start to "ready": ${fmt(f.readyMs, 0)} ms (bare node: ${fmt(f.baselineReadyMs, 0)} ms, ratio ${fmt(f.readyMs / f.baselineReadyMs)}x)`,
        `idle RSS: ${fmt(f.idleRssMb)} MiB (bare node: ${fmt(f.baselineRssMb)} MiB, ratio ${fmt(f.idleRssMb / f.baselineRssMb)}x)`,
      ];
    },
  },
  {
    name: 'dispatch',
    async run() {
      const r = await benchDispatch({ iterations: 10_000 });
      const row = (label: string, x: typeof r.bare) =>
        `${label}: p50 ${fmt(x.p50, 2)} ms, p99 ${fmt(x.p99, 2)} ms over ${x.iterations} slash /ping`;
      return [
        row('tux framework', r.framework),
        row('bare discord.js', r.bare),
        `ratio: p50 ${fmt(r.ratioP50, 2)}x, p99 ${fmt(r.ratioP99, 2)}x`,
      ];
    },
  },
  {
    name: 'ssh',
    async run() {
      return formatSshBench(await benchSsh());
    },
  },
  {
    name: 'cases',
    async run() {
      const real = await benchCases({ via: 'emulator' });
      const memory = await benchCases({ via: 'memory' });
      const row = (label: string, x: typeof real) =>
        `${label}: ${x.actions} concurrent warns in ${fmt(x.totalMs, 0)} ms (${fmt(x.perActionMs, 2)} ms each), numbering 1..${x.actions} ${x.numberingOk ? 'ok' : 'BROKEN'}`;
      return [
        row('through discord.js + emulator', real),
        row('in-memory guild (baseline)', memory),
        `ratio: ${fmt(real.totalMs / memory.totalMs)}x`,
      ];
    },
  },
];

const wanted = process.argv.slice(2);
for (const section of sections) {
  if (wanted.length > 0 && !wanted.includes(section.name)) continue;
  process.stdout.write(`== ${section.name}\n`);
  try {
    for (const line of await section.run()) process.stdout.write(`   ${line}\n`);
  } catch (err) {
    process.stdout.write(`   failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}
