/**
 * A local stand-in for the web services the bot calls (xkcd, the tldr archive, MediaWiki, Wandbox, Godbolt,
 * Wolfram|Alpha), answering in the shape the real ones do. Tests switch a route to fail (500), to stall, or count
 * its hits; nothing reaches the internet.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { zipSync } from 'fflate';

export type FakeMode = 'ok' | 'error500' | 'stall' | 'error429';

export interface WebFake {
  url: string;
  /** Per route prefix ("/xkcd", "/tldr", ...): how it answers. */
  mode: Map<string, FakeMode>;
  hits: Map<string, number>;
  /** Bodies received, per route prefix. */
  bodies: Map<string, unknown[]>;
  close(): Promise<void>;
}

const enc = new TextEncoder();

/** A small tldr archive in the layout of tldr-pages.zip: <platform>/<page>.md. */
export function tldrArchive(pages: Record<string, string>): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const [name, md] of Object.entries(pages)) files[name] = enc.encode(md);
  return zipSync(files);
}

export const TAR_PAGE = `# tar

> Archiving utility.
> Often combined with a compression method, such as \`gzip\` or \`bzip2\`.
> More information: <https://www.gnu.org/software/tar>.

- [c]reate an archive and write it to a [f]ile:

\`tar {{[-c|--create]}} {{[-f|--file]}} {{path/to/target.tar}} {{path/to/file1 path/to/file2 ...}}\`

- E[x]tract a (compressed) archive [f]ile into the current directory:

\`tar {{[-x|--extract]}} {{[-f|--file]}} {{path/to/source.tar[.gz|.bz2|.xz]}}\`
`;

export const DEFAULT_TLDR: Record<string, string> = {
  'common/tar.md': TAR_PAGE,
  'linux/apt.md': '# apt\n\n> Debian package manager.\n\n- Update the package list:\n\n`sudo apt update`\n',
  'osx/brew.md': '# brew\n\n> Homebrew.\n\n- Install a formula:\n\n`brew install {{formula}}`\n',
  'common/git-commit.md':
    '# git commit\n\n> Commit files to the repository.\n\n- Commit staged files:\n\n`git commit {{[-m|--message]}} "{{message}}"`\n',
};

