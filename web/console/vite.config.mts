/// <reference types="vitest/config" />
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The staff console: built into dist/web/console, which the gateway serves at `/`. */
export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: resolve(root, '../../dist/web/console'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    // `npm start`'s gateway; MALLCARE_GATEWAY moves it.
    proxy: Object.fromEntries(
      ['/complaints', '/public', '/cases', '/auth', '/clocks', '/callbacks', '/live', '/analytics', '/admin', '/notifications'].map((path) => [path, process.env.MALLCARE_GATEWAY ?? 'http://127.0.0.1:3000']),
    ),
  },
  test: {
    root,
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test-setup.ts'],
    css: false,
    testTimeout: 30_000,
  },
});
