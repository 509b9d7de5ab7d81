import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

/**
 * Issue 15, ADR 063: @remix-run/router's matchRoutes flattened and ranked every route and
 * compiled a RegExp per branch on every call. patches/@remix-run+router+<version>.patch (applied
 * by patch-package on `npm install`/`npm ci`) keeps the ranked branches per routes array and the
 * compiled patterns per (path, caseSensitive, end). These tests hold the patched matcher to the
 * original (the patch reversed into a temporary copy) over every route of the real build.
 */

const root = path.resolve(import.meta.dirname, "../..");
const require = createRequire(path.join(root, "package.json"));

type Route = { id?: string; path?: string; index?: boolean; caseSensitive?: boolean; children?: Route[] };
type Location = string | { pathname: string; search?: string; hash?: string };
type PathPattern = { path: string; caseSensitive?: boolean; end?: boolean };
type Router = {
  matchRoutes(routes: Route[], location: Location, basename?: string): unknown;
  matchPath(pattern: PathPattern | string, pathname: string): unknown;
  UNSAFE_convertRoutesToDataRoutes(routes: Route[], mapRouteProperties: (r: Route) => object): Route[];
  UNSAFE_hearthMatchCacheStats?: {
    flattens: number;
    flattenHits: number;
    shapeHits: number;
    branchesSkipped: number;
    compiles: number;
    compileHits: number;
    matchHits: number;
  };
};
type ManifestRoute = { id: string; parentId?: string; path?: string; index?: boolean; caseSensitive?: boolean };

const routerPath = require.resolve("@remix-run/router");
const patched = require("@remix-run/router") as Router;
// The two trees server-runtime builds from a build: its own routes and the static handler's.
const { createRoutes, createStaticHandlerDataRoutes } = require("@remix-run/server-runtime/dist/routes.js") as {
  createRoutes(manifest: Record<string, ManifestRoute>): Route[];
  createStaticHandlerDataRoutes(manifest: Record<string, ManifestRoute>, future: object): Route[];
};

function patchFile(): string {
  const name = readdirSync(path.join(root, "patches")).find((f) => f.startsWith("@remix-run+router+"));
  if (!name) throw new Error("no patch for @remix-run/router in patches/");
  return path.join(root, "patches", name);
}

let tmp = "";
let original: Router;
let manifest: Record<string, ManifestRoute>;

beforeAll(async () => {
  // The original: the installed (patched) file with the patch reversed, in a temporary copy.
  tmp = mkdtempSync(path.join(os.tmpdir(), "hearth-router-"));
  const rel = "node_modules/@remix-run/router/dist/router.cjs.js";
  mkdirSync(path.dirname(path.join(tmp, rel)), { recursive: true });
  copyFileSync(routerPath, path.join(tmp, rel));
  execFileSync("git", ["apply", "-R", "--include", rel, patchFile()], { cwd: tmp });
  original = createRequire(path.join(tmp, rel))(path.join(tmp, rel)) as Router;
  // git apply skips silently a patch whose paths do not match: make sure this is the original.
  if (original.UNSAFE_hearthMatchCacheStats) throw new Error(`reversing ${patchFile()} did not give the original router`);
  const build = (await import(/* @vite-ignore */ path.join(root, "build/server/index.js"))) as {
    routes: Record<string, ManifestRoute>;
  };
  manifest = build.routes;
});
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const PARAM_VALUES = ["riverside", "3f1c2a9e-0000-4000-8000-000000000001", "Some%20Thing", "a.b", "%E2%9C%93", "x%2Fy", "-"];
const SPLATS = ["", "a", "a/b/c", "a%20b/", "A/B"];

/** Every full path of the tree (index routes under their parent's path). */
function fullPaths(routes: Route[], parent = ""): string[] {
  const out: string[] = [];
  for (const r of routes) {
    const p = r.path ? (parent ? `${parent}/${r.path}` : r.path) : parent;
    if (r.path != null || r.index) out.push(p);
    if (r.children?.length) out.push(...fullPaths(r.children, p));
  }
  return out;
}

