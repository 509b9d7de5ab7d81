import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { runMaintenance } from "#app/server/maintenance.server";
import { makeApplication } from "#tests/support/admissions";
import { useTestDatabase } from "#tests/support/db";
import { expectDomainError, makeHouse, makeMember, makeOperator, makeStay } from "#tests/support/houses";
import { changeApplicationStatus, getApplication } from "./applications.server";
import { addScreeningNote, getApplicationIntake, getResidentIntake, updateApplicationIntake, updateResidentIntake } from "./intake.server";
import { admitApplication, dischargeStay } from "./stays.server";

const t = useTestDatabase();
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

const auditCount = async (action: string, entityId: string) =>
  (await sql<{ n: number }>`select count(*)::int as n from audit_event where action = ${action} and entity_id = ${entityId}`.execute(t.db)).rows[0]!
    .n;

/** What a role can read of the MOUD table directly (RLS, no domain code in between). */
const moudRows = (ctx: TenantContext) => withTenant(ctx, (tx) => tx.selectFrom("moud_status").select(["application_id", "resident_id", "status"]).execute());

async function world() {
  const fx = await makeOperator();
  const willow = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 2 });
  const harbor = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 1 });
  const willowManager = await makeMember(fx, "house_manager", [willow.houseId]);
  const willowStaff = await makeMember(fx, "staff", [willow.houseId]);
  const harborManager = await makeMember(fx, "house_manager", [harbor.houseId]);
  const harborStaff = await makeMember(fx, "staff", [harbor.houseId]);
  return { fx, willow, harbor, willowManager, willowStaff, harborManager, harborStaff };
}

const intake = {
  referralSource: "probation" as const,
  referralDetail: "Referred by the county reentry program",
  needs: "Ground-floor room; works early shifts",
  recoveryDate: "2026-02-14",
  payer: "voucher_or_grant" as const,
  sponsorName: "Marisol Vega",
  sponsorPhone: "215-555-0170",
  probationContactName: "Officer Dana Reyes",
  probationContactPhone: "215-555-0199",
};

describe("application intake", () => {
  it("stores every fact, and the screening log only grows, dated and signed", async () => {
    const { fx, willow, willowManager } = await world();
    const id = await makeApplication(fx.owner, { houseId: willow.houseId }, ["screening"]);
    await withTenant(willowManager.ctx, (tx) => updateApplicationIntake(tx, { applicationId: id, ...intake, moud: "prefer_not_to_say" }));
    const app = await withTenant(fx.owner, (tx) => getApplication(tx, id));
    expect(app).toMatchObject(intake);
    await withTenant(willowManager.ctx, (tx) => addScreeningNote(tx, { applicationId: id, body: "First call: wants a quiet house." }));
    await withTenant(fx.owner, (tx) => addScreeningNote(tx, { applicationId: id, body: "References checked." }));
    const { log, moud } = await withTenant(willowManager.ctx, (tx) => getApplicationIntake(tx, id));
    expect(log.map((n) => n.body)).toEqual(["References checked.", "First call: wants a quiet house."]);
    expect(log.every((n) => n.authorName && n.createdAt instanceof Date)).toBe(true);
    expect(moud).toMatchObject({ access: true, mayEdit: true, answer: "prefer_not_to_say" });
    // Append-only, whatever SQL the app role sends.
    await expect(
      withTenant(fx.owner, (tx) => tx.updateTable("screening_note").set({ body: "rewritten" }).where("application_id", "=", id).execute()),
    ).rejects.toThrow();
    await expect(withTenant(fx.owner, (tx) => tx.deleteFrom("screening_note").where("application_id", "=", id).execute())).resolves.toEqual([
      expect.objectContaining({ numDeletedRows: 0n }),
    ]);
    expect((await sql<{ n: number }>`select count(*)::int as n from screening_note where application_id = ${id}`.execute(t.db)).rows[0]!.n).toBe(2);
  });

  it("shows the MOUD answer only to the staff of the application's house, and audits every read", async () => {
    const { fx, willow, willowManager, willowStaff, harborManager, harborStaff } = await world();
    const id = await makeApplication(fx.owner, { houseId: willow.houseId }, ["screening"]);
    await withTenant(fx.owner, (tx) => updateApplicationIntake(tx, { applicationId: id, referralSource: "self", moud: "yes" }));
    for (const who of [fx.owner, willowManager.ctx, willowStaff.ctx]) expect(await moudRows(who)).toHaveLength(1);
    // Another house's manager and staff: never the answer.
    for (const who of [harborManager.ctx, harborStaff.ctx]) expect(await moudRows(who)).toEqual([]);

    const before = await auditCount("moud.viewed", id);
    const seen = await withTenant(willowStaff.ctx, (tx) => getApplicationIntake(tx, id));
    expect(seen.moud).toMatchObject({ access: true, mayEdit: false, answer: "yes" });
    await withTenant(willowStaff.ctx, (tx) => getApplicationIntake(tx, id));
    expect(await auditCount("moud.viewed", id)).toBe(before + 2);
    // Staff read but never record it; nor does another house's manager.
    await expectDomainError(
      withTenant(willowStaff.ctx, (tx) => updateApplicationIntake(tx, { applicationId: id, referralSource: "self", moud: "no" })),
      "not_found",
    );
    await expect(
      withTenant(harborManager.ctx, (tx) => tx.insertInto("moud_status").values({ org_id: fx.orgId, application_id: id, status: "no" }).execute()),
    ).rejects.toThrow(/row-level security/);
    expect((await moudRows(fx.owner))[0]!.status).toBe("yes");
  });

  it("keeps an any-house application's answer with owners and admins", async () => {
    const { fx, willowManager, willowStaff } = await world();
    const id = await makeApplication(fx.owner, {}, ["screening"]);
    await expectDomainError(
      withTenant(willowManager.ctx, (tx) => updateApplicationIntake(tx, { applicationId: id, referralSource: "self", moud: "yes" })),
      "forbidden",
    );
    await withTenant(fx.owner, (tx) => updateApplicationIntake(tx, { applicationId: id, referralSource: "self", moud: "no" }));
    expect((await withTenant(willowStaff.ctx, (tx) => getApplicationIntake(tx, id))).moud).toEqual({ access: false });
    expect(await moudRows(willowManager.ctx)).toEqual([]);
    expect(await auditCount("moud.viewed", id)).toBe(0);
  });
});

