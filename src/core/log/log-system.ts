/**
 * The process's logging: one pino root logger writing, through pino.multistream, to the console (pretty on a TTY,
 * JSON lines otherwise), a size-rotated file under <data>/logs and the in-memory LogHub the console tails.
 *
 * Secrets are removed once, in pino's streamWrite hook, from the finished line: every output receives the same
 * redacted text, and a token is caught in the message, any field and any error stack alike.
 *
 * The hub is fed by a stream in the multistream that parses that line. Parsing costs a JSON.parse per line, but it
 * is the only way the hub sees exactly what the console and file saw (serializers, redaction, error stacks);
 * pino's logMethod hook sees raw arguments that would need a second serializer and a second redaction.
 */
import path from 'node:path';
import { pino } from 'pino';
import { prettyFactory } from 'pino-pretty';
import { LEVEL_VALUES, RingLogHub } from './log-hub.ts';
import { RotatingFile } from './rotating-file.ts';
import { REDACTED, SecretRedactor } from './secret-redactor.ts';
import type { Logger, LogLevelName, LogSystem } from './types.ts';

export interface LogSystemOptions {
  level: LogLevelName;
  /** Data directory; the file goes to <dataDir>/logs/tux.log. Without it there is no file. */
  dataDir?: string;
  /** Rotation of the log file, or false for none. */
  file?: { maxMb: number; count: number } | false;
  /** Entries kept in memory for the console (default 5000). */
  bufferSize?: number;
  /** Console output (default process.stdout). */
  stdout?: NodeJS.WritableStream;
  /** Human-readable console lines; default: when stdout is a TTY. */
  pretty?: boolean;
  /** Rotate at this many bytes instead of file.maxMb MiB (for tests). */
  fileMaxBytes?: number;
}

/** LogSystem plus the pieces the composition root and tests need. */
export interface TuxLogSystem extends LogSystem {
  /** Replaces registered secrets in any text (for places that show text outside the logs). */
  redact(text: string): string;
  /** Path of the live log file, when there is one. */
  readonly file: string | undefined;
  /** Flushes and closes the log file. */
  close(): Promise<void>;
}

const NAMES: Record<number, LogLevelName> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};

/** Fields pino adds to every line that the console's entries do not need. */
const DROPPED_FIELDS = new Set(['level', 'time', 'msg', 'module', 'pid', 'hostname']);

const REDACT_PATHS = [
  'token',
  '*.token',
  'password',
  '*.password',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
];

function renameModuleField(obj: Record<string, unknown>): Record<string, unknown> {
  if (!Object.hasOwn(obj, 'module')) return obj;
  const { module, ...rest } = obj;
  return { ...rest, moduleName: module };
}

export function createLogSystem(opts: LogSystemOptions): TuxLogSystem {
  const redactor = new SecretRedactor();
  const hub = new RingLogHub(opts.bufferSize ?? 5000);
  const stdout = opts.stdout ?? process.stdout;
  const isTty = (stdout as NodeJS.WriteStream).isTTY === true;
  const prettyOutput = opts.pretty ?? isTty;

  const format = prettyOutput
    ? prettyFactory({
        colorize: isTty,
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid,hostname,module',
        messageFormat: '{if module}[{module}] {end}{msg}',
      })
    : undefined;
  const consoleStream = {
    write(line: string) {
      stdout.write(format ? format(line) : line);
    },
  };

  let file: RotatingFile | undefined;
  if (opts.dataDir && opts.file !== false) {
    const rotation = opts.file ?? { maxMb: 10, count: 5 };
    file = new RotatingFile(path.join(opts.dataDir, 'logs', 'tux.log'), {
      maxBytes: opts.fileMaxBytes ?? rotation.maxMb * 1024 * 1024,
      count: rotation.count,
    });
  }

  const hubStream = {
    write(line: string) {
      let record: Record<string, unknown>;
      try {
        record = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      const fields: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(record)) if (!DROPPED_FIELDS.has(key)) fields[key] = value;
      hub.push({
        time: typeof record.time === 'number' ? record.time : Date.now(),
        level: NAMES[record.level as number] ?? 'info',
        module: typeof record.module === 'string' ? record.module : 'core',
        msg: typeof record.msg === 'string' ? record.msg : '',
        fields,
      });
    },
  };

  // Every stream takes every level; which lines exist at all is decided by each logger's own level.
  const streams: pino.StreamEntry[] = [
    { level: 'trace', stream: consoleStream },
    { level: 'trace', stream: hubStream },
  ];
  if (file) streams.push({ level: 'trace', stream: file });

  const root = pino(
    {
      level: opts.level,
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      hooks: { streamWrite: (line) => redactor.redact(line) },
      // `module` is the child logger's binding (which part of Tux wrote the line). A call that names a bot module
      // passes it as `moduleName`; one that still says `module` is renamed so a JSON line never has the key twice.
      formatters: { log: renameModuleField },
    },
    pino.multistream(streams),
  );

  let defaultLevel: LogLevelName = opts.level;
  const children = new Map<string, Logger>();
  const overrides = new Map<string, LogLevelName>();

  const child = (module: string): Logger => {
    let logger = children.get(module);
    if (!logger) {
      logger = root.child({ module }, { level: overrides.get(module) ?? defaultLevel });
      children.set(module, logger);
    }
    return logger;
  };

  const flush = async (): Promise<void> => {
    // The file is written synchronously; wait for the console stream to drain.
    const writable = stdout as NodeJS.WritableStream & { writableNeedDrain?: boolean };
    if (writable.writableNeedDrain) await new Promise<void>((resolve) => writable.once('drain', () => resolve()));
    await new Promise<void>((resolve) => setImmediate(resolve));
  };

  return {
    root,
    hub,
    file: file?.file,
    child,
    setLevel(level, module) {
      if (!(level in LEVEL_VALUES)) throw new Error(`unknown log level "${level}"`);
      if (module !== undefined) {
        overrides.set(module, level);
        child(module).level = level;
        return;
      }
      defaultLevel = level;
      root.level = level;
      for (const [name, logger] of children) if (!overrides.has(name)) logger.level = level;
    },
    addSecret(secret) {
      redactor.add(secret);
    },
    redact(text) {
      return redactor.redact(text);
    },
    flush,
    async close() {
      await flush();
      file?.close();
    },
  };
}
