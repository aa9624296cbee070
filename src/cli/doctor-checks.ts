/**
 * What `tux doctor` checks, one function per area. Each returns findings; a `fail` is something that must be fixed
 * before Tux can run well (the command then exits 1), a `warn` is a risk, `info` is for reading. Every finding that
 * needs action says how in `fix`. The checks only read: nothing is changed.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { readAuthorizedKeys } from '#admin/authorized-keys.ts';
import type { ConfigStore } from '#core/config/types.ts';
import { describeDb, readLockOwner } from '#core/db/index.ts';
import { openDataDbReadonly } from './cli-deps.ts';

export type FindingLevel = 'ok' | 'info' | 'warn' | 'fail';

export interface Finding {
  area: string;
  level: FindingLevel;
  message: string;
  fix?: string;
}

const MIN_FREE_BYTES = 200 * 1024 * 1024;

function finding(area: string, level: FindingLevel, message: string, fix?: string): Finding {
  return fix ? { area, level, message, fix } : { area, level, message };
}

function modeOf(st: fs.Stats): string {
  return (st.mode & 0o777).toString(8).padStart(3, '0');
}

function uid(): number | null {
  return typeof process.geteuid === 'function' ? process.geteuid() : null;
}

/** Node versions this Tux supports: 20.19+ on 20, 22.12+ from 22 on (as package.json's engines says). */
export function checkNode(version: string = process.versions.node): Finding[] {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const supported = (major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major > 22;
  if (!supported) {
    return [
      finding(
        'node',
        'fail',
        `Node.js ${version} is not supported (needs 20.19+, 22.12+ or 24 LTS)`,
        'install Node.js 24 LTS (see docs/self-hosting.md), then run npm ci again',
      ),
    ];
  }
  if (major === 20) {
    return [
      finding(
        'node',
        'warn',
        `Node.js ${version} works, but Node 20 is past its end of life (April 2026)`,
        'move to Node.js 24 LTS and run npm ci again',
      ),
    ];
  }
  if (major % 2 === 1) {
    return [finding('node', 'warn', `Node.js ${version} is not an LTS release`, 'prefer Node.js 24 LTS')];
  }
  return [finding('node', 'ok', `Node.js ${version}`)];
}

/** The config file: present, private when it holds the token, and what loading it warned about. */
export function checkConfig(store: ConfigStore): Finding[] {
  const out: Finding[] = [];
  const st = fs.statSync(store.path, { throwIfNoEntry: false });
  if (!st) out.push(finding('config', 'info', `no ${store.path}: every key has its default`));
  else out.push(finding('config', 'ok', `${store.path} is valid`));
  for (const w of store.warnings) out.push(finding('config', 'warn', w, `edit ${store.path}`));
  const fileHasToken = st && /^\s*token\s*=\s*["']?[^"'\s]/m.test(fs.readFileSync(store.path, 'utf8'));
  if (st && fileHasToken && (st.mode & 0o077) !== 0) {
    out.push(
      finding(
        'config',
        'warn',
        `${store.path} holds the bot token and is readable by others (mode ${modeOf(st)})`,
        `chmod 600 ${store.path}`,
      ),
    );
  }
  if (!store.current().bot.token) {
    out.push(finding('config', 'info', 'no bot token yet: the bot stays idle', 'tux config set bot.token YOUR_TOKEN'));
  }
  return out;
}

/** A directory Tux writes to: exists (or can be made), writable, owned by the user running this, not open to others. */
export function checkDirectory(area: string, dir: string): Finding[] {
  const st = fs.statSync(dir, { throwIfNoEntry: false });
  if (!st) {
    let parent = path.dirname(dir);
    while (!fs.existsSync(parent) && parent !== path.dirname(parent)) parent = path.dirname(parent);
    try {
      fs.accessSync(parent, fs.constants.W_OK);
      return [finding(area, 'info', `${dir} does not exist yet; Tux creates it (mode 700) at the first start`)];
    } catch {
      return [finding(area, 'fail', `${dir} does not exist and ${parent} is not writable`, `mkdir -m 700 -p ${dir}`)];
    }
  }
  if (!st.isDirectory()) return [finding(area, 'fail', `${dir} is not a directory`, `move ${dir} away`)];
  const out: Finding[] = [];
  try {
    fs.accessSync(dir, fs.constants.W_OK | fs.constants.R_OK | fs.constants.X_OK);
  } catch {
    out.push(finding(area, 'fail', `${dir} is not writable by this user`, `chown -R <the user running tux> ${dir}`));
  }
  const me = uid();
  if (me !== null && st.uid !== me) {
    out.push(
      finding(
        area,
        'warn',
        `${dir} belongs to uid ${st.uid}, but this runs as uid ${me}`,
        `run tux (and tux doctor) as the owner, e.g. sudo -u tux tux doctor; or chown -R it`,
      ),
    );
  }
  if ((st.mode & 0o022) !== 0) {
    out.push(finding(area, 'fail', `${dir} is writable by group or others (mode ${modeOf(st)})`, `chmod 700 ${dir}`));
  } else if ((st.mode & 0o077) !== 0) {
    out.push(finding(area, 'warn', `${dir} is readable by others (mode ${modeOf(st)})`, `chmod 700 ${dir}`));
  }
  if (out.length === 0) out.push(finding(area, 'ok', `${dir} (mode ${modeOf(st)})`));
  return out;
}

/** Files only the appliance's user should read: the database, its WAL, backups, private keys. */
export function checkPrivateFiles(area: string, files: string[], level: FindingLevel = 'warn'): Finding[] {
  const out: Finding[] = [];
  for (const file of files) {
    const st = fs.statSync(file, { throwIfNoEntry: false });
    if (st?.isFile() && (st.mode & 0o077) !== 0) {
      out.push(finding(area, level, `${file} is readable by others (mode ${modeOf(st)})`, `chmod 600 ${file}`));
    }
  }
  return out;
}

export function checkDataFiles(dataDir: string): Finding[] {
  const db = path.join(dataDir, 'tux.db');
  const backups = path.join(dataDir, 'backups');
  const backupFiles = fs.existsSync(backups)
    ? fs
        .readdirSync(backups)
        .filter((n) => n.endsWith('.db'))
        .map((n) => path.join(backups, n))
    : [];
  return checkPrivateFiles('data', [db, `${db}-wal`, `${db}-shm`, ...backupFiles]);
}

/** Host key private, authorized_keys safe and non-empty, and no folder above it writable by others. */
export function checkKeys(keysDir: string, sshEnabled: boolean): Finding[] {
  const out: Finding[] = [];
  const hostKey = path.join(keysDir, 'ssh_host_ed25519_key');
  if (!fs.existsSync(hostKey)) {
    out.push(finding('keys', 'info', `no host key yet; Tux makes ${hostKey} at the first start`));
  }
  out.push(...checkPrivateFiles('keys', [hostKey, path.join(keysDir, 'local_admin_ed25519')], 'fail'));
  const file = path.join(keysDir, 'authorized_keys');
  const st = fs.statSync(file, { throwIfNoEntry: false });
  const me = uid();
  if (st && me !== null && st.uid !== me && st.uid !== 0) {
    out.push(
      finding('keys', 'fail', `${file} belongs to uid ${st.uid}, not to this user or root`, `chown $(id -u) ${file}`),
    );
  }
  // Like OpenSSH's StrictModes: anyone who can write a folder on the way could swap the file.
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const d = fs.statSync(dir, { throwIfNoEntry: false });
    // A sticky folder above (/tmp) lets nobody rename what they do not own.
    const sticky = d !== undefined && (d.mode & 0o1000) !== 0 && dir !== keysDir;
    if (d && (d.mode & 0o022) !== 0 && !sticky) {
      out.push(
        finding('keys', 'fail', `${dir} is writable by group or others (mode ${modeOf(d)})`, `chmod go-w ${dir}`),
      );
    }
    if (d && me !== null && d.uid !== 0 && d.uid !== me) {
      out.push(
        finding('keys', 'fail', `${dir} belongs to uid ${d.uid}, not to this user or root`, `chown $(id -u) ${dir}`),
      );
    }
    if (dir === path.dirname(dir)) break;
  }
  let keys: ReturnType<typeof readAuthorizedKeys>;
  try {
    keys = readAuthorizedKeys(file);
  } catch (err) {
    out.push(finding('keys', 'fail', `cannot read ${file}: ${(err as Error).message}`, `chmod 600 ${file}`));
    return out;
  }
  if (keys.refused) out.push(finding('keys', 'fail', keys.refused, `chmod 600 ${file}`));
  for (const p of keys.problems) {
    out.push(finding('keys', 'warn', `${file} line ${p.line}: ${p.message}`, 'fix or remove that line'));
  }
  if (!keys.refused && keys.keys.length === 0 && sshEnabled) {
    out.push(
      finding(
        'keys',
        'warn',
        `no keys in ${file}: only \`tux console\` on this machine can log in`,
        'tux keys add ~/.ssh/id_ed25519.pub --role admin (or the key text in quotes)',
      ),
    );
  } else if (keys.keys.length > 0) {
    const admins = keys.keys.filter((k) => k.role === 'admin').length;
    out.push(finding('keys', 'ok', `${keys.keys.length} authorized key(s), ${admins} admin`));
  }
  return out;
}

/** Opens the database read-only: integrity, migrations, and whether an appliance holds it. */
export async function checkDatabase(store: ConfigStore, dataDir: string): Promise<Finding[]> {
  const dbPath = path.join(dataDir, 'tux.db');
  if (!fs.existsSync(dbPath))
    return [finding('database', 'info', `no database yet; the first start creates ${dbPath}`)];
  const out: Finding[] = [];
  let handle: Awaited<ReturnType<typeof openDataDbReadonly>>;
  try {
    handle = await openDataDbReadonly({ store, dbPath, backupsDir: path.join(dataDir, 'backups') });
  } catch (err) {
    return [finding('database', 'fail', (err as Error).message, 'restore a backup: tux db restore FILE')];
  }
  try {
    const s = describeDb(handle);
    const check = (handle.sqlite.pragma('integrity_check(10)') as { integrity_check: string }[])
      .map((r) => r.integrity_check)
      .join('; ');
    if (check !== 'ok') {
      out.push(
        finding(
          'database',
          'fail',
          `${dbPath} is damaged (integrity_check: ${check})`,
          'stop Tux and restore a backup: tux db restore FILE',
        ),
      );
    } else {
      out.push(finding('database', 'ok', `${dbPath}: integrity ok, schema ${s.version ?? 'empty'}`));
    }
    if (s.unknown > 0) {
      out.push(
        finding(
          'database',
          'fail',
          `the database was upgraded by a newer Tux (${s.unknown} unknown migration(s))`,
          'run that newer version, or restore a backup made before the upgrade',
        ),
      );
    }
    if (s.pending.length > 0) {
      out.push(
        finding(
          'database',
          'info',
          `${s.pending.length} migration(s) pending; the next start applies them after a backup`,
        ),
      );
    }
    out.push(finding('database', 'info', s.runningPid ? `Tux is running (pid ${s.runningPid})` : 'Tux is not running'));
  } finally {
    handle.close();
  }
  return out;
}

function probeBanner(host: string, port: number, timeoutMs: number): Promise<string | Error> {
  return new Promise((resolve) => {
    const sock = net.connect({ host, port });
    let data = '';
    const done = (v: string | Error) => {
      sock.destroy();
      resolve(v);
    };
    sock.setTimeout(timeoutMs, () => done(data || new Error('no answer')));
    sock.on('data', (b) => {
      data += b.toString('latin1');
      if (data.includes('\n')) done(data.split(/\r?\n/)[0] as string);
    });
    sock.on('error', (err) => done(err));
  });
}

function tryListen(host: string, port: number): Promise<NodeJS.ErrnoException | null> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (err) => resolve(err as NodeJS.ErrnoException));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(null)));
  });
}

