import { recordManualEntry } from "#app/domain/fees/ledger.server";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import type { Role } from "#app/db/schema";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { setBedStatus } from "#app/domain/houses/layout.server";
import { getResidentFile } from "#app/domain/residents/directory.server";
import { createResident } from "#app/domain/residents/residents.server";
import { addDays, todayIn } from "#app/lib/dates";
import { useTestDatabase } from "#tests/support/db";
import {
  expectDomainError,
  makeHouse,
  makeOperator,
  makeResident,
  makeStay,
  residentInput,
} from "#tests/support/houses";
import { changeApplicationStatus, createApplication } from "./applications.server";
import { addScreeningNote } from "./intake.server";
import {
  admitApplication,
  admitResident,
  cancelPlannedStay,
  dischargeStay,
  getStay,
  transferStay,
  undoDischarge,
  undoTransfer,
} from "./stays.server";

const t = useTestDatabase();
const today = todayIn("America/New_York");
const day = (n: number) => addDays(today, n);

async function stayRow(stayId: string) {
  return (
    await sql<{ during: string; end_type: string | null; bed_id: string; discharge_reason: string | null }>`
      select during::text, end_type, bed_id, discharge_reason from stay where id = ${stayId}`.execute(t.db)
  ).rows[0];
}
async function countStays(orgId: string) {
  return (await sql<{ n: number }>`select count(*)::int as n from stay where org_id = ${orgId}`.execute(t.db)).rows[0]!.n;
}

/** A resident's stays as the pages show them: listed on their file, each opened on its own page. */
async function staysOf(ctx: TenantContext, residentId: string) {
  return withTenant(ctx, async (tx) => {
    const file = await getResidentFile(tx, ctx.role as Role, residentId);
    const stays = [];
    for (const s of file.stays) stays.push(await getStay(tx, s.id));
    return stays;
  });
}

