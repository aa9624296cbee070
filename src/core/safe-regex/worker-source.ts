/**
 * The code a regex worker runs, as plain JavaScript text. It is started with `new Worker(source, { eval: true })`,
 * so it needs no file of its own and works the same from the TypeScript sources and from the bundled build.
 *
 * Before each pattern the worker writes the pattern's position and its start time into a shared buffer, so the
 * main thread can tell which pattern is running when the time limit passes, without any message from a worker
 * that is stuck inside the regex engine.
 */
export const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const progress = new Int32Array(workerData.progress);
const started = new Float64Array(workerData.started);
const compiled = new Map();
const MAX_COMPILED = 1000;
function compile(source, flags) {
  const key = flags + '/' + source;
  let re = compiled.get(key);
  if (re === undefined) {
    re = new RegExp(source, flags);
    if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value);
    compiled.set(key, re);
  }
  return re;
}
parentPort.on('message', (job) => {
  let matched = -1;
  const errors = [];
  for (let i = 0; i < job.patterns.length; i++) {
    const p = job.patterns[i];
    started[0] = performance.timeOrigin + performance.now();
    Atomics.store(progress, 0, i);
    let re;
    try { re = compile(p.source, p.flags); } catch (err) { errors.push(i); continue; }
    re.lastIndex = 0;
    if (re.test(job.text)) { matched = i; break; }
  }
  Atomics.store(progress, 0, -1);
  parentPort.postMessage({ id: job.id, matched, errors });
});
`;
