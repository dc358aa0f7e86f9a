// 50 agents reading from the hub at once, in a process of their own (so the clients' own work
// does not run on the hub's event loop). Reads its plan as JSON on stdin, prints one JSON line of
// results on stdout. The model: a closed loop — each client has its own session (own token) and
// sends its next read the moment the previous answer arrived, no think time; the kinds rotate per
// client (lookup by phone, 360, timeline page of 50), so every kind runs at every moment. With
// `thinkMs` > 0 each client pauses between reads for a random time of that mean (exponential, as
// independent people are): an open model of agents at a given pace instead of a saturating loop.
import { READ_KINDS, type ReadKind, type ReadLoadPlan, type ReadLoadResult } from './read-load.ts';

function pathOf(kind: ReadKind, plan: ReadLoadPlan, n: number): string {
  if (kind === 'lookup') return `/customers/lookup?phone=${encodeURIComponent(plan.phones[n % plan.phones.length] ?? '')}`;
  const customer = plan.customers[n % plan.customers.length] ?? '';
  return kind === '360' ? `/customers/${customer}` : `/customers/${customer}/timeline?limit=50`;
}

async function main(): Promise<void> {
  let input = '';
  for await (const chunk of process.stdin) input += String(chunk);
  const plan = JSON.parse(input) as ReadLoadPlan;
  const samples: Record<ReadKind, number[]> = { lookup: [], '360': [], timeline: [] };
  const started = performance.now();
  const measureFrom = started + plan.warmupMs;
  const end = measureFrom + plan.durationMs;
  let counter = 0;
  const client = async (index: number, token: string) => {
    for (let round = 0; performance.now() < end; round++) {
      const kind = READ_KINDS[(index + round) % READ_KINDS.length] as ReadKind;
      const path = pathOf(kind, plan, counter++);
      const t0 = performance.now();
      const response = await fetch(plan.url + path, { headers: { authorization: `Bearer ${token}` } });
      const body = await response.text();
      const t1 = performance.now();
      if (response.status !== 200) throw new Error(`${path}: ${response.status} ${body.slice(0, 200)}`);
      if (kind === 'lookup' && !body.includes('"hits":[{')) throw new Error(`${path}: found nobody`);
      if (t0 >= measureFrom && t1 <= end) samples[kind].push(t1 - t0);
      if (plan.thinkMs > 0) await new Promise((resolve) => setTimeout(resolve, -Math.log(1 - Math.random()) * plan.thinkMs));
    }
  };
  await Promise.all(plan.tokens.map((token, index) => client(index, token)));
  const result: ReadLoadResult = { samples, measuredMs: plan.durationMs, requests: counter };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
