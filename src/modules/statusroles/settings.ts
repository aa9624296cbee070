import { z } from 'zod';
import { checkPatternSyntax } from '#core/safe-regex/validate-pattern.ts';

/** Longest pattern accepted (the regex runner's own limit is larger). */
export const MAX_PATTERN = 200;
export const MAX_MAPPINGS = 20;
/** Matched ignoring case, as Tux does (`re.IGNORECASE`). */
export const PATTERN_FLAGS = 'i';

const mapping = z.object({
  role: z.string().regex(/^\d{17,20}$/, 'give a role'),
  regex: z
    .string()
    .min(1)
    .max(MAX_PATTERN)
    .superRefine((source, issue) => {
      const r = checkPatternSyntax(source, PATTERN_FLAGS, MAX_PATTERN);
      if (!r.ok) issue.addIssue({ code: 'custom', message: r.message });
    }),
});

export type StatusRoleMapping = z.infer<typeof mapping>;

export const statusRolesSettingsSchema = z.object({
  mappings: z
    .array(mapping)
    .max(MAX_MAPPINGS)
    .default([])
    .describe('Roles given while a member’s custom status matches a regex (set with `statusroles add`)'),
  sweep_batch: z.number().int().min(1).max(100).default(20).describe('Members checked per batch in a sweep'),
  sweep_pause_ms: z
    .number()
    .int()
    .min(0)
    .max(10_000)
    .default(100)
    .describe('Pause between two batches of a sweep (milliseconds)'),
});

export type StatusRolesSettings = z.infer<typeof statusRolesSettingsSchema>;
