// The package table: which npm packages the code of each folder may import. Read by the layers
// rule (layers.mjs) for every file in a layer; test/, bench/, demo/ and configs are not checked.
//
// Derived from what each folder imports today and kept that narrow on purpose: a database driver,
// a SIP stack or a web framework reaching a new folder is a design change, so it should be one
// line here that a reviewer sees, not an import that slips in. Server-only packages never reach
// main/, renderer/ or common/; Node-only packages never reach renderer/ or common/; React and
// zustand stay in the renderer.

/** Every layer that runs Node and belongs to the console's main process. */
const MAIN = ['main/'];

/**
 * Package name → where it may be imported: folder prefixes (ending in `/`) or single files,
 * relative to the repository root. The first matching prefix allows the import. `electron` is
 * listed for completeness; the layers rule checks it first and also limits the preload's names.
 */
export const PACKAGES = {
  // Everywhere that has types to validate.
  zod: ['common/', 'renderer/', 'server/', ...MAIN],
  'libphonenumber-js': ['common/', 'renderer/', ...MAIN],
  uuid: ['renderer/', 'server/', ...MAIN],
  i18next: ['renderer/', ...MAIN],

  // The page.
  react: ['renderer/'],
  'react-dom': ['renderer/'],
  'react-i18next': ['renderer/'],
  zustand: ['renderer/'],
  'lucide-react': ['renderer/'],
  '@tanstack/react-virtual': ['renderer/'],
  uplot: ['renderer/features/team/'],
  // The enrollment link as a QR code: main makes the modules, the page draws them as an SVG.
  qrcode: ['main/enrollments/'],
  // Co-browse's live replay, only in the viewer document (its own page, its own CSP).
  '@rrweb/replay': ['renderer/cobrowse-view/'],

  // The customer snippet (cobrowse/): rrweb's recorder only.
  '@rrweb/record': ['cobrowse/'],

  // The console's main process.
  electron: ['main/shell/electron/', 'preload/'],
  'sip.js': ['main/telephony/'],
  // The desktop app's updates, wired by the Electron shell only (the rules are in main/updates/).
  'electron-updater': ['main/shell/electron/updater.ts'],
  'better-sqlite3-multiple-ciphers': ['main/cache/'],
  ws: ['main/telephony/', 'main/sync/', 'main/shell/web/', 'main/cobrowse/', 'server/events/', 'server/cobrowse/'],
  // Build tools, only for the build step that runs them.
  vite: ['main/shell/build.ts'],
  esbuild: ['main/shell/build.ts', 'cobrowse/build/'],
  '@electron/rebuild': ['main/shell/electron-native.ts'],

  // The hub.
  pg: ['server/db/'],
  '@electric-sql/pglite': ['server/db/'],
  fastify: ['server/api/', 'server/events/', 'server/cobrowse/', 'server/updates/'],
  'fastify-type-provider-zod': ['server/api/'],
  '@fastify/rate-limit': ['server/api/'],
  '@fastify/swagger': ['server/api/'],
  '@fastify/websocket': ['server/api/', 'server/events/'],
  // common/hub/lease.ts: the console's main process and the hub's tests verify leases the same way.
  jose: ['server/api/', 'server/cobrowse/', 'common/hub/lease.ts'],
  '@node-rs/argon2': ['server/api/', 'server/seed/'],
};

/** `react-dom/client` → `react-dom`, `@fastify/swagger/x` → `@fastify/swagger`. */
export function packageName(source) {
  const parts = source.split('/');
  return source.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** 'allowed', 'forbidden' (listed, but not for this file) or 'unlisted'. */
export function packageVerdict(file, name) {
  const where = Object.hasOwn(PACKAGES, name) ? PACKAGES[name] : null;
  if (!where) return 'unlisted';
  return where.some((prefix) => (prefix.endsWith('/') ? file.startsWith(prefix) : file === prefix)) ? 'allowed' : 'forbidden';
}