describe("admissions", () => {
  it("admits a resident and refuses an overlapping stay in the same bed", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner);
    const bed = h.bedIds[0]!;
    const first = await makeStay(fx.owner, bed, day(-10));
    const stay = await withTenant(fx.owner, (tx) => getStay(tx, first.stayId));
    expect(stay).toMatchObject({ bedId: bed, moveIn: day(-10), moveOut: null, status: "current", endType: null });

    const other = await makeResident(fx.owner);
    const err = await expectDomainError(
      withTenant(fx.owner, (tx) => admitResident(tx, { residentId: other, bedId: bed, moveInDate: day(5) })),
      "conflict",
    );
    expect(err.message).toMatch(/bed is already taken/);
    expect(err.field).toBe("bedId");
    expect(await countStays(fx.orgId)).toBe(1);
  });

  it("refuses a resident holding two overlapping stays (even in different beds)", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner);
    const { residentId } = await makeStay(fx.owner, h.bedIds[0]!, day(-3));
    const err = await expectDomainError(
      withTenant(fx.owner, (tx) => admitResident(tx, { residentId, bedId: h.bedIds[1]!, moveInDate: day(1) })),
      "conflict",
    );
    expect(err.message).toMatch(/already has a stay/);
  });

  it("a planned move-in reserves the bed; a stay ending before it fits", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner);
    const bed = h.bedIds[0]!;
    await makeStay(fx.owner, bed, day(7));
    const r = await makeResident(fx.owner);
    await expectDomainError(
      withTenant(fx.owner, (tx) => admitResident(tx, { residentId: r, bedId: bed, moveInDate: day(0) })),
      "conflict",
    );
    // Move-out is exclusive: out on day 7, the next resident in on day 7.
    await withTenant(fx.owner, (tx) =>
      admitResident(tx, { residentId: r, bedId: bed, moveInDate: day(0), expectedMoveOutDate: day(7) }),
    );
    expect(await countStays(fx.orgId)).toBe(2);
  });

  it("refuses an out-of-service bed, in the domain and in the database", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner);
    const bed = h.bedIds[0]!;
    await withTenant(fx.owner, (tx) => setBedStatus(tx, { bedId: bed, status: "out_of_service", reason: "Water damage" }));
    const r = await makeResident(fx.owner);
    const err = await expectDomainError(
      withTenant(fx.owner, (tx) => admitResident(tx, { residentId: r, bedId: bed, moveInDate: today })),
      "conflict",
    );
    expect(err.message).toMatch(/out of service/);
    // Bypassing the domain check, the trigger still refuses.
    await expect(
      withTenant(fx.owner, (tx) =>
        tx
          .insertInto("stay")
          .values({
            org_id: fx.orgId,
            resident_id: r,
            house_id: h.houseId,
            bed_id: bed,
            during: sql<string>`daterange(${today}::date, null)`,
          })
          .execute(),
      ),
    ).rejects.toMatchObject({ code: "23514", constraint: "stay_bed_in_service" });
    expect(await countStays(fx.orgId)).toBe(0);
  });

  it("a held bed can still be admitted into", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner);
    await withTenant(fx.owner, (tx) => setBedStatus(tx, { bedId: h.bedIds[0]!, status: "held", reason: null }));
    await makeStay(fx.owner, h.bedIds[0]!, today);
    expect(await countStays(fx.orgId)).toBe(1);
  });

  it("another org's bed is not found (RLS), and the composite foreign key refuses it too", async () => {
    const a = await makeOperator();
    const b = await makeOperator();
    const hb = await makeHouse(b.owner);
    const r = await makeResident(a.owner);
    await expectDomainError(
      withTenant(a.owner, (tx) => admitResident(tx, { residentId: r, bedId: hb.bedIds[0]!, moveInDate: today })),
      "not_found",
    );
    // Straight insert with org A's id and org B's bed/house: the (org_id, house_id, bed_id) FK fails.
    await expect(
      withTenant(a.owner, (tx) =>
        tx
          .insertInto("stay")
          .values({
            org_id: a.orgId,
            resident_id: r,
            house_id: hb.houseId,
            bed_id: hb.bedIds[0]!,
            during: sql<string>`daterange(${today}::date, null)`,
          })
          .execute(),
      ),
    ).rejects.toMatchObject({ code: "23503" });
    // And org B's resident cannot be placed in org A's bed.
    const ha = await makeHouse(a.owner);
    const rb = await makeResident(b.owner);
    await expectDomainError(
      withTenant(a.owner, (tx) => admitResident(tx, { residentId: rb, bedId: ha.bedIds[0]!, moveInDate: today })),
      "not_found",
    );
    expect(await countStays(a.orgId)).toBe(0);
    expect(await countStays(b.orgId)).toBe(0);
  });

  it("validates input strictly", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner);
    const r = await makeResident(fx.owner);
    // Each input breaks one rule; the refusal names its field and message.
    const refusals: [unknown, string | null, string][] = [
      [{ residentId: r, bedId: h.bedIds[0]!, moveInDate: "2026-02-30" }, "moveInDate", "Use a date like 2026-03-01."],
      [{ residentId: r, bedId: h.bedIds[0]!, moveInDate: "03/01/2026" }, "moveInDate", "Use a date like 2026-03-01."],
      [{ residentId: "nope", bedId: h.bedIds[0]!, moveInDate: today }, "residentId", "Not a valid id."],
      [{ residentId: r, bedId: h.bedIds[0]!, moveInDate: today, expectedMoveOutDate: today }, "expectedMoveOutDate", "The move-out date must be after the move-in date."],
      [{ residentId: r, bedId: h.bedIds[0]!, moveInDate: addDays(today, 366) }, "moveInDate", "The date can be at most 365 days ahead."],
      [{ residentId: r, bedId: h.bedIds[0]!, moveInDate: today, extra: 1 }, null, "Unexpected fields."],
    ];
    for (const [input, field, message] of refusals) {
      await expectDomainError(withTenant(fx.owner, (tx) => admitResident(tx, input as never)), "invalid", { field, message });
    }
    // The last day of the window is inside it.
    await withTenant(fx.owner, (tx) => admitResident(tx, { residentId: r, bedId: h.bedIds[0]!, moveInDate: addDays(today, 365) }));
    expect(await countStays(fx.orgId)).toBe(1);
  });
});

