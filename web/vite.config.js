// Vite builds the app into web/dist, which firebase.json's hosting serves. The emulators'
// ports are read from firebase.json here, so the app finds them from its own origin when the
// Hosting emulator serves it (a port offset moves them all alike).
import { readFileSync } from "node:fs";
import { defineConfig } from "vite";

const { emulators } = JSON.parse(readFileSync(new URL("../firebase.json", import.meta.url), "utf8"));

// What the service worker (public/sw.js) keeps for a start without a network: every file of
// the build, the pages' lazily loaded parts included, listed as the build writes them.
const precache = {
  name: "precache-list",
  generateBundle(_options, bundle) {
    const files = Object.keys(bundle).map((name) => `/${name}`);
    this.emitFile({ type: "asset", fileName: "precache.json", source: JSON.stringify(files) });
  },
};

export default defineConfig({
  plugins: [precache],
  define: {
    __EMULATOR_PORTS__: JSON.stringify({
      hosting: emulators.hosting.port,
      auth: emulators.auth.port,
      firestore: emulators.firestore.port,
      functions: emulators.functions.port,
    }),
  },
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 1000 },
});
