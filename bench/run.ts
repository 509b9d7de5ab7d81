// `npm run bench [-- --scale] [--compare]`: throughput and latency of the main pages on
// the production build, each reported as a share of a ceiling measured in the same run
// (a bare SSR page and its .data request: no session, no database, app/routes/bench.ceiling.tsx).
//
//   database: DATABASE_URL if set (use a scratch database), else a fresh embedded PGlite.
//   data:     the demo world (default), or with --scale the first org of the scale dataset
//             (`npm run seed:scale`; on PGlite it is generated first with BENCH_ORGS orgs, default 1000).
//   output:   a table on stdout, bench/results/latest.json and bench/results/latest.md;
//             --compare prints the change against the committed bench/results/latest.json.
//   env:      BENCH_SECONDS (per row, default 5), BENCH_CPU_SECONDS (the one-connection run that
//             reads CPU per request, default 3), BENCH_PORT (default 3190).
//   CPU ms:   server and database CPU time per request (bench/cpu.ts), from a run on one
//             connection: what a page costs, less dependent than req/s on the machine's load.
//   --bare:   also measure the same page in a bare Remix app (bench/bare: no Hearth, express +
//             @remix-run/express as remix-serve does), with one route and with as many stub
//             routes as Hearth has (Remix matches a request against every route, several times).
//   --only RE: only the pages whose name matches RE (and the ceiling), printed and not written.
//   --soak:   instead of the table, a bounded soak (bench/soak.ts): a mix of signed-in pages
//             for --soak-seconds (default 300) on --soak-connections (default 10), reporting
//             requests, errors and the server's RSS at start, peak and end
//             (bench/results/soak.json and soak.md).
//
// Budgets are shown, not enforced: the numbers depend on the machine and on
// whatever else runs on it. Statement and transaction counts are exact and are enforced
// by tests/integration/query-budget.test.ts.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { buildIfStale } from "../scripts/build-if-stale.js";
import { postgresCpuMs, processCpuMs } from "./cpu";
import { FIRST_LOAD_BUDGET_BYTES, FIRST_LOAD_PAGES, firstLoadJs } from "./first-load";
import { describeSoak, soak, type SoakPage } from "./soak";

