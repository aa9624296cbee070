/** Which service runs which language for `run`, as Tux has it: Wandbox first, then Godbolt. */

export const GODBOLT_COMPILERS: Readonly<Record<string, string>> = {
  hs: 'ghc984',
  haskell: 'ghc984',
  c: 'g151',
  cpp: 'g151',
  'c++': 'g151',
  rs: 'r1870',
  rust: 'r1870',
  julia: 'julia_nightly',
  py: 'python313',
  python: 'python313',
  go: 'gccgo151',
  kotlin: 'kotlinc2121',
  kt: 'kotlinc2121',
  kot: 'kotlinc2121',
  swift: 'swift61',
  zig: 'z0141',
  java: 'java2400',
  fsharp: 'dotnet80fsharpmono',
  fs: 'dotnet80fsharpmono',
  csharp: 'dotnet80csharpmono',
  cs: 'dotnet80csharpmono',
};

export const WANDBOX_COMPILERS: Readonly<Record<string, string>> = {
  bash: 'bash',
  sh: 'bash',
  d: 'dmd-2.109.1',
  elixir: 'elixir-1.17.3',
  erlang: 'erlang-27.1',
  groovy: 'groovy-4.0.23',
  javascript: 'nodejs-20.17.0',
  js: 'nodejs-20.17.0',
  lisp: 'clisp-2.49',
  lua: 'lua-5.4.7',
  nim: 'nim-2.2.4',
  ocaml: 'ocaml-5.2.0',
  pascal: 'fpc-3.2.2',
  perl: 'perl-5.40.0',
  php: 'php-8.3.12',
  pony: 'pony-0.58.5',
  r: 'r-4.4.1',
  ruby: 'ruby-3.4.1',
  sql: 'sqlite-3.46.1',
  swift: 'swift-6.0.1',
  typescript: 'typescript-5.6.2',
  ts: 'typescript-5.6.2',
};

export const SUPPORTED_LANGUAGES = [
  'C',
  'C++',
  'C#',
  'F#',
  'OCaml',
  'Haskell',
  'Julia',
  'Python',
  'Javascript',
  'Typescript',
  'Ruby',
  'SQL',
  'Java',
  'Nim',
  'Lisp',
  'Pascal',
  'Perl',
  'Pony',
  'PHP',
  'R',
  'Swift',
  'Groovy',
  'D',
  'Bash',
  'Rust',
  'Kotlin',
];

export type RunBackend = { service: 'wandbox' | 'godbolt'; compiler: string };

export function backendFor(language: string): RunBackend | null {
  const lang = language.toLowerCase();
  const wandbox = WANDBOX_COMPILERS[lang];
  if (wandbox) return { service: 'wandbox', compiler: wandbox };
  const godbolt = GODBOLT_COMPILERS[lang];
  if (godbolt) return { service: 'godbolt', compiler: godbolt };
  return null;
}

/** Code-block syntax help, with a zero-width space so Discord shows the backticks. */
export const CODE_FORMAT_HELP =
  'Please provide code with syntax highlighting in this format:\n```\n`\u200b``python\nprint("Hello, World!")\n`\u200b``\n```';

/** The language on the first line of a fenced block and the code below it. */
export function parseCodeBlock(text: string): { language: string; code: string } {
  const start = text.indexOf('```');
  const inner = start >= 0 ? text.slice(start + 3) : text;
  const end = inner.indexOf('```');
  const body = (end >= 0 ? inner.slice(0, end) : inner).replace(
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u200b-\u200f\u2066-\u2069]/g,
    '',
  );
  const newline = body.indexOf('\n');
  if (newline < 0) return { language: body.trim(), code: '' };
  return { language: body.slice(0, newline).trim(), code: body.slice(newline + 1) };
}

/** Removes ANSI escape sequences from program output. */
export function stripAnsi(text: string): string {
  return text.replace(/\x1B(?:[@-Z\\-_]|\[[0-?]*[ -/]*[@-~])/g, '');
}
