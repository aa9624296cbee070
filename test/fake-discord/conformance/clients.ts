import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * The client libraries of the conformance suite and how each is started. Each runs unpatched, pointed at the
 * emulator only through its own settings; the certificate is trusted through NODE_EXTRA_CA_CERTS / SSL_CERT_FILE.
 */

export interface ConformanceClient {
  name: string;
  command: string;
  args: string[];
  /** Steps the library has no API for (the driver answers "unsupported" for exactly these). */
  unsupported: Record<string, string>;
  /** Whether the library asks for zlib-stream transport compression as configured here. */
  compresses: boolean;
  /** Why the library cannot run here, or null when it can. */
  missing(): string | null;
}

const driver = (file: string) => fileURLToPath(new URL(`./drivers/${file}`, import.meta.url));
const nodeDriver = (file: string) => ['--import', 'tsx', driver(file)];

/** Debian's python3-discord installs into the system Python, so the driver runs with /usr/bin/python3. */
export const SYSTEM_PYTHON = '/usr/bin/python3';

export const conformanceClients: ConformanceClient[] = [
  {
    name: 'discord.js',
    compresses: false,
    command: process.execPath,
    args: nodeDriver('discordjs-driver.ts'),
    unsupported: {},
    missing: () => null,
  },
  {
    name: 'Oceanic.js',
    compresses: false,
    command: process.execPath,
    args: nodeDriver('oceanic-driver.ts'),
    unsupported: {},
    missing: () => null,
  },
  {
    name: 'Eris',
    compresses: false,
    command: process.execPath,
    args: nodeDriver('eris-driver.ts'),
    unsupported: {},
    missing: () => null,
  },
  {
    name: 'discord.py',
    compresses: true,
    command: SYSTEM_PYTHON,
    args: [driver('discordpy_driver.py')],
    unsupported: {},
    missing: () => {
      const probe = spawnSync(SYSTEM_PYTHON, ['-c', 'import discord; print(discord.__version__)'], {
        encoding: 'utf8',
        timeout: 60_000,
      });
      if (probe.status === 0) return null;
      return `discord.py is not installed for ${SYSTEM_PYTHON}: run "apt-get update && apt-get install -y python3-discord" (Debian's package; PyPI is not used). ${probe.error?.message ?? probe.stderr.trim().split('\n').at(-1) ?? ''}`;
    },
  },
];