/** The console port: answered by this Tux when it runs, free when it does not. */
export async function checkPort(store: ConfigStore, dataDir: string): Promise<Finding[]> {
  const { ssh } = store.current();
  if (!ssh.enabled) return [finding('port', 'info', 'the SSH console is off (ssh.enabled = false)')];
  const where = `${ssh.host}:${ssh.port}`;
  const out: Finding[] = [];
  if (ssh.host !== '127.0.0.1' && ssh.host !== '::1' && ssh.host !== 'localhost') {
    out.push(
      finding(
        'port',
        'info',
        `the console listens on ${ssh.host}: allow port ${ssh.port} only from addresses you trust`,
        'see "Opening the console port" in docs/self-hosting.md',
      ),
    );
  }
  const running = readLockOwner(path.join(dataDir, 'tux.db'));
  const probeHost = ssh.host === '0.0.0.0' || ssh.host === '::' ? '127.0.0.1' : ssh.host;
  if (running) {
    const banner = await probeBanner(probeHost, ssh.port, 3000);
    if (typeof banner === 'string' && banner.startsWith('SSH-2.0-Tux_')) {
      out.push(finding('port', 'ok', `${where} answers as Tux (pid ${running.pid})`));
    } else if (typeof banner === 'string') {
      out.push(
        finding(
          'port',
          'fail',
          `${where} is answered by another program (${banner.slice(0, 60)}), not by Tux`,
          `find it with: ss -ltnp 'sport = :${ssh.port}'; or set another ssh.port`,
        ),
      );
    } else {
      out.push(
        finding(
          'port',
          'fail',
          `Tux runs (pid ${running.pid}) but its console does not answer on ${where} (${banner.message})`,
          'see the log for the ssh service (tux console status, or journalctl -u tux)',
        ),
      );
    }
    return out;
  }
  const err = await tryListen(ssh.host, ssh.port);
  if (!err) out.push(finding('port', 'ok', `${where} is free`));
  else if (err.code === 'EADDRINUSE') {
    out.push(
      finding(
        'port',
        'fail',
        `${where} is taken by another program`,
        `find it with: ss -ltnp 'sport = :${ssh.port}'; or set another ssh.port`,
      ),
    );
  } else if (err.code === 'EACCES') {
    out.push(
      finding(
        'port',
        'fail',
        `port ${ssh.port} needs privileges this user lacks`,
        'use a port above 1024 (the default 2222)',
      ),
    );
  } else if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') {
    out.push(finding('port', 'fail', `${ssh.host} is not an address of this machine`, 'fix ssh.host'));
  } else {
    out.push(finding('port', 'fail', `cannot listen on ${where}: ${err.message}`));
  }
  return out;
}

