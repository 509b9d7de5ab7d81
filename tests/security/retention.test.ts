import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { withTenant, withPlatform, setTenantOrg } from "#app/db/tenant.server";
import { admitApplication } from "#app/domain/admissions/stays.server";
import { enqueueEmail } from "#app/domain/outbox/outbox.server";
import { drainOutbox } from "#app/server/worker.server";
import { runMaintenance } from "#app/server/maintenance.server";
import { makeApplication } from "#tests/support/admissions";
import { useTestDatabase } from "#tests/support/db";
import { makeHouse, makeMember, makeOperator } from "#tests/support/houses";

/**
 * Decided applications (issue 8, item 4) and finished outbox jobs (item 13): who may still
 * read them, and how long their personal details and tokens stay.
 */
const t = useTestDatabase();

const visible = (ctx: Parameters<typeof withTenant>[0], id: string) =>
  withTenant(ctx, async (tx) => (await tx.selectFrom("application").select("id").where("id", "=", id).execute()).length === 1);

describe("decided applications", () => {
  it("are read only by owners/admins and the managers of the admitted house", async () => {
    const fx = await makeOperator();
    const willow = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 1 });
    const harbor = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 1 });
    const willowManager = await makeMember(fx, "house_manager", [willow.houseId]);
    const harborManager = await makeMember(fx, "house_manager", [harbor.houseId]);
    const willowStaff = await makeMember(fx, "staff", [willow.houseId]);
    // An "any house" application: every house's manager and staff see it while it is open.
    const id = await makeApplication(fx.owner, {}, ["screening", "accepted"]);
    for (const who of [willowManager, harborManager, willowStaff]) expect(await visible(who.ctx, id)).toBe(true);
    await withTenant(willowManager.ctx, (tx) =>
      admitApplication(tx, { applicationId: id, bedId: willow.bedIds[0]!, moveInDate: new Date().toISOString().slice(0, 10) }),
    );
    expect(await visible(fx.owner, id)).toBe(true);
    expect(await visible(willowManager.ctx, id)).toBe(true);
    expect(await visible(harborManager.ctx, id)).toBe(false);
    expect(await visible(willowStaff.ctx, id)).toBe(false);

    // Declined: owners and admins only (even the manager who declined it, once it is done).
    const declined = await makeApplication(harborManager.ctx, { houseId: harbor.houseId }, ["screening", "declined"]);
    expect(await visible(harborManager.ctx, declined)).toBe(false);
    expect(await visible(fx.owner, declined)).toBe(true);
  });

  it("declined ones are anonymised after the retention period, with an audit entry each", async () => {
    const fx = await makeOperator();
    const old = await makeApplication(fx.owner, { applicantName: "Old Applicant", email: "old@example.test" }, ["screening", "declined"]);
    const recent = await makeApplication(fx.owner, { applicantName: "Recent Applicant" }, ["screening", "declined"]);
    const open = await makeApplication(fx.owner, { applicantName: "Open Applicant" }, ["screening"]);
    await sql`update application set status_changed_at = now() - interval '181 days' where id in (${old}, ${open})`.execute(t.db);
    await runMaintenance({ applicationDays: 180 });
    const rows = await t.db
      .selectFrom("application")
      .select(["id", "applicant_name", "email", "phone", "decline_reason", "anonymised_at"])
      .where("id", "in", [old, recent, open])
      .execute();
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(byId[old]).toMatchObject({ applicant_name: "Removed", email: null, phone: null, decline_reason: "Removed" });
    expect(byId[old]!.anonymised_at).not.toBeNull();
    expect(byId[recent]).toMatchObject({ applicant_name: "Recent Applicant", anonymised_at: null });
    expect(byId[open]).toMatchObject({ applicant_name: "Open Applicant", anonymised_at: null });
    const audits = await t.db.selectFrom("audit_event").select(["entity_id", "data"]).where("action", "=", "application.anonymised").execute();
    expect(audits.map((a) => a.entity_id)).toEqual([old]);
    expect(JSON.stringify(audits)).not.toContain("Old Applicant");
  });
});

describe("the outbox", () => {
  it("redacts a job's payload once it is sent and purges sent jobs after a while", async () => {
    const fx = await makeOperator();
    await withPlatform({}, async (tx) => {
      await setTenantOrg(tx, fx.orgId);
      await enqueueEmail(tx, { to: "someone@example.test", subject: "Reset", text: "https://hearth.test/reset-password/SECRET-TOKEN" });
    });
    await drainOutbox({ mailer: { send: async () => {} } });
    const [job] = await t.db.selectFrom("outbox").select(["id", "status", "payload"]).where("org_id", "=", fx.orgId).execute();
    expect(job).toMatchObject({ status: "done", payload: { redacted: true } });
    expect(JSON.stringify(job)).not.toContain("SECRET-TOKEN");
    await sql`update outbox set processed_at = now() - interval '31 days' where id = ${job!.id}`.execute(t.db);
    await runMaintenance({ outboxDays: 30 });
    expect(await t.db.selectFrom("outbox").select("id").where("id", "=", job!.id).execute()).toEqual([]);
  });
});
