/**
 * Loads tux.toml (defaults when absent), lays TUX_* environment variables over it, validates with the schema and
 * saves single-key changes atomically without disturbing the admin's comments. Loading never writes anything.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse as parseTomlText, stringify as stringifyToml, TomlError } from 'smol-toml';
import { writeFileAtomic } from './atomic-write.ts';
import { coerceString } from './coerce-value.ts';
import { ConfigError, describeIssues, suggestKey } from './config-error.ts';
import { type EnvOverrides, readEnvOverrides } from './env-overrides.ts';
import { withFileLock } from './file-lock.ts';
import { type KeyInfo, keyMeta, listKeys, listSections } from './key-meta.ts';
import { maskValue } from './mask-secrets.ts';
import { configSchema, type TuxConfig } from './schema.ts';
import { setTomlValue } from './toml-edit.ts';
import type {
  ConfigChange,
  ConfigKeyChange,
  ConfigLog,
  ConfigStore,
  ReloadResult,
  SetResult,
  WatchOptions,
} from './types.ts';

export interface LoadConfigOptions {
  /** Config file; default env.TUX_CONFIG, then ./tux.toml. Relative paths are resolved from `cwd`. */
  path?: string;
  /** Environment to read TUX_* overrides from (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Directory relative paths are resolved from (default process.cwd()). */
  cwd?: string;
}

type Doc = Record<string, unknown>;
type Sections = Record<string, Record<string, unknown>>;

interface Snapshot {
  /** The file's text, or null when there is no file. */
  text: string | null;
  config: TuxConfig;
  warnings: string[];
}

const NO_ENV: EnvOverrides = { values: {}, sources: new Map(), raw: new Map(), warnings: [] };

/** Loads and validates the config. Throws ConfigError (naming file/variable, key, expectation and value). */
export function loadConfig(opts: LoadConfigOptions = {}): ConfigStore {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  const file = path.resolve(cwd, opts.path ?? env.TUX_CONFIG ?? 'tux.toml');
  const relative = path.relative(cwd, file);
  const label = relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
  return new FileConfigStore(file, label, readEnvOverrides(env));
}

function readText(file: string, label: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw new ConfigError([
      {
        key: '',
        source: label,
        message: `cannot read the config file (${code ?? String(error)}); check its permissions`,
      },
    ]);
  }
}

function parseToml(text: string, label: string): Doc {
  try {
    return parseTomlText(text) as Doc;
  } catch (error) {
    if (error instanceof TomlError) {
      const reason = error.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
      return throwTomlError(label, error.line, error.column, reason, error.codeblock);
    }
    throw error;
  }
}

function throwTomlError(label: string, line: number, column: number, reason: string, codeblock: string): never {
  throw new ConfigError([
    {
      key: '',
      source: label,
      message: `invalid TOML at line ${line}, column ${column}: ${reason}\n${codeblock.trimEnd()}`,
    },
  ]);
}

