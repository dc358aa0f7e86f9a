// rig.network: a silent network failure between the consoles and Kamailio, made with iptables in
// the rig's private network namespace (never on the host: a test must not touch its firewall).
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { RIG_PORTS } from './config.ts';
import { NETNS_ENV } from './in-netns.ts';

export interface RigNetwork {
  /**
   * Silently drops every packet to and from Kamailio's WS and WSS ports (an unplugged cable, as
   * far as a console can tell: no FIN, no RST, pings go unanswered, TCP keeps retransmitting).
   * Only inside the private network namespace (LOKET_RIG_NETNS=1 and no interface but lo).
   */
  blockSip(): Promise<void>;
  /** Removes the rules: retransmitted segments get through and the connections carry on. */
  unblockSip(): Promise<void>;
  readonly sipBlocked: boolean;
}

/** The rules blockSip() inserts: on loopback, INPUT sees both directions of a connection. */
const SIP_BLOCK_RULES = [RIG_PORTS.sipWs, RIG_PORTS.sipWss].flatMap((port) =>
  ['--dport', '--sport'].map((direction) => ['INPUT', '-p', 'tcp', direction, String(port), '-j', 'DROP']),
);

export class SipFirewall implements RigNetwork {
  private readonly inserted: string[][] = [];

  constructor(
    private readonly iptables: string,
    /** Whether the rig runs in its private network namespace. */
    private readonly netns: boolean,
  ) {}

  get sipBlocked(): boolean {
    return this.inserted.length > 0;
  }

  async blockSip(): Promise<void> {
    if (!this.netns) {
      throw new Error(
        'rig.network.blockSip() changes the firewall, so it runs only in the private network namespace ' +
          `(${NETNS_ENV}=1 and only lo): run the tests through \`npx tsx test/rig/in-netns.ts ...\``,
      );
    }
    if (this.sipBlocked) return;
    for (const rule of SIP_BLOCK_RULES) {
      await this.run(['-I', ...rule]);
      this.inserted.push(rule);
    }
  }

  async unblockSip(): Promise<void> {
    while (this.inserted.length > 0) {
      await this.run(['-D', ...this.inserted[0]!]);
      this.inserted.shift();
    }
  }

  /** From the process 'exit' handler: synchronous, best effort. */
  unblockNow(): void {
    for (const rule of this.inserted.splice(0)) {
      try {
        execFileSync(this.iptables, ['-w', '-D', ...rule], { stdio: 'ignore' });
      } catch {
        // the namespace goes away with its last process anyway
      }
    }
  }

  private async run(args: string[]): Promise<void> {
    // -w: wait for the xtables lock (a file shared with other namespaces) instead of failing.
    await promisify(execFile)(this.iptables, ['-w', ...args]);
  }
}
