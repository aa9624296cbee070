import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import {
  cancelStagedRestore,
  DbError,
  fileTimestamp,
  listBackups,
  readStagedRestore,
  scheduledBackupDir,
  stageRestore,
} from '#core/db/index.ts';
import type { AdminContext } from '../admin-context.ts';
import { AdminError } from '../admin-errors.ts';
import { defineAdminOp } from '../define-op.ts';

/** The folders backups are kept in: <data>/backups, and `backup.dir` when it points elsewhere. */
function backupDirs(ctx: AdminContext): string[] {
  const main = path.join(ctx.paths.data, 'backups');
  const scheduled = scheduledBackupDir(ctx.paths.data, ctx.config.current().backup.dir);
  return scheduled === main ? [main] : [main, scheduled];
}

export const dbBackupOp = defineAdminOp({
  name: 'db.backup',
  summary: 'Online backup of the database to <data>/backups (or a given file)',
  role: 'admin',
  audit: true,
  input: z.object({ dest: z.string().min(1).optional() }).strict(),
  async run(ctx, { dest }) {
    const backups = path.join(ctx.paths.data, 'backups');
    const file = dest ? path.resolve(ctx.paths.data, dest) : path.join(backups, `tux-${fileTimestamp()}.db`);
    if (fs.existsSync(file)) throw new AdminError('conflict', `${file} already exists; choose another name`);
    const bytes = await ctx.db.backup(file);
    return { file, bytes };
  },
});

export const dbBackupsOp = defineAdminOp({
  name: 'db.backups',
  summary: 'List database backups (newest first) and the restore staged for the next start',
  role: 'admin',
  audit: false,
  input: z.object({}).strict(),
  run(ctx) {
    const backups = backupDirs(ctx)
      .flatMap((dir) => listBackups(dir))
      .sort((a, b) => b.mtimeMs - a.mtimeMs);
    return { backups, staged: readStagedRestore(ctx.paths.data) };
  },
});

/**
 * Restores never replace the live database: the backup is checked and staged, and the next start swaps it in
 * (saving the current database first). `cancel` drops a staged restore.
 */
export const dbRestoreOp = defineAdminOp({
  name: 'db.restore',
  summary: 'Stage a backup to replace the database at the next start (or cancel a staged one)',
  role: 'admin',
  audit: true,
  input: z.union([z.object({ file: z.string().min(1) }).strict(), z.object({ cancel: z.literal(true) }).strict()]),
  target: (input) => ('file' in input ? input.file : null),
  async run(ctx, input) {
    if ('cancel' in input) {
      if (!cancelStagedRestore(ctx.paths.data)) throw new AdminError('not-found', 'no restore is staged');
      return { cancelled: true as const };
    }
    // A bare name is looked up in the backup folders; a path is taken relative to the data directory.
    const named = input.file.includes('/') ? null : backupDirs(ctx).map((d) => path.join(d, input.file));
    const source = named?.find((f) => fs.existsSync(f)) ?? path.resolve(ctx.paths.data, input.file);
    try {
      const staged = await stageRestore({ dataDir: ctx.paths.data, dbPath: ctx.db.path, source });
      return { cancelled: false as const, ...staged };
    } catch (err) {
      if (err instanceof DbError) throw new AdminError('invalid-input', err.message);
      throw err;
    }
  },
});
