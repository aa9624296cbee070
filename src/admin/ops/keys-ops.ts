import path from 'node:path';
import { z } from 'zod';
import { addAuthorizedKey, readAuthorizedKeys, removeAuthorizedKey } from '../authorized-keys.ts';
import { defineAdminOp } from '../define-op.ts';
import { ROLES } from '../roles.ts';

export function authorizedKeysPath(ctx: { paths: { keys: string } }): string {
  return path.join(ctx.paths.keys, 'authorized_keys');
}

export const keysListOp = defineAdminOp({
  name: 'keys.list',
  summary: 'Authorized console keys with their roles',
  role: 'admin',
  audit: false,
  input: z.object({}).strict(),
  run(ctx) {
    const file = authorizedKeysPath(ctx);
    const r = readAuthorizedKeys(file);
    return {
      file,
      refused: r.refused,
      problems: r.problems,
      keys: r.keys.map((k) => ({
        fingerprint: k.fingerprint,
        type: k.type,
        role: k.role,
        label: k.label,
        line: k.line,
      })),
    };
  },
});

export const keysAddOp = defineAdminOp({
  name: 'keys.add',
  summary: 'Authorize a public key with a role',
  role: 'admin',
  audit: true,
  input: z
    .object({
      key: z.string().min(1, 'give a public key ("ssh-ed25519 AAAA… comment")'),
      role: z.enum(ROLES),
      label: z.string().max(200).optional(),
    })
    .strict(),
  auditDetails: (i) => ({ role: i.role, label: i.label }),
  run(ctx, i) {
    const k = addAuthorizedKey(authorizedKeysPath(ctx), i.key, i.role, i.label);
    return { fingerprint: k.fingerprint, type: k.type, role: k.role, label: k.label };
  },
});

export const keysRemoveOp = defineAdminOp({
  name: 'keys.remove',
  summary: 'Remove an authorized key by fingerprint or comment',
  role: 'admin',
  audit: true,
  input: z.object({ key: z.string().min(1, 'give a fingerprint (SHA256:…) or the key comment') }).strict(),
  target: (i) => i.key,
  run(ctx, i) {
    const k = removeAuthorizedKey(authorizedKeysPath(ctx), i.key);
    return { fingerprint: k.fingerprint, role: k.role, label: k.label };
  },
});
