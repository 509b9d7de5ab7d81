import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbHandle, openPglite, type DbHandle } from "./db.server";
import { PGLITE_ACQUIRE_TIMEOUT, PGliteDialect } from "./pglite-dialect.server";
import { InThreadDatabase, type EmbeddedDatabase } from "./pglite-engine.server";
import { WorkerDatabase } from "./pglite-thread.server";
import { isUnavailable } from "./tenant.server";

/**
 * The embedded database in its own thread (ADR 064), whatever TEST_DATABASE_URL says: the
 * engine's work does not block this thread's event loop, values come back exactly as from
 * the in-thread engine, the one connection's bounded wait still ends in the timeout the app
 * answers with 503, and a thread that dies fails its calls (503) instead of hanging them.
 */
const root = fs.mkdtempSync(path.join(os.tmpdir(), "hearth-thread-"));
let inThread: EmbeddedDatabase;
let worker: WorkerDatabase;
const dbOf = (engine: EmbeddedDatabase, acquireTimeoutMs?: number) => new Kysely<any>({ dialect: new PGliteDialect(engine, { acquireTimeoutMs }) });

beforeAll(async () => {
  [inThread, worker] = await Promise.all([openPglite(undefined).then((p) => new InThreadDatabase(p)), WorkerDatabase.open(path.join(root, "worker"))]);
}, 180_000);
afterAll(async () => {
  await Promise.all([inThread?.close(), worker?.close()]);
  fs.rmSync(root, { recursive: true, force: true });
});

/** Timer ticks (every 10 ms) on this thread while `work` runs. */
async function ticksDuring(work: () => Promise<unknown>) {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 10);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return ticks;
}

