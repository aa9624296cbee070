import { describe, expect, it } from 'vitest';
import type { Logger } from '#core/log/types.ts';
import { logEntry } from './log-entry.ts';
import { type LogMessage, LogPoster, takeMessage } from './log-poster.ts';

/** A logger that keeps its warnings. */
function log(lines: string[] = []): Logger {
  const keep = (...args: unknown[]) => void lines.push(String(args.at(-1)));
  return { warn: keep, info: keep, error: keep, debug: keep } as unknown as Logger;
}

const entry = (i: number) => logEntry({ tone: 'delete', title: 'Message deleted', description: `message ${i}` });

describe('log poster', () => {
  it('posts a lone entry at once', async () => {
    const sent: LogMessage[] = [];
    const poster = new LogPoster({ log: log(), send: async (_c, m) => void sent.push(m) });
    poster.post('1', entry(1));
    await poster.idle();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.embeds).toHaveLength(1);
  });

  it('folds a burst of 500 entries into a few posts, each entry kept', async () => {
    const sent: LogMessage[] = [];
    const poster = new LogPoster({
      log: log(),
      burstWindowMs: 50,
      send: async (_c, m) => {
        sent.push(m);
        await new Promise((r) => setTimeout(r, 5));
      },
    });
    for (let i = 0; i < 500; i++) poster.post('1', entry(i));
    await poster.idle();
    expect(sent.length).toBeLessThanOrEqual(3);
    const text = sent.flatMap((m) => [...m.embeds.map((e) => e.description ?? ''), ...m.files.map((f) => f.content)]);
    for (const i of [0, 1, 250, 499]) expect(text.join('\n')).toContain(`message ${i}`);
  });

  it('puts up to 10 entries in one message and a file entry in its own', () => {
    const queue = [
      ...Array.from({ length: 4 }, (_, i) => entry(i)),
      { ...entry(9), file: { name: 'x.txt', content: 'x' } },
    ];
    expect(takeMessage(queue).embeds).toHaveLength(4);
    const withFile = takeMessage(queue);
    expect(withFile.files.map((f) => f.name)).toEqual(['x.txt']);
    expect(queue).toHaveLength(0);
  });

  it('reports an unusable channel once, not for every entry', async () => {
    const lines: string[] = [];
    const poster = new LogPoster({
      log: log(lines),
      burstWindowMs: 1,
      send: async () => {
        throw Object.assign(new Error('Missing Access'), { status: 403 });
      },
    });
    for (let i = 0; i < 3; i++) {
      poster.post('1', entry(i));
      await poster.idle();
    }
    expect(lines.filter((l) => l.includes('unusable'))).toHaveLength(1);
  });
});
