import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseJsonKeepingIds } from './lossless-json.ts';

/**
 * Reading request bodies (JSON or multipart with payload_json + files[n]; integer ids kept exact) and writing JSON
 * responses.
 */

export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface ParsedBody {
  body: unknown;
  files: UploadedFile[];
  /** Set when the body could not be parsed; the request is answered with 400 50109. */
  parseError?: string;
}

export async function readRaw(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function parseBody(request: IncomingMessage, raw: Buffer): Promise<ParsedBody> {
  const type = request.headers['content-type'] ?? '';
  if (raw.length === 0) return { body: undefined, files: [] };
  if (type.startsWith('multipart/form-data')) {
    const form = await new Request('http://local/', {
      method: 'POST',
      headers: { 'content-type': type },
      body: raw,
    }).formData();
    let body: unknown;
    const files: UploadedFile[] = [];
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') {
          try {
            body = parseJsonKeepingIds(value);
          } catch {
            return { body: undefined, files, parseError: 'payload_json is not valid JSON' };
          }
        }
      } else {
        files.push({
          field,
          filename: value.name,
          contentType: value.type || 'application/octet-stream',
          data: Buffer.from(await value.arrayBuffer()),
        });
      }
    }
    return { body, files };
  }
  try {
    return { body: parseJsonKeepingIds(raw.toString('utf8')), files: [] };
  } catch {
    return { body: undefined, files: [], parseError: 'The request body contains invalid JSON.' };
  }
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (status === 204 || body === undefined) {
    response.writeHead(status === 200 ? 204 : status, headers);
    response.end();
    return;
  }
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}
