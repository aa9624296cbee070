/**
 * `npm run bench`: every benchmark, each beside a baseline measured in the same run, printed as figures and
 * ratios. Pass section names to run only some: `npm run bench -- startup dispatch`.
 */
import { benchStartup } from './bench-startup.ts';

interface Section {
  name: string;
  run(): Promise<string[]>;
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);

const sections: Section[] = [
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
