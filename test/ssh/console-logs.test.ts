import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestConsole, type TestConsole, type TuiSession } from './ssh-harness.ts';

let tc: TestConsole;
beforeAll(async () => {
  tc = await startTestConsole();
});
afterAll(async () => {
  await tc?.close();
});

async function openLogs(): Promise<TuiSession> {
  const t = await tc.openTui(tc.keys.viewer, { cols: 80, rows: 24 });
  await t.waitFor('Recent activity');
  t.send('2');
  await t.waitFor('following');
  return t;
}

/** The rule above the footer sits on the third row from the bottom at 80x24 when nothing overflows. */
const rule = (t: TuiSession) => t.lines().at(-3) === '─'.repeat(80);

describe('Logs screen', () => {
  it('keeps lines while paused and shows them on resume', async () => {
    const t = await openLogs();
    t.send('p');
    await t.waitFor('PAUSED (0 new)');
    tc.ctx.log.info('written while paused');
    await t.waitFor('PAUSED (1 new)');
    expect(t.text()).not.toContain('written while paused');
    t.send('p');
    await t.waitFor((s) => s.includes('following') && s.includes('written while paused'));
    t.close();
  });

  it('holds a scrolled-back view still while new lines arrive, and follows again on G', async () => {
    const t = await openLogs();
    for (let i = 0; i < 40; i++) tc.ctx.log.info(`scroll line ${i}`);
    await t.waitFor('scroll line 39');
    t.send('\x1b[5~');
    const before = await t.waitFor('scrolled back');
    const body = (s: string) => s.split('\n').filter((l) => l.includes('scroll line'));
    tc.ctx.log.info('arrived while scrolled back');
    await t.waitFor(
      (s) =>
        /scrolled back \d+/.test(s) && s.match(/scrolled back (\d+)/)?.[1] !== before.match(/scrolled back (\d+)/)?.[1],
    );
    expect(body(t.text())).toEqual(body(before));
    expect(t.text()).not.toContain('arrived while scrolled back');
    t.send('G');
    await t.waitFor((s) => s.includes('following') && s.includes('arrived while scrolled back'));
    t.close();
  });

  it('counts lines skipped under a flood and keeps the layout', async () => {
    const t = await openLogs();
    // Several thousand lines in one tick overflow the console's queue.
    for (let i = 0; i < 5000; i++) tc.ctx.log.info(`flood line ${i}`);
    const screen = await t.waitFor((s) => /\d+ dropped/.test(s) && s.includes('flood line 4999'));
    expect(Number(/(\d+) dropped/.exec(screen)?.[1])).toBeGreaterThan(0);
    expect(rule(t)).toBe(true);
    t.close();
  });

  it('cuts lines with wide characters to the terminal width', async () => {
    const t = await openLogs();
    tc.ctx.log.info(`wide ${'漢'.repeat(60)} end`);
    tc.ctx.log.info('after the wide line');
    await t.waitFor('after the wide line');
    const lines = t.lines();
    const wide = lines.find((l) => l.includes('wide 漢'));
    expect(wide).toBeDefined();
    expect(wide).not.toContain('end');
    expect(lines[lines.indexOf(wide ?? '') + 1]).toContain('after the wide line');
    expect(rule(t)).toBe(true);
    expect(lines.every((l) => l.replace(/漢/g, 'xx').length <= 80)).toBe(true);
    t.close();
  });
});
