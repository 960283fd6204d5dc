// Builds the web app of `yardstick ui` into dist/ui/web (part of `npm run build`): Preact with JSX compiled by
// Vite's own transformer, Observable Plot bundled in, no inline script, nothing fetched from elsewhere at run time.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../../../dist/ui/web', import.meta.url)),
    emptyOutDir: true,
    // the CSP allows no inline script: the preload helper must not be inlined either
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1024,
    sourcemap: false,
  },
});
