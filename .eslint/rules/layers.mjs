// Enforces the import table (written out in .eslint/README.md): which folder may import which,
// who may import `electron`, that code running in a page or everywhere does not reach for Node,
// and which npm packages each folder may use (the package table in packages.mjs).
import { builtinModules } from 'node:module';
import path from 'node:path';
import { PACKAGES, packageName, packageVerdict } from './packages.mjs';

/**
 * Order matters: the first matching prefix is a file's layer (shells before the rest of main).
 * `internal` lists the layers a file may import from (its own included); `electron` lists
 * the named imports allowed from the `electron` module (`'*'` for all); `node: false` bans
 * Node built-ins.
 */
export const LAYERS = [
  { name: 'main/shell/electron', prefix: 'main/shell/electron/', internal: ['main/shell/electron', 'main', 'common', 'locales'], electron: '*', node: true },
  { name: 'main/shell/web', prefix: 'main/shell/web/', internal: ['main/shell/web', 'main', 'common', 'locales'], node: true },
  { name: 'main', prefix: 'main/', internal: ['main', 'common', 'locales'], node: true },
  { name: 'preload', prefix: 'preload/', internal: ['preload', 'common'], electron: ['contextBridge', 'ipcRenderer', 'IpcRendererEvent'], node: false },
  { name: 'renderer', prefix: 'renderer/', internal: ['renderer', 'common', 'locales'], node: false },
  { name: 'common', prefix: 'common/', internal: ['common'], node: false },
  { name: 'server', prefix: 'server/', internal: ['server', 'common'], node: true },
  // The snippet's build script runs in Node; the snippet itself runs in any shop's page.
  { name: 'cobrowse/build', prefix: 'cobrowse/build/', internal: ['cobrowse', 'common'], node: true },
  { name: 'cobrowse', prefix: 'cobrowse/', internal: ['cobrowse', 'common', 'locales'], node: false },
  { name: 'locales', prefix: 'locales/', internal: [], node: false },
];

const NODE_BUILTINS = new Set(builtinModules);

export function layerOf(relativePath) {
  const normalized = relativePath.split(path.sep).join('/');
  return LAYERS.find((layer) => normalized.startsWith(layer.prefix)) ?? null;
}

/** @type {import('eslint').Rule.RuleModule} */
export const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports must follow the import table in .eslint/README.md' },
    schema: [],
    messages: {
      layer: '{{from}}/ may not import {{to}}/ (see the import table in .eslint/README.md). {{hint}}',
      electron: "Only main/shell/electron/ (and preload/ for {{allowed}}) may import 'electron'.",
      node: "{{from}}/ runs outside Node and may not import the Node built-in '{{module}}'.",
      package: "{{file}} may not import the package '{{name}}': the package table in .eslint/rules/packages.mjs allows it only in {{where}}.",
      unlisted: "The package '{{name}}' is not in the package table: add it to .eslint/rules/packages.mjs with the folders that may import it.",
    },
  },
  create(context) {
    const root = context.cwd;
    const file = path.relative(root, context.filename);
    const from = layerOf(file);
    if (!from) return {}; // test/, bench/, configs: anything goes
    const normalizedFile = file.split(path.sep).join('/');

    function check(node, source, importedNames) {
      if (typeof source !== 'string') return;
      if (source.startsWith('.')) {
        const target = path.relative(root, path.resolve(path.dirname(context.filename), source));
        const to = layerOf(target);
        const allowed = to === null ? false : from.internal.includes(to.name);
        if (!allowed) {
          const hint = from.name === 'renderer' && to?.name.startsWith('main') ? 'Talk to main through the contract (common/contract).' : '';
          context.report({ node, messageId: 'layer', data: { from: from.name, to: to?.name ?? target, hint } });
        }
        return;
      }
      if (source === 'electron' || source.startsWith('electron/')) {
        const allowed = from.electron === '*' || (Array.isArray(from.electron) && importedNames.every((name) => from.electron.includes(name)));
        if (!allowed) {
          context.report({ node, messageId: 'electron', data: { allowed: 'contextBridge, ipcRenderer' } });
        }
        return;
      }
      const bare = source.startsWith('node:') ? source.slice(5) : source.split('/')[0];
      if (source.startsWith('node:') || NODE_BUILTINS.has(bare)) {
        if (!from.node) context.report({ node, messageId: 'node', data: { from: from.name, module: source } });
        return;
      }
      const name = packageName(source);
      const verdict = packageVerdict(normalizedFile, name);
      if (verdict === 'unlisted') context.report({ node, messageId: 'unlisted', data: { name } });
      if (verdict === 'forbidden') context.report({ node, messageId: 'package', data: { file: normalizedFile, name, where: PACKAGES[name].join(', ') } });
    }

    const namesOf = (node) =>
      (node.specifiers ?? []).map((s) => (s.type === 'ImportSpecifier' ? (s.imported.name ?? s.imported.value) : '*'));

    return {
      ImportDeclaration: (node) => check(node, node.source.value, namesOf(node)),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value, ['*']),
      ExportAllDeclaration: (node) => check(node, node.source.value, ['*']),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value, ['*']),
    };
  },
};