export function checkDiskSpace(dataDir: string): Finding[] {
  let dir = dataDir;
  while (!fs.existsSync(dir) && dir !== path.dirname(dir)) dir = path.dirname(dir);
  try {
    const s = fs.statfsSync(dir);
    const free = s.bavail * s.bsize;
    const mib = Math.round(free / 1024 / 1024);
    if (free < MIN_FREE_BYTES) {
      return [finding('disk', 'warn', `only ${mib} MiB free under ${dir}`, 'free some space; backups need room')];
    }
    return [finding('disk', 'ok', `${mib} MiB free under ${dir}`)];
  } catch {
    return [];
  }
}

/** ffmpeg plays music; without it the rest runs and the music service reports itself degraded. */
export function checkFfmpeg(): Finding[] {
  try {
    const first = execFileSync('ffmpeg', ['-version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 10_000,
    });
    return [finding('ffmpeg', 'info', `${first.split('\n')[0]?.slice(0, 60)} (plays music)`)];
  } catch {
    return [finding('ffmpeg', 'warn', 'ffmpeg not found: music cannot play (apt-get install ffmpeg)')];
  }
}

/** libjpeg-turbo is deepfry's fast JPEG codec; without it deepfry uses sharp alone (about half as fast on JPEG). */
export async function checkJpegCodec(): Promise<Finding[]> {
  const { turboJpegLoader } = await import('../plugins/deepfry/turbojpeg.ts');
  const { turbo, reason } = await turboJpegLoader()();
  if (turbo) return [finding('jpeg', 'info', `libjpeg-turbo (${turbo.library}): deepfry's JPEG codec`)];
  return [finding('jpeg', 'info', `${reason}; deepfry uses sharp alone, slower on JPEG`)];
}
