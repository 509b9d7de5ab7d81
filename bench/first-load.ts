import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

/** The main pages whose first visit is held to the JS budget, by route id. */
export const FIRST_LOAD_PAGES = {
  "sign-in": "routes/login",
  "org overview": "routes/o.$org._index",
  "houses list": "routes/o.$org.houses._index",
  "occupancy board (a house)": "routes/o.$org.houses.$houseId._index",
  "residents list": "routes/o.$org.residents._index",
  "applications list": "routes/o.$org.applications._index",
  "resident portal home": "routes/o.$org.me",
  "team page": "routes/o.$org.members",
  "audit log": "routes/o.$org.audit",
  // The later modules' main pages (house life, documents).
  "house chores": "routes/o.$org.houses.$houseId.chores._index",
  "house sessions": "routes/o.$org.houses.$houseId.sessions._index",
  "session attendance": "routes/o.$org.houses.$houseId.sessions.$sessionSeriesId_.$date",
  "house documents": "routes/o.$org.houses.$houseId.documents._index",
  "resident: my chores": "routes/o.$org.me_.chores._index",
  "resident: meetings": "routes/o.$org.me_.meetings",
  // The fees, calendar and today modules' main pages.
  "manager today": "routes/o.$org.today",
  "house fees": "routes/o.$org.houses.$houseId.fees._index",
  "resident: house fund": "routes/o.$org.me_.house-fund",
  "house fund tab": "routes/o.$org.houses.$houseId.fund",
  "house calendar": "routes/o.$org.houses.$houseId.calendar",
  "resident: calendar": "routes/o.$org.me_.calendar",
  "resident: dues": "routes/o.$org.me_.dues",
  // Arrears and the money overview (ADR 034).
  "arrears report": "routes/o.$org.money.arrears",
  "money overview": "routes/o.$org.money._index",
  "payment reminder settings": "routes/o.$org.settings_.reminders",
  // Issue 15's last pages over the budget, and the public vacancy page (ADR 042).
  "chore setup": "routes/o.$org.houses.$houseId.chores.setup",
  "session series new": "routes/o.$org.houses.$houseId.sessions.new",
  "session series edit": "routes/o.$org.houses.$houseId.sessions.$sessionSeriesId",
  "vacancy listing": "routes/o.$org.houses.$houseId.listing",
  "public vacancies": "routes/vacancies.$slug",
  // Issue 13's dashboards (ADR 058).
  "standards dashboard": "routes/o.$org.standards.dashboard",
  "certifier's pipeline": "routes/o.$org.audits._index",
} as const;

export const FIRST_LOAD_BUDGET_BYTES = 100 * 1024;

type Manifest = { entry: { module: string; imports: string[] }; routes: Record<string, { module: string; imports?: string[] }> };

/**
 * What a first visit to a page downloads, gzip bytes: the client entry, root, the org
 * layout for org pages, and the route's module with everything it imports (from the
 * production build's manifest in `root`/build).
 */
export async function firstLoadJs(root: string, routeId: string): Promise<number> {
  const build = (await import(path.join(root, "build/server/index.js"))) as { assets: Manifest };
  const files = new Set<string>([build.assets.entry.module, ...build.assets.entry.imports]);
  for (const id of ["root", ...(routeId.startsWith("routes/o.$org.") ? ["routes/o.$org"] : []), routeId]) {
    const r = build.assets.routes[id];
    if (!r) throw new Error(`no route ${id} in the build`);
    [r.module, ...(r.imports ?? [])].forEach((f) => files.add(f));
  }
  let total = 0;
  for (const f of files) total += zlib.gzipSync(fs.readFileSync(path.join(root, "build/client", f))).length;
  return total;
}

/** Every route of the production build (pages and resource routes), by id. */
export async function allRouteIds(root: string): Promise<string[]> {
  const build = (await import(path.join(root, "build/server/index.js"))) as { assets: Manifest };
  return Object.keys(build.assets.routes).filter((id) => id !== "root" && id !== "routes/o.$org");
}