describe("admission carries the intake into the resident's record", () => {
  it("copies the facts, the answer and the log in the admitting transaction; house-scoped afterwards", async () => {
    const { willow, willowManager, willowStaff, harborManager, harborStaff } = await world();
    const id = await makeApplication(willowManager.ctx, { houseId: willow.houseId }, ["screening"]);
    await withTenant(willowManager.ctx, async (tx) => {
      await updateApplicationIntake(tx, { applicationId: id, ...intake, moud: "yes" });
      await addScreeningNote(tx, { applicationId: id, body: "Phone screen done; references checked." });
    });
    await withTenant(willowManager.ctx, (tx) => changeApplicationStatus(tx, { applicationId: id, status: "accepted" }));
    const { residentId } = await withTenant(willowManager.ctx, (tx) =>
      admitApplication(tx, { applicationId: id, bedId: willow.bedIds[0]!, moveInDate: day(0) }),
    );
    const seen = await withTenant(willowStaff.ctx, (tx) => getResidentIntake(tx, residentId));
    const { recoveryDate: _r, ...facts } = intake;
    expect(seen.facts).toMatchObject({ ...facts, fromApplicationId: id });
    expect(seen.moud).toMatchObject({ access: true, answer: "yes", mayEdit: false });
    expect(seen.log.map((n) => n.body)).toEqual(["Phone screen done; references checked."]);
    expect(seen.mayEdit).toBe(false);
    const recovery = await sql<{ d: string }>`select recovery_start_date::text as d from resident where id = ${residentId}`.execute(t.db);
    expect(recovery.rows[0]!.d).toBe(intake.recoveryDate);
    expect(await auditCount("moud.viewed", residentId)).toBe(1);

    // Another house's staff: no intake, no answer, no log (directly in SQL too).
    for (const who of [harborManager.ctx, harborStaff.ctx]) {
      await expectDomainError(withTenant(who, (tx) => getResidentIntake(tx, residentId)), "not_found");
      expect(await withTenant(who, (tx) => tx.selectFrom("resident_intake").select("id").execute())).toEqual([]);
      expect(await withTenant(who, (tx) => tx.selectFrom("screening_note").select("id").execute())).toEqual([]);
      expect(await moudRows(who)).toEqual([]);
    }

    // After the stay ends, the answer stays with the house the resident lives in (none now):
    // the former house's staff keep the intake facts (like notes) but lose the MOUD answer.
    const stayId = (await t.db.selectFrom("stay").select("id").where("resident_id", "=", residentId).executeTakeFirstOrThrow()).id;
    await sql`update stay set during = daterange(${day(-20)}::date, ${day(-1)}::date), end_type = 'discharge', discharge_reason = 'completed_program' where id = ${stayId}`.execute(
      t.db,
    );
    const later = await withTenant(willowStaff.ctx, (tx) => getResidentIntake(tx, residentId));
    expect(later.facts).not.toBeNull();
    expect(later.moud).toEqual({ access: false });
    expect((await moudRows(willowStaff.ctx)).filter((r) => r.resident_id === residentId)).toEqual([]);
  });

  // A resident reads their own intake answers and MOUD status row (their "my data" download,
  // ADR 040: the right of access), never the screening notes, never another resident's, and
  // never through the staff's intake page.
  it("a resident reads only their own intake answer and MOUD row, never the screening log or the staff's intake page", async () => {
    const { fx, willow } = await world();
    const { residentId } = await makeStay(fx.owner, willow.bedIds[0]!, day(0));
    const { residentId: other } = await makeStay(fx.owner, willow.bedIds[1]!, day(0));
    await withTenant(fx.owner, (tx) => updateResidentIntake(tx, { residentId, needs: "Quiet room", moud: "no" }));
    await withTenant(fx.owner, (tx) => updateResidentIntake(tx, { residentId: other, needs: "Ground floor", moud: "no" }));
    const account = await makeMember(fx, "resident");
    await sql`update resident set user_id = ${account.userId} where id = ${residentId}`.execute(t.db);
    for (const table of ["resident_intake", "moud_status"] as const) {
      const rows = await withTenant(account.ctx, (tx) => tx.selectFrom(table).select("resident_id").execute());
      expect(rows.map((r) => r.resident_id), table).toEqual([residentId]);
    }
    expect(await withTenant(account.ctx, (tx) => tx.selectFrom("screening_note").select("id").execute())).toEqual([]);
    await expectDomainError(withTenant(account.ctx, (tx) => getResidentIntake(tx, residentId)), "not_found");
  });
});