export async function startWebFake(opts: { tldr?: Record<string, string> } = {}): Promise<WebFake> {
  const mode = new Map<string, FakeMode>();
  const hits = new Map<string, number>();
  const bodies = new Map<string, unknown[]>();
  const archive = Buffer.from(tldrArchive(opts.tldr ?? DEFAULT_TLDR));
  const comics = new Map<number, Record<string, unknown>>([
    [
      353,
      {
        num: 353,
        safe_title: 'Python',
        alt: 'I wrote 20 short programs in Python yesterday.',
        img: 'https://imgs.example/python.png',
        year: '2007',
        month: '12',
        day: '5',
      },
    ],
    [
      2000,
      {
        num: 2000,
        safe_title: 'xkcd Phone 2000',
        alt: 'Our retina display features hundreds of pixels per inch.',
        img: 'https://imgs.example/phone.png',
        year: '2018',
        month: '5',
        day: '30',
      },
    ],
  ]);

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const route = `/${url.pathname.split('/')[1] ?? ''}`;
    hits.set(route, (hits.get(route) ?? 0) + 1);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', (): unknown => {
      const raw = Buffer.concat(chunks).toString('utf8');
      if (raw) {
        const list = bodies.get(route) ?? [];
        try {
          list.push(JSON.parse(raw));
        } catch {
          list.push(raw);
        }
        bodies.set(route, list);
      }
      const m = mode.get(route) ?? 'ok';
      if (m === 'stall') return; // never answers
      if (m === 'error500') {
        res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
        return;
      }
      if (m === 'error429') {
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '0' }).end('{"error":"slow down"}');
        return;
      }
      const json = (status: number, body: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      const p = url.pathname;
      if (p === '/xkcd/info.0.json') return json(200, comics.get(2000));
      const comic = /^\/xkcd\/(\d+)\/info\.0\.json$/.exec(p);
      if (comic) {
        const c = comics.get(Number(comic[1]));
        return c ? json(200, c) : res.writeHead(404).end('not found');
      }
      if (p === '/tldr/tldr-pages.zip') {
        res.writeHead(200, { 'content-type': 'application/zip', 'content-length': archive.length }).end(archive);
        return;
      }
      if (p.startsWith('/tldr/')) return res.writeHead(404).end('no such archive');
      if (p === '/wiki/api.php') {
        const q = url.searchParams.get('srsearch') ?? '';
        const results =
          q === 'Nothingatall' ? [] : [{ title: `${q} (Español)` }, { title: `${q} configuration` }, { title: q }];
        return json(200, { batchcomplete: '', query: { searchinfo: { totalhits: results.length }, search: results } });
      }
      if (p === '/wandbox/api/compile.json') {
        const body = JSON.parse(raw || '{}') as { code?: string; compiler?: string };
        if (body.code?.includes('syntax error'))
          return json(200, { status: '1', compiler_error: 'prog: line 1: syntax error' });
        return json(200, { status: '0', program_output: `ran ${body.compiler}: ${body.code?.trim()}\n` });
      }
      const godbolt = /^\/godbolt\/api\/compiler\/([^/]+)\/compile$/.exec(p);
      if (godbolt) {
        const body = JSON.parse(raw || '{}') as { source?: string };
        res
          .writeHead(200, { 'content-type': 'text/plain' })
          .end(
            `# Compilation provided by Compiler Explorer\nbanner 2\nbanner 3\nbanner 4\nbanner 5\n${godbolt[1]} says: ${body.source?.trim()}`,
          );
        return;
      }
      // Fact sources of the fact plugin (catfact.ninja and uselessfacts.jsph.pl shapes).
      if (p === '/catfact/fact') return json(200, { fact: 'A group of cats is called a clowder.', length: 36 });
      if (p === '/uselessfacts/api/v2/facts/random') {
        return json(200, { id: 'x1', text: 'Honey never spoils.', language: url.searchParams.get('language') });
      }
      if (p === '/wolfram/v1/simple') {
        if (url.searchParams.get('appid') !== 'test-app-id') return res.writeHead(403).end('bad app id');
        if (url.searchParams.get('i') === 'broken') {
          res.writeHead(200, { 'content-type': 'image/gif' }).end(Buffer.from('GIF89a not really a picture'));
          return;
        }
        // A 120×200 GIF: an 80-pixel white header over a blue answer, as the Simple API draws it.
        void wolframPicture().then((gif) => res.writeHead(200, { 'content-type': 'image/gif' }).end(gif));
        return;
      }
      return res.writeHead(404).end('no route');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    mode,
    hits,
    bodies,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The [web] section that points every service at the fake. */
export function webToml(fake: WebFake, extra = ''): string {
  return [
    '[web]',
    'timeout_ms = 1500',
    `xkcd_url = "${fake.url}/xkcd"`,
    `tldr_archive_url = "${fake.url}/tldr"`,
    `wandbox_url = "${fake.url}/wandbox"`,
    `godbolt_url = "${fake.url}/godbolt"`,
    `arch_wiki_url = "${fake.url}/wiki"`,
    `atl_wiki_url = "${fake.url}/wiki"`,
    `wolfram_url = "${fake.url}/wolfram"`,
    extra,
  ].join('\n');
}

/** A 120×200 GIF whose first 80 rows are white (the header) and the rest blue (the answer). */
async function wolframPicture(): Promise<Buffer> {
  const { default: sharp } = await import('sharp');
  const answer = await sharp({ create: { width: 120, height: 120, channels: 3, background: '#2040c0' } })
    .png()
    .toBuffer();
  return sharp({ create: { width: 120, height: 200, channels: 3, background: '#ffffff' } })
    .composite([{ input: answer, top: 80, left: 0 }])
    .gif()
    .toBuffer();
}
