import { ControlError } from './control-error.ts';
import type { StoredPresence } from './world.ts';

/**
 * Members' presences as Discord sends them to bots with the GUILD_PRESENCES intent: a status and activities,
 * including the custom status (type 4, the member's own text in `state`, named "Custom Status" by Discord).
 */

export type ActivityInput = {
  name?: string;
  type: number;
  state?: string | null;
  url?: string | null;
  emoji?: { name: string; id?: string | null; animated?: boolean } | null;
};

const CUSTOM = 4;
const MAX_STATE = 128;
const STATUSES = new Set(['online', 'idle', 'dnd', 'offline', 'invisible']);

/** Checks and fills in activities as Discord's client would send them; offline members show none. */
export function normalizePresence(status: string, activities: ActivityInput[] = []): StoredPresence {
  if (!STATUSES.has(status))
    throw new ControlError(400, `Unknown status "${status}": use online, idle, dnd, offline or invisible.`);
  const out: StoredPresence['activities'] = [];
  activities.forEach((a, i) => {
    if (!Number.isInteger(a.type) || a.type < 0 || a.type > 5)
      throw new ControlError(400, `activities[${i}].type must be 0–5 (4 = custom status).`);
    if (a.state && a.state.length > MAX_STATE)
      throw new ControlError(400, `activities[${i}].state must be ${MAX_STATE} or fewer characters.`);
    if (a.type === CUSTOM) {
      if (!a.state && !a.emoji) throw new ControlError(400, `activities[${i}]: a custom status needs state or emoji.`);
      out.push({
        name: 'Custom Status',
        type: CUSTOM,
        state: a.state ?? null,
        ...(a.emoji ? { emoji: { id: null, animated: false, ...a.emoji } } : {}),
      });
      return;
    }
    if (!a.name) throw new ControlError(400, `activities[${i}].name is required.`);
    out.push({ name: a.name, type: a.type, ...(a.state ? { state: a.state } : {}), ...(a.url ? { url: a.url } : {}) });
  });
  if (status === 'offline' || status === 'invisible')
    return { status: status as StoredPresence['status'], activities: [] };
  return { status: status as StoredPresence['status'], activities: out };
}