describe("the resident's intake section", () => {
  it("is edited by owners/admins and the house's managers; staff read it", async () => {
    const { fx, willow, willowManager, willowStaff, harborManager } = await world();
    const { residentId } = await makeStay(fx.owner, willow.bedIds[1]!, day(0));
    const { recoveryDate: _r, ...facts } = intake;
    await withTenant(willowManager.ctx, (tx) => updateResidentIntake(tx, { residentId, ...facts, moud: "prefer_not_to_say" }));
    await withTenant(willowManager.ctx, (tx) => addScreeningNote(tx, { residentId, body: "Check-in after the first week went well." }));
    const seen = await withTenant(willowStaff.ctx, (tx) => getResidentIntake(tx, residentId));
    expect(seen.facts).toMatchObject({ ...facts, fromApplicationId: null });
    expect(seen.moud).toMatchObject({ access: true, answer: "prefer_not_to_say" });
    expect(seen.log).toHaveLength(1);
    await expectDomainError(withTenant(willowStaff.ctx, (tx) => updateResidentIntake(tx, { residentId, needs: "x" })), "forbidden");
    await expectDomainError(withTenant(harborManager.ctx, (tx) => updateResidentIntake(tx, { residentId, needs: "x" })), "not_found");
    await expectDomainError(withTenant(willowStaff.ctx, (tx) => addScreeningNote(tx, { residentId, body: "x" })), "forbidden");
  });
});

describe("held beds", () => {
  it("are released by maintenance when the hold ends, not before", async () => {
    const { fx, willow } = await world();
    const { stayId } = await makeStay(fx.owner, willow.bedIds[0]!, day(-30));
    await withTenant(fx.owner, (tx) => dischargeStay(tx, { stayId, date: day(0), reason: "hospital_or_treatment", holdBedDays: 3 }));
    const bed = () =>
      t.db.selectFrom("bed").select(["status", "held_until", "status_reason"]).where("id", "=", willow.bedIds[0]!).executeTakeFirstOrThrow();
    expect(await bed()).toMatchObject({ status: "held", held_until: day(3) });
    await runMaintenance();
    expect((await bed()).status).toBe("held");
    // Three days later (the hold's last day has passed in the house's zone).
    // Two UTC days back: the hold has ended in any house's zone, whatever the hour (day() is UTC).
    await sql`update bed set held_until = ${day(-2)}::date where id = ${willow.bedIds[0]!}`.execute(t.db);
    const { released } = await runMaintenance();
    expect(released).toBeGreaterThanOrEqual(1);
    expect(await bed()).toEqual({ status: "available", held_until: null, status_reason: null });
    expect(await auditCount("bed.hold_released", willow.bedIds[0]!)).toBe(1);
  });

  it("a hold set by hand has no end and stays", async () => {
    const { fx, willow } = await world();
    await sql`update bed set status = 'held', status_reason = 'Kept for a returning resident' where id = ${willow.bedIds[1]!}`.execute(t.db);
    await runMaintenance();
    expect((await t.db.selectFrom("bed").select("status").where("id", "=", willow.bedIds[1]!).executeTakeFirstOrThrow()).status).toBe("held");
    void fx;
  });
});
