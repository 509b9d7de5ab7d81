import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbHandle, setDbHandle, type DbHandle } from "#app/db/db.server";
import { migrateToLatest } from "#app/db/migrate.server";
import { withTenant } from "#app/db/tenant.server";
import { verifyAuditChain } from "#app/domain/audit/chain.server";
import { useTestServer } from "#tests/support/app";
import { countOf, driveLoad, request, startChildServer, houseFormBody } from "#tests/support/child-server";
import { makeOrg, makeUser, sessionCookieFor } from "#tests/support/factories";
import { recordFigures } from "#tests/support/reliability";

/**
 * The embedded database (PGlite) under faults, whatever TEST_DATABASE_URL says: its data
 * directory unusable at start (a file, not a database, damaged, in use by another
 * process), a statement failing mid-transaction, a transaction left open, a connection
 * held too long, the engine closing under a running server, and the process killed in
 * the middle of writes. The server either refuses to start with a message that says what
 * is wrong and what to do, or stays up answering 503 (with the request id) while /readyz
 * says not ready; nothing is ever half-written.
 */
const root = fs.mkdtempSync(path.join(os.tmpdir(), "hearth-embedded-"));
const template = path.join(root, "template");
let slug = "";
let ownerId = "";
let cookie = "";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  // One migrated database with an org and its owner; each scenario works on a copy.
  const handle = await createDbHandle({ pgliteDir: template });
  await migrateToLatest(handle);
  setDbHandle(handle);
  const org = await makeOrg();
  const owner = await makeUser({ orgId: org.id, role: "owner" });
  cookie = await sessionCookieFor(owner.id);
  slug = org.slug;
  ownerId = owner.id;
  setDbHandle(undefined);
  await handle.close();
}, 120_000);

afterAll(() => {
  setDbHandle(undefined);
  fs.rmSync(root, { recursive: true, force: true });
});

function copyOfTemplate(name: string) {
  const dir = path.join(root, name);
  fs.cpSync(template, dir, { recursive: true });
  return dir;
}

/**
 * sha256 over every file's path and bytes: did anything under `dir` change? Leaves out
 * postmaster.pid, which the engine writes when it starts (and leaves behind when it stops
 * short, as PostgreSQL does after a crash; the next start replaces it).
 */
function digestOf(dir: string) {
  const hash = createHash("sha256");
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name !== "postmaster.pid") hash.update(path.relative(dir, p)).update(fs.readFileSync(p));
    }
  };
  walk(dir);
  return hash.digest("hex");
}

/** Start `node server.js` on PGLITE_DIR=dir and expect it to refuse: exit 1, quickly, with `message`. */
async function expectRefusedAtStart(dir: string, message: RegExp) {
  const started = Date.now();
  const failure = await startChildServer({ PGLITE_DIR: dir }).then(
    (server) => {
      server.kill();
      return null;
    },
    (error: Error) => error.message,
  );
  expect(failure, "the server must not start").not.toBeNull();
  expect(failure).toMatch(message);
  expect(failure).toMatch(/Hearth could not start: /);
  expect(Date.now() - started).toBeLessThan(30_000);
}

