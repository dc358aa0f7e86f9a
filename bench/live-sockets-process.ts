// A child process holding many authenticated sockets on the hub's live events (/events), so the
// escalation benchmark measures with a loaded hub without those sockets' reading sharing the
// measuring process's event loop. Reads `{ url, tokens, count }` as JSON from argv[2]; prints
// `ready <n>` once all are open, then `received <n>` whenever asked (a line on stdin).
import WebSocket from 'ws';

const { url, tokens, count } = JSON.parse(process.argv[2] ?? '{}') as { url: string; tokens: string[]; count: number };
const sockets: WebSocket[] = [];
let received = 0;
let open = 0;

const target = new URL('/events', url);
target.protocol = 'ws:';
for (let index = 0; index < count; index++) {
  const token = tokens[index % tokens.length] ?? '';
  const socket = new WebSocket(target, { headers: { authorization: `Bearer ${token}` } });
  socket.on('open', () => {
    open++;
    if (open === count) process.stdout.write(`ready ${open}\n`);
  });
  socket.on('message', () => {
    received++;
  });
  socket.on('error', (error) => process.stderr.write(`socket ${index}: ${error.message}\n`));
  sockets.push(socket);
}

process.stdin.on('data', () => process.stdout.write(`received ${received}\n`));
process.on('SIGTERM', () => {
  for (const socket of sockets) socket.terminate();
  process.exit(0);
});
