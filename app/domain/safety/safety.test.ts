import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { withSystem, withTenant } from "#app/db/tenant.server";
import { openFile, recordFile } from "#app/domain/files/files.server";
import { addDays } from "#app/lib/dates";
import { useTestDatabase } from "#tests/support/db";
import { expectDomainError, makeHouse, makeMember, makeOperator } from "#tests/support/houses";
import { fakeStored, populateSafety } from "#tests/support/safety";
import { queueComplianceReminders } from "./reminders.server";
import {
  addCheck,
  addComplianceDocument,
  archiveCheck,
  archiveComplianceDocument,
  getSafetyHouse,
  listChecks,
  listComplianceDocuments,
  listLogEntries,
  logCheck,
  safetyChecksOnTime,
} from "./safety.server";

const t = useTestDatabase();

async function world() {
  const fx = await makeOperator();
  const h = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 1 });
  const other = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 1 });
  const today = await withTenant(fx.owner, async (tx) => (await getSafetyHouse(tx, h.houseId)).today);
  return { fx, houseId: h.houseId, otherHouseId: other.houseId, today };
}

describe("safety checks", () => {
  it("are due after their interval, flagged due soon and overdue, and read back", async () => {
    const { fx, houseId, today } = await world();
    const ids = await withTenant(fx.owner, async (tx) => ({
      overdue: await addCheck(tx, { houseId, kind: "smoke_co", name: "Detectors", intervalDays: 30, firstDueOn: addDays(today, -1) }),
      soon: await addCheck(tx, { houseId, kind: "evacuation_drill", name: "Drill", intervalDays: 90, firstDueOn: addDays(today, 3) }),
      naloxone: await addCheck(tx, { houseId, kind: "naloxone", name: "Naloxone", intervalDays: 30, firstDueOn: addDays(today, -40) }),
    }));
    await withTenant(fx.owner, (tx) => logCheck(tx, { houseId, checkId: ids.naloxone, doneOn: addDays(today, -2), result: "ok", notes: "Two kits", expiresOn: addDays(today, 10) }));
    const checks = await withTenant(fx.owner, (tx) => listChecks(tx, houseId, today));
    expect(checks.map((c) => [c.name, c.state, c.dueOn])).toEqual([
      ["Detectors", "overdue", addDays(today, -1)],
      ["Drill", "due_soon", addDays(today, 3)],
      ["Naloxone", "ok", addDays(today, 28)],
    ]);
    expect(checks.find((c) => c.id === ids.naloxone)).toMatchObject({ kind: "naloxone", intervalDays: 30, lastDoneOn: addDays(today, -2), lastResult: "ok", lastExpiresOn: addDays(today, 10), expiry: "expires_soon" });
    const history = await withTenant(fx.owner, (tx) => listLogEntries(tx, houseId, null));
    expect(history.items).toEqual([
      expect.objectContaining({ checkId: ids.naloxone, checkName: "Naloxone", doneOn: addDays(today, -2), result: "ok", notes: "Two kits", expiresOn: addDays(today, 10), photoFileId: null, loggedBy: expect.any(String) }),
    ]);
    const actions = await t.db.selectFrom("audit_event").select("action").where("org_id", "=", fx.orgId).where("action", "like", "safety_check.%").execute();
    expect(actions.map((a) => a.action).sort()).toEqual(["safety_check.added", "safety_check.added", "safety_check.added", "safety_check.logged"]);
  });

  it("refuse a day in the future, naloxone without its expiry, a check of another house and an archived one", async () => {
    const { fx, houseId, otherHouseId, today } = await world();
    const { nal, other, gone } = await withTenant(fx.owner, async (tx) => ({
      nal: await addCheck(tx, { houseId, kind: "naloxone", name: "Naloxone", intervalDays: 30, firstDueOn: today }),
      other: await addCheck(tx, { houseId: otherHouseId, kind: "extinguisher", name: "Extinguisher", intervalDays: 30, firstDueOn: today }),
      gone: await addCheck(tx, { houseId, kind: "other", name: "Gone", intervalDays: 30, firstDueOn: today }),
    }));
    await withTenant(fx.owner, (tx) => archiveCheck(tx, houseId, gone));
    const log = (checkId: string, extra: Record<string, string> = {}) =>
      withTenant(fx.owner, (tx) => logCheck(tx, { houseId, checkId, doneOn: today, result: "ok", expiresOn: addDays(today, 100), ...extra }));
    await expectDomainError(log(nal, { doneOn: addDays(today, 1) }), "invalid");
    await expectDomainError(log(nal, { expiresOn: "" }), "invalid");
    await expectDomainError(log(other), "not_found");
    await expectDomainError(log(gone), "not_found");
    await expectDomainError(withTenant(fx.owner, (tx) => addCheck(tx, { houseId, kind: "other", name: "x", intervalDays: 0, firstDueOn: today })), "invalid");
    await expectDomainError(withTenant(fx.owner, (tx) => addCheck(tx, { houseId, kind: "naloxone", name: "NALOXONE", intervalDays: 30, firstDueOn: today })), "conflict");
    expect(await t.db.selectFrom("safety_check_log").select("id").where("org_id", "=", fx.orgId).execute()).toEqual([]);
    await log(nal);
  });
});

