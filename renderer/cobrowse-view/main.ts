// First: zod must not probe for eval (the viewer's CSP forbids it too) before any schema is built.
import '../app/zod-jitless.ts';
import '@rrweb/replay/dist/style.css';
import './viewer.css';
import type { AgentMessage, CobrowseControl } from '../../common/cobrowse/protocol.ts';
import { FromViewer, ToViewer, type ViewerLabels } from '../features/cobrowse/viewer-messages.ts';
import { FrameAssembler, stampArrival } from './frames.ts';
import { LiveReplay } from './live-replay.ts';
import { Overlay } from './overlay.ts';

// The viewer document: the console page puts it in an iframe of its own origin and feeds it the
// customer's frames over postMessage; it replays them and tells the page what the agent does.
// Only the parent window of our own origin is listened to, and every message is validated.

const stage = document.getElementById('stage') ?? document.body;
const status = document.createElement('p');
status.className = 'status';
status.setAttribute('role', 'status');
stage.append(status);

let labels: ViewerLabels = { looking: '', control: '', loading: '' };
let control: CobrowseControl = 'off';
let scale = 1;

function post(message: FromViewer): void {
  if (window.parent === window) return;
  window.parent.postMessage(FromViewer.parse(message), location.origin);
}

const replay = new LiveReplay(stage, {
  onViewport: () => {
    fit();
    post({ type: 'showing', showing: true, ...replay.size });
  },
  onMissingSnapshot: () => post({ type: 'needSnapshot' }),
});

const overlay = new Overlay({
  send: (message: AgentMessage) => post({ type: 'send', message }),
  scale: () => scale,
  scroll: () => ({ x: replay.frameWindow?.scrollX ?? 0, y: replay.frameWindow?.scrollY ?? 0 }),
  shortcut: (event) => post({ type: 'shortcut', key: event.key.slice(0, 40), code: event.code.slice(0, 40), altKey: event.altKey, shiftKey: event.shiftKey }),
  leave: () => post({ type: 'leave' }),
});
stage.append(overlay.element);

const frames = new FrameAssembler();

/** The customer's viewport scaled down (never up) to fit the stage, centred; the overlay on top of it. */
function fit(): void {
  const wrapper = replay.wrapper;
  const { width, height } = replay.size;
  const shown = wrapper !== null && width > 0 && height > 0;
  overlay.element.hidden = !shown;
  status.hidden = shown;
  document.body.classList.toggle('showing', shown);
  if (!shown) return;
  const box = stage.getBoundingClientRect();
  scale = Math.min(1, box.width / width, box.height / height);
  const left = Math.max(0, Math.round((box.width - width * scale) / 2));
  const top = Math.max(0, Math.round((box.height - height * scale) / 2));
  // CSSOM, not style attributes: the transform changes with every resize.
  wrapper.style.transform = `translate(${left}px, ${top}px) scale(${scale})`;
  Object.assign(overlay.element.style, { left: `${left}px`, top: `${top}px`, width: `${width * scale}px`, height: `${height * scale}px` });
}

function showLabels(): void {
  status.textContent = labels.loading;
  overlay.setLabel(control === 'on' ? labels.control : labels.looking);
  overlay.setControl(control);
}

function receive(message: ToViewer): void {
  switch (message.type) {
    case 'setup':
      labels = message.labels;
      control = message.control;
      if (message.theme) document.documentElement.dataset.theme = message.theme;
      showLabels();
      break;
    case 'control':
      control = message.control;
      showLabels();
      break;
    case 'frame':
      replay.add(stampArrival(frames.take(message.data), Date.now()));
      break;
    case 'reset':
      frames.reset();
      replay.reset();
      fit();
      post({ type: 'showing', showing: false, width: 0, height: 0 });
      break;
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (event.origin !== location.origin || event.source !== window.parent || window.parent === window) return;
  const message = ToViewer.safeParse(event.data);
  if (message.success) receive(message.data);
});

new ResizeObserver(() => fit()).observe(stage);
fit();
post({ type: 'ready' });
