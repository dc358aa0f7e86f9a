/** One namespace per feature; each is a file `locales/<lng>/<namespace>.json`. */
export const NAMESPACES = [
  'common',
  'frame',
  'shortcuts',
  'settings',
  'errors',
  'customer',
  'search',
  'escalations',
  'team',
  'sync',
  'phone',
  'timeline',
  'orders',
  'wrapup',
  'screenpop',
  'home',
  'peak',
  'callbacks',
  'carts',
  'handoffs',
] as const;
export type Namespace = (typeof NAMESPACES)[number];