function isTable(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Keeps only the keys the schema knows, so the strict schema validates what Tux uses while unknown sections and
 * keys stay in the file (they may belong to a newer version) and are named in warnings.
 */
function knownPart(doc: Doc, label: string): { known: Doc; warnings: string[] } {
  const known: Doc = {};
  const warnings: string[] = [];
  const sections = new Set(listSections());
  for (const [section, value] of Object.entries(doc)) {
    if (!sections.has(section)) {
      const what = isTable(value) ? `section [${section}]` : `key ${section}`;
      warnings.push(`${label}: unknown ${what} is ignored${suggestKey(section)}`);
      continue;
    }
    if (!isTable(value)) {
      known[section] = value;
      continue;
    }
    const keys: Record<string, unknown> = {};
    for (const [name, v] of Object.entries(value)) {
      if (keyMeta(`${section}.${name}`)) keys[name] = v;
      else warnings.push(`${label}: unknown key ${section}.${name} is ignored${suggestKey(`${section}.${name}`)}`);
    }
    known[section] = keys;
  }
  return { known, warnings };
}

function layer(known: Doc, env: EnvOverrides): Doc {
  const merged: Doc = { ...known };
  for (const [section, values] of Object.entries(env.values)) {
    const base = merged[section];
    merged[section] = { ...(isTable(base) ? base : {}), ...values };
  }
  return merged;
}

function validate(doc: Doc, env: EnvOverrides, label: string): { config: TuxConfig; warnings: string[] } {
  const { known, warnings } = knownPart(doc, label);
  const merged = layer(known, env);
  const result = configSchema.safeParse(merged);
  if (!result.success) {
    throw new ConfigError(
      describeIssues(
        result.error.issues,
        merged,
        (key) => (env.sources.has(key) ? `${env.sources.get(key)} (environment)` : label),
        (key) => env.raw.get(key),
      ),
    );
  }
  return { config: deepFreeze(result.data), warnings };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function readKey(config: TuxConfig, info: KeyInfo): unknown {
  return (config as unknown as Sections)[info.section]?.[info.name];
}

function diff(before: TuxConfig, after: TuxConfig): ConfigKeyChange[] {
  const changes: ConfigKeyChange[] = [];
  for (const info of listKeys()) {
    const a = readKey(before, info);
    const b = readKey(after, info);
    if (isDeepStrictEqual(a, b)) continue;
    changes.push({
      key: info.key,
      apply: info.apply,
      secret: info.secret,
      before: info.secret ? maskValue(a) : a,
      after: info.secret ? maskValue(b) : b,
    });
  }
  return changes;
}

/** Looks a key up or throws a ConfigError that names it and suggests the nearest key. */
export function requireKey(key: string): KeyInfo {
  const info = keyMeta(key);
  if (!info) {
    throw new ConfigError([
      {
        key,
        source: '',
        message: `unknown config key "${key}"${suggestKey(key)} (run \`tux config schema\` to list keys)`,
      },
    ]);
  }
  return info;
}

class FileConfigStore implements ConfigStore {
  readonly path: string;
  private readonly label: string;
  private readonly env: EnvOverrides;
  private snapshot: Snapshot;
  private ver = 1;
  private readonly listeners = new Set<(change: ConfigChange) => void>();
  private watcher: fs.FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private log: ConfigLog | undefined;
  /** Text of the last external edit that failed validation, so it is reported once, not on every event. */
  private rejectedText: string | null = null;

  constructor(file: string, label: string, env: EnvOverrides) {
    this.path = file;
    this.label = label;
    this.env = env;
    const text = readText(file, label);
    const { config, warnings } = validate(text === null ? {} : parseToml(text, label), env, label);
    this.snapshot = { text, config, warnings };
  }

  get warnings(): readonly string[] {
    return [...this.env.warnings, ...this.snapshot.warnings];
  }

  current(): TuxConfig {
    return this.snapshot.config;
  }

  get(key: string): unknown {
    return readKey(this.snapshot.config, requireKey(key));
  }

  version(): number {
    return this.ver;
  }

  envOverrides(): string[] {
    return [...this.env.sources.keys()];
  }

  envVariable(key: string): string | undefined {
    return this.env.sources.get(key);
  }

  onChange(listener: (change: ConfigChange) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Validates and saves one key. Writers in every process take turns (a lock file), so no change is lost. */
  async set(key: string, value: unknown, opts: { expectedVersion?: number } = {}): Promise<SetResult> {
    fs.mkdirSync(path.dirname(this.path), { recursive: true });
    return withFileLock(this.path, () => this.setLocked(key, value, opts));
  }

  private setLocked(key: string, value: unknown, opts: { expectedVersion?: number }): SetResult {
    const info = requireKey(key);
    if (opts.expectedVersion !== undefined && opts.expectedVersion !== this.ver) {
      throw new ConfigError([{ key, source: '', message: 'config was changed by someone else; reload and try again' }]);
    }
    if (value === undefined || value === null) {
      throw new ConfigError([{ key, source: '', message: `${key} needs a value (${info.expected})` }]);
    }
    const wanted = typeof value === 'string' ? coerceString(info, value) : value;
    // Edit what is on disk now, not what was loaded: an external edit since then is kept.
    const text = readText(this.path, this.label);
    const doc = text === null ? {} : parseToml(text, this.label);
    const section = doc[info.section];
    if (section !== undefined && !isTable(section)) {
      throw new ConfigError([{ key, source: this.label, message: `[${info.section}] must be a table of keys` }]);
    }
    const nextDoc: Doc = { ...doc, [info.section]: { ...(section ?? {}), [info.name]: wanted } };
    // The file alone must be valid (so it still works without the environment), and so must the result.
    const fileOnly = validate(nextDoc, NO_ENV, this.label);
    const effective = validate(nextDoc, this.env, this.label);
    const stored = readKey(fileOnly.config, info);
    (nextDoc[info.section] as Record<string, unknown>)[info.name] = stored;

    const warnings: string[] = [];
    let nextText = setTomlValue(text ?? '', info.section, info.name, stored);
    if (!this.rendersTo(nextText, nextDoc)) {
      nextText = stringifyToml(nextDoc);
      warnings.push(`${this.label} was rewritten in full: ${key} could not be edited in place, so comments were lost`);
    }
    writeFileAtomic(this.path, nextText);

    const variable = this.env.sources.get(info.key);
    if (variable) warnings.push(`${variable} is set in the environment and still overrides ${key}`);
    const changes = this.apply({ text: nextText, config: effective.config, warnings: effective.warnings });
    this.rejectedText = null;
    const result: SetResult = { changes, restartRequired: changes.some((c) => c.apply === 'restart'), warnings };
    if (variable) result.envOverride = variable;
    return result;
  }

  private rendersTo(text: string, expected: Doc): boolean {
    try {
      return isDeepStrictEqual(JSON.parse(JSON.stringify(parseTomlText(text))), JSON.parse(JSON.stringify(expected)));
    } catch {
      return false;
    }
  }

  /** Installs a new snapshot, bumps the version and tells subscribers what changed. */
  private apply(next: Snapshot): ConfigKeyChange[] {
    const changes = diff(this.snapshot.config, next.config);
    this.snapshot = next;
    this.ver++;
    if (changes.length) {
      const change: ConfigChange = {
        config: next.config,
        changes,
        restartRequired: changes.some((c) => c.apply === 'restart'),
      };
      for (const listener of this.listeners) {
        try {
          listener(change);
        } catch (error) {
          this.log?.error({ err: error }, 'a config change listener failed');
        }
      }
    }
    return changes;
  }

  reload(): ReloadResult {
    let text: string | null;
    try {
      text = readText(this.path, this.label);
      if (text === this.snapshot.text) return { ok: true, changes: [] };
      const { config, warnings } = validate(text === null ? {} : parseToml(text, this.label), this.env, this.label);
      for (const warning of warnings) if (!this.snapshot.warnings.includes(warning)) this.log?.warn({}, warning);
      const changes = this.apply({ text, config, warnings });
      this.rejectedText = null;
      if (changes.length) {
        this.log?.info(
          { keys: changes.map((c) => c.key), restartRequired: changes.some((c) => c.apply === 'restart') },
          `config reloaded from ${this.label}`,
        );
      }
      return { ok: true, changes };
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const current = fs.existsSync(this.path) ? fs.readFileSync(this.path, 'utf8') : null;
      if (current !== this.rejectedText) {
        this.rejectedText = current;
        this.log?.error(
          { issues: error.issues },
          `config file rejected, keeping the previous config: ${error.message}`,
        );
      }
      return { ok: false, error };
    }
  }

  watch(opts: WatchOptions = {}): void {
    if (opts.log) this.log = opts.log;
    if (this.watcher) return;
    const debounceMs = opts.debounceMs ?? 200;
    const base = path.basename(this.path);
    try {
      // Watch the directory: an atomic save replaces the file, which would end a watch on the file itself.
      this.watcher = fs.watch(path.dirname(this.path), { persistent: false }, (_event, name) => {
        if (name !== null && name !== base) return;
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.reload(), debounceMs);
        this.timer.unref();
      });
      this.watcher.on('error', (error) => this.log?.warn({ err: error }, 'stopped watching the config file'));
    } catch (error) {
      this.log?.warn({ err: error }, `cannot watch ${this.label}; edits to it need a restart`);
    }
  }

  close(): void {
    clearTimeout(this.timer);
    this.watcher?.close();
    this.watcher = undefined;
  }
}