describe("the embedded database at start", () => {
  it("refuses an unusable data directory with a clear message, and changes nothing on disk", async () => {
    const file = path.join(root, "a-file");
    fs.writeFileSync(file, "not a database");
    await expectRefusedAtStart(file, /PGLITE_DIR \(.*a-file\) is not a directory/);
    expect(fs.readFileSync(file, "utf8")).toBe("not a database");
    // Unreachable: a path below a file (as root, permissions cannot make a directory unreadable).
    await expectRefusedAtStart(path.join(file, "pgdata"), /PGLITE_DIR\) cannot be reached: ENOTDIR/);

    const other = path.join(root, "not-a-database");
    fs.mkdirSync(other);
    fs.writeFileSync(path.join(other, "notes.txt"), "hello");
    await expectRefusedAtStart(other, /is not empty but holds no database/);
    expect(fs.readdirSync(other)).toEqual(["notes.txt"]);

    const badVersion = copyOfTemplate("bad-version");
    fs.writeFileSync(path.join(badVersion, "PG_VERSION"), "garbage\n");
    await expectRefusedAtStart(badVersion, /is damaged \(PG_VERSION reads "garbage"\)/);

    // Damaged control file: PGlite's engine aborts while opening it.
    const damaged = copyOfTemplate("damaged");
    fs.writeFileSync(path.join(damaged, "global", "pg_control"), Buffer.alloc(100, 0x5a));
    const before = digestOf(damaged);
    await expectRefusedAtStart(damaged, /could not be opened \(.*\)\. Its files may be damaged: restore the latest backup/);
    expect(digestOf(damaged), "a failed start writes nothing").toBe(before);

    // Another live process holds it (this test process stands in for it).
    const inUse = copyOfTemplate("in-use");
    fs.writeFileSync(`${inUse}.lock`, String(process.pid));
    await expectRefusedAtStart(inUse, new RegExp(`is in use by process ${process.pid}\\. Stop it first`));
    expect(fs.readFileSync(`${inUse}.lock`, "utf8"), "the other process keeps its lock").toBe(String(process.pid));

    // A refused start leaves no lock of its own behind.
    for (const dir of [badVersion, damaged]) expect(fs.existsSync(`${dir}.lock`), dir).toBe(false);
    recordFigures("embedded-faults", { "unusable data directories refused at start": 6 });
  }, 120_000);

  it.skipIf(process.getuid?.() === 0)("refuses a directory it may not read or write", async () => {
    const locked = copyOfTemplate("no-access");
    fs.chmodSync(locked, 0o000);
    try {
      await expectRefusedAtStart(locked, /is not readable and writable by this process/);
    } finally {
      fs.chmodSync(locked, 0o700);
    }
  });
});

describe("the embedded database while serving", () => {
  // The bounded wait for the one connection. With the engine in its own thread (ADR 064) it is
  // wall-clock time even while transactions run (in-thread, the engine held the event loop and the
  // timer could not fire), so it must cover 30 queued transactions on a loaded machine.
  const WAIT_MS = 3_000;
  const server = useTestServer();
  let handle: DbHandle;
  let dir = "";

  beforeAll(async () => {
    dir = copyOfTemplate("serving");
    handle = await createDbHandle({ pgliteDir: dir, acquireTimeoutMs: WAIT_MS });
    setDbHandle(handle);
  }, 60_000);
  afterAll(async () => {
    setDbHandle(undefined);
    await handle?.close().catch(() => {});
  });

  const auditCount = async (action: string) =>
    (await sql<{ n: number }>`select count(*)::int as n from audit_event where action = ${action}`.execute(handle.db)).rows[0]!.n;

  it("statements failing mid-transaction, among concurrent ones, leave no partial write", async () => {
    const org = (await handle.db.selectFrom("org").select("id").where("slug", "=", slug).executeTakeFirstOrThrow()).id;
    const ctx = { orgId: org, userId: ownerId, role: "owner" };
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) =>
        withTenant(ctx, async (tx) => {
          await tx.insertInto("audit_event").values({ action: i % 2 ? "fault.kept" : "fault.failed" }).execute();
          if (i % 2 === 0) await tx.updateTable("org").set({ name: "" }).where("id", "=", org).execute(); // a check constraint fails
        }),
      ),
    );
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(15);
    expect(await auditCount("fault.failed")).toBe(0);
    expect(await auditCount("fault.kept")).toBe(15);
    expect(await handle.embedded!.isInTransaction()).toBe(false);
    expect((await server.request(`/o/${slug}`, { cookie })).status).toBe(200);
    recordFigures("embedded-faults", { "mid-transaction failures": 15, "rows left by them": 0 });
  });

  it("a transaction abandoned without COMMIT or ROLLBACK is rolled back before the connection is reused", async () => {
    await handle.db.connection().execute(async (conn) => {
      await sql`begin`.execute(conn);
      await sql`insert into audit_event (action) values ('fault.abandoned')`.execute(conn);
      // The holder gives the connection back still inside its transaction (a bug, or a
      // failed COMMIT/ROLLBACK): the next transaction must not join it.
    });
    expect(await handle.embedded!.isInTransaction()).toBe(false);
    await withTenant({ orgId: null, userId: null, role: null }, (tx) => sql`select 1`.execute(tx));
    expect(await auditCount("fault.abandoned")).toBe(0);
    recordFigures("embedded-faults", { "abandoned transactions rolled back": 1 });
  });

  it("a request waiting too long for the one connection gets a 503, not a hung page", async () => {
    await handle.db.connection().execute(async () => {
      const started = Date.now();
      const page = await server.request(`/o/${slug}`, { cookie });
      expect(page.status).toBe(503);
      const html = await page.text();
      expect(html).toContain("very busy right now");
      expect(html).toContain(page.headers.get("x-request-id")!);
      expect(Date.now() - started).toBeLessThan(WAIT_MS + 5_000);
    });
    expect((await server.request(`/o/${slug}`, { cookie })).status).toBe(200);
    recordFigures("embedded-faults", { "connection waits bounded (503)": 1 });
  });

  it("when the engine closes, pages answer 503 with their request id and /readyz says not ready; a reopen serves again", async () => {
    expect((await server.request(`/o/${slug}`, { cookie })).status).toBe(200);
    await handle.embedded!.close();
    let refused = 0;
    for (const p of [`/o/${slug}`, `/o/${slug}/houses`, `/o/${slug}/residents`]) {
      const res = await server.request(p, { cookie });
      expect(res.status, p).toBe(503);
      const html = await res.text();
      expect(html).toContain("can&#x27;t reach its database");
      expect(html).toContain(res.headers.get("x-request-id")!);
      refused++;
    }
    const ready = await server.request("/readyz");
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ ok: false, database: "down" });
    expect((await server.request("/healthz")).status).toBe(200);

    await handle.close().catch(() => {});
    handle = await createDbHandle({ pgliteDir: dir, acquireTimeoutMs: WAIT_MS });
    setDbHandle(handle);
    expect((await server.request(`/o/${slug}`, { cookie })).status).toBe(200);
    expect((await server.request("/readyz")).status).toBe(200);
    expect(await auditCount("fault.kept")).toBe(15); // committed work survived the close
    recordFigures("embedded-faults", { "503s while the engine was closed": refused });
  });
});

