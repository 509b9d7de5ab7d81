import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { createDbHandle, setDbHandle, type DbHandle } from "#app/db/db.server";
import { withTenant } from "#app/db/tenant.server";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { makeOrg, makeUser, sessionCookieFor } from "#tests/support/factories";

const t = useTestDatabase();
const server = useTestServer();

describe("database faults", () => {
  it("an unreachable database gives friendly 503s with a request id, and the app recovers", async () => {
    const org = await makeOrg();
    const owner = await makeUser({ orgId: org.id, role: "owner" });
    const cookie = await sessionCookieFor(owner.id);
    expect((await server.request(`/o/${org.slug}`, { cookie })).status).toBe(200);

    // Point the app at a server that is not there (nothing listens on port 1).
    const down = await createDbHandle({ databaseUrl: "postgres://postgres@127.0.0.1:1/nowhere" });
    setDbHandle(down);
    try {
      const page = await server.request(`/o/${org.slug}`, { cookie });
      expect(page.status).toBe(503);
      const html = await page.text();
      expect(html).toContain("can&#x27;t reach its database");
      expect(html).toContain(page.headers.get("x-request-id")!);
      const ready = await server.request("/readyz");
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ ok: false, database: "down" });
      expect((await server.request("/healthz")).status).toBe(200);
    } finally {
      setDbHandle(t.handle);
      await down.close();
    }
    expect((await server.request(`/o/${org.slug}`, { cookie })).status).toBe(200);
    expect((await server.request("/readyz")).status).toBe(200);
  });

  it("a statement failing mid-transaction leaves no partial write", async () => {
    const org = await makeOrg();
    const owner = await makeUser({ orgId: org.id, role: "owner" });
    const before = await t.db.selectFrom("audit_event").select("id").where("org_id", "=", org.id).execute();
    await expect(
      withTenant({ orgId: org.id, userId: owner.id, role: "owner" }, async (tx) => {
        await tx.insertInto("audit_event").values({ action: "first.write" }).execute();
        await tx.updateTable("org").set({ name: "" }).where("id", "=", org.id).execute(); // violates a check constraint
      }),
    ).rejects.toThrow();
    const after = await t.db.selectFrom("audit_event").select("id").where("org_id", "=", org.id).execute();
    expect(after).toEqual(before);
  });

  // Bounded waits need a server: PGlite runs one statement at a time in this process.
  const onServer = Boolean(process.env.TEST_DATABASE_URL);

  /** Serve from a second handle on the same database with tight limits, then put the usual one back. */
  async function withLimits(pool: { max?: number; statement_timeout?: number; connectionTimeoutMillis?: number }, fn: (h: DbHandle) => Promise<void>) {
    const limited = await createDbHandle({ databaseUrl: t.handle.databaseUrl!, pool });
    setDbHandle(limited);
    try {
      await fn(limited);
    } finally {
      setDbHandle(t.handle);
      await limited.close();
    }
  }

  it.skipIf(!onServer)("a statement slower than statement_timeout is cancelled: a 503 page, not a hung request", async () => {
    const org = await makeOrg();
    const owner = await makeUser({ orgId: org.id, role: "owner" });
    const cookie = await sessionCookieFor(owner.id);
    await withLimits({ statement_timeout: 300 }, async () => {
      // Another session holds a lock every page needs (the session table), so the app's
      // statement waits until statement_timeout cancels it.
      await t.db.connection().execute(async (conn) => {
        await sql`begin`.execute(conn);
        await sql`lock table user_session in access exclusive mode`.execute(conn);
        try {
          const started = Date.now();
          const page = await server.request(`/o/${org.slug}`, { cookie });
          expect(page.status).toBe(503);
          const html = await page.text();
          expect(html).toContain("very busy right now");
          expect(html).toContain(page.headers.get("x-request-id")!);
          expect(Date.now() - started).toBeLessThan(5_000);
        } finally {
          await sql`rollback`.execute(conn);
        }
      });
    });
    expect((await server.request(`/o/${org.slug}`, { cookie })).status).toBe(200);
  });

  it.skipIf(!onServer)("an exhausted pool answers 503 after the bounded wait, then serves again", async () => {
    const org = await makeOrg();
    const owner = await makeUser({ orgId: org.id, role: "owner" });
    const cookie = await sessionCookieFor(owner.id);
    await withLimits({ max: 1, connectionTimeoutMillis: 300 }, async (limited) => {
      // Hold the pool's only connection while a request needs one.
      await limited.db.connection().execute(async () => {
        const started = Date.now();
        const page = await server.request(`/o/${org.slug}`, { cookie });
        expect(page.status).toBe(503);
        expect(await page.text()).toContain("very busy right now");
        expect(Date.now() - started).toBeLessThan(5_000);
      });
      expect((await server.request(`/o/${org.slug}`, { cookie })).status).toBe(200);
    });
  });
});