describe("discharges", () => {
  it("records date, reason and destination and frees the bed from that date", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner);
    const bed = h.bedIds[0]!;
    const { stayId } = await makeStay(fx.owner, bed, day(-30));
    await withTenant(fx.owner, (tx) =>
      dischargeStay(tx, { stayId, date: day(-2), reason: "completed_program", destination: "Own apartment" }),
    );
    expect(await stayRow(stayId)).toMatchObject({ during: `[${day(-30)},${day(-2)})`, end_type: "discharge", discharge_reason: "completed_program" });
    const stay = await withTenant(fx.owner, (tx) => getStay(tx, stayId));
    expect(stay).toMatchObject({ status: "ended", dischargeDestination: "Own apartment", moveOut: day(-2) });
    await makeStay(fx.owner, bed, day(-2));
    expect(await countStays(fx.orgId)).toBe(2);
  });

  it("refuses a discharge on or before the move-in date, and a second discharge", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner);
    const { stayId } = await makeStay(fx.owner, h.bedIds[0]!, day(-5));
    for (const date of [day(-6), day(-5)]) {
      await expectDomainError(withTenant(fx.owner, (tx) => dischargeStay(tx, { stayId, date, reason: "left_voluntarily" })), "invalid", {
        field: "date",
        message: "The discharge date must be after the move-in date.",
      });
    }
    expect(await stayRow(stayId)).toMatchObject({ during: `[${day(-5)},)`, end_type: null });
    // The database agrees (a daterange cannot end before it starts, nor be empty).
    await expect(
      withTenant(fx.owner, (tx) =>
        tx.updateTable("stay").set({ during: sql<string>`daterange(${day(-5)}::date, ${day(-5)}::date)` }).where("id", "=", stayId).execute(),
      ),
    ).rejects.toMatchObject({ code: "23514", constraint: "stay_during_valid" });
    await withTenant(fx.owner, (tx) => dischargeStay(tx, { stayId, date: day(3), reason: "independent_housing" }));
    await expectDomainError(withTenant(fx.owner, (tx) => dischargeStay(tx, { stayId, date: day(4), reason: "other" })), "conflict", {
      field: null,
      message: "This stay has already been discharged.",
    });
    await expectDomainError(withTenant(fx.owner, (tx) => dischargeStay(tx, { stayId, date: day(4), reason: "relapse" as never })), "invalid", {
      field: "reason",
      message: "Choose a discharge reason.",
    });
  });
});

