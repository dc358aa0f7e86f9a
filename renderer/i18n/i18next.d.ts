import 'i18next';
import type common from '../../locales/en/common.json';
import type customer from '../../locales/en/customer.json';
import type errors from '../../locales/en/errors.json';
import type escalations from '../../locales/en/escalations.json';
import type frame from '../../locales/en/frame.json';
import type phone from '../../locales/en/phone.json';
import type search from '../../locales/en/search.json';
import type settings from '../../locales/en/settings.json';
import type shortcuts from '../../locales/en/shortcuts.json';
import type sync from '../../locales/en/sync.json';
import type team from '../../locales/en/team.json';
import type timeline from '../../locales/en/timeline.json';
import type orders from '../../locales/en/orders.json';
import type wrapup from '../../locales/en/wrapup.json';
import type screenpop from '../../locales/en/screenpop.json';
import type home from '../../locales/en/home.json';
import type handoffs from '../../locales/en/handoffs.json';
import type peak from '../../locales/en/peak.json';
import type callbacks from '../../locales/en/callbacks.json';
import type carts from '../../locales/en/carts.json';
import type cobrowse from '../../locales/en/cobrowse.json';
import type access from '../../locales/en/access.json';
import type overflow from '../../locales/en/overflow.json';
import type about from '../../locales/en/about.json';
import type desktop from '../../locales/en/desktop.json';

// English is the source of truth for keys: a key that English lacks is a type error, so a typo
// in `t('frame:nav.custmer')` fails `npm run typecheck` instead of showing a raw key to agents.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: {
      common: typeof common;
      customer: typeof customer;
      errors: typeof errors;
      escalations: typeof escalations;
      frame: typeof frame;
      phone: typeof phone;
      search: typeof search;
      settings: typeof settings;
      shortcuts: typeof shortcuts;
      sync: typeof sync;
      team: typeof team;
      timeline: typeof timeline;
      orders: typeof orders;
      wrapup: typeof wrapup;
      screenpop: typeof screenpop;
      home: typeof home;
      handoffs: typeof handoffs;
      peak: typeof peak;
      callbacks: typeof callbacks;
      carts: typeof carts;
      cobrowse: typeof cobrowse;
      access: typeof access;
      overflow: typeof overflow;
      about: typeof about;
      desktop: typeof desktop;
    };
  }
}