describe("the embedded database's thread", () => {
  it("runs the engine off this thread: timers keep firing during a long statement (and do not in-thread)", async () => {
    const slow = sql`select pg_sleep(0.5)`;
    const off = await ticksDuring(() => slow.execute(dbOf(worker)));
    const on = await ticksDuring(() => slow.execute(dbOf(inThread)));
    // 500 ms at 10 ms is ≈ 50 ticks when the loop is free; in-thread the engine holds it throughout.
    expect(on, "in-thread the event loop is blocked").toBeLessThanOrEqual(2);
    expect(off, "with the worker the event loop keeps running").toBeGreaterThanOrEqual(15);
  });

  it("returns every type exactly as the in-thread engine does, parameters included", async () => {
    const query = sql<Record<string, unknown>>`
      select ${"2026-02-03"}::date as d, ${new Date("2026-12-01T12:34:56.789Z")}::timestamptz as ts,
             ${"9007199254740991"}::int8 as big, ${42}::int8 as n, ${"12345.6789"}::numeric as num,
             ${JSON.stringify({ a: [1, "two", null], b: { c: true } })}::jsonb as j, ${[1, 2, 3]}::int[] as ints,
             ${["a", "b,c", null]}::text[] as texts, ${new Uint8Array([0, 1, 254, 255])}::bytea as bytes,
             ${null}::text as nothing, '[2026-01-01,2026-02-01)'::daterange as dr, 1.5::float8 as f, true as yes,
             '{"x":1}'::json as js, gen_random_uuid() is not null as uuid_ok, 'a'::text as a`;
    const [a, b] = await Promise.all([query.execute(dbOf(worker)), query.execute(dbOf(inThread))]);
    expect(a.rows).toEqual(b.rows);
    const row = a.rows[0]!;
    expect(row).toMatchObject({ d: "2026-02-03", big: 9007199254740991, n: 42, num: "12345.6789", dr: "[2026-01-01,2026-02-01)", nothing: null });
    expect(row.ts).toBeInstanceOf(Date);
    expect((row.ts as Date).toISOString()).toBe("2026-12-01T12:34:56.789Z");
    expect(row.bytes).toBeInstanceOf(Uint8Array);
    expect(row.j).toEqual({ a: [1, "two", null], b: { c: true } });
    // Counts of changed rows and the simple protocol (several statements, no parameters).
    for (const engine of [worker, inThread]) {
      const db = dbOf(engine);
      await sql.raw("create temp table t (x int); insert into t values (1), (2), (3)").execute(db);
      expect((await db.updateTable("t").set({ x: 0 }).where("x", ">", 1).executeTakeFirst()).numUpdatedRows).toBe(2n);
      await sql`drop table t`.execute(db);
    }
  });

  it("fails as the in-thread engine does: database errors keep their fields, an int8 overflow is a RangeError", async () => {
    const failures = async (engine: EmbeddedDatabase) => {
      const db = dbOf(engine);
      const caught: unknown[] = [];
      await sql`select ${1}::int / 0`.execute(db).catch((e: unknown) => caught.push(e));
      await sql`select ${"9007199254740993"}::int8 as x`.execute(db).catch((e: unknown) => caught.push(e));
      await sql.raw("create temp table u (x int constraint u_x_check check (x > 0))").execute(db);
      await sql`insert into u values (${-1})`.execute(db).catch((e: unknown) => caught.push(e));
      await sql`drop table u`.execute(db);
      return caught as Error[];
    };
    const [a, b] = await Promise.all([failures(worker), failures(inThread)]);
    expect(a).toHaveLength(3);
    const fields = (e: Error) => {
      const { name, message, code, constraint, table, detail, severity, schema } = e as Error & Record<string, unknown>;
      return { name, message, code, constraint, table, detail, severity, schema, range: e instanceof RangeError };
    };
    expect(a.map(fields)).toEqual(b.map(fields));
    expect(a[0]).toMatchObject({ code: "22012", message: "division by zero" });
    expect(a[1]).toBeInstanceOf(RangeError);
    expect(a[2]).toMatchObject({ code: "23514", constraint: "u_x_check", table: "u" });
  });

  it("dumps its data dir, and a dump loads into a new thread", async () => {
    const db = dbOf(worker);
    await sql.raw("create table kept (x int); insert into kept values (7)").execute(db);
    const dump = await worker.dumpDataDir("gzip");
    expect(dump.size).toBeGreaterThan(1000);
    const copy = await WorkerDatabase.open(undefined, { loadDataDir: dump });
    try {
      expect((await sql<{ x: number }>`select x from kept`.execute(dbOf(copy))).rows).toEqual([{ x: 7 }]);
    } finally {
      await copy.close();
    }
    await sql`drop table kept`.execute(db);
  }, 120_000);
});

describe("the embedded database's thread in a handle", () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await createDbHandle({ pgliteDir: path.join(root, "handle"), acquireTimeoutMs: 300 });
    expect(handle.embedded).toBeInstanceOf(WorkerDatabase);
  }, 180_000);
  afterAll(async () => {
    await handle?.close().catch(() => {});
  });

  it("bounds the wait for the one connection with the timeout the app answers with 503", async () => {
    await handle.db.connection().execute(async () => {
      await expect(sql`select 1`.execute(handle.db)).rejects.toThrow(PGLITE_ACQUIRE_TIMEOUT);
    });
    expect((await sql<{ x: number }>`select 1 as x`.execute(handle.db)).rows).toEqual([{ x: 1 }]);
  });

  it("a thread that dies fails the statement in flight and every later one as unavailable (503), never hangs", async () => {
    const embedded = handle.embedded as WorkerDatabase;
    const inFlight = sql`select pg_sleep(5)`.execute(handle.db);
    const settled = inFlight.then(
      () => null,
      (e: unknown) => e,
    );
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    await embedded.terminate();
    const error = await settled;
    expect(Date.now() - started, "the statement in flight fails at once").toBeLessThan(2_000);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^PGlite is closed: the embedded database's thread stopped/);
    expect(isUnavailable(error)).toBe(true);
    expect(embedded.closed).toBe(true);
    // The connection was given back: the next caller does not wait for it, and fails the same way.
    const later = await sql`select 1`.execute(handle.db).catch((e: unknown) => e);
    expect(isUnavailable(later)).toBe(true);
  });
});
