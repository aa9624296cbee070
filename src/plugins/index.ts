/** The plugins that ship with Tux. Each imports only the plugin API (checked by src/plugins/imports.test.ts). */
import type { AnyPluginDefinition } from '../plugin-api/index.ts';
import deepfry from './deepfry/index.ts';
import fact from './fact/index.ts';
import flagremover from './flagremover/index.ts';
import git from './git/index.ts';
import harmfulcommands from './harmfulcommands/index.ts';
import mail from './mail/index.ts';
import rolecount from './rolecount/index.ts';
import supportnotifier from './supportnotifier/index.ts';
import ttyRoles from './tty_roles/index.ts';

export function bundledPlugins(): AnyPluginDefinition[] {
  return [deepfry, harmfulcommands, ttyRoles, fact, rolecount, flagremover, supportnotifier, git, mail];
}
