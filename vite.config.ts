import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { injectMetaCsp } from './main/shell/csp.ts';

// The renderer: built into dist/renderer and served by either shell (app:// or 127.0.0.1).
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), { name: 'loket-csp', transformIndexHtml: { order: 'post', handler: injectMetaCsp } }],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: true,
    // The CSP allows no inline script or style; keep every asset a file.
    assetsInlineLimit: 0,
  },
});
