import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AdminError } from '../admin-errors.ts';
import { defineAdminOp } from '../define-op.ts';

export const dbBackupOp = defineAdminOp({
  name: 'db.backup',
  summary: 'Online backup of the database to <data>/backups (or a given file)',
  role: 'admin',
  audit: true,
  input: z.object({ dest: z.string().min(1).optional() }).strict(),
  async run(ctx, { dest }) {
    const backups = path.join(ctx.paths.data, 'backups');
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const file = dest ? path.resolve(ctx.paths.data, dest) : path.join(backups, `tux-${stamp}.db`);
    if (fs.existsSync(file)) throw new AdminError('conflict', `${file} already exists; choose another name`);
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const bytes = await ctx.db.backup(file);
    return { file, bytes };
  },
});
