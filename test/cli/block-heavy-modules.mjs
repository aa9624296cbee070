// Preload for tests (`node --import ./test/cli/block-heavy-modules.mjs bin/tux.js …`): makes discord.js, ssh2 and
// the console UI's libraries impossible to import, so a command that loads them fails loudly.
import { register } from 'node:module';

const hooks = `
const BLOCKED = /^(discord\\.js|@discordjs\\/.*|ssh2|ink|react|react\\/.*|blessed|blessed-contrib)$/;
export async function resolve(specifier, context, next) {
  if (BLOCKED.test(specifier)) {
    throw Object.assign(new Error('blocked import of ' + specifier + ' (from ' + context.parentURL + ')'), {
      code: 'ERR_TUX_BLOCKED_IMPORT',
    });
  }
  return next(specifier, context);
}
`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
