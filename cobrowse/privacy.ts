// What never leaves the customer's page, decided in the page before anything is sent.
//
// Private elements (payment fields, passwords, anything marked `data-loket-private`, every
// iframe, plugins) are blocked: rrweb sends only a same-size placeholder, and no value, input
// event, attribute change or text of them or inside them. Every other field's value is replaced
// by one fixed mask, so not even its length leaks, unless the shop marked it `data-loket-visible`.
// `scrubEvent` is a last pass over every event rrweb emits, closing the paths where rrweb copies
// a value as it stands (a field's `value` attribute, a textarea's text) and the URL's query.

/** The one mask for every non-empty value: fixed length, so a value's length never leaks. */
export const MASK = '••••••••';

/** The shop's explicit opt-in for a field (or a region) whose value the agent may read. */
export const VISIBLE_SELECTOR = '[data-loket-visible]';

/** Name or id fragments of fields that hold payment data, secrets or one-time codes. */
const SECRET_NAME_PARTS = [
  'card', 'cvc', 'cvv', 'csc', 'ccnum', 'cc_num', 'cc-num', 'ccno', 'iban', 'pass', 'pwd',
  'security_code', 'securitycode', 'security-code', 'accountnumber', 'account_number', 'account-number',
];
/** Exact names or ids (a fragment would hit `shipping` or `footnote`). */
const SECRET_NAMES = ['pin', 'otp', 'tan', 'cc', 'ssn', 'bsn'];

/** Elements never sent at all. The snippet's own UI is `data-loket-private` too. */
export const PRIVATE_SELECTOR = [
  '[data-loket-private]',
  'input[type="password" i]',
  '[autocomplete*="cc-" i]',
  '[autocomplete*="password" i]',
  '[autocomplete*="one-time-code" i]',
  ...['input', 'select', 'textarea'].flatMap((tag) =>
    ['name', 'id'].flatMap((attr) => [
      ...SECRET_NAME_PARTS.map((part) => `${tag}[${attr}*="${part}" i]`),
      ...SECRET_NAMES.map((name) => `${tag}[${attr}="${name}" i]`),
    ]),
  ),
  'iframe:not([data-loket-visible])',
  'frame',
  'object',
  'embed',
].join(', ');

/** Rich-text editors hold what the customer writes: their text is masked like a field's value. */
export const EDITABLE_SELECTOR = '[contenteditable]:not([contenteditable="false" i])';

/** Field types whose `value` is the shop's own label or choice, never something typed. */
const LABEL_TYPES = new Set(['submit', 'button', 'reset', 'image', 'checkbox', 'radio']);
const FIELD_TAGS = new Set(['input', 'textarea', 'select']);

export function isPrivate(element: Element): boolean {
  return element.closest(PRIVATE_SELECTOR) !== null;
}

function isVisibleField(element: Element | null): boolean {
  return element !== null && element.closest(VISIBLE_SELECTOR) !== null && !isPrivate(element);
}

/** An input whose value is a label (by tag name: an iframe's elements are not this window's HTMLInputElement). */
function keepsLabel(element: Element | null): boolean {
  return element?.localName === 'input' && LABEL_TYPES.has((element as HTMLInputElement).type);
}

/** rrweb's `maskInputFn` (and `maskTextFn` for editors): one fixed mask for any non-empty value. */
export function maskValue(text: string, element: HTMLElement | null): string {
  if (!text) return '';
  return isVisibleField(element) || keepsLabel(element) ? text : MASK;
}

/** rrweb's `maskInputOptions`: every input (`input` is the tag: hidden and unknown types too), textarea and select. */
export const MASK_INPUT_OPTIONS = {
  input: true, textarea: true, select: true, password: true, text: true, email: true, tel: true, number: true,
  search: true, url: true, date: true, 'datetime-local': true, month: true, week: true, time: true, color: true, range: true,
};

/** The page's address without its query and fragment, which can carry e-mail addresses or tokens. */
export function publicUrl(href: string): string {
  try {
    const url = new URL(href);
    return url.origin + url.pathname;
  } catch {
    return '';
  }
}

interface SerializedNode {
  id?: number;
  type?: number;
  tagName?: string;
  attributes?: Record<string, unknown>;
  textContent?: string;
  childNodes?: SerializedNode[];
}
interface MutationData {
  source?: number;
  adds?: { parentId?: number; node?: SerializedNode }[];
  attributes?: { id?: number; attributes?: Record<string, unknown> }[];
  texts?: { id?: number; value?: string | null }[];
  id?: number;
  text?: string;
}
export interface LooseEvent {
  type: number;
  data?: unknown;
}

/** rrweb's numbers: EventType FullSnapshot/IncrementalSnapshot/Meta, IncrementalSource Mutation/Input, NodeType Element/Text. */
const FULL_SNAPSHOT = 2;
const INCREMENTAL = 3;
const META = 4;
const MUTATION = 0;
const INPUT = 5;
const ELEMENT = 2;
const TEXT = 3;