const root = path.resolve(import.meta.dirname, "..");
const port = Number(process.env.BENCH_PORT ?? 3190);
const base = `http://127.0.0.1:${port}`;
const duration = Number(process.env.BENCH_SECONDS ?? 5);
const cpuDuration = Number(process.env.BENCH_CPU_SECONDS ?? 3);
const scale = process.argv.includes("--scale");
const compare = process.argv.includes("--compare");
const soakMode = process.argv.includes("--soak");
const bareMode = process.argv.includes("--bare");
/** `--only RE`: measure only the pages whose name matches (and the ceiling); printed, not written as the result of record. */
const onlyArg = process.argv.findIndex((a) => a === "--only" || a.startsWith("--only="));
const only = onlyArg < 0 ? null : new RegExp(process.argv[onlyArg]!.includes("=") ? process.argv[onlyArg]!.split("=").slice(1).join("=") : process.argv[onlyArg + 1]!, "i");
/** The value of `--name N` or `--name=N`, or `fallback`. */
function argNumber(name: string, fallback: number): number {
  const i = process.argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return fallback;
  const raw = process.argv[i]!.includes("=") ? process.argv[i]!.split("=")[1] : process.argv[i + 1];
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} needs a whole number of at least 1, got ${raw}`);
  return n;
}
const soakSeconds = argNumber("--soak-seconds", 300);
const soakConnections = argNumber("--soak-connections", 10);
const database = process.env.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : "embedded PGlite";
const resultsDir = path.join(root, "bench/results");

buildIfStale();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hearth-bench-"));
const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production",
  PORT: String(port),
  HOST: "127.0.0.1",
  APP_URL: base,
  PGLITE_DIR: path.join(dataDir, "pgdata"),
  MAILBOX_DIR: path.join(dataDir, "mailbox"),
  LOG_LEVEL: "warn",
  EXPOSE_QUERY_COUNT: "1",
  BENCH_CEILING: "1",
  WORKER: "0",
  // Throughput, not the fault limit: 50 connections on the embedded database queue for its one
  // connection longer than the 5-second default before answering 503.
  DB_POOL_WAIT_MS: process.env.DB_POOL_WAIT_MS ?? "60000",
  SEED_ON_EMPTY: scale ? "0" : "1", // the demo world signs in as demo users (use a scratch database with DATABASE_URL)
};
if (scale && !process.env.DATABASE_URL) {
  console.log(`Generating the scale dataset (${process.env.BENCH_ORGS ?? 1000} orgs) in ${env.PGLITE_DIR} …`);
  execFileSync(process.execPath, ["--import", "tsx", "scripts/seed-scale.ts", "--orgs", process.env.BENCH_ORGS ?? "1000"], { cwd: root, env, stdio: "inherit" });
}
const server = spawn(process.execPath, ["server.js"], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });

async function waitReady() {
  for (let i = 0; i < 600; i++) {
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

type Row = {
  name: string;
  url: string;
  kind: "ssr" | "data";
  rps: number;
  p50: number;
  p99: number;
  p99At5: number;
  statements: number | null;
  transactions: number | null;
  bytes: number;
  /** Server (Node) and PostgreSQL CPU ms per request, on one connection; null where not readable. */
  serverCpuMs: number | null;
  databaseCpuMs: number | null;
  ratio: number | null;
  status: string;
  /** A reference row (the bare Remix app): not a Hearth page, no ratio. */
  reference?: boolean;
};

/**
 * Wait until the server is idle: two answers in a row from /healthz (no database)
 * that take under 20 ms, after at least 300 ms (or give up after 10 s).
 */
async function settle(origin: string): Promise<void> {
  await new Promise((r) => setTimeout(r, 300));
  const until = performance.now() + 10_000;
  let quick = 0;
  while (quick < 2 && performance.now() < until) {
    const started = performance.now();
    await fetch(`${origin}/healthz`).then((r) => r.arrayBuffer()).catch(() => undefined);
    quick = performance.now() - started < 20 ? quick + 1 : 0;
  }
  // …and PostgreSQL has finished the abandoned requests' statements (the server is idle
  // while it waits for them): under 10 ms of its CPU in 250 ms, or give up after 30 s.
  const pgUntil = performance.now() + 30_000;
  let before = postgresCpuMs();
  while (before !== null && performance.now() < pgUntil) {
    await new Promise((r) => setTimeout(r, 250));
    const now = postgresCpuMs();
    if (now === null || now - before < 10) break;
    before = now;
  }
}

async function measure(name: string, url: string, cookie?: string, origin = base, pid = server.pid!): Promise<Row> {
  const headers: Record<string, string> = cookie ? { cookie } : {};
  // Two probes: the counts and bytes are the second's (the first may also slide the session, a
  // write at most once an hour, or be the first request this process serves on its path).
  await (await fetch(origin + url, { headers, redirect: "manual" })).arrayBuffer();
  const probe = await fetch(origin + url, { headers, redirect: "manual" });
  const body = await probe.arrayBuffer();
  const run = async (connections: number, seconds = duration) => {
    const result = await autocannon({ url: origin + url, connections, duration: seconds, headers });
    // autocannon abandons the requests in flight when its time is up; the server still
    // answers them. Measure nothing until it has (else the next run's p99 is this run's tail).
    await settle(origin);
    return result;
  };
  // Warm up (the JIT compiles the page's path as it runs) before the CPU time is read.
  await run(1, 1);
  // First, on one connection after the previous page's runs have drained (settle): the CPU time
  // per request of the server and of the database (nothing else in flight, so all of it is this page's).
  const cpu0 = { server: processCpuMs(pid), database: postgresCpuMs() };
  const at1 = await autocannon({ url: origin + url, connections: 1, duration: cpuDuration, headers });
  const cpu1 = { server: processCpuMs(pid), database: postgresCpuMs() };
  const perRequest = (a: number | null, b: number | null) => (a === null || b === null || !at1.requests.total ? null : Math.round(((b - a) / at1.requests.total) * 100) / 100);
  await settle(origin);
  // Then the 5-connection run (the p99 budget), then 50.
  const at5 = await run(5);
  const at50 = await run(50);
  const num = (h: string) => (probe.headers.has(h) ? Number(probe.headers.get(h)) : null);
  return {
    name,
    url,
    kind: url.includes(".data") ? "data" : "ssr",
    rps: Math.round(at50.requests.average),
    p50: at50.latency.p50,
    p99: at50.latency.p99,
    p99At5: at5.latency.p99,
    statements: num("x-query-count"),
    transactions: num("x-transaction-count"),
    bytes: body.byteLength,
    serverCpuMs: perRequest(cpu0.server, cpu1.server),
    databaseCpuMs: database.startsWith("PostgreSQL") ? perRequest(cpu0.database, cpu1.database) : null,
    ratio: null,
    status: `${probe.status}${at50.non2xx + at5.non2xx ? ` (${at50.non2xx + at5.non2xx} non-2xx)` : ""}`,
  };
}

function table(rows: Row[]): string {
  const head = "| page | req/s (50) | p50 ms | p99 ms | p99 ms (5) | statements | transactions | bytes | server CPU ms | DB CPU ms | ratio | status |";
  const line = "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|";
  const body = rows.map(
    (r) =>
      `| ${r.name} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.p99At5} | ${r.statements ?? "–"} | ${r.transactions ?? "–"} | ${r.bytes} | ${r.serverCpuMs ?? "–"} | ${r.databaseCpuMs ?? "–"} | ${
        r.ratio === null ? "–" : `${Math.round(r.ratio * 100)}%`
      } | ${r.status} |`,
  );
  return [head, line, ...body].join("\n");
}

type Result = {
  date: string;
  database: string;
  dataset: string;
  cores: number;
  seconds: number;
  /** The largest first-load JS of the main pages (gzip bytes), and each page's. */
  firstLoadJsGzip: number;
  firstLoadJs: Record<string, number>;
  rows: Row[];
};

/**
 * The bare Remix app (bench/bare) built with `routes` routes into a temporary folder and served
 * on BENCH_PORT + 1: the ceiling's page and data request, measured like every other row.
 */
async function measureBare(routes: number): Promise<Row[]> {
  // Inside the repository, so the build resolves react and Remix from its node_modules.
  fs.mkdirSync(path.join(root, "node_modules/.cache"), { recursive: true });
  const dir = fs.mkdtempSync(path.join(root, "node_modules/.cache/hearth-bench-bare-"));
  const barePort = port + 1;
  const origin = `http://127.0.0.1:${barePort}`;
  execFileSync("npx", ["remix", "vite:build", "--config", "bench/bare/vite.config.ts"], {
    cwd: root,
    env: { ...process.env, BARE_BUILD_DIR: dir, BARE_ROUTES: String(routes) },
    stdio: "ignore",
  });
  const child = spawn(process.execPath, ["bench/bare/server.js", dir, String(barePort)], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${origin}/bench/ceiling`)).ok) break;
      } catch {
        if (i > 150) throw new Error("the bare Remix server did not start");
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    const label = routes === 1 ? "bare Remix (1 route)" : `bare Remix (${routes} routes)`;
    const rows = [
      await measure(`${label}: SSR page`, "/bench/ceiling", undefined, origin, child.pid!),
      await measure(`${label}: data request`, "/bench/ceiling.data", undefined, origin, child.pid!),
    ];
    for (const r of rows) r.reference = true;
    return rows;
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** How many routes Hearth's production build has. */
function hearthRouteCount(): number {
  const script = `import(${JSON.stringify(path.join(root, "build/server/index.js"))}).then((b) => console.log(Object.keys(b.routes).length))`;
  return Number(execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: root, encoding: "utf8", env: { ...process.env, NODE_ENV: "production" } }).trim());
}

function previous(): Result | null {
  try {
    return JSON.parse(execFileSync("git", ["show", "HEAD:bench/results/latest.json"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })) as Result;
  } catch {
    return null;
  }
}

try {
  await waitReady();
  const people = scale
    ? { org: "scale-0001", owner: "owner@scale-0001.hearth.test", resident: "resident@scale-0001.hearth.test", manager: "manager@scale-0001.hearth.test" }
    : { org: "riverside", owner: "dana.owner@demo.hearth.test", resident: "sam.resident@demo.hearth.test", manager: "luis.manager@demo.hearth.test" };
  const owner = await login(people.owner);
  const resident = await login(people.resident);
  const manager = await login(people.manager);
  const o = `/o/${people.org}`;
  const houses = await (await fetch(`${base}${o}/houses`, { headers: { cookie: owner } })).text();
  const houseId = /\/houses\/([0-9a-f-]{36})/.exec(houses)?.[1];
  if (!houseId) throw new Error("no house found for the occupancy board");

  if (soakMode) {
    const pages: SoakPage[] = [
      { name: "org overview", path: o, cookie: owner },
      { name: "houses", path: `${o}/houses`, cookie: owner },
      { name: "occupancy board", path: `${o}/houses/${houseId}`, cookie: owner },
      { name: "residents list", path: `${o}/residents`, cookie: owner },
      { name: "applications list", path: `${o}/applications`, cookie: owner },
      { name: "team page", path: `${o}/members`, cookie: owner },
      { name: "audit log", path: `${o}/audit`, cookie: owner },
      { name: "org overview (data request)", path: `${o}.data`, cookie: owner },
      { name: "resident my week", path: `${o}/me`, cookie: resident },
      { name: "manager today", path: `${o}/today`, cookie: manager },
    ];
    console.log(`Soak: ${soakSeconds} s, ${soakConnections} connections, ${pages.length} signed-in pages, ${database} …`);
    const result = await soak({ base, serverPid: server.pid!, pages, seconds: soakSeconds, connections: soakConnections, database });
    const md = describeSoak(result);
    console.log(`\n${md}\n`);
    fs.mkdirSync(resultsDir, { recursive: true });
    fs.writeFileSync(path.join(resultsDir, "soak.json"), `${JSON.stringify(result, null, 2)}\n`);
    fs.writeFileSync(path.join(resultsDir, "soak.md"), `${md}\n`);
    if (result.errors > 0) process.exitCode = 1;
  } else {
    const rows: Row[] = [];
    const add = async (name: string, url: string, cookie?: string) => {
      if (!only || name.startsWith("ceiling") || only.test(name)) rows.push(await measure(name, url, cookie));
    };
    await add("ceiling: bare SSR page", "/bench/ceiling");
    await add("ceiling: bare data request", "/bench/ceiling.data");
    if (bareMode) {
      rows.push(...(await measureBare(1)));
      rows.push(...(await measureBare(hearthRouteCount())));
    }
    await add("org overview", o, owner);
    await add("org overview (data request)", `${o}.data`, owner);
    await add("occupancy board (a house)", `${o}/houses/${houseId}`, owner);
    await add("residents list", `${o}/residents`, owner);
    await add("applications list", `${o}/applications`, owner);
    await add("resident my week", `${o}/me`, resident);
    await add("team page", `${o}/members`, owner);
    await add("audit log", `${o}/audit`, owner);
    // The later modules' main pages (house life, documents).
    await add("house chores", `${o}/houses/${houseId}/chores`, owner);
    await add("house sessions", `${o}/houses/${houseId}/sessions`, owner);
    await add("house documents", `${o}/houses/${houseId}/documents`, owner);
    await add("resident: my chores", `${o}/me/chores`, resident);
    await add("resident: meetings", `${o}/me/meetings`, resident);
    await add("manager today", `${o}/today`, manager);
    // An owner above SUMMARY_ABOVE houses (the scale org's 60) gets a summary line per house.
    await add("manager today (owner)", `${o}/today`, owner);
    await add("house ledger (a house's fees)", `${o}/houses/${houseId}/fees`, owner);
    await add("my dues", `${o}/me/dues`, resident);
    await add("arrears report", `${o}/money/arrears`, owner);
    await add("money overview", `${o}/money`, owner);
    await add("services directory search (resident)", `${o}/services?q=job+training`, resident);
    await add("resident: my plan (issue 12)", `${o}/me/plan`, resident);
    await add("resident: my referrals (issue 12)", `${o}/me/referrals`, resident);
    // The self-assessment page (issue 13; ADR 047): the first one listed on the Standards page (the demo's has 50+ items).
    const standards = await (await fetch(`${base}${o}/standards`, { headers: { cookie: owner } })).text();
    const assessmentId = /\/standards\/([0-9a-f-]{36})/.exec(standards)?.[1];
    if (assessmentId) await add("self-assessment (50+ items)", `${o}/standards/${assessmentId}`, owner);
    // The operator's standards dashboard (issue 13 capability 9; ADR 058): readiness, findings, checks, documents, certifications.
    await add("standards dashboard", `${o}/standards/dashboard`, owner);
    await add("standards dashboard (house manager)", `${o}/standards/dashboard`, manager);
    // The certifier's pipeline (issue 13; ADR 049, 054): the demo's Keystone, which holds grants from both demo
    // operators, or the scale dataset's certifier, which holds grants from its first 200 operators (seed/scale.ts);
    // then the certifier's view of the first submitted self-assessment the pipeline links to.
    const cert = scale ? { email: "certifier@scale-certifier.hearth.test", org: "scale-certifier" } : { email: "elena.certifier@demo.hearth.test", org: "keystone" };
    const certifier = await login(cert.email).catch(() => null);
    if (certifier) {
      await add("certifier's pipeline", `/o/${cert.org}/audits`, certifier);
      const pipeline = await (await fetch(`${base}/o/${cert.org}/audits`, { headers: { cookie: certifier } })).text();
      const reviewed = new RegExp(`/o/${cert.org}/audits/[a-z0-9-]+/assessments/[0-9a-f-]{36}`).exec(pipeline)?.[0];
      if (reviewed) await add("certifier: a self-assessment", reviewed, certifier);
      // The pipeline filtered by a certification status (the dashboard's links, ADR 058).
      await add("certifier's pipeline (filtered)", `/o/${cert.org}/audits?status=certified`, certifier);
    }
    const ceiling = { ssr: rows[0]!.rps, data: rows[1]!.rps };
    for (const r of rows.slice(2).filter((row) => !row.reference)) {
      const c = r.kind === "data" ? ceiling.data : ceiling.ssr;
      r.ratio = c > 0 ? r.rps / c : null;
    }

    const result: Result = {
      date: new Date().toISOString(),
      database,
      dataset: scale ? "scale (first org of npm run seed:scale)" : "demo",
      cores: os.cpus().length,
      seconds: duration,
      firstLoadJsGzip: 0,
      firstLoadJs: {},
      rows,
    };
    for (const [page, routeId] of Object.entries(FIRST_LOAD_PAGES)) result.firstLoadJs[page] = await firstLoadJs(root, routeId);
    result.firstLoadJsGzip = Math.max(...Object.values(result.firstLoadJs));
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    const md = [
      `Hearth benchmark, ${result.date}: ${database}, ${result.dataset} data, ${result.cores} cores, ${duration} s per run, 50 connections (and 5 for "p99 ms (5)").`,
      `Ratio = req/s as a share of the ceiling's (data requests: of the ceiling's data request). Budgets: ratio ≥ 60%, p99 (5) < 50 ms, ≤ 8 statements, 1 transaction.`,
      `Server / DB CPU ms = CPU time per request of the server process and of PostgreSQL, from ${cpuDuration} s on one connection (bench/cpu.ts; "–" on the embedded database, whose time is the server's).`,
      ...(bareMode ? ["The bare Remix rows (--bare) are the same page in a Remix app without Hearth (bench/bare), with one route and with as many stub routes as Hearth has; they have no ratio."] : []),
      "",
      table(rows),
      "",
      `First-load JS (gzip, budget ≤ 100 KB): ${Object.entries(result.firstLoadJs)
        .map(([page, n]) => `${page} ${kb(n)}${n > FIRST_LOAD_BUDGET_BYTES ? " (over)" : ""}`)
        .join(", ")}.`,
    ].join("\n");
    console.log(`\n${md}\n`);
    fs.mkdirSync(resultsDir, { recursive: true });
    if (only) console.log(`--only ${only.source}: not written to bench/results (the result of record measures every page).`);
    else {
      fs.writeFileSync(path.join(resultsDir, "latest.json"), `${JSON.stringify(result, null, 2)}\n`);
      fs.writeFileSync(path.join(resultsDir, "latest.md"), `${md}\n`);
    }
    if (compare) {
      const before = previous();
      if (!before) console.log("--compare: no committed bench/results/latest.json yet.");
      else {
        console.log(`Change against the committed result (${before.date}, ${before.database}, ${before.dataset}):`);
        for (const r of rows) {
          const b = before.rows.find((x) => x.name === r.name);
          if (!b) continue;
          const pct = (now: number, then: number) => (then ? `${now >= then ? "+" : ""}${Math.round(((now - then) / then) * 100)}%` : "–");
          const ratio = r.ratio !== null && b.ratio !== null ? `, ratio ${Math.round(b.ratio * 100)}% → ${Math.round(r.ratio * 100)}%` : "";
          console.log(`  ${r.name.padEnd(30)} req/s ${pct(r.rps, b.rps).padStart(5)}, p99 (5) ${b.p99At5} → ${r.p99At5} ms, statements ${b.statements ?? "–"} → ${r.statements ?? "–"}${ratio}`);
        }
      }
    }
  }
} finally {
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
  fs.rmSync(dataDir, { recursive: true, force: true });
}
