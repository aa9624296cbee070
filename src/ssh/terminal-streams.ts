import { Transform, Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type ssh2 from 'ssh2';

export interface PtyInfo {
  term: string;
  cols: number;
  rows: number;
}

export interface TerminalStreams {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  resize(cols: number, rows: number): void;
  /** Unpipes the channel; the streams must not be used afterwards. */
  detach(): void;
}

/**
 * Makes an SSH channel look like the TTY streams Ink and blessed expect. A fresh pair per view: Ink keeps one
 * instance per stdout object. There is no kernel pty behind the channel, so "\n" is translated to "\r\n" here
 * (ONLCR), and a packet holding several keys is split so each control key arrives on its own.
 */
export function createTerminalStreams(
  channel: ssh2.ServerChannel,
  pty: PtyInfo,
  onOutput?: (text: string) => void,
): TerminalStreams {
  const decoder = new StringDecoder('utf8');
  const stdin = new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _enc, cb) {
      for (const part of decoder.write(chunk).split(/([\x00-\x1a\x1c-\x1f\x7f])/)) if (part) this.push(part);
      cb();
    },
  });
  Object.assign(stdin, {
    isTTY: true,
    isRaw: true,
    setRawMode: () => stdin,
    ref: () => stdin,
    unref: () => stdin,
  });
  channel.pipe(stdin, { end: false });

  let closed = false;
  const stdout = new Writable({
    decodeStrings: false,
    write(chunk: unknown, _enc, cb) {
      if (closed || !channel.writable) return cb();
      const text = String(chunk).replace(/\r?\n/g, '\r\n');
      onOutput?.(text);
      if (channel.write(text)) cb();
      else channel.once('drain', () => cb());
    },
  });
  Object.assign(stdout, {
    isTTY: true,
    columns: pty.cols,
    rows: pty.rows,
    getColorDepth: () => 24,
    hasColors: () => true,
  });

  return {
    stdin: stdin as unknown as NodeJS.ReadStream,
    stdout: stdout as unknown as NodeJS.WriteStream,
    resize(cols, rows) {
      Object.assign(stdout, { columns: cols, rows });
      stdout.emit('resize');
    },
    detach() {
      closed = true;
      channel.unpipe(stdin);
      stdin.end();
    },
  };
}
