/** The plugins that ship with Tux. Each imports only the plugin API (checked by src/plugins/imports.test.ts). */
import type { AnyPluginDefinition } from '../plugin-api/index.ts';
import deepfry from './deepfry/index.ts';
import git from './git/index.ts';
import harmfulcommands from './harmfulcommands/index.ts';
import mail from './mail/index.ts';
import ttyRoles from './tty_roles/index.ts';

export function bundledPlugins(): AnyPluginDefinition[] {
  return [deepfry, harmfulcommands, ttyRoles, git, mail];
}
