// The scale hub in a process of its own: `node --import tsx bench/scale-hub-process.ts`. Prints
// one line `SCALE_HUB <json ScaleHubInfo>` on stdout when it listens (progress goes to stderr),
// and shuts down cleanly when stdin closes (the parent ended or let go) or on SIGTERM/SIGINT.
// A suite that measures the console's memory uses this, so the hub's PGlite (a WASM Postgres of
// hundreds of MB) is not counted as the console's.
import { startScaleHub, type ScaleHubInfo } from './scale-hub.ts';

const READY_PREFIX = 'SCALE_HUB ';

process.env.LOKET_LOG ??= 'silent';
const hub = await startScaleHub({ log: (line) => process.stderr.write(`${line}\n`) });
const info: ScaleHubInfo = { url: hub.url, email: hub.email, password: hub.password, counts: hub.counts, samples: hub.samples };
process.stdout.write(`${READY_PREFIX}${JSON.stringify(info)}\n`);

let closing: Promise<void> | null = null;
function shutDown(): void {
  closing ??= hub.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error('scale hub: closing failed', error);
      process.exit(1);
    },
  );
}
process.stdin.on('end', shutDown);
process.stdin.on('error', shutDown);
process.stdin.resume();
process.on('SIGTERM', shutDown);
process.on('SIGINT', shutDown);
