import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The API the dev server (`npm run dev:web`) forwards to; the built dashboard is served by the API itself. */
const api = process.env.API_URL ?? 'http://127.0.0.1:3000';
const apiPaths = ['/negotiations', '/packages', '/aid-requests', '/shipments', '/corridors', '/timeline', '/developments', '/streams', '/events', '/projections', '/health', '/docs'];

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  // Preact's automatic JSX runtime, compiled by Vite's own transform (no Babel).
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 400,
  },
  server: { proxy: Object.fromEntries(apiPaths.map((path) => [path, { target: api, changeOrigin: false }])) },
});
