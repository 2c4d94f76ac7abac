import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * The PWA build: React app shell, PGlite (WASM) in a module worker, and a
 * service worker that precaches everything the app needs to start offline,
 * the PGlite wasm and data files included (they exceed Workbox's 2 MiB default).
 */
export default defineConfig({
  plugins: [
    react(),
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['icon.svg'],
      manifest: {
        name: 'Plantkeep',
        short_name: 'Plantkeep',
        description: 'Maintenance work orders that keep working offline',
        theme_color: '#1f5130',
        background_color: '#f4f6f4',
        display: 'standalone',
        start_url: '/',
        scope: '/',
        icons: [
          { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: 'icon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,ico,webmanifest,wasm,data}'],
        maximumFileSizeToCacheInBytes: 32 * 1024 * 1024,
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [/^\/v1\//, /^\/(health|ready|metrics|docs|openapi\.json)/],
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  // PGlite loads its wasm/data next to its module; pre-bundling would move them.
  optimizeDeps: { exclude: ['@electric-sql/pglite', '@electric-sql/pglite-sync'] },
  worker: { format: 'es', rolldownOptions: { checks: { eval: false } } },
  build: {
    target: 'es2022',
    sourcemap: true,
    // The worker bundles Postgres' JS glue (~1 MB); the app chunk is ~550 kB before gzip.
    chunkSizeWarningLimit: 1500,
    // PGlite's Emscripten glue contains a direct eval it never reaches in the browser.
    rolldownOptions: { checks: { eval: false, pluginTimings: false } },
  },
  server: { proxy: { '/v1': 'http://localhost:3000' } },
});