describe("transfers", () => {
  it("closes the old stay and opens the new one, across houses", async () => {
    const fx = await makeOperator();
    const h1 = await makeHouse(fx.owner);
    const h2 = await makeHouse(fx.owner);
    const { residentId, stayId } = await makeStay(fx.owner, h1.bedIds[0]!, day(-20));
    const { stayId: newStay } = await withTenant(fx.owner, (tx) =>
      transferStay(tx, { stayId, toBedId: h2.bedIds[1]!, date: day(-1) }),
    );
    expect(await stayRow(stayId)).toMatchObject({ during: `[${day(-20)},${day(-1)})`, end_type: "transfer" });
    const stays = await staysOf(fx.owner, residentId);
    expect(stays.map((s) => [s.id, s.houseId, s.status, s.transferredFromStayId])).toEqual([
      [newStay, h2.houseId, "current", stayId],
      [stayId, h1.houseId, "ended", null],
    ]);
    // The old bed is free from the transfer date.
    await makeStay(fx.owner, h1.bedIds[0]!, day(-1));
  });

  it("is atomic: when the new bed is taken, the old stay is unchanged", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner);
    const { stayId } = await makeStay(fx.owner, h.bedIds[0]!, day(-20));
    await makeStay(fx.owner, h.bedIds[1]!, day(-5));
    const before = await stayRow(stayId);
    await expectDomainError(
      withTenant(fx.owner, (tx) => transferStay(tx, { stayId, toBedId: h.bedIds[1]!, date: day(0) })),
      "conflict",
    );
    expect(await stayRow(stayId)).toEqual(before);
    expect(before).toMatchObject({ during: `[${day(-20)},)`, end_type: null });
    expect(await countStays(fx.orgId)).toBe(2);
  });

  it("refuses bad dates, the same bed and out-of-service beds", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner);
    const { stayId } = await makeStay(fx.owner, h.bedIds[0]!, day(-5));
    const transfer = (toBedId: string, date: string) => withTenant(fx.owner, (tx) => transferStay(tx, { stayId, toBedId, date }));
    await expectDomainError(transfer(h.bedIds[1]!, day(-5)), "invalid", { field: "date", message: "The transfer date must be after the move-in date." });
    await expectDomainError(transfer(h.bedIds[0]!, day(1)), "invalid", { field: "toBedId", message: "Choose a different bed." });
    await withTenant(fx.owner, (tx) => setBedStatus(tx, { bedId: h.bedIds[1]!, status: "out_of_service", reason: "Repairs" }));
    await expectDomainError(transfer(h.bedIds[1]!, day(1)), "conflict", { field: "bedId", message: "That bed is out of service." });
    expect(await stayRow(stayId)).toMatchObject({ end_type: null });
  });
});

describe("planned stays", () => {
  it("can be cancelled before they start, not after", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner);
    const planned = await makeStay(fx.owner, h.bedIds[0]!, day(3));
    const started = await makeStay(fx.owner, h.bedIds[1]!, day(0));
    await withTenant(fx.owner, (tx) => cancelPlannedStay(tx, { stayId: planned.stayId }));
    await expectDomainError(withTenant(fx.owner, (tx) => cancelPlannedStay(tx, { stayId: started.stayId })), "conflict", {
      message: "This stay has already started. Record a discharge or transfer instead.",
    });
    expect(await countStays(fx.orgId)).toBe(1);
  });
});

