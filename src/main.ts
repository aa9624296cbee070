/**
 * The `tux` command. `tux start` runs the appliance; the other commands manage its config, database, audit
 * trail and SSH keys from the machine it runs on.
 */
import { Command, CommanderError } from 'commander';
import { readVersion } from '#core/version.ts';
import { registerCliCommands } from './cli/register-commands.ts';
import { registerStartCommand } from './cli/start-command.ts';

// `tux audit list | head` closes the pipe early: that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const program = new Command()
  .name('tux')
  .description('Tux: a self-hosted Discord bot appliance with an SSH admin console')
  .version(readVersion())
  .option('-c, --config <path>', 'config file (default: $TUX_CONFIG or ./tux.toml)')
  .showHelpAfterError('(run tux --help for usage)')
  .exitOverride();

registerStartCommand(program);
registerCliCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // Help and version exit 0; usage errors exit 2 (commander has already printed the message).
    process.exitCode = err.exitCode === 0 ? 0 : 2;
  } else {
    process.stderr.write(`tux: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}
