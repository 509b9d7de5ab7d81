import fs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";

/** Issue 15: no file-system work in the middleware for pages; public files still served. */
useTestDatabase();
const server = useTestServer();
const realStat = fs.stat;
afterEach(() => {
  fs.stat = realStat;
});

function countStats(): string[] {
  const seen: string[] = [];
  fs.stat = ((p: fs.PathLike, ...rest: unknown[]) => {
    seen.push(String(p));
    return (realStat as (...a: unknown[]) => void)(p, ...rest);
  }) as typeof fs.stat;
  return seen;
}

describe("static files", () => {
  it("a page request does not touch the file system; the favicon is still served", async () => {
    const seen = countStats();
    const page = await server.request("/login");
    await page.text();
    expect(page.status).toBe(200);
    const data = await server.request("/login.data");
    await data.text();
    expect(seen.filter((p) => p.includes("build/client"))).toEqual([]);
    const icon = await server.request("/favicon.svg");
    expect(icon.status).toBe(200);
    expect(icon.headers.get("content-type")).toContain("svg");
    expect(seen.some((p) => p.includes("favicon.svg"))).toBe(true);
  });
});
