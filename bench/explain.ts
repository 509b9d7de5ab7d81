// `npm run bench:explain` — EXPLAIN (ANALYZE, BUFFERS) of every statement the benchmark's
// pages run, on the database in DATABASE_URL holding the scale dataset (`npm run seed:scale`),
// as the first scale org's owner, house manager and resident. The pages are served by the
// production build in this process; each page's statements are captured as it is served,
// then replayed in one transaction that is rolled back, with the request's own settings
// (role hearth_app, org, user, role), so the plans include the row-level security policies.
// Prints, and writes to bench/results/explain.md: per page, each statement's execution time,
// its sequential scans over tables of more than BIG rows and its sorts of more than SORT rows.
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { buildIfStale } from "../scripts/build-if-stale.js";

const BIG = 2000;
const SORT = 1000;
/** Statements slower than this (ms) get their whole plan in the details. */
const SLOW_MS = Number(process.env.EXPLAIN_SLOW_MS ?? 20);
const root = path.resolve(import.meta.dirname, "..");
// --demo: the demo world (riverside: Dana, Luis, Sam) instead of the scale org; --only RE: the
// pages whose name matches; --repeat N: explain each statement N times, report the median;
// --out FILE: where the markdown goes (default bench/results/explain.md). Also prints each page's
// response bytes (HTML, and its .data request).
const { values: opts } = parseArgs({
  options: { demo: { type: "boolean", default: false }, only: { type: "string" }, repeat: { type: "string", default: "1" }, out: { type: "string" } },
});
const REPEAT = Math.max(1, Number(opts.repeat) || 1);
if (!process.env.DATABASE_URL) throw new Error("bench:explain needs DATABASE_URL (a database with the scale dataset)");
Object.assign(process.env, { NODE_ENV: "production", LOG_LEVEL: process.env.LOG_LEVEL ?? "error", WORKER: "0", SEED_ON_EMPTY: "0", EXPOSE_QUERY_COUNT: "1" });

