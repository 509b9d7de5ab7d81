import path from "node:path";
import { describe, expect, it } from "vitest";
import { allRouteIds, FIRST_LOAD_BUDGET_BYTES, FIRST_LOAD_PAGES, firstLoadJs } from "../../bench/first-load";

/**
 * First-load JS of the main pages, from the production build's manifest (deterministic:
 * bytes, not timings). Pages that show lists ship no validation code: their filters are
 * checked on the server (zod stays in *.server.ts modules and out of label modules). The
 * occupancy board's and the team page's forms are checked on the server too
 * (`useServerForm`: no zod and no conform runtime in the browser; ADR 029).
 *
 * A page over the budget must be listed here, so the list cannot grow unnoticed and the
 * test notices when one gets under it (then remove it). The house-life and fees pages had
 * ADR 029's treatment too (they were 144–159 KB); none is over now.
 */
const OVER_BUDGET = new Set<string>([]);
const root = path.resolve(import.meta.dirname, "../..");

describe("first-load JS", () => {
  it(`main pages download at most ${FIRST_LOAD_BUDGET_BYTES / 1024} KB of JS (gzip) on a first visit`, async () => {
    const sizes: Record<string, number> = {};
    for (const [page, routeId] of Object.entries(FIRST_LOAD_PAGES)) sizes[page] = await firstLoadJs(root, routeId);
    const over = Object.keys(sizes).filter((p) => sizes[p]! > FIRST_LOAD_BUDGET_BYTES);
    console.info(Object.entries(sizes).map(([p, n]) => `${p}: ${(n / 1024).toFixed(1)} KB`).join("\n"));
    expect(over.sort()).toEqual([...OVER_BUDGET].sort());
  });

  /**
   * Every other page too, by route id: the detail and edit pages of the older modules were
   * 128–149 KB (their forms validated in the browser with zod and conform). A page over the
   * budget must be listed here, so the list can only shrink: take a page off when it gets
   * under (the test fails until you do). The last six (the public application, admission,
   * the application pages, the resident's record and the stay: 141–148 KB) had ADR 029's
   * treatment, intake forms included (92–98 KB); the list is empty.
   */
  const STILL_OVER = new Set<string>([]);
  it(`every page downloads at most ${FIRST_LOAD_BUDGET_BYTES / 1024} KB of JS (gzip) on a first visit, but for a shrinking list`, async () => {
    const sizes: Record<string, number> = {};
    for (const id of await allRouteIds(root)) sizes[id] = await firstLoadJs(root, id);
    const over = Object.keys(sizes).filter((p) => sizes[p]! > FIRST_LOAD_BUDGET_BYTES);
    console.info(over.map((p) => `${p}: ${(sizes[p]! / 1024).toFixed(1)} KB`).join("\n"));
    expect(over.sort()).toEqual([...STILL_OVER].sort());
  });
});
