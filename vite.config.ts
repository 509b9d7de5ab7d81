import { vitePlugin as remix } from "@remix-run/dev";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig, type Plugin } from "vite";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

/**
 * The embedded database's thread (app/db/pglite.worker.ts, ADR 064) is its own entry of the
 * server build: build/server/assets/pglite.worker.js, beside the server build's modules,
 * where pglite-thread.server.ts looks for it.
 */
function pgliteWorker(): Plugin {
  let ssr = false;
  return {
    name: "hearth:pglite-worker",
    apply: "build",
    configResolved(config) {
      ssr = Boolean(config.build.ssr);
    },
    buildStart() {
      if (ssr) this.emitFile({ type: "chunk", id: "/app/db/pglite.worker.ts", fileName: "assets/pglite.worker.js" });
    },
  };
}

export default defineConfig({
  server: { hmr: { port: 24678 } },
  build: { target: "es2022" },
  plugins: [
    tailwindcss(),
    pgliteWorker(),
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
        v3_routeConfig: true,
      },
    }),
  ],
});
