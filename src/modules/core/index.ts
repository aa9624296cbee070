/**
 * The built-in module every server has: `ping` (latency, uptime, memory, versions), `help` (only what you may run),
 * `config` (prefix, permission ranks, role ranks, command ranks), `modules` (switch modules and plugins per server)
 * and the rotating bot activity. It cannot be disabled.
 */
import { defineModule } from '#discord/module.ts';
import { startActivityRotation } from './activity-rotation.ts';
import { configCommand } from './config-command.ts';
import { help } from './help.ts';
import { modulesCommand } from './modules-command.ts';
import { ping } from './ping.ts';

export function createCoreModule(opts: { activityFirstDelayMs?: number } = {}) {
  return defineModule({
    name: 'core',
    description: 'Ping, help, server configuration (prefix, permission ranks) and the bot activity',
    required: true,
    commands: [ping, help, configCommand, modulesCommand],
    setup(ctx) {
      return startActivityRotation(
        ctx,
        opts.activityFirstDelayMs === undefined ? {} : { firstDelayMs: opts.activityFirstDelayMs },
      );
    },
  });
}

export default createCoreModule();
