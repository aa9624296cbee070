/** The console's view of music (`music.status`): what plays in each guild. */
import { z } from 'zod';
import { defineAdminOp } from '#admin/define-op.ts';
import type { MusicManager, PlayerView } from './music-manager.ts';

export function musicStatusOp(manager: () => MusicManager | null) {
  return defineAdminOp({
    name: 'music.status',
    summary: 'What plays in each guild: channel, track, position, volume, queue length',
    role: 'viewer',
    audit: false,
    input: z.object({}).strict(),
    run: (): PlayerView[] => manager()?.views() ?? [],
  });
}
