/**
 * Vite config of the web app. `npm run build:web` writes web/dist, which the Clarion server serves
 * with an SPA fallback; `npm run dev:web` serves the sources with hot reload and proxies the API to a
 * Clarion running on :8080 (override with CLARION_API_URL) so cookies and CSRF work same-origin.
 */
import path from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const api = process.env.CLARION_API_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: path.resolve(import.meta.dirname),
  plugins: [react()],
  css: { postcss: path.resolve(import.meta.dirname, 'postcss.config.cjs') },
  build: {
    outDir: path.resolve(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: api, changeOrigin: false },
      '/healthz': { target: api },
    },
  },
});