describe("row-level security within the org", () => {
  it("owners and the house's managers write; staff read; another house's manager and residents see nothing", async () => {
    const { fx, houseId, otherHouseId, today } = await world();
    const made = await withTenant(fx.owner, (tx) => populateSafety(tx, fx.orgId, houseId));
    const manager = await makeMember(fx, "house_manager", [houseId]);
    const staff = await makeMember(fx, "staff", [houseId]);
    const elsewhere = await makeMember(fx, "house_manager", [otherHouseId]);
    const resident = await makeMember(fx, "resident");
    const counts = async (ctx: typeof fx.owner) =>
      withTenant(ctx, async (tx) => {
        const n = async (table: "file" | "safety_check" | "safety_check_log" | "compliance_document") =>
          Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(tx)).rows[0]!.n);
        return [await n("file"), await n("safety_check"), await n("safety_check_log"), await n("compliance_document")];
      });
    expect(await counts(manager.ctx)).toEqual([1, 1, 1, 1]);
    expect(await counts(staff.ctx)).toEqual([1, 1, 1, 1]);
    expect(await counts(elsewhere.ctx)).toEqual([0, 0, 0, 0]);
    expect(await counts(resident.ctx)).toEqual([0, 0, 0, 0]);
    // The house's manager logs and adds; staff cannot; another house's manager cannot.
    await withTenant(manager.ctx, (tx) => logCheck(tx, { houseId, checkId: made.checkId, doneOn: today, result: "needs_attention", expiresOn: addDays(today, 300) }));
    await withTenant(manager.ctx, async (tx) => addComplianceDocument(tx, { houseId, kind: "occupancy_permit", title: "Permit", expiresOn: null }, await recordFile(tx, fakeStored(fx.orgId), { houseId })));
    await expectDomainError(withTenant(staff.ctx, (tx) => addCheck(tx, { houseId, kind: "other", name: "Staff check", intervalDays: 7, firstDueOn: today })), "forbidden");
    await expectDomainError(withTenant(staff.ctx, (tx) => recordFile(tx, fakeStored(fx.orgId), { houseId })), "forbidden");
    await expectDomainError(withTenant(elsewhere.ctx, (tx) => logCheck(tx, { houseId, checkId: made.checkId, doneOn: today, result: "ok", expiresOn: addDays(today, 9) })), "not_found");
    await expectDomainError(withTenant(elsewhere.ctx, (tx) => archiveComplianceDocument(tx, houseId, made.documentId)), "not_found");
    await expectDomainError(withTenant(elsewhere.ctx, (tx) => openFile(tx, made.fileId)), "not_found");
    await expectDomainError(withTenant(resident.ctx, (tx) => openFile(tx, made.fileId)), "not_found");
    // Reading a file is audited.
    const file = await withTenant(staff.ctx, (tx) => openFile(tx, made.fileId));
    expect(file).toMatchObject({ id: made.fileId, contentType: "application/pdf", originalName: "certificate.pdf", houseId });
    const read = await t.db.selectFrom("audit_event").select(["action", "entity_id"]).where("org_id", "=", fx.orgId).where("action", "=", "file.downloaded").execute();
    expect(read).toEqual([{ action: "file.downloaded", entity_id: made.fileId }]);
    // Files and logs are append-only, even for the owner.
    await expect(withTenant(fx.owner, (tx) => tx.updateTable("safety_check_log").set({ notes: "changed" }).execute())).rejects.toThrow();
    await expect(withTenant(fx.owner, (tx) => tx.deleteFrom("file").execute())).rejects.toThrow();
  });
});

