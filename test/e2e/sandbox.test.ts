/**
 * `npm run sandbox` as a newcomer uses it: typed lines in, readable bot output out. Runs the real script (the
 * emulator, the appliance and the prompt) as a child process.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { answerField, formFields, nextField, openForm } from '../../scripts/sandbox/sandbox-form.ts';
import { parseInput } from '../../scripts/sandbox/sandbox-input.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function runSandbox(lines: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/sandbox.ts'], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, TUX_BOT_TOKEN: '', TUX_CONFIG: '' },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const kill = setTimeout(() => child.kill('SIGKILL'), 100_000);
    child.on('exit', (code) => {
      clearTimeout(kill);
      resolve({ code, out });
    });
    // Each line is sent once the prompt for it is there, like a person typing.
    let sent = 0;
    const feed = setInterval(() => {
      const prompts = (out.match(/> /g) ?? []).length;
      if (prompts > sent && sent < lines.length) {
        child.stdin.write(`${lines[sent]}\n`);
        sent++;
      }
      if (sent === lines.length) clearInterval(feed);
    }, 50);
  });
}

describe('npm run sandbox', () => {
  it('lets a newcomer run prefix and slash commands as demo members and see the results', async () => {
    const { code, out } = await runSandbox([
      '$ping',
      ':as bob',
      '/warn target:@carol reason:"being rude"',
      '$warn @dave spamming -silent',
      ':in mod-log',
      ':as nobody',
      ':quit',
    ]);
    expect(code).toBe(0);
    expect(out).toContain('Pong');
    expect(out).toContain('You are now bob.');
    expect(out).toMatch(/Case #1 \(WARN\)[\s\S]*being rude/);
    expect(out).toMatch(/Case #2 \(WARN\)[\s\S]*spamming/);
    expect(out).toContain('Tux says in a DM to carol');
    expect(out).toContain('No member "nobody"');
  }, 90_000);
});

describe('npm run sandbox, rough edges a newcomer hit', () => {
  it('prints a slash reply once, asks for form fields, explains refusals in plain words and quits quietly', async () => {
    const { code, out } = await runSandbox([
      ':members',
      '/ping',
      '/report',
      'carol keeps spamming',
      '',
      'She posted 20 links in #general.',
      '$report',
      '$bna',
      '$timeout @carol 10m spamming',
      ':as carol',
      'hello?',
      ':quit',
    ]);
    expect(code).toBe(0);
    // The bot is told apart from the members, and the current speaker is marked.
    expect(out).toContain('Tux (the bot)');
    expect(out).toContain('alice (you)');
    // One reply to /ping (the edit with the measured latency is a separate line).
    expect(out.match(/Tux says in #general:\n\s+┃ Info · Pong!/g)).toHaveLength(1);
    // The report form is asked field by field and submitted; no raw JSON.
    expect(out).not.toContain('"custom_id"');
    expect(out).toContain('Submit an anonymous report · Related user(s) or issue(s)> ');
    expect(out).toContain('"Your report" is required');
    expect(out).toMatch(/Anonymous report for carol keeps spamming[\s\S]*She posted 20 links/);
    expect(out).toContain('Your report has been submitted.');
    expect(out).toContain('use `/report`');
    expect(out).toContain('Did you mean: `$ban`');
    expect(out).toMatch(/Case #\d+ \(TIMEOUT\)[\s\S]*spamming/);
    expect(out).toContain('carol cannot send messages in #general (timed out, jailed or not allowed there)');
    expect(out).not.toContain('force: true');
    expect(out).toContain('Stopping the sandbox');
    expect(out.match(/Sandbox commands:/g)).toHaveLength(1);
  }, 120_000);
});

describe('npm run sandbox, reactions', () => {
  it('lets members react to the last message and the starboard picks it up', async () => {
    const { code, out } = await runSandbox([
      'look at this penguin',
      ':react',
      ':as bob',
      ':react ⭐',
      ':as carol',
      ':react ⭐',
      ':react nope:123 999999999999999999',
      ':quit',
    ]);
    expect(code).toBe(0);
    expect(out).toContain('Usage: :react EMOJI');
    expect(out).toMatch(/bob reacts ⭐ to message \d+\./);
    expect(out).toMatch(/carol reacts ⭐ to message \d+\./);
    // Two stars from members other than the author reach the demo guild's threshold of 2.
    expect(out).toMatch(/Tux says in #starboard:[\s\S]*look at this penguin/);
    expect(out).toContain('error: Message 999999999999999999 does not exist.');
  }, 120_000);

  it('offers the bundled plugins set up: flag removal, the support forum, facts and role counts', async () => {
    const { code, out } = await runSandbox([
      'where is everyone from?',
      ':as carol',
      ':react 🇺🇸',
      ':post wifi drops | my wifi drops every hour | linux, networking',
      '$fact cat',
      '$rolecount vanity',
      ':quit',
    ]);
    expect(code).toBe(0);
    expect(out).toMatch(/carol's 🇺🇸 reaction was removed in #general/);
    expect(out).toContain('carol opened "wifi drops" in #support.');
    expect(out).toMatch(
      /Tux says in #wifi drops:[\s\S]*@Moderator[\s\S]*New support thread created[\s\S]*linux, networking/,
    );
    expect(out).toContain('A group of cats is called a clowder.');
    expect(out).toMatch(/Role count: Vanity[\s\S]*@Member: \d+ users/);
  }, 120_000);

  it('uploads files: a demo picture to $deepfry and to /deepfry, and says when a file is missing', async () => {
    const { code, out } = await runSandbox([
      ':attach demo.jpg $deepfry',
      '/deepfry image:demo.gif',
      ':attach no-such-file.png $df',
      ':quit',
    ]);
    expect(code).toBe(0);
    expect(out).toMatch(
      /Tux says in #general:\n {2}📎 deepfried\.jpg \([\d.]+ KB\) http:\/\/127\.0\.0\.1:\d+\/attachments\//,
    );
    expect(out).toMatch(
      /Tux says in #general:\n {2}\(thinking…\)\nTux edits its message in #general:\n {2}📎 deepfried\.webp \([\d.]+ KB\)/,
    );
    expect(out).toContain('no file "no-such-file.png" (or try demo.jpg, demo.png, demo.gif)');
  }, 120_000);
});

describe('sandbox prompt parsing', () => {
  const dir = {
    users: new Map([['carol', '111111111111111111']]),
    roles: new Map([['moderator', '222222222222222222']]),
    channels: new Map([['general', '333333333333333333']]),
  };
  const commands = [
    { name: 'ping' },
    {
      name: 'cases',
      options: [
        { name: 'view', type: 1, options: [{ name: 'case', type: 4 }] },
        { name: 'search', type: 1 },
      ],
    },
  ];

  it('resolves names in messages and options, and picks subcommands', () => {
    expect(parseInput('hi @carol see #general @moderator', dir, commands)).toEqual({
      kind: 'message',
      content: 'hi <@111111111111111111> see <#333333333333333333> <@&222222222222222222>',
    });
    expect(parseInput('/cases view case:12', dir, commands)).toEqual({
      kind: 'slash',
      name: 'cases',
      subcommand: 'view',
      options: { case: 12 },
    });
  });

  it('explains what is wrong instead of sending a bad command', () => {
    expect(parseInput('/nope', dir, commands)).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('/ping'),
    });
    expect(parseInput('/cases', dir, commands)).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('view'),
    });
    expect(parseInput('/ping loud', dir, commands)).toMatchObject({ kind: 'error' });
  });
});

const modal = {
  custom_id: 'report:1',
  title: 'Submit an anonymous report',
  components: [
    { type: 1, components: [{ type: 4, custom_id: 'title', label: 'Related user(s)', style: 1, max_length: 10 }] },
    { type: 18, label: 'Your report', component: { type: 4, custom_id: 'body', style: 2, required: false } },
  ],
};

describe('sandbox forms', () => {
  it('finds text inputs in action rows and label components', () => {
    expect(formFields(modal)).toEqual([
      { customId: 'title', label: 'Related user(s)', required: true, maxLength: 10 },
      { customId: 'body', label: 'Your report', required: false, maxLength: null },
    ]);
  });

  it('takes answers in order and refuses empty required fields and overlong text', () => {
    const form = openForm(modal, '99');
    expect(nextField(form)?.customId).toBe('title');
    expect(answerField(form, '  ')).toMatch(/required/);
    expect(answerField(form, 'x'.repeat(11))).toMatch(/at most 10 characters/);
    expect(answerField(form, 'carol')).toBeNull();
    expect(answerField(form, '')).toBeNull();
    expect(nextField(form)).toBeNull();
    expect(form.values).toEqual({ title: 'carol', body: '' });
  });
});
