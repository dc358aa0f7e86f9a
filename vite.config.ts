import react from '@vitejs/plugin-react';
import path from 'node:path';
import { defineConfig } from 'vite';
import { injectMetaCsp } from './main/shell/csp.ts';

const renderer = path.resolve(import.meta.dirname, 'renderer');

// The renderer: built into dist/renderer and served by either shell (app:// or 127.0.0.1). Two
// pages: the console (index.html) and the co-browse viewer it frames (cobrowse-view.html), each
// with its own meta CSP (the shells send the same policies as headers).
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), { name: 'loket-csp', transformIndexHtml: { order: 'post', handler: (html, context) => injectMetaCsp(html, context.path) } }],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: true,
    // The CSP allows no inline script or style; keep every asset a file.
    assetsInlineLimit: 0,
    rollupOptions: {
      input: {
        main: path.join(renderer, 'index.html'),
        'cobrowse-view': path.join(renderer, 'cobrowse-view.html'),
      },
    },
  },
});
