import type { z } from 'zod';
import type { JobHandler } from '../scheduler/types.ts';

/** Undoes what a setup or an attacher did. */
export type Teardown = () => void | Promise<void>;

/**
 * A feature, declared as one object. The core knows nothing of Discord: `commands` and `events` are carried
 * as opaque values and attached by whichever runtime registered an attacher for them (see ModuleManager).
 */
export interface ModuleDefinition<TCtx = unknown, TCommand = unknown, TEvent = unknown> {
  name: string;
  description: string;
  /** Shown on the console's Modules screen; plugins carry their manifest's version. Default: the appliance's. */
  version?: string;
  /** Where it comes from: "built-in" (default), "bundled plugin" or "plugin <folder>". */
  source?: string;
  /** Per-guild settings schema; defaults make the module work on a fresh guild. */
  config?: z.ZodType;
  /** One line shown above a guild's settings list (e.g. which of two sign-ins is in use); nothing: no line. */
  settingsNote?: (guildId: string) => string | null | undefined;
  /** Enabled when nothing has been stored for it yet. Default true. */
  defaultEnabled?: boolean;
  /** Core modules cannot be disabled (the config and help commands live in one). */
  required?: boolean;
  commands?: readonly TCommand[];
  events?: readonly TEvent[];
  jobs?: Readonly<Record<string, JobHandler>>;
  /**
   * Admin operations the module adds to the console, exec commands and CLI (their role and audit are declared on
   * each). Opaque to the kernel; the admin layer finds them by name.
   */
  adminOps?: readonly unknown[];
  setup?: (ctx: TCtx) => Teardown | undefined | Promise<Teardown | undefined>;
}

export type ModuleStatus = 'enabled' | 'disabled' | 'failed';

export interface ModuleState {
  name: string;
  description: string;
  status: ModuleStatus;
  required: boolean;
  /** The module's own version, or null for a built-in module (it has the appliance's). */
  version: string | null;
  /** "built-in", "bundled plugin" or "plugin <folder>". */
  source: string;
  error: string | null;
  /** Guild ids where the module is switched off although it is enabled globally (or on although off). */
  guildOverrides: { guildId: string; enabled: boolean }[];
  commands: number;
  events: number;
  jobs: number;
}

/** Attaches one part of a module (commands, events, jobs) and returns how to detach it. */
export type ModuleAttacher<TCtx> = (module: ModuleDefinition<TCtx>, ctx: TCtx) => Teardown | undefined;