describe("correcting mistakes", () => {
  it("cancelling the move-in a transfer created undoes the transfer: the original stay continues as before", async () => {
    const fx = await makeOperator();
    const h1 = await makeHouse(fx.owner);
    const h2 = await makeHouse(fx.owner);
    const { residentId, stayId } = await makeStay(fx.owner, h1.bedIds[0]!, day(-20), day(40));
    const before = await stayRow(stayId);
    const { stayId: moved } = await withTenant(fx.owner, (tx) => transferStay(tx, { stayId, toBedId: h2.bedIds[0]!, date: day(1) }));
    const result = await withTenant(fx.owner, (tx) => cancelPlannedStay(tx, { stayId: moved }));
    expect(result).toEqual({ undidTransferOf: stayId });
    expect(await stayRow(stayId)).toEqual(before);
    expect(await stayRow(moved)).toBeUndefined();
    const stays = await staysOf(fx.owner, residentId);
    expect(stays.map((s) => [s.id, s.status, s.endType, s.moveOut])).toEqual([[stayId, "current", null, day(40)]]);
    // They can be transferred again, and the new bed is free again.
    await withTenant(fx.owner, (tx) => transferStay(tx, { stayId, toBedId: h2.bedIds[0]!, date: day(2) }));
    const actions = (await sql<{ action: string }>`select action from audit_event where org_id = ${fx.orgId} order by created_at`.execute(t.db)).rows.map((r) => r.action);
    expect(actions).toContain("stay.transfer_undone");
  });

  it("undoes a transfer that has already happened, from either side, unless the old bed was booked since", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 3 });
    const a = await makeStay(fx.owner, h.bedIds[0]!, day(-20));
    const { stayId: movedA } = await withTenant(fx.owner, (tx) => transferStay(tx, { stayId: a.stayId, toBedId: h.bedIds[1]!, date: day(-2) }));
    await withTenant(fx.owner, (tx) => undoTransfer(tx, { stayId: a.stayId }));
    expect(await stayRow(a.stayId)).toMatchObject({ during: `[${day(-20)},)`, end_type: null, bed_id: h.bedIds[0] });
    expect(await stayRow(movedA)).toBeUndefined();

    const { stayId: again } = await withTenant(fx.owner, (tx) => transferStay(tx, { stayId: a.stayId, toBedId: h.bedIds[1]!, date: day(-1) }));
    // Someone else has taken the old bed meanwhile: the undo is refused and nothing changes.
    await makeStay(fx.owner, h.bedIds[0]!, day(3));
    const err = await expectDomainError(withTenant(fx.owner, (tx) => undoTransfer(tx, { stayId: again })), "conflict");
    expect(err.message).toMatch(/booked/);
    expect(await stayRow(again)).toMatchObject({ end_type: null });
    expect(await stayRow(a.stayId)).toMatchObject({ end_type: "transfer" });
  });

  it("refuses to undo a transfer once money is recorded on the stay after the move, and changes nothing", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner);
    const a = await makeStay(fx.owner, h.bedIds[0]!, day(-20));
    const { stayId: moved } = await withTenant(fx.owner, (tx) => transferStay(tx, { stayId: a.stayId, toBedId: h.bedIds[1]!, date: day(-2) }));
    await withTenant(fx.owner, (tx) => recordManualEntry(tx, { residentId: a.residentId, kind: "charge", amount: "25", reason: "Key replacement" }));
    const err = await expectDomainError(withTenant(fx.owner, (tx) => undoTransfer(tx, { stayId: a.stayId })), "conflict");
    expect(err.message).toMatch(/transfer back/);
    expect(await stayRow(moved)).toMatchObject({ end_type: null });
    expect(await stayRow(a.stayId)).toMatchObject({ end_type: "transfer" });
  });

  it("refuses to undo a transfer whose new stay has a discharge, and a stay that was never transferred", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner);
    const a = await makeStay(fx.owner, h.bedIds[0]!, day(-20));
    const { stayId: moved } = await withTenant(fx.owner, (tx) => transferStay(tx, { stayId: a.stayId, toBedId: h.bedIds[1]!, date: day(-2) }));
    await withTenant(fx.owner, (tx) => dischargeStay(tx, { stayId: moved, date: day(5), reason: "completed_program" }));
    expect((await expectDomainError(withTenant(fx.owner, (tx) => undoTransfer(tx, { stayId: a.stayId })), "conflict")).message).toMatch(/Undo the discharge first/);
    const other = await makeStay(fx.owner, h.bedIds[2] ?? h.bedIds[0]!, day(30));
    await expectDomainError(withTenant(fx.owner, (tx) => undoTransfer(tx, { stayId: other.stayId })), "conflict");
  });

  it("undoes a discharge (scheduled or past); refused when the bed was booked since", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner);
    const a = await makeStay(fx.owner, h.bedIds[0]!, day(-20));
    await withTenant(fx.owner, (tx) => dischargeStay(tx, { stayId: a.stayId, date: day(-1), reason: "left_voluntarily", destination: "Family" }));
    await withTenant(fx.owner, (tx) => undoDischarge(tx, { stayId: a.stayId }));
    expect(await stayRow(a.stayId)).toMatchObject({ during: `[${day(-20)},)`, end_type: null, discharge_reason: null });
    await expectDomainError(withTenant(fx.owner, (tx) => undoDischarge(tx, { stayId: a.stayId })), "conflict");

    await withTenant(fx.owner, (tx) => dischargeStay(tx, { stayId: a.stayId, date: day(2), reason: "other" }));
    await makeStay(fx.owner, h.bedIds[0]!, day(4));
    const err = await expectDomainError(withTenant(fx.owner, (tx) => undoDischarge(tx, { stayId: a.stayId })), "conflict");
    expect(err.message).toMatch(/booked/);
    expect(await stayRow(a.stayId)).toMatchObject({ end_type: "discharge" });
  });
});

