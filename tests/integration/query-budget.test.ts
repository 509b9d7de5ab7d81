import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_USERS, seedDemo } from "#db/seed/demo";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { sessionCookieFor } from "#tests/support/factories";

/**
 * Every org page a member can open stays within a fixed number of SQL statements,
 * whatever the amount of data: a guard against N+1 queries. Pages are taken from the
 * route manifest, so new pages are held to the budget too.
 */
const BUDGET = 8;
useTestDatabase();
const server = useTestServer();
let pages: string[] = [];
const cookies: Record<string, string> = {};

beforeAll(async () => {
  const { users } = await seedDemo();
  for (const u of DEMO_USERS) cookies[u.email] = await sessionCookieFor(users[u.email]!.id);
  const build = (await import(/* @vite-ignore */ path.resolve(import.meta.dirname, "../../build/server/index.js"))) as {
    routes: Record<string, { path?: string; parentId?: string; module: { loader?: unknown; default?: unknown } }>;
  };
  const full = (id: string): string => {
    const parts: string[] = [];
    for (let r = build.routes[id]; r; r = r.parentId ? build.routes[r.parentId] : undefined) if (r.path) parts.unshift(r.path);
    return `/${parts.join("/")}`;
  };
  pages = Object.keys(build.routes)
    .filter((id) => build.routes[id]!.module.default && build.routes[id]!.module.loader)
    .map(full)
    .filter((p) => p.startsWith("/o/:org") && !/:(?!org\b)\w+/.test(p));
});

describe("query budget", () => {
  it(`org pages run at most ${BUDGET} statements each`, async () => {
    expect(pages.length).toBeGreaterThan(2);
    const report: string[] = [];
    const over: string[] = [];
    for (const email of ["dana.owner@demo.hearth.test", "luis.manager@demo.hearth.test", "sam.resident@demo.hearth.test"]) {
      for (const page of pages) {
        const url = page.replace(":org", "riverside");
        const res = await server.request(url, { cookie: cookies[email] });
        await res.text();
        if (res.status !== 200) continue;
        const n = Number(res.headers.get("x-query-count"));
        expect(Number.isInteger(n)).toBe(true);
        report.push(`${url} (${email.split("@")[0]}): ${n}`);
        if (n > BUDGET) over.push(`${url} as ${email}: ${n} statements`);
      }
    }
    console.info(`queries per page:\n  ${report.join("\n  ")}`);
    expect(report.length).toBeGreaterThan(2);
    expect(over).toEqual([]);
  });
});
