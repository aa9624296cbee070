/**
 * `tux console [COMMAND…]`: runs a console command (status, services, modules, config, logs, audit, sessions, …)
 * against the running appliance, from the machine it runs on. It logs in over loopback SSH with the appliance's
 * local key (<keys>/local_admin_ed25519, readable only by the appliance's user) and checks the host key, so the
 * same admin operations, roles and audit apply as for `ssh tux@host COMMAND`. Without a command it opens the TUI.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { ClientChannel } from 'ssh2';
import { resolveConfigPaths } from '#core/config/index.ts';
import { readLockOwner } from '#core/db/app-lock.ts';
import { type CliDeps, cliIo, runGuarded } from './cli-deps.ts';

/** Quotes one argument for the console's command-line splitter. */
function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function registerAdminCommands(program: Command, deps: CliDeps): void {
  const io = cliIo(deps);
  program
    .command('console')
    .description('run a console command against the running appliance (no command: open the console TUI)')
    .argument('[command...]', 'e.g. status, services restart discord, logs --follow --level warn')
    .allowUnknownOption()
    .helpOption(false)
    // cmd.args keeps the console's own options (--json, --follow, …) in place, as typed.
    .action((_words: string[], _opts: unknown, cmd: Command) =>
      runGuarded(deps, async () => {
        const args = cmd.args;
        const store = await deps.loadConfig();
        const paths = resolveConfigPaths(store);
        const { ssh } = store.current();
        // The SSH client loads only for this command.
        const { default: ssh2 } = await import('ssh2');
        const { LOCAL_ADMIN_KEY_FILE, unsafeLocalAdminKey } = await import('#ssh/local-admin-key.ts');
        const keyFile = path.join(paths.keys, LOCAL_ADMIN_KEY_FILE);
        // The appliance (running as the key's owner) refuses the key when others could have written or read it;
        // say why rather than "denied".
        const keyOwner = fs.existsSync(keyFile) ? fs.statSync(keyFile).uid : null;
        const unsafe = keyOwner !== null && keyOwner === process.getuid?.() ? unsafeLocalAdminKey(keyFile) : null;
        if (unsafe) return io.fail(unsafe);
        const hostPubFile = path.join(paths.keys, 'ssh_host_ed25519_key.pub');
        let privateKey: Buffer;
        let hostPub: Buffer;
        try {
          privateKey = fs.readFileSync(keyFile);
          const pub = ssh2.utils.parseKey(fs.readFileSync(hostPubFile, 'utf8'));
          if (pub instanceof Error || Array.isArray(pub)) throw pub;
          hostPub = pub.getPublicSSH();
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          return io.fail(
            code === 'EACCES'
              ? `cannot read ${keyFile}: run this as the user the appliance runs as`
              : `no console keys in ${paths.keys} yet: start the appliance once (tux start) with ssh.enabled = true`,
          );
        }
        const host = ssh.host === '0.0.0.0' || ssh.host === '::' ? '127.0.0.1' : ssh.host;
        const interactive = args.length === 0;
        if (interactive && !process.stdin.isTTY) return io.fail('the console needs a terminal; give a command instead');
        const code = await new Promise<number>((resolve) => {
          const client = new ssh2.Client();
          client.on('error', (err) => {
            const refused = (err as NodeJS.ErrnoException).code === 'ECONNREFUSED';
            // Nothing listens: the appliance may be down, or up with its console down (port taken and retrying,
            // or switched off). The database lock names the live process that owns the data directory.
            const owner = readLockOwner(path.join(paths.data, 'tux.db'));
            const where = `${host}:${ssh.port}`;
            const problem = refused ? `nothing listens on ${where}` : `${err.message} (${where})`;
            io.err(
              owner
                ? `tux: the appliance is running (pid ${owner.pid}) but its console is down: ${problem}; its log says why (a console that failed to start is retried)`
                : refused
                  ? `tux: the appliance is not running (nothing listens on ${where}); start it with tux start`
                  : `tux: console connection failed: ${problem}; no running appliance holds ${paths.data}`,
            );
            resolve(1);
          });
          client.on('ready', () => {
            const cols = process.stdout.columns ?? 80;
            const rows = process.stdout.rows ?? 24;
            const done = (ch: ClientChannel) => {
              let exit = 0;
              ch.on('exit', (c: number | null) => {
                exit = c ?? 1;
              });
              ch.on('close', () => {
                if (interactive && process.stdin.isTTY) process.stdin.setRawMode(false);
                process.stdin.pause();
                client.end();
                resolve(exit);
              });
              const out = deps.stdout ?? process.stdout;
              const errOut = deps.stderr ?? process.stderr;
              ch.on('data', (d: Buffer) => out.write(d.toString()));
              ch.stderr.on('data', (d: Buffer) => errOut.write(d.toString()));
            };
            if (interactive) {
              client.shell({ term: process.env.TERM ?? 'xterm-256color', cols, rows }, (err, ch) => {
                if (err) return resolve(1);
                process.stdin.setRawMode(true);
                process.stdin.pipe(ch);
                process.stdout.on('resize', () => ch.setWindow(process.stdout.rows, process.stdout.columns, 0, 0));
                done(ch);
              });
            } else {
              client.exec(args.map(quote).join(' '), (err, ch) => {
                if (err) return resolve(1);
                ch.end();
                done(ch);
              });
            }
          });
          client.connect({
            host,
            port: ssh.port,
            username: ssh.user,
            privateKey,
            readyTimeout: 10_000,
            // Only the appliance's own host key is accepted.
            hostVerifier: (key: Buffer) => key.equals(hostPub),
          });
        });
        if (code !== 0) process.exitCode = code;
      }),
    );
}
