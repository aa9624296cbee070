import zlib from 'node:zlib';
import type { WebSocket } from 'ws';

/**
 * One gateway socket's outgoing side. With `compress=zlib-stream` in the connect URL (as discord.py always asks, and
 * discord.js when zlib-sync is installed) every payload goes through one zlib context shared for the whole
 * connection and is flushed with Z_SYNC_FLUSH, so each binary frame ends with 00 00 ff ff, as Discord sends them.
 * Sends and closes keep their order even though compression is asynchronous.
 */
export class GatewayConnection {
  readonly socket: WebSocket;
  readonly compressed: boolean;
  readonly #deflate: zlib.Deflate | null;
  #pending: Buffer[] = [];
  #queue: Promise<void> = Promise.resolve();

  constructor(socket: WebSocket, compress: string | null) {
    this.socket = socket;
    this.compressed = compress === 'zlib-stream';
    this.#deflate = this.compressed ? zlib.createDeflate() : null;
    this.#deflate?.on('data', (chunk: Buffer) => this.#pending.push(chunk));
    this.#deflate?.on('error', () => socket.terminate());
  }

  get open(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  send(payload: unknown): void {
    const text = JSON.stringify(payload);
    const deflate = this.#deflate;
    if (!deflate) {
      if (this.open) this.socket.send(text);
      return;
    }
    this.#queue = this.#queue.then(
      () =>
        new Promise<void>((resolve) => {
          deflate.write(text);
          deflate.flush(zlib.constants.Z_SYNC_FLUSH, () => {
            const frame = Buffer.concat(this.#pending);
            this.#pending = [];
            if (this.open) this.socket.send(frame, { binary: true });
            resolve();
          });
        }),
    );
  }

  /** Closes with a code once everything sent before has gone out. */
  close(code: number, reason: string): void {
    this.#queue = this.#queue.then(() => {
      this.socket.close(code, reason);
      this.#deflate?.close();
    });
  }

  /** Drops the connection at once, without a close frame. */
  terminate(): void {
    this.socket.terminate();
    this.#deflate?.close();
  }
}
