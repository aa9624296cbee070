import * as z from 'zod/mini';
import { invalidForm } from './api-error.ts';
import { componentIssues } from './components-v2.ts';
import { requestSchemas } from './request-schemas.generated.ts';

/**
 * Request-body validation: the OpenAPI spec's schemas (unknown fields accepted) plus Discord's documented limits
 * where the spec is looser (2000 characters of content, 10 embeds, 6000 embed characters).
 */

export interface FormIssue {
  path: (string | number)[];
  code: string;
  message: string;
}

interface ZodIssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  expected?: string;
  origin?: string;
  maximum?: number | bigint;
  minimum?: number | bigint;
  input?: unknown;
  format?: string;
  errors?: ZodIssueLike[][];
}

/** Bitfields that Discord accepts as strings (and discord.js sends as strings) but the spec types as integers. */
const BITFIELD_KEYS = new Set(['permissions', 'allow', 'deny', 'default_member_permissions']);

function numberifyBitfields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(numberifyBitfields);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] =
        BITFIELD_KEYS.has(key) && typeof inner === 'string' && /^\d+$/.test(inner)
          ? Number(inner)
          : numberifyBitfields(inner);
    }
    return out;
  }
  return value;
}

export interface ValidatedBody {
  issues: FormIssue[];
  /** The body as handlers should see it: integer ids as strings, timestamps with an offset in UTC. */
  body: unknown;
}

/**
 * Checks a body sent to `METHOD /route/{template}` (no issues when valid or when the spec has no schema).
 * Discord accepts some forms the spec's schemas don't: ids sent as JSON integers (discord.py always does) and ISO
 * timestamps with a UTC offset such as `+00:00`. Those are rewritten to the spec's form, only where the schema
 * complained about them, and the body is checked again.
 */
export function validateBody(method: string, route: string, body: unknown): ValidatedBody {
  const schema = requestSchemas[`${method} ${route}`];
  if (!schema || body === undefined) return { issues: [], body };
  const first = schema.safeParse(body);
  if (first.success) return { issues: [], body };
  let current: unknown = body;
  let issues = first.error.issues as ZodIssueLike[];
  for (let round = 0; round < 4; round++) {
    if (schema.safeParse(numberifyBitfields(current)).success) return { issues: [], body: current };
    const fixes = acceptedForms(issues, current, []);
    if (fixes.length === 0) break;
    current = applyFixes(current, fixes);
    const next = schema.safeParse(current);
    if (next.success) return { issues: [], body: current };
    issues = next.error.issues as ZodIssueLike[];
  }
  return { issues: (first.error.issues as ZodIssueLike[]).map((issue) => toFormIssue(issue, body)), body };
}

interface Fix {
  path: PropertyKey[];
  value: unknown;
}

const isoWithOffset = z.string().check(z.iso.datetime({ offset: true }));

/** Rewrites for values Discord accepts in a form the schema refused; union branches are searched too. */
function acceptedForms(issues: ZodIssueLike[], body: unknown, prefix: PropertyKey[]): Fix[] {
  const fixes: Fix[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors) {
      for (const branch of issue.errors) fixes.push(...acceptedForms(branch, body, path));
      continue;
    }
    const value = valueAt(body, path);
    if (
      issue.code === 'invalid_type' &&
      issue.expected === 'string' &&
      typeof value === 'number' &&
      Number.isSafeInteger(value) &&
      value >= 0
    ) {
      fixes.push({ path, value: String(value) });
    } else if (
      issue.code === 'invalid_format' &&
      issue.format === 'datetime' &&
      typeof value === 'string' &&
      isoWithOffset.safeParse(value).success
    ) {
      fixes.push({ path, value: new Date(value).toISOString() });
    }
  }
  return fixes;
}

function applyFixes(body: unknown, fixes: Fix[]): unknown {
  const copy = structuredClone(body);
  for (const { path, value } of fixes) {
    if (path.length === 0) return value;
    const parent = valueAt(copy, path.slice(0, -1));
    if (parent && typeof parent === 'object') (parent as Record<PropertyKey, unknown>)[path.at(-1)!] = value;
  }
  return copy;
}

