// Preload for the memory benchmark (NODE_OPTIONS="--expose-gc --import …"): on SIGUSR2 the process collects
// garbage twice and prints one line `MEMPROBE {"pid","rss","heapUsed","heapTotal"}` on stdout. At load it prints
// `MEMPROBE-PID n`, so the benchmark finds the process that runs the appliance even when `tux` re-launches node.
// The line also carries the process's CPU time so far (`cpuUs`, user + system) and the event-loop delay p99 since
// the previous sample (`lagP99Ms`, perf_hooks.monitorEventLoopDelay), for the ingest benchmark.
// With BENCH_HEAP_SNAPSHOT=DIR each sample also writes a heap snapshot there.
import { readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8';

writeSync(1, `MEMPROBE-PID ${process.pid}\n`);
const smaps = (field) => {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/smaps_rollup', 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
};
const lag = monitorEventLoopDelay({ resolution: 10 });
lag.enable();
process.on('SIGUSR2', () => {
  const cpu = process.cpuUsage();
  globalThis.gc?.();
  globalThis.gc?.();
  const m = process.memoryUsage();
  const line = {
    pid: process.pid,
    rss: m.rss,
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    external: m.external,
    // Where the RSS is: anonymous memory (heaps, malloc) vs mapped files (node's own code, native addons).
    anonymous: smaps('Anonymous'),
    // V8's spaces: bytes committed for each (old, code, new space...), live or not.
    spaces: Object.fromEntries(getHeapSpaceStatistics().map((sp) => [sp.space_name, sp.space_size])),
    cpuUs: cpu.user + cpu.system,
    lagP99Ms: lag.percentile(99) / 1e6,
  };
  lag.reset();
  // BENCH_HEAP_SNAPSHOT=DIR also writes a heap snapshot per sample, for finding what holds the heap.
  const dir = process.env.BENCH_HEAP_SNAPSHOT;
  if (dir) writeHeapSnapshot(join(dir, `tux-${process.pid}-${Date.now()}.heapsnapshot`));
  writeSync(1, `MEMPROBE ${JSON.stringify(line)}\n`);
});
