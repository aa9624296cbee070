import type { SafeRegex } from '#core/safe-regex/index.ts';
import type { AntinukeGuard } from './antinuke.ts';
import type { AutomodEngine } from './automod-engine.ts';
import type { RaidGuard } from './raid-guard.ts';
import type { AutomodSettings } from './settings.ts';

/** What automod's commands, events and console operations share while the module runs. */
export interface AutomodRuntime {
  engine: AutomodEngine;
  regex: SafeRegex;
  raid: RaidGuard;
  antinuke: AntinukeGuard;
  settings(guildId: string): AutomodSettings;
}