function valueAt(body: unknown, path: PropertyKey[]): unknown {
  let node = body;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

function toFormIssue(issue: ZodIssueLike, body: unknown): FormIssue {
  const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
  switch (issue.code) {
    case 'invalid_type':
      if (valueAt(body, issue.path) === undefined)
        return { path, code: 'BASE_TYPE_REQUIRED', message: 'This field is required' };
      return { path, code: 'BASE_TYPE_BAD_TYPE', message: `Must be of type ${issue.expected ?? 'valid'}.` };
    case 'too_big':
      if (issue.origin === 'number') {
        return {
          path,
          code: 'NUMBER_TYPE_MAX',
          message: `int value should be less than or equal to ${issue.maximum}.`,
        };
      }
      return { path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${issue.maximum} or fewer in length.` };
    case 'too_small':
      if (issue.origin === 'number') {
        return {
          path,
          code: 'NUMBER_TYPE_MIN',
          message: `int value should be greater than or equal to ${issue.minimum}.`,
        };
      }
      return { path, code: 'BASE_TYPE_MIN_LENGTH', message: `Must be ${issue.minimum} or more in length.` };
    case 'invalid_value':
    case 'invalid_union':
      return { path, code: 'BASE_TYPE_CHOICES', message: 'Value must be one of the allowed choices.' };
    case 'invalid_format':
      return { path, code: 'STRING_TYPE_REGEX', message: 'String value did not match validation regex.' };
    default:
      return { path, code: 'BASE_TYPE_INVALID', message: issue.message };
  }
}

interface MessageLike {
  content?: unknown;
  embeds?: unknown;
}

/** Discord's own limits on message content and embeds. */
export function messageLimitIssues(
  body: MessageLike | null | undefined,
  prefix: (string | number)[] = [],
  /** The flags of the message being edited (Components V2 stays on once set). */
  currentFlags?: number,
): FormIssue[] {
  if (!body || typeof body !== 'object') return [];
  const issues: FormIssue[] = componentIssues(body, prefix, currentFlags);
  if (typeof body.content === 'string' && body.content.length > 2000) {
    issues.push({
      path: [...prefix, 'content'],
      code: 'BASE_TYPE_MAX_LENGTH',
      message: 'Must be 2000 or fewer in length.',
    });
  }
  if (Array.isArray(body.embeds)) {
    if (body.embeds.length > 10) {
      issues.push({
        path: [...prefix, 'embeds'],
        code: 'BASE_TYPE_MAX_LENGTH',
        message: 'Must be 10 or fewer in length.',
      });
    }
    const total = body.embeds.reduce((sum: number, embed: unknown) => sum + embedLength(embed), 0);
    if (total > 6000) {
      issues.push({
        path: [...prefix, 'embeds'],
        code: 'MAX_EMBED_SIZE_EXCEEDED',
        message: 'Embed size exceeds maximum size of 6000',
      });
    }
  }
  return issues;
}

interface EmbedLike {
  title?: string;
  description?: string;
  footer?: { text?: string };
  author?: { name?: string };
  fields?: { name?: string; value?: string }[];
}

function embedLength(embed: unknown): number {
  if (!embed || typeof embed !== 'object') return 0;
  const e = embed as EmbedLike;
  let n =
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text?.length ?? 0) +
    (e.author?.name?.length ?? 0);
  for (const field of e.fields ?? []) n += (field.name?.length ?? 0) + (field.value?.length ?? 0);
  return n;
}

export function throwIfIssues(issues: FormIssue[]): void {
  if (issues.length) throw invalidForm(issues);
}

/** Issues of a body against one schema (for routes whose spec schema is a union looser than Discord's check). */
export function schemaIssues(schema: z.ZodMiniType, body: unknown): FormIssue[] {
  const result = schema.safeParse(body ?? {});
  return result.success ? [] : (result.error.issues as ZodIssueLike[]).map((issue) => toFormIssue(issue, body));
}