/** Looks a recorded node up by rrweb's id (rrweb's mirror). */
export type NodeById = (id: number) => Node | null;

/**
 * True for a node inside a private element, also across same-origin iframes (rrweb serializes a
 * blocked iframe's document when it loads; its parent here is the private iframe element).
 */
export function isInsidePrivate(node: Node | null): boolean {
  let current = node;
  while (current) {
    const element = current.nodeType === Node.ELEMENT_NODE ? (current as Element) : current.parentElement;
    if (element?.closest(PRIVATE_SELECTOR)) return true;
    const root = (current.ownerDocument ?? current) as Document;
    if (root === document) return false;
    current = root.defaultView?.frameElement ?? null;
  }
  return false;
}

/**
 * The last pass over an event before it is sent: drops what concerns a private element (an
 * iframe's document, an input or click on it) and masks what rrweb would have let through.
 * False when the whole event must not be sent.
 */
export function scrubEvent(event: LooseEvent, nodeById: NodeById, sentValues: Map<number, unknown> = new Map()): boolean {
  const element = (id: number | undefined) => {
    const node = id === undefined ? null : nodeById(id);
    return node?.nodeType === Node.ELEMENT_NODE ? (node as Element) : null;
  };
  const privateId = (id: number | undefined) => id !== undefined && isInsidePrivate(nodeById(id));
  if (event.type === META) {
    const data = event.data as { href?: string };
    if (typeof data.href === 'string') data.href = publicUrl(data.href);
  } else if (event.type === FULL_SNAPSHOT) {
    scrubTree((event.data as { node?: SerializedNode }).node, element, false);
  } else if (event.type === INCREMENTAL) {
    const data = event.data as MutationData;
    if (data.source === MUTATION) {
      data.adds = (data.adds ?? []).filter((add) => !privateId(add.parentId));
      for (const add of data.adds) scrubTree(add.node, element, isHiddenTextarea(element(add.parentId)));
      data.attributes = (data.attributes ?? []).filter((change) => !privateId(change.id));
      for (const change of data.attributes) {
        const target = element(change.id);
        if (change.attributes && 'value' in change.attributes && target && FIELD_TAGS.has(target.localName) && change.id !== undefined) {
          const value = scrubValue(change.attributes.value, target);
          // Frameworks that mirror each keystroke into the value attribute (React) would send the
          // same mask once per key: the number of frames would tell the length. Only changes go.
          if (sentValues.get(change.id) === value) delete change.attributes.value;
          else {
            change.attributes.value = value;
            sentValues.set(change.id, value);
          }
        }
      }
      data.attributes = data.attributes.filter((change) => Object.keys(change.attributes ?? {}).length > 0);
      data.texts = (data.texts ?? []).filter((text) => !privateId(text.id));
      for (const text of data.texts) {
        const parent = text.id === undefined ? null : (nodeById(text.id)?.parentElement ?? null);
        if (isHiddenTextarea(parent)) text.value = '';
      }
      return data.adds.length + data.attributes.length + data.texts.length + ((data as { removes?: unknown[] }).removes?.length ?? 0) > 0;
    }
    // Input, clicks, scrolls, media, selection, stylesheets of a private element: not sent.
    if (privateId(data.id)) return false;
    if (data.source === INPUT && typeof data.text === 'string') data.text = scrubValue(data.text, element(data.id)) as string;
  }
  return true;
}

function isHiddenTextarea(element: Element | null): boolean {
  return element?.localName === 'textarea' && !isVisibleField(element);
}

function scrubValue(value: unknown, element: Element | null): unknown {
  if (typeof value !== 'string' || value === '' || value === MASK) return value;
  return isVisibleField(element) || keepsLabel(element) ? value : MASK;
}

function scrubTree(node: SerializedNode | undefined, element: (id: number | undefined) => Element | null, insideHiddenTextarea: boolean): void {
  if (!node) return;
  if (node.type === TEXT && insideHiddenTextarea) node.textContent = '';
  if (node.type === ELEMENT && node.tagName && FIELD_TAGS.has(node.tagName) && node.attributes && 'value' in node.attributes) {
    const target = element(node.id);
    // A node rrweb serialized but the page already dropped: mask unless it is a labelled button.
    const type = String(node.attributes.type ?? '').toLowerCase();
    node.attributes.value = target ? scrubValue(node.attributes.value, target) : LABEL_TYPES.has(type) ? node.attributes.value : scrubValue(node.attributes.value, null);
  }
  const hidden = insideHiddenTextarea || (node.type === ELEMENT && node.tagName === 'textarea' && isHiddenTextarea(element(node.id)));
  for (const child of node.childNodes ?? []) scrubTree(child, element, hidden);
}