/** URLs for one route pattern: params filled, optional segments on and off, splats. */
function urlsFor(pattern: string, variant: number): string[] {
  let combos: string[][] = [[]];
  for (const seg of pattern.split("/").filter(Boolean)) {
    const optional = seg.endsWith("?");
    const bare = optional ? seg.slice(0, -1) : seg;
    const values =
      bare === "*" ? SPLATS : bare.startsWith(":") ? [PARAM_VALUES[(variant + combos.length) % PARAM_VALUES.length]!] : [bare];
    const next: string[][] = [];
    for (const c of combos) {
      for (const v of values) next.push(v === "" ? c : [...c, v]);
      if (optional) next.push(c);
    }
    combos = next.slice(0, 24);
  }
  return combos.map((c) => `/${c.join("/")}`);
}

function locations(): Location[] {
  const paths = [...new Set(fullPaths(createRoutes(manifest)))];
  const out: Location[] = ["/", "", "/zz-unknown", "/o", "/o/", "//", "/%", "/o/%E0%A4%A", "/nope/a/b/c/d/e"];
  paths.forEach((p, i) => {
    for (const u of urlsFor(p, i)) {
      out.push(u, `${u}/`, u.toUpperCase(), `${u}/zz-unknown`, `/zz-unknown${u}`, `${u}//`);
      out.push({ pathname: u, search: "?index", hash: "#x" });
    }
  });
  return out;
}

function withBase(loc: Location, base: string): Location {
  if (base === "/") return loc;
  return typeof loc === "string" ? base + loc : { ...loc, pathname: base + loc.pathname };
}

// Malformed URLs make both matchers warn (decodePath): the warnings are compared, not failed on.
let warnings: string[] = [];
beforeEach(() => {
  warnings = [];
  vi.spyOn(console, "warn").mockImplementation((...args) => void warnings.push(args.map(String).join(" ")));
});

/** The result and the warnings of one call. */
function run(f: () => unknown): [unknown, string[]] {
  const from = warnings.length;
  const result = f();
  return [result, warnings.slice(from)];
}

/** Matches every location under each basename with the original once and the patched matcher twice. */
function compareAll(routes: Route[], locs: Location[]) {
  const mismatches: unknown[] = [];
  const cases: [string, Location, [unknown, string[]]][] = [];
  for (const [base, prefix] of [
    ["/", "/"],
    ["/base", "/base"],
    ["/base/", "/base"],
    ["/base", "/other"],
  ] as const) {
    for (const loc of locs) {
      const l = withBase(loc, prefix);
      cases.push([base, l, run(() => original.matchRoutes(routes, l, base))]);
    }
  }
  for (let pass = 1; pass <= 2; pass++) {
    for (const [base, l, want] of cases) {
      if (!isDeepStrictEqual(run(() => patched.matchRoutes(routes, l, base)), want)) mismatches.push({ pass, base, loc: l });
    }
  }
  return { mismatches, matched: cases.filter(([, , want]) => want[0] != null).length };
}

