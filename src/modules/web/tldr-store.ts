/**
 * The local copy of the tldr pages under <data>/tldr: one folder per language (`pages`, `pages.de`, ...) unpacked
 * from the tldr archive, with a stamp file saying when it was fetched. Lookups read only this copy, so tldr keeps
 * answering while the archive's host is down; a stale copy is refreshed in the background.
 */
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import type { WebService } from '#core/http/web-service.ts';
import type { Logger } from '#core/log/types.ts';
import { languagePriority, platformPriority } from './tldr-format.ts';

const ARCHIVE_MAX_BYTES = 64 * 1024 * 1024;
const STAMP = '.fetched-at';
/** A platform folder and a page name, as the archive holds them; anything else in an archive is ignored. */
const ENTRY = /^([a-z0-9_-]+)\/([a-z0-9_+.-]+)\.md$/i;

export interface TldrPage {
  markdown: string;
  platform: string;
  language: string;
}

export interface TldrStore {
  /** The first page found in platform-then-language priority; null if none. */
  find(command: string, opts?: { platform?: string; language?: string }): Promise<TldrPage | null>;
  /** Page names for autocomplete, from the local copy only. */
  list(language?: string, platform?: string): string[];
  /** Downloads and unpacks a language's archive now. Resolves with the page count. */
  refresh(language: string): Promise<number>;
  /** Refreshes English in the background when missing or older than the refresh age. */
  refreshIfStale(): void;
  /** When a language's copy was fetched (epoch ms), or null. */
  fetchedAt(language: string): number | null;
}

export interface TldrStoreOptions {
  dir: string;
  service: WebService;
  log: Logger;
  refreshHours: number;
}

const folderOf = (language: string): string => (language === 'en' ? 'pages' : `pages.${language}`);

export function createTldrStore(opts: TldrStoreOptions): TldrStore {
  const inflight = new Map<string, Promise<number>>();
  const listCache = new Map<string, string[]>();

  const fetchedAt = (language: string): number | null => {
    try {
      return Number(fs.readFileSync(path.join(opts.dir, folderOf(language), STAMP), 'utf8')) || null;
    } catch {
      return null;
    }
  };

  async function download(language: string): Promise<number> {
    const suffix = language === 'en' ? '' : `.${language}`;
    const res = await opts.service.request({ path: `/tldr-pages${suffix}.zip`, maxBytes: ARCHIVE_MAX_BYTES });
    let entries: Record<string, Uint8Array>;
    try {
      entries = unzipSync(new Uint8Array(res.body), { filter: (f) => ENTRY.test(f.name) });
    } catch (err) {
      throw new Error(`the tldr archive for "${language}" is not a valid zip file (${(err as Error).message})`);
    }
    const names = Object.keys(entries);
    if (names.length === 0) throw new Error(`the tldr archive for "${language}" holds no pages`);
    // Unpack beside the live copy, then swap it in: a lookup never sees half an archive.
    fs.mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
    const target = path.join(opts.dir, folderOf(language));
    const staging = `${target}.new-${process.pid}`;
    fs.rmSync(staging, { recursive: true, force: true });
    for (const name of names) {
      const m = ENTRY.exec(name);
      if (!m) continue;
      const file = path.join(staging, m[1]!.toLowerCase(), `${m[2]!.toLowerCase()}.md`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, entries[name]!);
    }
    fs.writeFileSync(path.join(staging, STAMP), String(Date.now()));
    const old = `${target}.old-${process.pid}`;
    if (fs.existsSync(target)) fs.renameSync(target, old);
    fs.renameSync(staging, target);
    fs.rmSync(old, { recursive: true, force: true });
    listCache.clear();
    opts.log.info({ language, pages: names.length }, 'tldr pages updated');
    return names.length;
  }

  const store: TldrStore = {
    fetchedAt,
    refresh(language) {
      const running = inflight.get(language);
      if (running) return running;
      const p = download(language).finally(() => inflight.delete(language));
      inflight.set(language, p);
      return p;
    },
    refreshIfStale() {
      const at = fetchedAt('en');
      if (at !== null && Date.now() - at < opts.refreshHours * 3_600_000) return;
      store.refresh('en').catch((err: Error) => {
        opts.log.warn({ err: err.message }, 'tldr pages could not be refreshed; answering from the local copy');
      });
    },
    async find(command, o = {}) {
      const languages = languagePriority(o.language);
      // A language never fetched is fetched once, on first use; a failure leaves the other languages to answer.
      for (const language of languages) {
        if (fetchedAt(language) === null) {
          await store.refresh(language).catch((err: Error) => {
            opts.log.warn({ language, err: err.message }, 'tldr pages could not be downloaded');
          });
        }
      }
      for (const platform of platformPriority(o.platform)) {
        for (const language of languages) {
          const file = path.join(opts.dir, folderOf(language), platform, `${command}.md`);
          try {
            return { markdown: fs.readFileSync(file, 'utf8'), platform, language };
          } catch {
            // not on this platform or in this language
          }
        }
      }
      return null;
    },
    list(language = 'en', platform) {
      const key = `${language}/${platform ?? '*'}`;
      const hit = listCache.get(key);
      if (hit) return hit;
      const base = path.join(opts.dir, folderOf(language));
      const platforms = platform ? [platform, 'common'] : ['linux', 'common'];
      const names = new Set<string>();
      for (const p of platforms) {
        try {
          for (const f of fs.readdirSync(path.join(base, p))) if (f.endsWith('.md')) names.add(f.slice(0, -3));
        } catch {
          // no such folder yet
        }
      }
      const sorted = [...names].sort();
      listCache.set(key, sorted);
      return sorted;
    },
  };
  return store;
}
