// Preload for the memory benchmark (NODE_OPTIONS="--expose-gc --import …"): on SIGUSR2 the process collects
// garbage twice and prints one line `MEMPROBE {"pid","rss","heapUsed","heapTotal"}` on stdout. At load it prints
// `MEMPROBE-PID n`, so the benchmark finds the process that runs the appliance even when `tux` re-launches node.
import { writeSync } from 'node:fs';

writeSync(1, `MEMPROBE-PID ${process.pid}\n`);
process.on('SIGUSR2', () => {
  globalThis.gc?.();
  globalThis.gc?.();
  const m = process.memoryUsage();
  const line = { pid: process.pid, rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal };
  writeSync(1, `MEMPROBE ${JSON.stringify(line)}\n`);
});
