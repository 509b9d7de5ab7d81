import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbHandle, setDbHandle, type DbHandle } from "#app/db/db.server";
import { migrateToLatest } from "#app/db/migrate.server";
import { countOf, driveLoad, request, startChildServer, type ChildServer, type LoadStats, houseFormBody } from "#tests/support/child-server";
import { makeOrg, makeUser, sessionCookieFor } from "#tests/support/factories";
import { startPrivatePostgres, type PrivatePostgres } from "#tests/support/private-pg";
import { recordFigures } from "#tests/support/reliability";

/**
 * Database faults under load, on a PostgreSQL cluster of this test's own (never the
 * shared server): the production server runs as a child process while ten loops read
 * the owner's overview and add houses; the test terminates every app connection, and
 * separately stops and restarts the cluster. The process must stay up, in-flight
 * requests get the friendly 503 with their request id (never a 500 or a dropped
 * connection), nothing is half-written, and service comes back by itself.
 */
const DB = "hearth_faults";
let cluster: PrivatePostgres;
let handle: DbHandle;
let server: ChildServer;
let slug = "";
let cookie = "";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  cluster = await startPrivatePostgres();
  await cluster.query(`create database ${DB}`);
  handle = await createDbHandle({ databaseUrl: cluster.url(DB) });
  await migrateToLatest(handle);
  setDbHandle(handle);
  const org = await makeOrg();
  const owner = await makeUser({ orgId: org.id, role: "owner" });
  cookie = await sessionCookieFor(owner.id);
  slug = org.slug;
  // LOG_LEVEL info: the shutdown test reads the server's "stopped" line.
  server = await startChildServer({ DATABASE_URL: cluster.url(DB), DB_POOL_WAIT_MS: "2000", DB_STATEMENT_TIMEOUT_MS: "5000", LOG_LEVEL: "info" });
}, 120_000);

afterAll(async () => {
  server?.kill();
  setDbHandle(undefined);
  await handle?.close().catch(() => {}); // the shutdown test closed it already
  await cluster?.destroy();
});

let houseCounter = 0;
type Req = { path: string; method?: string; headers?: Record<string, string>; body?: string };
function nextRequest(n: number): Req {
  if (n % 3 === 0) {
    const body = houseFormBody(`Load House ${process.pid}-${++houseCounter}`);
    return {
      path: `/o/${slug}/houses/new`,
      method: "POST",
      headers: { cookie, origin: server.url, "content-type": "application/x-www-form-urlencoded" },
      body,
    };
  }
  return { path: n % 3 === 1 ? `/o/${slug}` : `/o/${slug}/houses`, headers: { cookie } };
}

/** After a fault: the app answers 200 again by itself, within `withinMs`, then 20 in a row. */
async function expectRecovered(withinMs = 15_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    const reply = await request(`${server.url}/o/${slug}`, { headers: { cookie } }).catch(() => undefined);
    if (reply?.status === 200) break;
    expect(Date.now() - started, "service back within the limit").toBeLessThan(withinMs);
    await sleep(100);
  }
  const recoveredMs = Date.now() - started;
  for (let i = 0; i < 20; i++) expect((await request(`${server.url}/o/${slug}`, { headers: { cookie } })).status).toBe(200);
  expect((await request(`${server.url}/readyz`)).status).toBe(200);
  return recoveredMs;
}

/** Every house has its audit event and vice versa: no transaction was half-applied. */
async function expectNoHalfWrites() {
  const [row] = await cluster.query<{ houses: number; events: number }>(
    `select (select count(*)::int from house) as houses,
            (select count(*)::int from audit_event where action = 'house.created') as events`,
    [],
    DB,
  );
  expect(row!.houses).toBeGreaterThan(0);
  expect(row!.events).toBe(row!.houses);
  return row!.houses;
}

function expectSurvived(stats: LoadStats) {
  expect(server.alive(), `the server process is alive:\n${server.output().slice(-3000)}`).toBe(true);
  expect(stats.errors, "no accepted request was dropped").toEqual({});
  expect(stats.bad, "no 500s; every 503 shows its request id").toEqual([]);
  expect(countOf(stats, (s) => s >= 500 && s !== 503)).toBe(0);
  expect(countOf(stats, (s) => s === 200 || s === 302)).toBeGreaterThan(0);
}