describe("holding a bed on discharge", () => {
  it("holds the bed for the chosen days after a hospital stay, and only for the reasons that allow it", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner);
    const a = await makeStay(fx.owner, h.bedIds[0]!, day(-20));
    await expectDomainError(
      withTenant(fx.owner, (tx) => dischargeStay(tx, { stayId: a.stayId, date: day(0), reason: "completed_program", holdBedDays: 7 })),
      "invalid",
    );
    expect(await stayRow(a.stayId)).toMatchObject({ end_type: null });
    const result = await withTenant(fx.owner, (tx) => dischargeStay(tx, { stayId: a.stayId, date: day(0), reason: "hospital_or_treatment", holdBedDays: 7 }));
    expect(result).toEqual({ heldUntil: day(7) });
    const bed = (await sql<{ status: string; status_reason: string }>`select status, status_reason from bed where id = ${h.bedIds[0]!}`.execute(t.db)).rows[0];
    expect(bed).toEqual({ status: "held", status_reason: `Held for a resident's return until ${day(7)}` });
    // Without a hold the bed keeps its status.
    const b = await makeStay(fx.owner, h.bedIds[1]!, day(-20));
    await withTenant(fx.owner, (tx) => dischargeStay(tx, { stayId: b.stayId, date: day(0), reason: "return_to_use" }));
    expect((await sql<{ status: string }>`select status from bed where id = ${h.bedIds[1]!}`.execute(t.db)).rows[0]!.status).toBe("available");
  });
});

describe("admitting an application", () => {
  async function acceptedApplication(ctx: Parameters<typeof withTenant>[0]) {
    return withTenant(ctx, async (tx) => {
      const { id } = await createApplication(tx, {
        applicantName: "Applicant Example",
        phone: "215-555-0111",
        email: "applicant@example.test",
        referralSource: "probation",
        referralDetail: "Officer Dana Reyes, 215-555-0199",
        needs: "Needs a ground-floor room",
        consentToContact: true,
      });
      await addScreeningNote(tx, { applicationId: id, body: "Phone screen done; references checked." });
      await changeApplicationStatus(tx, { applicationId: id, status: "screening" });
      await changeApplicationStatus(tx, { applicationId: id, status: "accepted" });
      return id;
    });
  }

  it("creates the resident and the stay and marks the application admitted, together", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner);
    const applicationId = await acceptedApplication(fx.owner);
    const { residentId, stayId } = await withTenant(fx.owner, (tx) =>
      admitApplication(tx, { applicationId, bedId: h.bedIds[0]!, moveInDate: day(2), resident: { pronouns: "she/her" } }),
    );
    const res = await sql<{ legal_name: string; phone: string; email: string; pronouns: string }>`
      select legal_name, phone, email, pronouns from resident where id = ${residentId}`.execute(t.db);
    expect(res.rows[0]).toEqual({ legal_name: "Applicant Example", phone: "215-555-0111", email: "applicant@example.test", pronouns: "she/her" });
    const app = await sql<{ status: string; admitted_resident_id: string }>`
      select status, admitted_resident_id from application where id = ${applicationId}`.execute(t.db);
    expect(app.rows[0]).toEqual({ status: "admitted", admitted_resident_id: residentId });
    expect(await stayRow(stayId)).toMatchObject({ during: `[${day(2)},)` });
    // Intake follows the person: referral and needs land in the staff-only intake section,
    // the screening log is linked to the resident (intake.test.ts covers the rest).
    const intake = await sql<{ referral_source: string; referral_detail: string; needs: string }>`
      select referral_source, referral_detail, needs from resident_intake where resident_id = ${residentId}`.execute(t.db);
    expect(intake.rows).toEqual([
      { referral_source: "probation", referral_detail: "Officer Dana Reyes, 215-555-0199", needs: "Needs a ground-floor room" },
    ]);
    const log = await sql<{ body: string }>`select body from screening_note where resident_id = ${residentId}`.execute(t.db);
    expect(log.rows).toEqual([{ body: "Phone screen done; references checked." }]);
    await expectDomainError(
      withTenant(fx.owner, (tx) => admitApplication(tx, { applicationId, bedId: h.bedIds[1]!, moveInDate: day(2) })),
      "conflict",
    );
  });

  it("leaves nothing behind when the bed is taken", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner);
    await makeStay(fx.owner, h.bedIds[0]!, day(-1));
    const applicationId = await acceptedApplication(fx.owner);
    const residentsBefore = (await sql<{ n: number }>`select count(*)::int as n from resident where org_id = ${fx.orgId}`.execute(t.db)).rows[0]!.n;
    await expectDomainError(
      withTenant(fx.owner, (tx) => admitApplication(tx, { applicationId, bedId: h.bedIds[0]!, moveInDate: today })),
      "conflict",
    );
    const residentsAfter = (await sql<{ n: number }>`select count(*)::int as n from resident where org_id = ${fx.orgId}`.execute(t.db)).rows[0]!.n;
    expect(residentsAfter).toBe(residentsBefore);
    const app = await sql<{ status: string }>`select status from application where id = ${applicationId}`.execute(t.db);
    expect(app.rows[0]).toEqual({ status: "accepted" });
    expect(await countStays(fx.orgId)).toBe(1);
  });

  it("only accepted applications can be admitted", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner);
    const { id } = await withTenant(fx.owner, (tx) =>
      createApplication(tx, { applicantName: "New Applicant", email: "n@example.test", referralSource: "self", consentToContact: true }),
    );
    await expectDomainError(
      withTenant(fx.owner, (tx) => admitApplication(tx, { applicationId: id, bedId: h.bedIds[0]!, moveInDate: today })),
      "conflict",
    );
  });
});

