import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The API server's address in development (`npm run dev` starts it on PORT, 3000 by default).
const apiTarget = process.env.TONGBAN_API_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;

export default defineConfig({
  root: 'web',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Each surface is its own chunk (React.lazy); this only keeps the warning meaningful.
    chunkSizeWarningLimit: 1200,
  },
  server: {
    port: Number(process.env.VITE_PORT ?? 5173),
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/healthz': { target: apiTarget },
      '/readyz': { target: apiTarget },
    },
  },
});
