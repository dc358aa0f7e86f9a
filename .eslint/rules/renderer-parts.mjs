// One-way renderer: features never import each other, only the composition root (frame/) imports
// features, and what every feature may use (app/, ui/, bridge/, i18n/, media/) imports no
// feature. Features talk through the stores in renderer/app/stores/. The table is written out
// in renderer/README.md and .eslint/README.md.
import path from 'node:path';

/**
 * The parts of renderer/, first matching prefix wins. `may` lists the parts a file may import
 * besides its own (a feature's own part is its own folder, `features/<name>`); common/ and
 * locales/ are the layers rule's business. Files directly in renderer/ (main.tsx, the entry)
 * are not in a part and may import anything.
 */
export const RENDERER_PARTS = [
  { name: 'frame', prefix: 'renderer/frame/', may: ['features', 'app', 'ui', 'bridge', 'i18n', 'media'] },
  { name: 'features', prefix: 'renderer/features/', may: ['app', 'ui', 'bridge', 'i18n', 'media'] },
  { name: 'app', prefix: 'renderer/app/', may: ['ui', 'bridge', 'i18n', 'media'] },
  { name: 'ui', prefix: 'renderer/ui/', may: ['i18n'] },
  { name: 'media', prefix: 'renderer/media/', may: ['bridge'] },
  { name: 'bridge', prefix: 'renderer/bridge/', may: [] },
  { name: 'i18n', prefix: 'renderer/i18n/', may: [] },
];

/** 'renderer/features/phone/CallArea.tsx' → { part: 'features', unit: 'features/phone' }; null outside the parts. */
export function rendererPartOf(relativePath) {
  const normalized = relativePath.split(path.sep).join('/');
  const part = RENDERER_PARTS.find((p) => normalized.startsWith(p.prefix));
  if (!part) return null;
  if (part.name !== 'features') return { part: part.name, unit: part.name };
  const feature = normalized.slice(part.prefix.length).split('/')[0];
  return { part: 'features', unit: `features/${feature}` };
}

/** @type {import('eslint').Rule.RuleModule} */
export const rendererPartsRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Renderer features are one-way: see the part table in renderer/README.md' },
    schema: [
      {
        type: 'object',
        properties: {
          // Imports still to be removed, as 'features/customer -> features/wrap-up' or
          // 'app -> features/phone'. Each entry is debt: the list only shrinks.
          allow: { type: 'array', items: { type: 'string', pattern: '^\\S+ -> \\S+$' }, uniqueItems: true },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      feature:
        "{{from}}/ may not import {{to}}/: a feature never imports another feature. Share state through a store in renderer/app/stores/, move a shared helper to renderer/app/ (or common/), or compose the two in renderer/frame/ (see renderer/README.md).",
      frame: '{{from}}/ may not import renderer/frame/: only the entry point (renderer/main.tsx) does (see renderer/README.md).',
      part: '{{from}}/ may not import {{to}}/: it is used by every feature and must not depend on one (see renderer/README.md).',
    },
  },
  create(context) {
    const root = context.cwd;
    const from = rendererPartOf(path.relative(root, context.filename));
    if (!from) return {};
    const allowed = new Set(context.options[0]?.allow ?? []);
    const fromPart = RENDERER_PARTS.find((p) => p.name === from.part);

    function check(node, source) {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const to = rendererPartOf(path.relative(root, path.resolve(path.dirname(context.filename), source)));
      if (!to || to.unit === from.unit || fromPart.may.includes(to.part)) return;
      if (allowed.has(`${from.unit} -> ${to.unit}`)) return;
      const messageId = to.part === 'frame' ? 'frame' : from.part === 'features' && to.part === 'features' ? 'feature' : 'part';
      context.report({ node, messageId, data: { from: `renderer/${from.unit}`, to: `renderer/${to.unit}` } });
    }

    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};
