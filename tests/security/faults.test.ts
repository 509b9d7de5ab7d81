import { describe, expect, it } from "vitest";
import { createDbHandle, setDbHandle } from "#app/db/db.server";
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
});
