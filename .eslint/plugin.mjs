// Loket's own lint rules. Each has a test under test/unit/lint/.
import { layersRule } from './rules/layers.mjs';
import { rendererPartsRule } from './rules/renderer-parts.mjs';

export default {
  meta: { name: 'eslint-plugin-loket' },
  rules: { layers: layersRule, 'renderer-parts': rendererPartsRule },
};
