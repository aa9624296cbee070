/** Errors shaped like Discord's: `{code, message, errors?}` with an HTTP status. */
export type FormErrors = { [field: string]: FormErrors | { code: string; message: string }[] };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: FormErrors,
  ) {
    super(message);
  }

  toBody(): { code: number; message: string; errors?: FormErrors } {
    return this.errors
      ? { code: this.code, message: this.message, errors: this.errors }
      : { code: this.code, message: this.message };
  }
}

const unknownCodes = {
  account: [10001, 'Unknown Account'],
  application: [10002, 'Unknown Application'],
  channel: [10003, 'Unknown Channel'],
  guild: [10004, 'Unknown Guild'],
  invite: [10006, 'Unknown Invite'],
  member: [10007, 'Unknown Member'],
  message: [10008, 'Unknown Message'],
  overwrite: [10009, 'Unknown Overwrite'],
  role: [10011, 'Unknown Role'],
  user: [10013, 'Unknown User'],
  emoji: [10014, 'Unknown Emoji'],
  webhook: [10015, 'Unknown Webhook'],
  ban: [10026, 'Unknown Ban'],
  interaction: [10062, 'Unknown interaction'],
  command: [10063, 'Unknown application command'],
} as const;

export type UnknownKind = keyof typeof unknownCodes;

export function unknown(kind: UnknownKind): ApiError {
  const [code, message] = unknownCodes[kind];
  return new ApiError(404, code, message);
}

export const missingPermissions = (): ApiError => new ApiError(403, 50013, 'Missing Permissions');
export const missingAccess = (): ApiError => new ApiError(403, 50001, 'Missing Access');

/** 400 50035 with one error at a (possibly nested) field path, e.g. `['embeds', 0, 'title']`. */
export function invalidField(path: (string | number)[], code: string, message: string): ApiError {
  return invalidForm([{ path, code, message }]);
}

export function invalidForm(issues: { path: (string | number)[]; code: string; message: string }[]): ApiError {
  const errors: FormErrors = {};
  for (const issue of issues) {
    let node: FormErrors = errors;
    const keys = issue.path.length ? issue.path.map(String) : ['_root'];
    for (const key of keys.slice(0, -1)) {
      const next = node[key];
      if (next && !Array.isArray(next)) node = next;
      else {
        const created: FormErrors = {};
        node[key] = created;
        node = created;
      }
    }
    const leafKey = keys[keys.length - 1]!;
    const leaf = (node[leafKey] ?? {}) as FormErrors;
    node[leafKey] = leaf;
    const list = (leaf._errors ?? []) as { code: string; message: string }[];
    leaf._errors = list;
    list.push({ code: issue.code, message: issue.message });
  }
  return new ApiError(400, 50035, 'Invalid Form Body', errors);
}
