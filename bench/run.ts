// `npm run bench`: throughput and latency of key pages on the production build, against
// a fresh embedded database with demo data (or DATABASE_URL if set: use a scratch one).
// Prints numbers; budgets from shared/roadmap.md are shown for comparison, not enforced.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import autocannon from "autocannon";
import { buildIfStale } from "../scripts/build-if-stale.js";

const root = path.resolve(import.meta.dirname, "..");
const port = Number(process.env.BENCH_PORT ?? 3190);
const base = `http://127.0.0.1:${port}`;
const duration = Number(process.env.BENCH_SECONDS ?? 5);

buildIfStale();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hearth-bench-"));
const server = spawn(process.execPath, ["server.js"], {
  cwd: root,
  env: {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    APP_URL: base,
    PGLITE_DIR: path.join(dataDir, "pgdata"),
    MAILBOX_DIR: path.join(dataDir, "mailbox"),
    LOG_LEVEL: "warn",
    EXPOSE_QUERY_COUNT: "1",
    SEED_ON_EMPTY: "1", // the bench signs in as demo users (use a scratch database with DATABASE_URL)
  },
  stdio: ["ignore", "ignore", "inherit"],
});

async function waitReady() {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("server did not become ready");
}

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

async function firstLoadJs(): Promise<number> {
  // What a first visit to the sign-in page downloads: the client entry, root and the
  // route's modules with their imports (from the build's asset manifest), gzip-compressed.
  const build = (await import(path.join(root, "build/server/index.js"))) as {
    assets: { entry: { module: string; imports: string[] }; routes: Record<string, { module: string; imports?: string[] }> };
  };
  const files = new Set<string>([build.assets.entry.module, ...build.assets.entry.imports]);
  for (const id of ["root", "routes/login"]) {
    const r = build.assets.routes[id];
    if (r) [r.module, ...(r.imports ?? [])].forEach((f) => files.add(f));
  }
  let total = 0;
  for (const f of files) total += zlib.gzipSync(fs.readFileSync(path.join(root, "build/client", f))).length;
  return total;
}

type Row = { name: string; rps: number; p50: number; p99: number; queries: string; status: string };

async function measure(name: string, url: string, cookie?: string, connections = 50): Promise<Row> {
  const probe = await fetch(base + url, { headers: cookie ? { cookie } : {}, redirect: "manual" });
  await probe.text();
  const result = await autocannon({ url: base + url, connections, duration, headers: cookie ? { cookie } : {} });
  return {
    name,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    queries: probe.headers.get("x-query-count") ?? "-",
    status: `${probe.status}${result.non2xx ? ` (${result.non2xx} non-2xx)` : ""}`,
  };
}

try {
  await waitReady();
  const owner = await login("dana.owner@demo.hearth.test");
  const rows: Row[] = [];
  rows.push(await measure("healthz (no DB, baseline)", "/healthz"));
  rows.push(await measure("login page (SSR, anonymous)", "/login"));
  rows.push(await measure("org overview (SSR, signed in)", "/o/riverside", owner));
  rows.push(await measure("org overview (data request)", "/o/riverside.data", owner));
  rows.push(await measure("team page (SSR)", "/o/riverside/members", owner));
  rows.push(await measure("audit log (SSR)", "/o/riverside/audit", owner));
  rows.push(await measure("org overview, 5 connections", "/o/riverside", owner, 5));
  const database = process.env.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : "embedded PGlite";
  console.log(`\nHearth benchmark: ${duration}s per row, 50 connections unless noted, ${database}, ${os.cpus().length} cores\n`);
  console.log(`${"page".padEnd(34)} ${"req/s".padStart(7)} ${"p50 ms".padStart(7)} ${"p99 ms".padStart(7)} ${"queries".padStart(8)}  status`);
  for (const r of rows) {
    console.log(`${r.name.padEnd(34)} ${String(r.rps).padStart(7)} ${String(r.p50).padStart(7)} ${String(r.p99).padStart(7)} ${r.queries.padStart(8)}  ${r.status}`);
  }
  const ssr = rows.find((r) => r.name.startsWith("login page"))!;
  const org = rows.find((r) => r.name.startsWith("org overview (SSR"))!;
  console.log(`\nsigned-in page vs anonymous SSR page: ${Math.round((org.rps / ssr.rps) * 100)}% (budget ≥ 60%)`);
  console.log(`p99 at 5 connections: ${rows.at(-1)!.p99} ms (budget < 50 ms)`);
  console.log(`first-load JS (gzip): ${((await firstLoadJs()) / 1024).toFixed(1)} KB (budget ≤ 100 KB)`);
} finally {
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
  fs.rmSync(dataDir, { recursive: true, force: true });
}
