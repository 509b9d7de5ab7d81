// The bare Remix app `npm run bench -- --bare` measures beside Hearth's ceiling: the same Remix
// version, future flags and page, none of Hearth (no middleware, one route). Built from the
// repository root (`remix vite:build --config bench/bare/vite.config.ts`) into BARE_BUILD_DIR.
import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";

export default defineConfig({
  build: { target: "es2022" },
  publicDir: false,
  plugins: [
    remix({
      appDirectory: "bench/bare/app",
      buildDirectory: process.env.BARE_BUILD_DIR ?? "build-bare",
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
