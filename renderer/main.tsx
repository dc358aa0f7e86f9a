import './app/zod-jitless.ts';
import { connectToMain } from './bridge/index.ts';
import { startMediaEngine } from './media/index.ts';

async function boot(): Promise<void> {
  // The link to main and the media engine first, from this small entry: after a reload mid-call,
  // main renegotiates the call as soon as the engine attaches, so the audio must not wait for
  // the UI's chunk (React, the features, the translations: most of the code) to be compiled.
  const client = connectToMain();
  const media = startMediaEngine(client); // for the page's lifetime: calls' audio, devices, ringtone
  // After a reload mid-call, the customer hearing the agent again comes first: the UI's chunk,
  // the translations and React's first render (long tasks on the thread that runs the
  // renegotiation) wait until the call's audio is back (at most 0.6 s; at once without a call).
  await media.resumed;
  const ui = await import('./console-ui.tsx');
  ui.startStoresNow(client);
  await ui.renderConsole(client);
}

void boot();
