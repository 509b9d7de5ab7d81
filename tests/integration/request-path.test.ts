import type { Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "#tests/support/db";

/**
 * Issue 15, the fixed cost of every request (docs/performance.md, "Hearth's own request path").
 * Given a function for the build, Remix re-derives its route tables and static handler on
 * every request — with Hearth's route count, a third of a bare page's CPU. In production the
 * server resolves the build once.
 */
useTestDatabase();

type EntryModule = {
  createHttpApp(opts: { getBuild: () => Promise<unknown> }): { listen(port: number, host: string, cb: () => void): Server };
};

let server: Server | undefined;
let url = "";
let builds = 0;
beforeAll(async () => {
  const buildPath = path.resolve(import.meta.dirname, "../../build/server/index.js");
  const build = (await import(/* @vite-ignore */ buildPath)) as { entry: { module: EntryModule } };
  const app = build.entry.module.createHttpApp({
    getBuild: async () => {
      builds++;
      return build;
    },
  });
  await new Promise<void>((resolve) => {
    server = app.listen(0, "127.0.0.1", resolve);
  });
  url = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
});

describe("the request path", () => {
  it("resolves the production build once, not once per request", async () => {
    for (const p of ["/login", "/login.data", "/login", "/no-such-page"]) {
      const res = await fetch(url + p);
      await res.arrayBuffer();
      expect(res.status, p).toBe(p === "/no-such-page" ? 404 : 200);
    }
    expect(builds).toBe(1);
  });

  it("matches routes without flattening the route tree or compiling patterns again (ADR 063)", async () => {
    // The @remix-run/router that server-runtime, its static handler and react-router load (patched).
    const serverRuntime = createRequire(import.meta.dirname + "/").resolve("@remix-run/server-runtime");
    const router = createRequire(serverRuntime)("@remix-run/router") as {
      UNSAFE_hearthMatchCacheStats: { flattens: number; flattenHits: number; shapeHits: number; compiles: number };
    };
    const stats = router.UNSAFE_hearthMatchCacheStats;
    const paths = (org: string) => [
      "/login",
      "/login.data",
      "/signup",
      "/forgot-password",
      "/no-such-page",
      `/o/${org}`,
      `/o/${org}/houses`,
      `/o/${org}/houses/h1/rooms`,
      `/apply/${org}`,
      `/zz/${org}/deep`,
    ];
    const get = async (p: string) => (await fetch(url + p)).arrayBuffer();
    for (const p of paths("riverside")) await get(p);
    const warm = { ...stats };
    for (const org of ["other-org", "third", "riverside"]) for (const p of paths(org)) await get(`${p}?org=${org}`);
    expect(stats.flattens).toBe(warm.flattens);
    expect(stats.compiles).toBe(warm.compiles);
    // Every request matched at least once, each time from the cache (by array, or by shape for the
    // routes react-router's static router builds per render).
    expect(stats.flattenHits - warm.flattenHits).toBeGreaterThanOrEqual(30);
    expect(stats.shapeHits - warm.shapeHits).toBeGreaterThanOrEqual(10);
  });
});