buildIfStale();
type Entry = {
  createHttpApp(opts: { getBuild: () => Promise<unknown> }): { listen(port: number, host: string, cb: () => void): import("node:http").Server };
  boot(opts?: { seed?: boolean; worker?: boolean }): Promise<unknown>;
  shutdown(result: unknown): Promise<void>;
};
const build = (await import(path.join(root, "build/server/index.js"))) as { entry: { module: Entry } };
const app = build.entry.module;
const booted = await app.boot({ seed: false, worker: false });
const server = app.createHttpApp({ getBuild: async () => build }).listen(0, "127.0.0.1", () => {});
await new Promise((r) => server.once("listening", r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

type Captured = { sql: string; parameters: readonly unknown[] };
const sink = globalThis as typeof globalThis & { __hearthStatementSink?: Captured[] };

async function login(email: string): Promise<string> {
  const res = await fetch(`${base}/login`, {
    method: "POST",
    headers: { origin: base, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password: "hearth-demo-2026" }),
    redirect: "manual",
  });
  const cookie = res.headers.get("set-cookie")?.split(";")[0];
  if (!cookie) throw new Error(`login failed for ${email}: ${res.status}`);
  return cookie;
}

type Node = {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Actual Rows"?: number;
  "Actual Loops"?: number;
  "Sort Method"?: string;
  "Shared Hit Blocks"?: number;
  "Shared Read Blocks"?: number;
  Plans?: Node[];
};
function walk(node: Node, visit: (n: Node) => void) {
  visit(node);
  for (const c of node.Plans ?? []) walk(c, visit);
}

const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
await client.connect();
const sizes = new Map((await client.query<{ relname: string; n: number }>(`select c.relname, c.reltuples::int as n from pg_class c join pg_namespace s on s.oid = c.relnamespace where s.nspname = 'public' and c.relkind = 'r'`)).rows.map((r) => [r.relname, r.n]));

type StatementPlan = { sql: string; ms: number; planMs: number; buffers: number; seq: string[]; sorts: string[]; indexes: string[]; textPlan?: string };
async function explain(statements: Captured[]): Promise<StatementPlan[]> {
  const out: StatementPlan[] = [];
  await client.query("begin");
  try {
    for (const s of statements) {
      const text = s.sql.trim();
      if (/^(begin|commit|rollback|savepoint|release)/i.test(text)) continue;
      if (/^(select|with|insert|update|delete)/i.test(text) && !/^select set_config/i.test(text)) {
        type Json = { "QUERY PLAN": [{ Plan: Node; "Execution Time": number; "Planning Time": number }] };
        const runs: Json["QUERY PLAN"][0][] = [];
        for (let i = 0; i < REPEAT; i++) {
          if (i > 0) await client.query("rollback to savepoint s");
          else await client.query("savepoint s");
          const res = await client.query<Json>(`explain (analyze, buffers, format json) ${text}`, [...s.parameters]);
          runs.push(res.rows[0]!["QUERY PLAN"][0]);
        }
        runs.sort((a, b) => a["Execution Time"] - b["Execution Time"]);
        const plan = runs[Math.floor(runs.length / 2)]!;
        const seq: string[] = [];
        const sorts: string[] = [];
        const indexes = new Set<string>();
        walk(plan.Plan, (n) => {
          const rows = (n["Actual Rows"] ?? 0) * (n["Actual Loops"] ?? 1);
          if (n["Node Type"] === "Seq Scan" && n["Relation Name"] && (sizes.get(n["Relation Name"]) ?? 0) > BIG) seq.push(`${n["Relation Name"]} (${sizes.get(n["Relation Name"])} rows)`);
          if (n["Node Type"] === "Sort" && rows > SORT) sorts.push(`${rows} rows (${n["Sort Method"]})`);
          if (n["Index Name"]) indexes.add(n["Index Name"]);
        });
        // The whole plan of a slow statement, as text, for the details section.
        let textPlan: string | undefined;
        if (plan["Execution Time"] > SLOW_MS) {
          await client.query("rollback to savepoint s");
          const t = await client.query<{ "QUERY PLAN": string }>(`explain (analyze, buffers) ${text}`, [...s.parameters]);
          textPlan = t.rows.map((r) => r["QUERY PLAN"]).join("\n");
        }
        out.push({ sql: text, ms: plan["Execution Time"], planMs: plan["Planning Time"], buffers: (plan.Plan["Shared Hit Blocks"] ?? 0) + (plan.Plan["Shared Read Blocks"] ?? 0), seq, sorts, indexes: [...indexes], textPlan });
        // Keep what the statement set (the guard's lookups set the org and role as they read them).
        if (/set_config\(/i.test(text)) await client.query("release savepoint s");
        else await client.query("rollback to savepoint s");
      } else if (/set_config\(/i.test(text)) {
        await client.query(text, [...s.parameters]);
      }
    }
  } finally {
    await client.query("rollback");
  }
  return out;
}

const slug = opts.demo ? "riverside" : "scale-0001";
const owner = await login(opts.demo ? "dana.owner@demo.hearth.test" : `owner@${slug}.hearth.test`);
const manager = await login(opts.demo ? "luis.manager@demo.hearth.test" : `manager@${slug}.hearth.test`);
const resident = await login(opts.demo ? "sam.resident@demo.hearth.test" : `resident@${slug}.hearth.test`);
const o = `/o/${slug}`;
const houses = await (await fetch(`${base}${o}/houses`, { headers: { cookie: owner } })).text();
const houseId = /\/houses\/([0-9a-f-]{36})/.exec(houses)?.[1];
if (!houseId) throw new Error("no house in the first scale org");
const pages: [string, string, string][] = [
  ["org overview", o, owner],
  ["occupancy board (a house)", `${o}/houses/${houseId}`, owner],
  ["residents list", `${o}/residents`, owner],
  ["applications list", `${o}/applications`, owner],
  ["resident portal home", `${o}/me`, resident],
  ["team page", `${o}/members`, owner],
  ["audit log", `${o}/audit`, owner],
  ["houses list", `${o}/houses`, owner],
  ["house chores", `${o}/houses/${houseId}/chores`, owner],
  ["house chores history", `${o}/houses/${houseId}/chores/history`, owner],
  ["house sessions", `${o}/houses/${houseId}/sessions`, owner],
  ["house attendance rates", `${o}/houses/${houseId}/sessions/rates`, owner],
  ["house documents", `${o}/houses/${houseId}/documents`, owner],
  ["org overview (house manager)", o, manager],
  ["residents list (house manager)", `${o}/residents`, manager],
  ["house chores (house manager)", `${o}/houses/${houseId}/chores`, manager],
  ["resident: my chores", `${o}/me/chores`, resident],
  ["resident: meetings", `${o}/me/meetings`, resident],
  ["resident: documents", `${o}/me/documents`, resident],
  ["manager today", `${o}/today`, manager],
  ["manager today (owner)", `${o}/today`, owner],
  ["house ledger (a house's fees)", `${o}/houses/${houseId}/fees`, owner],
  ["my dues", `${o}/me/dues`, resident],
  ["arrears report", `${o}/money/arrears`, owner],
  ["arrears report (house manager)", `${o}/money/arrears`, manager],
  ["money overview", `${o}/money`, owner],
  ["standards (self-assessments)", `${o}/standards`, owner],
  ["standards dashboard", `${o}/standards/dashboard`, owner],
  ["standards dashboard (house manager)", `${o}/standards/dashboard`, manager],
  // Issue 12's benchmark pages (as in bench/run.ts).
  ["services directory search (resident)", `${o}/services?q=job+training`, resident],
  ["resident: my plan (issue 12)", `${o}/me/plan`, resident],
];
// A self-assessment (issue 13): the first one the Standards page lists.
const assessmentId = /\/standards\/([0-9a-f-]{36})/.exec(await (await fetch(`${base}${o}/standards`, { headers: { cookie: owner } })).text())?.[1];
if (assessmentId) pages.push(["self-assessment", `${o}/standards/${assessmentId}`, owner]);
// The certifier's pipeline and a self-assessment as the certifier (issue 13; ADR 049, 054): the demo's Keystone, or
// the scale dataset's certifier (grants from its first 200 operators, seed/scale.ts).
{
  const cert = opts.demo ? { email: "elena.certifier@demo.hearth.test", org: "keystone" } : { email: "certifier@scale-certifier.hearth.test", org: "scale-certifier" };
  const certifier = await login(cert.email);
  pages.push(["certifier's pipeline", `/o/${cert.org}/audits`, certifier]);
  const pipeline = await (await fetch(`${base}/o/${cert.org}/audits`, { headers: { cookie: certifier } })).text();
  const reviewed = new RegExp(`/o/${cert.org}/audits/[a-z0-9-]+/assessments/[0-9a-f-]{36}`).exec(pipeline)?.[0];
  if (reviewed) pages.push(["certifier: a self-assessment", reviewed, certifier]);
}
// The certifier's standards library (ADR 059): own versions and every published standard.
if (opts.demo) pages.push(["standards library", "/o/keystone/library", await login("elena.certifier@demo.hearth.test")]);
const only = opts.only ? new RegExp(opts.only, "i") : null;
const chosen = pages.filter(([name]) => !only || only.test(name));

const lines: string[] = [
  `EXPLAIN (ANALYZE, BUFFERS) of the benchmark pages on the ${opts.demo ? "demo" : "scale"} dataset (${slug}), ${new Date().toISOString()}${REPEAT > 1 ? `, median of ${REPEAT} runs` : ""}.`,
  `Flags: sequential scans over tables of more than ${BIG} rows, sorts of more than ${SORT} rows. Times are the database's execution time per statement (ms).`,
  "",
  "| page | statements | database ms (sum) | slowest statement ms | bytes (HTML / data request) | flags | indexes used |",
  "|---|--:|--:|--:|--:|---|---|",
];
const details: string[] = [];
for (const [name, url, cookie] of chosen) {
  const captured: Captured[] = [];
  sink.__hearthStatementSink = captured;
  const res = await fetch(base + url, { headers: { cookie }, redirect: "manual" });
  const html = Buffer.byteLength(await res.text());
  sink.__hearthStatementSink = undefined;
  if (res.status !== 200) {
    lines.push(`| ${name} | – | – | – | – | status ${res.status} | |`);
    continue;
  }
  // The page's data request (single fetch: the path with ".data", the query kept) — the loader
  // data serialised once more, as a client navigation fetches it.
  const [p, q] = url.split("?");
  const data = Buffer.byteLength(await (await fetch(`${base}${p}.data${q ? `?${q}` : ""}`, { headers: { cookie } })).text());
  const plans = await explain(captured);
  const sum = plans.reduce((n, p) => n + p.ms, 0);
  const slowest = plans.reduce((a, b) => (b.ms > a.ms ? b : a), plans[0]!);
  const flags = plans.flatMap((p) => [...p.seq.map((s) => `seq scan ${s}`), ...p.sorts.map((s) => `sort ${s}`)]);
  const indexes = [...new Set(plans.flatMap((p) => p.indexes))];
  lines.push(`| ${name} | ${plans.length} | ${sum.toFixed(1)} | ${slowest.ms.toFixed(1)} | ${html} / ${data} | ${flags.join("; ") || "none"} | ${indexes.join(", ")} |`);
  details.push(`\n### ${name} (${url.replace(houseId, ":houseId")})\n`);
  for (const p of plans) {
    details.push(`- ${p.ms.toFixed(2)} ms (plan ${p.planMs.toFixed(2)} ms, ${p.buffers} buffers)${p.seq.length || p.sorts.length ? ` **${[...p.seq, ...p.sorts].join("; ")}**` : ""}: \`${p.sql.replace(/\s+/g, " ").slice(0, 140)}…\``);
    if (p.textPlan) details.push("", "  ```", ...p.textPlan.split("\n").map((l) => `  ${l}`), "  ```");
  }
}
const md = [...lines, "", "## Statements", ...details].join("\n");
console.log(lines.join("\n"));
fs.mkdirSync(path.join(root, "bench/results"), { recursive: true });
fs.writeFileSync(opts.out ? path.resolve(opts.out) : path.join(root, "bench/results/explain.md"), `${md}\n`);
await client.end();
server.close();
await app.shutdown(booted);
process.exit(0);
