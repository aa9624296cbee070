/**
 * Client side of the SSH console benchmark, run in its own process so its work is not counted against the
 * appliance: opens N console sessions with a pty (120x40 unless given), switches each to the Logs screen and drains the output.
 * Prints "READY" when every session follows the log, and the byte count when it receives SIGTERM.
 */
import ssh2 from 'ssh2';

const [port, keyB64, count, cols = '120', rows = '40'] = process.argv.slice(2);
const privateKey = Buffer.from(String(keyB64), 'base64').toString();
let bytes = 0;
let ready = 0;
const clients: ssh2.Client[] = [];

for (let i = 0; i < Number(count); i++) {
  const c = new ssh2.Client();
  clients.push(c);
  c.on('ready', () => {
    c.shell({ term: 'xterm-256color', cols: Number(cols), rows: Number(rows) }, (err, ch) => {
      if (err) throw err;
      let seen = '';
      let following = false;
      ch.on('data', (d: Buffer) => {
        bytes += d.length;
        if (following) return;
        seen += d.toString();
        if (seen.includes('Recent activity') && !seen.includes('following')) ch.write('2');
        if (seen.includes('following')) {
          following = true;
          seen = '';
          ready += 1;
          if (ready === Number(count)) process.stdout.write('READY\n');
        }
      });
    });
  });
  c.on('error', (e) => process.stderr.write(`client ${i}: ${e.message}\n`));
  c.connect({ host: '127.0.0.1', port: Number(port), username: 'tux', privateKey });
}

process.on('SIGTERM', () => {
  process.stdout.write(`BYTES ${bytes}\n`);
  for (const c of clients) c.end();
  setTimeout(() => process.exit(0), 200);
});
