/** Sends code to Wandbox or Godbolt and gives back what the program printed (null: nothing usable). */
import type { WebService } from '#core/http/web-service.ts';
import { WANDBOX_COMPILERS } from './run-languages.ts';

interface WandboxAnswer {
  status?: string;
  compiler_error?: string;
  program_error?: string;
  program_output?: string;
}

export async function runOnWandbox(service: WebService, compiler: string, code: string): Promise<string | null> {
  const r = await service.json<WandboxAnswer>({
    path: '/api/compile.json',
    method: 'POST',
    json: { compiler, code, options: '' },
  });
  const parts: string[] = [];
  // Nim's compiler chatter is noise, not an error.
  if (r.compiler_error && compiler !== WANDBOX_COMPILERS.nim) parts.push(String(r.compiler_error));
  if (r.program_error) parts.push(String(r.program_error));
  if (r.program_output) parts.push(String(r.program_output));
  const out = parts.join(' ').trim();
  return out || null;
}

export async function runOnGodbolt(service: WebService, compiler: string, code: string): Promise<string | null> {
  const text = await service.text({
    path: `/api/compiler/${encodeURIComponent(compiler)}/compile`,
    method: 'POST',
    headers: { accept: 'text/plain' },
    json: {
      source: code,
      options: {
        userArguments: '',
        compilerOptions: { skipAsm: true, executorRequest: false },
        filters: {
          binary: false,
          binaryObject: false,
          commentOnly: true,
          demangle: true,
          directives: true,
          execute: true,
          intel: true,
          labels: true,
          libraryCode: true,
          trim: true,
          debugCalls: true,
        },
        tools: [],
        libraries: [],
      },
      lang: compiler,
      allowStoreCodeDebug: true,
    },
  });
  if (!text) return null;
  // Godbolt's plain-text answer starts with five lines of compiler banner.
  return text.split('\n').slice(5).join('\n');
}
