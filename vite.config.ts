import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web UI: src/web, built to dist/web and served by the Manyi server.
export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  build: { outDir: '../../dist/web', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { port: 5173, proxy: { '/api': 'http://localhost:3000', '/healthz': 'http://localhost:3000' } },
});
