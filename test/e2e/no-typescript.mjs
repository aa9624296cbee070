// Preload for tests (`node --import ./test/e2e/no-typescript.mjs bin/tux.js …`): refuses to load any TypeScript
// source or tsx, so the process provably runs the JavaScript build in dist/.
import { register } from 'node:module';

const hooks = `
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (/\\.(ts|tsx|mts|cts)$/.test(r.url) || /\\/node_modules\\/tsx\\//.test(r.url)) {
    throw Object.assign(new Error('loaded TypeScript, not the build: ' + r.url), { code: 'ERR_TUX_NOT_BUILT' });
  }
  return r;
}
`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
