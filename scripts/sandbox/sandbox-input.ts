/**
 * Turns what a person types at the sandbox prompt into an action: a message, a slash command, or a sandbox
 * command (`:as carol`). Names are friendlier than ids, so `@carol`, `#general` and `@Moderator` are resolved.
 */

export interface Directory {
  /** username (lower case) or fixture key -> user id */
  users: Map<string, string>;
  /** role name (lower case) -> role id */
  roles: Map<string, string>;
  /** channel name (lower case) -> channel id */
  channels: Map<string, string>;
}

/** A registered slash command, as much of it as the prompt needs to tell subcommands from options. */
export interface SlashShape {
  name: string;
  options?: { name: string; type: number; options?: { name: string; type: number }[] }[];
}

export type SandboxAction =
  | { kind: 'message'; content: string }
  | {
      kind: 'slash';
      name: string;
      subcommandGroup?: string;
      subcommand?: string;
      options: Record<string, string | number | boolean>;
    }
  | { kind: 'meta'; command: string; args: string[] }
  | { kind: 'empty' }
  | { kind: 'error'; message: string };

const SUB_COMMAND = 1;
const SUB_COMMAND_GROUP = 2;

/** Splits on spaces, keeping "quoted text" together (quotes removed). */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  const re = /([^\s"]*)"([^"]*)"|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    words.push(m[3] ?? `${m[1] ?? ''}${m[2] ?? ''}`);
  }
  return words;
}

/** `@carol` -> `<@id>`, `@Moderator` -> `<@&id>`, `#general` -> `<#id>`, in a message. Unknown names stay as typed. */
export function resolveMentions(text: string, dir: Directory): string {
  return text
    .replace(/(^|\s)@([\w.-]+)/g, (all, lead: string, name: string) => {
      const user = dir.users.get(name.toLowerCase());
      if (user) return `${lead}<@${user}>`;
      const role = dir.roles.get(name.toLowerCase());
      return role ? `${lead}<@&${role}>` : all;
    })
    .replace(/(^|\s)#([\w-]+)/g, (all, lead: string, name: string) => {
      const channel = dir.channels.get(name.toLowerCase());
      return channel ? `${lead}<#${channel}>` : all;
    });
}

/** An option value: names become ids; numbers and booleans are typed. */
function optionValue(raw: string, dir: Directory): string | number | boolean {
  const name = raw.replace(/^[@#]/, '').toLowerCase();
  if (raw.startsWith('@')) return dir.users.get(name) ?? dir.roles.get(name) ?? raw;
  if (raw.startsWith('#')) return dir.channels.get(name) ?? raw;
  if (/^-?\d+(\.\d+)?$/.test(raw) && raw.length < 16) return Number(raw);
  if (raw === 'true' || raw === 'false') return raw === 'true';
  return raw;
}

export function parseInput(line: string, dir: Directory, commands: SlashShape[]): SandboxAction {
  const text = line.trim();
  if (!text) return { kind: 'empty' };
  if (text.startsWith(':')) {
    const [command = '', ...args] = splitWords(text.slice(1));
    return { kind: 'meta', command: command.toLowerCase(), args };
  }
  if (!text.startsWith('/')) return { kind: 'message', content: resolveMentions(text, dir) };

  const [name = '', ...rest] = splitWords(text.slice(1));
  const shape = commands.find((c) => c.name === name.toLowerCase());
  if (!shape) {
    const known = commands.map((c) => `/${c.name}`).join(' ');
    return { kind: 'error', message: `no slash command "/${name}". Registered: ${known || 'none yet'}` };
  }
  const action: Extract<SandboxAction, { kind: 'slash' }> = { kind: 'slash', name: shape.name, options: {} };
  let level = shape.options ?? [];
  const words = [...rest];
  // Leading words without a colon pick a subcommand group and/or subcommand.
  while (words[0] && !words[0].includes(':')) {
    const word = words[0].toLowerCase();
    const sub = level.find((o) => o.name === word && (o.type === SUB_COMMAND || o.type === SUB_COMMAND_GROUP));
    if (!sub) break;
    words.shift();
    if (sub.type === SUB_COMMAND_GROUP) action.subcommandGroup = sub.name;
    else action.subcommand = sub.name;
    level = sub.options ?? [];
  }
  if (level.some((o) => o.type === SUB_COMMAND || o.type === SUB_COMMAND_GROUP)) {
    const choices = level.map((o) => o.name).join(', ');
    return { kind: 'error', message: `/${shape.name} needs a subcommand: ${choices}` };
  }
  for (const word of words) {
    const colon = word.indexOf(':');
    if (colon <= 0) {
      return { kind: 'error', message: `"${word}" is not name:value (example: /warn target:@carol reason:spam)` };
    }
    action.options[word.slice(0, colon)] = optionValue(word.slice(colon + 1), dir);
  }
  return action;
}
