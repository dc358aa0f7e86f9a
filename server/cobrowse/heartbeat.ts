import type { WebSocket } from 'ws';

// The co-browse sockets' heartbeat: the hub pings every socket every `intervalMs` (browsers answer
// a ping by themselves, so an idle page sends nothing of its own) and terminates one that did not
// answer the previous ping: a page whose network vanished is noticed within two intervals.

export const PING_MS = 20_000;

export class Heartbeat {
  readonly #alive = new Map<WebSocket, boolean>();
  readonly #timer: ReturnType<typeof setInterval>;
  readonly #onBeat: () => void;

  constructor(intervalMs = PING_MS, onBeat: () => void = () => undefined) {
    this.#onBeat = onBeat;
    this.#timer = setInterval(() => this.#beat(), intervalMs);
    this.#timer.unref();
  }

  watch(socket: WebSocket): void {
    this.#alive.set(socket, true);
    socket.on('pong', () => this.#alive.set(socket, true));
    socket.once('close', () => this.#alive.delete(socket));
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#alive.clear();
  }

  #beat(): void {
    for (const [socket, alive] of this.#alive) {
      if (!alive) {
        this.#alive.delete(socket);
        socket.terminate();
        continue;
      }
      this.#alive.set(socket, false);
      try {
        socket.ping();
      } catch {
        socket.terminate();
      }
    }
    this.#onBeat();
  }
}
