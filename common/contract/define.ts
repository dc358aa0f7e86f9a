import type { z } from 'zod';

// The shape every contract has. A channel is declared once here (name, request schema, response
// schema); the preload bridge, the Electron handler registration and the web shell's socket
// protocol are all derived from that declaration, so a channel cannot exist on one side only.
export interface RequestSpec {
  readonly request: z.ZodType;
  readonly response: z.ZodType;
}

export interface ContractShape {
  readonly requests: Readonly<Record<string, RequestSpec>>;
  readonly events: Readonly<Record<string, z.ZodType>>;
}

export function defineContract<const C extends ContractShape>(contract: C): C {
  return contract;
}

/** Names must be `area.verb` so they read well in logs and stay valid IPC channel suffixes. */
export const CHANNEL_NAME = /^[a-z][a-zA-Z]*(\.[a-z][a-zA-Z]*)+$/;