describe("PostgreSQL faults under load", () => {
  it("survives every app connection being terminated mid-load", async () => {
    let stop = false;
    const load = driveLoad({ base: server.url, concurrency: 10, until: () => stop, next: nextRequest });
    await sleep(1500);
    let terminated = 0;
    for (let i = 0; i < 3; i++) {
      const [row] = await cluster.query<{ n: number }>(
        "select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
        [DB],
      );
      terminated += row!.n;
      await sleep(300);
    }
    await sleep(1000);
    stop = true;
    const stats = await load;
    expect(terminated).toBeGreaterThan(0);
    expectSurvived(stats);
    const recoveredMs = await expectRecovered();
    await expectNoHalfWrites();
    recordFigures("database-faults", {
      "faults injected": 1,
      "faults survived": 1,
      "connections terminated": terminated,
      "requests under fault": stats.sent,
      "503 answers": countOf(stats, (s) => s === 503),
      "5xx other than 503": countOf(stats, (s) => s >= 500 && s !== 503),
      "terminate: recovered in ms": recoveredMs,
    });
  }, 90_000);

  it("survives a PostgreSQL restart mid-load; /readyz says not ready while it is down", async () => {
    let stop = false;
    const load = driveLoad({ base: server.url, concurrency: 10, until: () => stop, next: nextRequest });
    await sleep(1500);
    await cluster.stop("fast"); // "terminating connection due to administrator command" to every session
    let notReady = false;
    for (let i = 0; i < 50 && !notReady; i++) {
      const ready = await request(`${server.url}/readyz`);
      notReady = ready.status === 503;
      if (!notReady) await sleep(100);
    }
    expect(notReady, "/readyz answers 503 while the database is down").toBe(true);
    const down = await request(`${server.url}/o/${slug}`, { headers: { cookie } });
    expect(down.status).toBe(503);
    expect(down.body).toContain(String(down.headers["x-request-id"]));
    await sleep(1000);
    await cluster.start();
    const recoveredMs = await expectRecovered();
    await sleep(1000);
    stop = true;
    const stats = await load;
    expectSurvived(stats);
    expect(countOf(stats, (s) => s === 503), "requests while the database was down got 503").toBeGreaterThan(0);
    await expectNoHalfWrites();
    recordFigures("database-faults", {
      "faults injected": 1,
      "faults survived": 1,
      "requests under fault": stats.sent,
      "503 answers": countOf(stats, (s) => s === 503),
      "5xx other than 503": countOf(stats, (s) => s >= 500 && s !== 503),
      "restart: recovered in ms": recoveredMs,
    });
  }, 120_000);

  // Last: it ends the server.
  it("SIGTERM under load: stops accepting, finishes what it accepted, closes the pool, exits 0", async () => {
    let stop = false;
    let sigtermAt = 0;
    let finishedAfterSigterm = 0;
    const load = driveLoad({
      base: server.url,
      concurrency: 10,
      until: () => stop,
      next: nextRequest,
      onReply: () => {
        if (sigtermAt) finishedAfterSigterm++;
      },
    });
    await sleep(1500);
    sigtermAt = Date.now();
    server.kill("SIGTERM");
    const exit = await server.exited;
    const exitMs = Date.now() - sigtermAt;
    await sleep(300);
    stop = true;
    const stats = await load;
    expect(exit, server.output().slice(-2000)).toEqual({ code: 0, signal: null });
    // The server's own account: every request it had accepted when SIGTERM came, and every
    // one it accepted after, finished (none closed before its response was complete).
    const stopped = server
      .output()
      .split("\n")
      .filter((l) => l.includes('"msg":"stopped"'))
      .map((l) => JSON.parse(l) as { inFlightAtSignal: number; finishedAfterSignal: number; droppedAfterSignal: number })[0];
    expect(stopped, `the server logs its shutdown:\n${server.output().slice(-2000)}`).toBeDefined();
    expect(stopped!.droppedAfterSignal, "no accepted request was dropped").toBe(0);
    expect(stopped!.inFlightAtSignal).toBeGreaterThan(0);
    expect(stopped!.finishedAfterSignal).toBeGreaterThanOrEqual(stopped!.inFlightAtSignal);
    // Client side: refusals after the listener closed, and at most a reset or two from
    // connections still in the kernel's accept queue when it closed (the server never saw
    // them, so no request was started); nothing else.
    const { ECONNREFUSED: refused = 0, ECONNRESET: backlog = 0, ...other } = stats.errors;
    expect(other).toEqual({});
    expect(backlog).toBeLessThanOrEqual(3);
    expect(stats.bad).toEqual([]);
    expect(countOf(stats, (s) => s >= 500)).toBe(0);
    expect(finishedAfterSigterm, "requests in flight at SIGTERM completed").toBeGreaterThan(0);
    // The pool was closed: no connection of the server is left on the database.
    setDbHandle(undefined);
    await handle.close();
    const [row] = await cluster.query<{ n: number }>(
      "select count(*)::int as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid() and backend_type = 'client backend'",
      [DB],
    );
    expect(row!.n).toBe(0);
    recordFigures("shutdown", {
      "SIGTERMs under load": 1,
      "clean exits (code 0)": exit.code === 0 ? 1 : 0,
      "requests finished after SIGTERM": finishedAfterSigterm,
      "requests in flight at SIGTERM": stopped!.inFlightAtSignal,
      "accepted requests dropped": stopped!.droppedAfterSignal,
      "refused after close (never accepted)": refused + backlog,
      "exit took ms": exitMs,
    });
  }, 90_000);
});
