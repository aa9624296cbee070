/** Web lookups against local fakes: xkcd, tldr (with its local copy), wiki, run, languages, wolfram. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebFake, type WebFake, webToml } from '#test/web-fakes/web-fake-server.ts';
import { type Harness, startHarness, textOf } from './harness.ts';

describe('web lookups', () => {
  let h: Harness;
  let fake: WebFake;
  // The owner skips cooldowns, so one test can call a command many times in a row.
  const say = async (text: string, user = 'owner') => h.say(user, 'general', text, 8000);

  beforeAll(async () => {
    fake = await startWebFake();
    h = await startHarness({ owners: ['owner'], toml: webToml(fake, 'wolfram_app_id = "test-app-id"') });
  });
  afterAll(async () => {
    await h?.stop();
    await fake?.close();
  });

  it('shows an xkcd comic by number, the latest, by slash, and links it', async () => {
    const byId = await say('$xkcd 353');
    expect(byId.embeds[0]?.author?.name).toBe('xkcd 353 - Python');
    expect(byId.embeds[0]?.description).toBe('> I wrote 20 short programs in Python yesterday.');
    expect(byId.embeds[0]?.image?.url).toBe('https://imgs.example/python.png');
    const buttons =
      (byId.components?.[0] as { components: { url?: string; label?: string }[] } | undefined)?.components ?? [];
    expect(buttons.map((b) => b.label)).toEqual(['Explainxkcd', 'Webpage']);
    expect(buttons[1]?.url).toBe(`${fake.url}/xkcd/353/`);
    expect((await say('$xk latest')).embeds[0]?.author?.name).toBe('xkcd 2000 - xkcd Phone 2000');
    const slash = await h.slash('member1', 'general', {
      name: 'xkcd',
      subcommand: 'specific',
      options: { comic_id: 353 },
    });
    expect(slash.original?.embeds?.[0]?.author?.name).toBe('xkcd 353 - Python');
  });

  it("says it couldn't find a comic that does not exist, and that xkcd is down when it is", async () => {
    expect(textOf(await say('$xkcd specific 99'))).toContain("I couldn't find the xkcd comic. Please try again later.");
    fake.mode.set('/xkcd', 'error500');
    const before = fake.hits.get('/xkcd') ?? 0;
    expect(textOf(await say('$xkcd 2000'))).toContain('xkcd is unavailable right now. Try again later.');
    // Retried before giving up (5xx only).
    expect((fake.hits.get('/xkcd') ?? 0) - before).toBe(3);
    expect(h.app.services.list().find((s) => s.name === 'web.xkcd')?.health.status).toBe('degraded');
    fake.mode.set('/xkcd', 'stall');
    expect(textOf(await say('$xkcd 2000'))).toContain('xkcd did not answer in time. Try again in a minute.');
    fake.mode.set('/xkcd', 'ok');
  });

  it('answers tldr from the downloaded pages, by prefix and slash, with flags and fallbacks', async () => {
    const tar = await say('$tldr tar');
    expect(tar.embeds[0]?.title).toBe('TLDR for tar (common/en)');
    expect(tar.embeds[0]?.description).toContain('- `tar --create --file path/to/target.tar');
    expect((await say('$tldr tar -short')).embeds[0]?.description).toContain('- `tar -c -f ');
    expect((await say('$tldr Git Commit')).embeds[0]?.title).toBe('TLDR for git-commit (common/en)');
    const brew = await say('$tldr brew -p windows');
    expect(brew.embeds[0]?.title).toBe('TLDR for brew (osx/en)');
    expect(brew.embeds[0]?.description).toContain('No page for windows; showing the osx page.');
    const missing = textOf(await say('$tldr nosuchtool'));
    expect(missing).toContain('No TLDR page found for `nosuchtool`.');
    expect(missing).toContain('page%20request:nosuchtool');
    const slash = await h.slash('member1', 'general', { name: 'tldr', options: { command: 'apt', show_both: true } });
    expect(slash.original?.embeds?.[0]?.title).toBe('TLDR for apt (linux/en)');
    expect(fs.existsSync(path.join(h.app.paths.data, 'tldr', 'pages', 'common', 'tar.md'))).toBe(true);
  });

  it('keeps answering tldr from the local copy while the archive host is down, and refuses path tricks', async () => {
    // As if the copy were never stamped: the lookup tries the host, which fails, and the pages on disk answer.
    fs.rmSync(path.join(h.app.paths.data, 'tldr', 'pages', '.fetched-at'));
    fake.mode.set('/tldr', 'error500');
    const before = fake.hits.get('/tldr') ?? 0;
    expect((await say('$tldr tar')).embeds[0]?.title).toBe('TLDR for tar (common/en)');
    expect(fake.hits.get('/tldr') ?? 0).toBeGreaterThan(before);
    fake.mode.set('/tldr', 'ok');
    expect(textOf(await say('$tldr ../../tux.toml'))).toContain('is not a command name tldr could have');
  });

  it('finds the first untranslated wiki page, or says there is none', async () => {
    const arch = await say('$wiki arch systemd');
    expect(arch.embeds[0]?.title).toBe('Systemd configuration');
    expect(arch.embeds[0]?.description).toBe(`${fake.url}/wiki/title/Systemd_configuration`);
    expect((await say('$wk atl systemd')).embeds[0]?.description).toBe(`${fake.url}/wiki/Systemd_configuration`);
    expect(textOf(await say('$wiki arch nothingatall'))).toContain('No search results found.');
  });

  it('runs code on Wandbox or Godbolt by language, and explains bad input', async () => {
    const js = await say('$run ```js\nconsole.log(1)\n```');
    expect(js.embeds[0]?.description).toContain('Service provided by [Wandbox]');
    expect(js.embeds[0]?.description).toContain('ran nodejs-20.17.0: console.log(1)');
    expect(fake.bodies.get('/wandbox')?.at(-1)).toMatchObject({ compiler: 'nodejs-20.17.0', code: 'console.log(1)\n' });
    const rust = await say('$run ```rust\nfn main() {}\n```');
    expect(rust.embeds[0]?.description).toContain('Service provided by [Godbolt]');
    expect(rust.embeds[0]?.description).toContain('r1870 says: fn main() {}');
    expect(rust.embeds[0]?.description).not.toContain('banner');
    expect(textOf(await say('$run'))).toContain('Please provide code with syntax highlighting in this format');
    expect(textOf(await say('$run ```\nprint(1)\n```'))).toContain('Please provide code with syntax highlighting');
    expect(textOf(await say('$run ```cobol\nDISPLAY 1\n```'))).toContain(
      'No compiler found for `cobol`. The following languages are supported:',
    );
    fake.mode.set('/godbolt', 'error500');
    expect(textOf(await say('$run ```c\nint main(){}\n```'))).toContain('Godbolt is unavailable right now.');
    fake.mode.set('/godbolt', 'ok');
    expect((await say('$langs')).embeds[0]?.title).toBe('Supported Languages');
  });

  it('answers wolfram with the picture when an app id is set', async () => {
    const answer = await say('$wolfram 2+2');
    expect(answer.embeds[0]?.title).toBe('Wolfram|Alpha: 2+2');
    expect(answer.attachments?.[0]?.filename).toBe('wolfram.png');
    // The 80-pixel header is cropped off: what is left is the 120×120 blue answer.
    const { default: sharp } = await import('sharp');
    const png = Buffer.from(await (await fetch(answer.attachments![0]!.url)).arrayBuffer());
    const { width, height, format } = await sharp(png).metadata();
    expect({ width, height, format }).toEqual({ width: 120, height: 120, format: 'png' });
    const { dominant } = await sharp(png).stats();
    expect(dominant.b).toBeGreaterThan(150);
    expect(dominant.r).toBeLessThan(100);
    expect((await say('$wolfram broken')).embeds[0]?.description).toBe(
      'Failed to retrieve image from Wolfram|Alpha Simple API.',
    );
  });

  it('lists each web service with its health', () => {
    const names = h.app.services.list().map((s) => s.name);
    expect(names).toEqual(
      expect.arrayContaining(['web.xkcd', 'web.tldr', 'web.wandbox', 'web.godbolt', 'web.wolfram']),
    );
  });
});
