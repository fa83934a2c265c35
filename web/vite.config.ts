/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// In development (`npm run dev`) the API and media come from a server on :8080; in the Maven build the output goes
// into the jar's webroot (MILLRACE_WEB_OUT), which the gateway serves with an SPA fallback.
const backend = process.env.MILLRACE_BACKEND ?? 'http://localhost:8080';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: process.env.MILLRACE_WEB_OUT ?? 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // hls.js (about 190 kB gzipped) is its own chunk, loaded only by the pages that play.
    chunkSizeWarningLimit: 700,
  },
  server: {
    proxy: Object.fromEntries(['/api', '/live', '/vod', '/health'].map((p) => [p, backend])),
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.{ts,tsx}'],
    // tus-js-client's browser build, as the app gets it (its package.json maps node → browser for bundlers only).
    alias: [{ find: /^tus-js-client$/, replacement: 'tus-js-client/lib.esm/browser/index.js' }],
    server: { deps: { inline: ['tus-js-client'] } },
  },
});