describe("the embedded database after a crash", () => {
  it("the process killed in the middle of writes restarts on the same directory with nothing half-written", async () => {
    const dir = copyOfTemplate("crash");
    let server = await startChildServer({ PGLITE_DIR: dir });
    let n = 0;
    let stop = false;
    const load = driveLoad({
      base: server.url,
      concurrency: 4,
      until: () => stop,
      next: () => ({
        path: `/o/${slug}/houses/new`,
        method: "POST",
        headers: { cookie, origin: server.url, "content-type": "application/x-www-form-urlencoded" },
        body: houseFormBody(`Crash House ${++n}`),
      }),
    });
    // Kill it once some houses are in.
    const started = Date.now();
    while (n < 8 && Date.now() - started < 20_000) await sleep(50);
    server.kill("SIGKILL");
    await server.exited;
    stop = true;
    const stats = await load;
    expect(countOf(stats, (s) => s === 302 || s === 200)).toBeGreaterThan(0);

    // The lock of the killed process is stale: the restart takes the directory over.
    server = await startChildServer({ PGLITE_DIR: dir });
    try {
      expect((await request(`${server.url}/o/${slug}/houses`, { headers: { cookie } })).status).toBe(200);
      expect((await request(`${server.url}/readyz`)).status).toBe(200);
    } finally {
      server.kill("SIGTERM");
      await server.exited;
    }

    const handle = await createDbHandle({ pgliteDir: dir });
    try {
      const [row] = (
        await sql<{ houses: number; events: number }>`
          select (select count(*)::int from house) as houses,
                 (select count(*)::int from audit_event where action = 'house.created') as events`.execute(handle.db)
      ).rows;
      expect(row!.houses).toBeGreaterThan(0);
      expect(row!.events, "every house has its audit event, and no event lacks its house").toBe(row!.houses);
      const chain = await handle.db.transaction().execute(async (tx) => {
        await sql`set local role hearth_owner`.execute(tx);
        return verifyAuditChain(tx);
      });
      expect(chain.problems).toEqual([]);
      recordFigures("embedded-faults", { "crashes mid-write survived": 1, "houses written before the crash": row!.houses, "half-written rows after restart": 0 });
    } finally {
      await handle.close();
    }
  }, 120_000);
});
