import { eventsOf, joinParts } from './cobrowse-agent.ts';

// Reading what a co-browse session put on the wire: the rrweb events inside the frames, the
// nodes they describe (full snapshots and added nodes), the input events, and every string the
// frames carry, so a test can prove what never left the customer's page.

/** The snippet's fixed mask for every non-empty value (no length leaks). */
export const MASK = '••••••••';

/** rrweb's numbers (rrweb 2.x `EventType`, `IncrementalSource`, rrweb-snapshot `NodeType`). */
const FULL_SNAPSHOT = 2;
const INCREMENTAL = 3;
const SOURCE_MUTATION = 0;
const SOURCE_INPUT = 5;
const ELEMENT_NODE = 2;

export type RrwebEvent = Record<string, unknown> & { type: number; data?: Record<string, unknown> };

export interface SerializedNode {
  readonly id: number;
  readonly type: number;
  readonly tagName?: string;
  readonly attributes?: Record<string, unknown>;
  readonly textContent?: string;
  readonly childNodes?: SerializedNode[];
}

/** Every rrweb event in these frames (`part` frames reassembled). */
export function eventsIn(frames: readonly string[]): RrwebEvent[] {
  return joinParts(frames).flatMap((frame) => eventsOf(frame)) as RrwebEvent[];
}

/** Every serialized node the events describe (full snapshots and nodes added later), by id. */
export function nodesIn(events: readonly RrwebEvent[]): Map<number, SerializedNode> {
  const nodes = new Map<number, SerializedNode>();
  const walk = (node: SerializedNode | undefined) => {
    if (!node || typeof node.id !== 'number') return;
    nodes.set(node.id, node);
    for (const child of node.childNodes ?? []) walk(child);
  };
  for (const event of events) {
    if (event.type === FULL_SNAPSHOT) walk(event.data?.node as SerializedNode);
    if (event.type === INCREMENTAL && event.data?.source === SOURCE_MUTATION) {
      for (const add of (event.data.adds as { node: SerializedNode }[] | undefined) ?? []) walk(add.node);
    }
  }
  return nodes;
}

export interface InputEvent {
  readonly id: number;
  readonly text: string;
}

/** The input events (what the customer typed, as recorded). */
export function inputsIn(events: readonly RrwebEvent[]): InputEvent[] {
  return events
    .filter((event) => event.type === INCREMENTAL && event.data?.source === SOURCE_INPUT)
    .map((event) => ({ id: Number(event.data?.id), text: String(event.data?.text ?? '') }));
}

/** The `value` attributes of form fields in the snapshots (what a field held when recorded). */
export function fieldValuesIn(nodes: ReadonlyMap<number, SerializedNode>): { node: SerializedNode; value: string }[] {
  return [...nodes.values()]
    .filter((node) => node.type === ELEMENT_NODE && ['input', 'textarea', 'select'].includes(String(node.tagName)) && typeof node.attributes?.value === 'string')
    .map((node) => ({ node, value: String(node.attributes?.value) }));
}

/** Whether rrweb blocked this node (kept only as a placeholder of its size). */
export const isBlocked = (node: SerializedNode | undefined): boolean => node !== undefined && node.attributes !== undefined && 'rr_width' in node.attributes;

/** Every string anywhere in these frames' JSON (keys excluded): text nodes, attributes, URLs, CSS… */
export function stringsIn(frames: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === 'string') out.push(value);
    else if (Array.isArray(value)) for (const item of value) walk(item);
    else if (value && typeof value === 'object') for (const item of Object.values(value)) walk(item);
  };
  for (const frame of joinParts(frames)) {
    try {
      walk(JSON.parse(frame));
    } catch {
      out.push(frame);
    }
  }
  return out;
}

/** The lengths of the runs of mask characters (• or rrweb's default *) in a text. */
export function maskRunLengths(text: string): number[] {
  return [...text.matchAll(/•+|\*{2,}/g)].map((match) => match[0].length);
}
