import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { hit as countHit } from "#app/auth/rate-limit.server";
import { newRequestContext, withRequestContext } from "#app/lib/request-context.server";
import { useTestDatabase } from "#tests/support/db";
import { createTestSession, makeOrg, makeUser } from "#tests/support/factories";
import { finishRequestTransaction, withPlatform, withTenant, type Tx } from "./tenant.server";

/** ADR 015: in a GET request every withTenant/withPlatform shares one transaction. */
const t = useTestDatabase();

const txid = (tx: Tx) => sql<{ id: string }>`select txid_current()::text as id`.execute(tx).then((r) => r.rows[0]!.id);
const setting = (tx: Tx, name: string) =>
  sql<{ v: string | null }>`select current_setting(${name}, true) as v`.execute(tx).then((r) => r.rows[0]!.v ?? "");
// A write the app role may make in any context: a rate-limit hit (through its function).
const hit = (tx: Tx, key: string) => countHit(tx, key, { max: 10, windowSeconds: 60 });
const exists = async (key: string) =>
  Boolean(await t.db.selectFrom("rate_limit").select("key").where("key", "=", key).executeTakeFirst());

function inGetRequest<T>(fn: () => Promise<T>) {
  const rc = newRequestContext({ shareTransaction: true });
  return { rc, run: () => withRequestContext(rc, fn) };
}

describe("the request transaction", () => {
  it("runs every call of a GET in one transaction, with each call's own settings, committed at the end", async () => {
    const org = await makeOrg();
    const owner = await makeUser({ orgId: org.id, role: "owner" });
    // Inside a request a context is signed from its session (ADR 010).
    const { token } = await createTestSession(owner.id);
    const key = `req-tx-${Math.random()}`;
    const { rc, run } = inGetRequest(async () => {
      // Parallel calls (like parallel loaders) queue; none sees another's settings.
      const [a, b, c] = await Promise.all([
        withPlatform({}, async (tx) => ({ id: await txid(tx), org: await setting(tx, "app.org_id") })),
        withTenant({ orgId: org.id, userId: owner.id, role: "owner", sessionToken: token }, async (tx) => {
          await hit(tx, key);
          return { id: await txid(tx), org: await setting(tx, "app.org_id") };
        }),
        withPlatform({}, async (tx) => ({ id: await txid(tx), org: await setting(tx, "app.org_id") })),
      ]);
      return { a, b, c };
    });
    const { a, b, c } = await run();
    expect(new Set([a.id, b.id, c.id]).size).toBe(1);
    expect([a.org, b.org, c.org]).toEqual(["", org.id, ""]);
    expect(rc.transactions).toBe(1);
    // Not committed until the request ends (on PGlite the open transaction holds the one
    // connection, so only a server can look from outside).
    if (t.handle.kind === "pg") expect(await exists(key)).toBe(false);
    await finishRequestTransaction(rc);
    expect(await exists(key)).toBe(true);
  });

  it("sends the settings statement only when the context changes", async () => {
    const { rc, run } = inGetRequest(async () => {
      await withPlatform({ requestId: "r1" }, async () => undefined);
      await withPlatform({ requestId: "r1" }, async () => undefined);
      await withPlatform({ requestId: "r1" }, async () => undefined);
    });
    await run();
    await finishRequestTransaction(rc);
    expect(rc.queries).toBe(1);
  });

  it("a call that throws rolls the transaction back, as its own would have been; later calls start a new one", async () => {
    const [before, failed, after] = [`a-${Math.random()}`, `b-${Math.random()}`, `c-${Math.random()}`];
    const { rc, run } = inGetRequest(async () => {
      await withPlatform({}, (tx) => hit(tx, before));
      await expect(
        withPlatform({}, async (tx) => {
          await hit(tx, failed);
          throw new Error("refused");
        }),
      ).rejects.toThrow("refused");
      await withPlatform({}, (tx) => hit(tx, after));
    });
    await run();
    await finishRequestTransaction(rc);
    expect(rc.transactions).toBe(2);
    expect(await exists(failed)).toBe(false);
    expect(await exists(before)).toBe(false); // the earlier call's write went with it
    expect(await exists(after)).toBe(true);
  });

  it("outside a GET (actions) each call is its own transaction", async () => {
    const rc = newRequestContext();
    const ids = await withRequestContext(rc, async () => [await withPlatform({}, txid), await withPlatform({}, txid)]);
    expect(ids[0]).not.toBe(ids[1]);
    expect(rc.transactions).toBe(2);
  });
});