describe("who may write stays", () => {
  it("a house manager admits an any-house application into their house, not into another", async () => {
    const fx = await makeOperator();
    const mine = await makeHouse(fx.owner);
    const theirs = await makeHouse(fx.owner);
    const { makeMember } = await import("#tests/support/houses");
    const manager = await makeMember(fx, "house_manager", [mine.houseId]);
    const applicationId = await withTenant(manager.ctx, async (tx) => {
      const { id } = await createApplication(tx, { applicantName: "Walk In", phone: "215-555-0177", referralSource: "self", consentToContact: true });
      await changeApplicationStatus(tx, { applicationId: id, status: "screening" });
      await changeApplicationStatus(tx, { applicationId: id, status: "accepted" });
      return id;
    });
    await expectDomainError(
      withTenant(manager.ctx, (tx) => admitApplication(tx, { applicationId, bedId: theirs.bedIds[0]!, moveInDate: today })),
      "not_found",
    );
    const { residentId, stayId } = await withTenant(manager.ctx, (tx) =>
      admitApplication(tx, { applicationId, bedId: mine.bedIds[0]!, moveInDate: today }),
    );
    const stay = await withTenant(manager.ctx, (tx) => getStay(tx, stayId));
    expect(stay).toMatchObject({ residentId, residentName: "Walk In", houseId: mine.houseId, status: "current" });
  });

  it("staff (peer coaches) cannot admit, even in their own houses", async () => {
    const fx = await makeOperator();
    const h = await makeHouse(fx.owner);
    const { makeMember } = await import("#tests/support/houses");
    const coach = await makeMember(fx, "staff", [h.houseId]);
    await expectDomainError(
      withTenant(coach.ctx, async (tx) => {
        const { id } = await createResident(tx, residentInput());
        return admitResident(tx, { residentId: id, bedId: h.bedIds[0]!, moveInDate: today });
      }),
      "forbidden",
    );
    const r = await makeResident(fx.owner);
    await expectDomainError(
      withTenant(coach.ctx, (tx) => admitResident(tx, { residentId: r, bedId: h.bedIds[0]!, moveInDate: today })),
      "not_found",
    );
  });
});