describe("compliance documents and their reminders", () => {
  it("queue one reminder per document and stage, however often the job runs", async () => {
    const { fx, houseId, otherHouseId, today } = await world();
    const manager = await makeMember(fx, "house_manager", [houseId]);
    const elsewhere = await makeMember(fx, "house_manager", [otherHouseId]);
    const docs = await withTenant(fx.owner, async (tx) => {
      const add = async (title: string, expiresOn: string | null) =>
        addComplianceDocument(tx, { houseId, kind: "insurance", title, expiresOn }, await recordFile(tx, fakeStored(fx.orgId), { houseId }));
      return {
        month: await add("Month", addDays(today, 20)),
        week: await add("Week", addDays(today, 5)),
        expired: await add("Expired", addDays(today, -1)),
        later: await add("Later", addDays(today, 60)),
        never: await add("Never", null),
        archived: await add("Archived", addDays(today, 3)),
      };
    });
    await withTenant(fx.owner, (tx) => archiveComplianceDocument(tx, houseId, docs.archived));
    const listed = await withTenant(fx.owner, (tx) => listComplianceDocuments(tx, houseId, today));
    expect(listed.map((d) => [d.title, d.expiry])).toEqual([
      ["Expired", "expired"],
      ["Week", "expires_soon"],
      ["Month", "expires_soon"],
      ["Later", "ok"],
      ["Never", "none"],
    ]);
    // As the worker's maintenance runs it: the org's system context, no signed-in user.
    const job = { orgId: fx.orgId, userId: null, role: "admin" } as const;
    const [a, b] = await Promise.all([withSystem(job, (tx) => queueComplianceReminders(tx)), withSystem(job, (tx) => queueComplianceReminders(tx))]);
    expect([...a.documentIds, ...b.documentIds].sort()).toEqual([docs.month, docs.week, docs.expired].sort());
    expect(await withSystem(job, (tx) => queueComplianceReminders(tx))).toEqual({ documentIds: [] });
    const stages = await t.db.selectFrom("compliance_reminder").select(["document_id", "stage"]).where("org_id", "=", fx.orgId).orderBy("stage").execute();
    expect(stages).toEqual(
      expect.arrayContaining([
        { document_id: docs.month, stage: "30_days" },
        { document_id: docs.week, stage: "7_days" },
        { document_id: docs.expired, stage: "expired" },
      ]),
    );
    expect(stages).toHaveLength(3);
    // Emails: the owner and the house's manager, once per document; not another house's manager.
    const mail = await t.db.selectFrom("outbox").select(["payload", "purpose"]).where("org_id", "=", fx.orgId).where("purpose", "=", "compliance_reminder").execute();
    const to = mail.map((m) => (typeof m.payload === "string" ? JSON.parse(m.payload) : m.payload) as { to: string; subject: string });
    const emails = await t.db.selectFrom("app_user").select(["id", "email"]).where("id", "in", [fx.ownerId, manager.userId, elsewhere.userId]).execute();
    const emailOf = (id: string) => emails.find((e) => e.id === id)!.email;
    expect(to.filter((m) => m.to === emailOf(fx.ownerId))).toHaveLength(3);
    expect(to.filter((m) => m.to === emailOf(manager.userId))).toHaveLength(3);
    expect(to.filter((m) => m.to === emailOf(elsewhere.userId))).toHaveLength(0);
    expect(to.some((m) => m.subject === "A house document has expired")).toBe(true);
  });
});

describe("safetyChecksOnTime (for the standards' automatic evidence)", () => {
  it("counts checks logged since a day and the gaps longer than the interval", async () => {
    const { fx, houseId, otherHouseId, today } = await world();
    const since = addDays(today, -90);
    const { good, gappy, never } = await withTenant(fx.owner, async (tx) => ({
      good: await addCheck(tx, { houseId, kind: "extinguisher", name: "A good", intervalDays: 30, firstDueOn: addDays(today, -200) }),
      gappy: await addCheck(tx, { houseId, kind: "smoke_co", name: "B gappy", intervalDays: 30, firstDueOn: addDays(today, -200) }),
      never: await addCheck(tx, { houseId, kind: "evacuation_drill", name: "C never", intervalDays: 90, firstDueOn: addDays(today, -100) }),
    }));
    await withTenant(fx.owner, async (tx) => {
      for (const d of [-85, -60, -30, -5]) await logCheck(tx, { houseId, checkId: good, doneOn: addDays(today, d), result: "ok" });
      for (const d of [-80, -20]) await logCheck(tx, { houseId, checkId: gappy, doneOn: addDays(today, d), result: "ok" });
    });
    const s = await withTenant(fx.owner, (tx) => safetyChecksOnTime(tx, houseId, since));
    expect(s).toMatchObject({ houseId, since, today, onTime: false });
    expect(s.checks).toEqual([
      { checkId: good, kind: "extinguisher", name: "A good", intervalDays: 30, logged: 4, late: 0, overdueNow: false, lastDoneOn: addDays(today, -5) },
      { checkId: gappy, kind: "smoke_co", name: "B gappy", intervalDays: 30, logged: 2, late: 1, overdueNow: false, lastDoneOn: addDays(today, -20) },
      { checkId: never, kind: "evacuation_drill", name: "C never", intervalDays: 90, logged: 0, late: 0, overdueNow: true, lastDoneOn: null },
    ]);
    expect(s.rate).toBeCloseTo(1 / 3);
    const empty = await withTenant(fx.owner, (tx) => safetyChecksOnTime(tx, otherHouseId, since));
    expect(empty).toMatchObject({ checks: [], onTime: true, rate: 1 });
    const elsewhere = await makeMember(fx, "house_manager", [otherHouseId]);
    await expectDomainError(withTenant(elsewhere.ctx, (tx) => safetyChecksOnTime(tx, houseId, since)), "not_found");
  });
});