describe("route matching, cached (ADR 063)", () => {
  it("the @remix-run/router every server module loads is the patched one (npm ci applies patches/)", () => {
    const pkg = require("@remix-run/router/package.json") as { version: string };
    expect(path.basename(patchFile())).toBe(`@remix-run+router+${pkg.version}.patch`);
    for (const from of ["@remix-run/server-runtime", "@remix-run/react", "react-router", "react-router-dom", "react-router-dom/server.js"]) {
      const r = createRequire(require.resolve(from))("@remix-run/router") as Router;
      expect(r.UNSAFE_hearthMatchCacheStats, `@remix-run/router from ${from}`).toBeDefined();
    }
    expect(original.UNSAFE_hearthMatchCacheStats).toBeUndefined();
  });

  it("matches exactly as the original over every route of the build × generated URLs and basenames", () => {
    const locs = locations();
    const routes = createRoutes(manifest);
    const dataRoutes = patched.UNSAFE_convertRoutesToDataRoutes(createStaticHandlerDataRoutes(manifest, {}), () => ({}));
    expect(locs.length).toBeGreaterThan(1000);
    for (const r of [routes, dataRoutes]) {
      const { mismatches, matched } = compareAll(r, locs);
      expect(mismatches.slice(0, 10)).toEqual([]);
      expect(matched).toBeGreaterThan(locs.length);
    }
  }, 180_000);

  it("matchPath (each compiled pattern, end true and false, case-sensitive or not) as the original", () => {
    const patterns = [...new Set(Object.values(manifest).map((r) => r.path ?? ""))];
    const urls = patterns.flatMap((p, i) => urlsFor(p, i)).concat(["/", "", "/zz-unknown"]);
    const mismatches: unknown[] = [];
    for (let pass = 0; pass < 2; pass++) {
      for (const p of [...patterns, "*", "/*", "a/b*", "/:x?/:y?/z"]) {
        for (const pattern of [p, { path: p, end: false }, { path: p, caseSensitive: true }, { path: p, caseSensitive: true, end: false }]) {
          for (const u of urls.slice(0, 120)) {
            const want = run(() => original.matchPath(pattern, u));
            if (!isDeepStrictEqual(run(() => patched.matchPath(pattern, u)), want)) mismatches.push({ pattern, u });
          }
        }
      }
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
  });

  it("a routes tree changed in place is flattened again (lazy route discovery patches children in place)", () => {
    const routes = createRoutes(manifest);
    const url = "/zz-added/deeper";
    expect(patched.matchRoutes(routes, url)).toEqual(original.matchRoutes(routes, url));
    const rootRoute = routes[0]!;
    rootRoute.children!.push({ id: "zz-added", path: "zz-added/:x", children: [] });
    const after = patched.matchRoutes(routes, url) as { route: { id: string } }[];
    expect(after).toEqual(original.matchRoutes(routes, url));
    expect(after.at(-1)!.route.id).toBe("zz-added");
    rootRoute.children!.at(-1)!.path = "zz-renamed/:x";
    expect(patched.matchRoutes(routes, url)).toEqual(original.matchRoutes(routes, url));
    expect(patched.matchRoutes(routes, "/zz-renamed/1")).toEqual(original.matchRoutes(routes, "/zz-renamed/1"));
    rootRoute.children!.pop();
    expect(patched.matchRoutes(routes, "/zz-renamed/1")).toEqual(original.matchRoutes(routes, "/zz-renamed/1"));
  });

  it("flattens and ranks a route tree's shape once, and compiles each pattern once, across many URLs (counted)", () => {
    const stats = patched.UNSAFE_hearthMatchCacheStats!;
    const locs = locations();
    // A tree of a shape not seen yet (one more route): flattened once, then reused.
    const routes = createRoutes(manifest);
    routes[0]!.children!.push({ id: "zz-counted", path: "zz-counted/:x" });
    const before = { ...stats };
    for (const loc of locs) patched.matchRoutes(routes, loc);
    expect(stats.flattens - before.flattens).toBe(1);
    expect(stats.flattenHits - before.flattenHits).toBe(locs.length - 1);
    const compiled = stats.compiles;
    for (const loc of locs) patched.matchRoutes(routes, loc);
    for (const loc of locs) patched.matchRoutes(routes, loc, "/");
    expect(stats.flattens - before.flattens).toBe(1);
    expect(stats.compiles).toBe(compiled);
    expect(stats.compileHits).toBeGreaterThan(before.compileHits + locs.length);
    // Branches whose first static segment differs from the URL's are not tried.
    expect(stats.branchesSkipped - before.branchesSkipped).toBeGreaterThan(locs.length);
    // A new array of the same shape (as react-router's static router builds per render): not flattened.
    const again = createRoutes(manifest);
    again[0]!.children!.push({ id: "zz-counted", path: "zz-counted/:x" });
    const shapeHits = stats.shapeHits;
    expect(patched.matchRoutes(again, "/zz-counted/1")).toEqual(original.matchRoutes(again, "/zz-counted/1"));
    expect(patched.matchRoutes(again, "/zz-counted/2")).toEqual(original.matchRoutes(again, "/zz-counted/2"));
    expect(stats.shapeHits - shapeHits).toBe(1);
    expect(stats.flattens - before.flattens).toBe(1);
  });

  it("a new tree of the same shape matches its own route objects", () => {
    const stats = patched.UNSAFE_hearthMatchCacheStats!;
    const locs = locations().filter((_, i) => i % 7 === 0);
    const first = createRoutes(manifest);
    for (const loc of locs) patched.matchRoutes(first, loc);
    const shapeHits = stats.shapeHits;
    const second = createRoutes(manifest);
    const mismatches = locs.filter((loc) => !isDeepStrictEqual(patched.matchRoutes(second, loc), original.matchRoutes(second, loc)));
    expect(mismatches.slice(0, 10)).toEqual([]);
    expect(stats.shapeHits - shapeHits).toBe(1);
    const matched = patched.matchRoutes(second, "/login") as { route: Route }[];
    expect(matched.at(-1)!.route).toBe(second[0]!.children!.find((r) => r.path === "login"));
    // The same route object twice in one tree: never taken from a shape (its position is ambiguous).
    const shared = createRoutes(manifest);
    shared[0]!.children!.push(shared[0]!.children![0]!);
    const third = createRoutes(manifest);
    third[0]!.children!.push(third[0]!.children![1]!);
    for (const tree of [shared, third]) {
      expect(locs.filter((loc) => !isDeepStrictEqual(patched.matchRoutes(tree, loc), original.matchRoutes(tree, loc)))).toEqual([]);
    }
  });

  it("keeps the branch a URL matched: the same URL again runs that branch only, on any tree of the same shape", () => {
    const stats = patched.UNSAFE_hearthMatchCacheStats!;
    const locs = locations().filter((_, i) => i % 5 === 0);
    const routes = createRoutes(manifest);
    routes[0]!.children!.push({ id: "zz-kept", path: "zz-kept/:x" });
    const before = stats.matchHits;
    for (const loc of locs) patched.matchRoutes(routes, loc);
    const firstPass = stats.matchHits - before;
    const again = createRoutes(manifest);
    again[0]!.children!.push({ id: "zz-kept", path: "zz-kept/:x" });
    const mismatches = locs.filter((loc) => !isDeepStrictEqual(patched.matchRoutes(again, loc), original.matchRoutes(again, loc)));
    expect(mismatches.slice(0, 10)).toEqual([]);
    // Every location whose pathname survives the basename was answered from the kept branch the second time.
    expect(stats.matchHits - before - firstPass).toBeGreaterThanOrEqual(locs.length - firstPass);
    expect(stats.matchHits - before - firstPass).toBeGreaterThan(locs.length / 2);
    // A route whose path changes in place changes the shape: the kept branch is not used for it.
    const url = "/zz-kept/1";
    expect((patched.matchRoutes(again, url) as { route: Route }[]).at(-1)!.route.id).toBe("zz-kept");
    again[0]!.children!.at(-1)!.path = "zz-moved/:x";
    expect(patched.matchRoutes(again, url)).toEqual(original.matchRoutes(again, url));
    expect((patched.matchRoutes(again, "/zz-moved/1") as { route: Route }[]).at(-1)!.route.id).toBe("zz-kept");
  });

  it("keeps no branch for a tree with a malformed path (the original warns on every match)", () => {
    const stats = patched.UNSAFE_hearthMatchCacheStats!;
    const routes = createRoutes(manifest);
    routes[0]!.children!.unshift({ id: "zz-star", path: "zz-star*" });
    const before = stats.matchHits;
    for (let pass = 0; pass < 2; pass++) {
      for (const url of ["/zz-star/a", "/login", "/zz-unknown"]) {
        expect(run(() => patched.matchRoutes(routes, url))).toEqual(run(() => original.matchRoutes(routes, url)));
      }
    }
    expect(stats.matchHits).toBe(before);
  });
});
