import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { withSystem, withTenant, type TenantContext } from "#app/db/tenant.server";
import { localToday } from "#app/domain/dates.server";
import { addDays } from "#app/lib/dates";
import { makeCertifier, grantAccess } from "#tests/support/certification";
import { useTestDatabase } from "#tests/support/db";
import { makeUser } from "#tests/support/factories";
import { expectDomainError, makeHouse, makeMember, makeOperator, type OrgFixture } from "#tests/support/houses";
import { certifierHouse, expireCertifications, houseCertifications, moveCertification, requestAppeal } from "./certification.server";
import { queueCertificationReminders } from "./reminders.server";
import { resolveSubjects } from "#app/domain/audit/queries.server";
import { subjectKey } from "#app/domain/audit/describe";

const t = useTestDatabase();

async function world() {
  const fx = await makeOperator();
  const slug = (await t.db.selectFrom("org").select("slug").where("id", "=", fx.orgId).executeTakeFirstOrThrow()).slug;
  const { houseId } = await makeHouse(fx.owner);
  const { houseId: otherHouseId } = await makeHouse(fx.owner);
  const body = await makeCertifier();
  const today = await withTenant(fx.owner, (tx) => localToday(tx, { houseId }));
  return { fx, slug, houseId, otherHouseId, body, today };
}

const move = (ctx: TenantContext, slug: string, houseId: string, input: Record<string, unknown>) =>
  withTenant(ctx, (tx) => moveCertification(tx, slug, houseId, { level: 2, decidedOn: null, expiresOn: null, note: null, ...input }));

/** Rows of the certification tables a context sees for a house (RLS). */
async function seen(ctx: TenantContext, houseId: string) {
  return withTenant(ctx, async (tx) => ({
    certifications: (await tx.selectFrom("certification").select("id").where("house_id", "=", houseId).execute()).length,
    events: (await tx.selectFrom("certification_event").select("id").where("house_id", "=", houseId).execute()).length,
  }));
}

/** A certified house: certifier moves it in review → certified with the given dates. */
async function certify(ctx: TenantContext, slug: string, houseId: string, decidedOn: string, expiresOn: string) {
  await move(ctx, slug, houseId, { status: "in_review" });
  return move(ctx, slug, houseId, { status: "certified", decidedOn, expiresOn });
}

describe("the certifying body's workflow", () => {
  it("starts, reviews and certifies a house (a year by default); the database writes the history with who and when; both orgs' logs hold every step", async () => {
    const { fx, slug, houseId, body, today } = await world();
    await grantAccess(fx, body.orgId, [houseId]);
    await move(body.auditor, slug, houseId, { status: "in_review", note: "Documents received." });
    await move(body.admin, slug, houseId, { status: "site_visit", level: 3 });
    const done = await move(body.admin, slug, houseId, { status: "certified", level: 3, note: "Met every required item." });
    expect(done.status).toBe("certified");

    const view = await withTenant(body.admin, (tx) => certifierHouse(tx, slug, houseId));
    expect(view.canWrite).toBe(true);
    const c = view.certification!;
    expect(c).toMatchObject({ status: "certified", level: 3, decidedOn: today, decision: "certified", firstCertifiedOn: today });
    expect(c.expiresOn! > addDays(today, 364) && c.expiresOn! <= addDays(today, 366)).toBe(true);
    expect(c.history.map((e) => [e.fromStatus, e.toStatus])).toEqual([
      ["site_visit", "certified"],
      ["in_review", "site_visit"],
      [null, "in_review"],
    ]);
    expect(c.history[0]).toMatchObject({ note: "Met every required item.", actorName: body.adminName, actorOrgName: body.name, level: 3 });
    expect(c.history[2]!.note).toBe("Documents received.");

    // The operator reads the same record and history.
    const [mine] = await withTenant(fx.owner, (tx) => houseCertifications(tx, houseId));
    expect(mine).toMatchObject({ id: c.id, status: "certified", certifierName: body.name });
    expect(mine!.history).toHaveLength(3);

    // Every step and the read, in both orgs' audit logs.
    for (const orgId of [fx.orgId, body.orgId]) {
      const actions = await t.db.selectFrom("audit_event").select("action").where("org_id", "=", orgId).where("action", "like", "certification.%").execute();
      expect(actions.filter((a) => a.action === "certification.status_changed")).toHaveLength(3);
      expect(actions.filter((a) => a.action === "certification.viewed")).toHaveLength(1);
    }
    // The certifier's log names only its own org's records: the operator's house is "a house",
    // not a link below the certifier's /o/:org (which would answer 403); the operator's log links it.
    const event = { action: "certification.viewed", entity_type: "certification", entity_id: c.id, data: { houseId } };
    const theirs = await withTenant(body.admin, (tx) => resolveSubjects(tx, [event]));
    expect(theirs.has(subjectKey("house", houseId))).toBe(false);
    const ours = await withTenant(fx.owner, (tx) => resolveSubjects(tx, [event]));
    expect(ours.get(subjectKey("house", houseId))?.id).toBe(houseId);
  });

  it("refuses moves that do not follow the workflow, decisions without dates in order, and future decisions — nothing changes", async () => {
    const { fx, slug, houseId, body, today } = await world();
    await grantAccess(fx, body.orgId, [houseId]);
    await expectDomainError(move(body.admin, slug, houseId, { status: "certified" }), "invalid");
    await move(body.admin, slug, houseId, { status: "in_review" });
    await expectDomainError(move(body.admin, slug, houseId, { status: "appeal" }), "invalid");
    await expectDomainError(move(body.admin, slug, houseId, { status: "certified", decidedOn: today, expiresOn: today }), "invalid");
    await expectDomainError(move(body.admin, slug, houseId, { status: "certified", decidedOn: addDays(today, 1) }), "invalid");
    await expectDomainError(move(body.admin, slug, houseId, { status: "denied", expiresOn: addDays(today, 30) }), "invalid");
    await expectDomainError(move(body.admin, slug, houseId, { status: "interview", level: 5 }), "invalid");
    const [c] = await withTenant(fx.owner, (tx) => houseCertifications(tx, houseId));
    expect(c).toMatchObject({ status: "in_review", decidedOn: null, expiresOn: null });
    expect(c!.history).toHaveLength(1);
  });

  it("the database refuses a skipped step, a certification without an expiry, and a changed link, whatever the app does", async () => {
    const { fx, slug, houseId, body, today } = await world();
    await grantAccess(fx, body.orgId, [houseId]);
    const { id } = await move(body.admin, slug, houseId, { status: "in_review" });
    const update = (set: Record<string, unknown>) =>
      withTenant(body.admin, (tx) => tx.updateTable("certification").set(set).where("org_id", "=", fx.orgId).where("id", "=", id).execute());
    await expect(update({ status: "appeal" })).rejects.toThrow(/cannot follow the current one/);
    await expect(update({ status: "certified", decided_on: today })).rejects.toThrow(/certification_dates/);
    await expect(update({ status: "certified", decided_on: today, expires_on: addDays(today, -1) })).rejects.toThrow(/certification_dates/);
    await expect(
      withTenant(body.admin, (tx) => sql`update certification set public_token = repeat('a', 32), status = 'interview' where id = ${id}`.execute(tx)),
    ).rejects.toThrow(/permission denied/);
    // The history is the database's: the app may not write or change it.
    await expect(withTenant(body.admin, (tx) => sql`delete from certification_event where certification_id = ${id}`.execute(tx))).rejects.toThrow(/permission denied/);
    await expect(withTenant(fx.owner, (tx) => sql`delete from certification where id = ${id}`.execute(tx))).rejects.toThrow(/permission denied/);
  });
});

describe("access through the grant (RLS)", () => {
  it("a review-only grant reads but cannot write; no grant, an expired or revoked grant, another house or another body: not found and nothing seen", async () => {
    const { fx, slug, houseId, otherHouseId, body } = await world();
    const grantId = await grantAccess(fx, body.orgId, [houseId]);
    await move(body.admin, slug, houseId, { status: "in_review" });
    await withTenant(fx.owner, (tx) =>
      tx.updateTable("audit_grant").set({ revoked_at: new Date(), revoked_by: fx.ownerId }).where("org_id", "=", fx.orgId).where("id", "=", grantId).execute());

    // Revoked: the same as never granted.
    await expectDomainError(withTenant(body.admin, (tx) => certifierHouse(tx, slug, houseId)), "not_found");
    await expectDomainError(move(body.admin, slug, houseId, { status: "interview" }), "not_found");
    expect(await seen(body.admin, houseId)).toEqual({ certifications: 0, events: 0 });
    const raw = await withTenant(body.admin, (tx) => tx.updateTable("certification").set({ status: "interview" }).where("house_id", "=", houseId).executeTakeFirst());
    expect(raw.numUpdatedRows).toBe(0n);

    // Review-only: reads, cannot write (the domain says not found; SQL changes nothing).
    await grantAccess(fx, body.orgId, [houseId], { scope: "review" });
    const view = await withTenant(body.auditor, (tx) => certifierHouse(tx, slug, houseId));
    expect(view).toMatchObject({ canWrite: false, certification: { status: "in_review" } });
    expect(await seen(body.auditor, houseId)).toEqual({ certifications: 1, events: 1 });
    await expectDomainError(move(body.admin, slug, houseId, { status: "interview" }), "not_found");
    const viaSql = await withTenant(body.admin, (tx) => tx.updateTable("certification").set({ status: "interview" }).where("house_id", "=", houseId).executeTakeFirst());
    expect(viaSql.numUpdatedRows).toBe(0n);
    await expect(
      withTenant(body.admin, (tx) =>
        tx.insertInto("certification").values({ org_id: fx.orgId, house_id: otherHouseId, certifier_org_id: body.orgId, level: 2, status: "draft" }).execute()),
    ).rejects.toThrow(/row-level security/);

    // An expired grant, and a house the grant does not name.
    const expired = await makeCertifier();
    await grantAccess(fx, expired.orgId, [houseId], { startsIn: -30, endsIn: -1 });
    await expectDomainError(withTenant(expired.admin, (tx) => certifierHouse(tx, slug, houseId)), "not_found");
    await expectDomainError(withTenant(body.admin, (tx) => certifierHouse(tx, slug, otherHouseId)), "not_found");

    // Another certifying body with its own grant sees its own record only (none).
    const other = await makeCertifier();
    await grantAccess(fx, other.orgId, [houseId]);
    expect(await seen(other.admin, houseId)).toEqual({ certifications: 0, events: 0 });
    expect((await withTenant(other.admin, (tx) => certifierHouse(tx, slug, houseId))).certification).toBeNull();
  });

  it("operators: owners and admins read all, house managers their houses; staff, residents and other orgs nothing; nobody in the operator writes", async () => {
    const { fx, slug, houseId, otherHouseId, body } = await world();
    await grantAccess(fx, body.orgId, [houseId]);
    await move(body.admin, slug, houseId, { status: "in_review" });
    const admin = await makeMember(fx, "admin");
    const manager = await makeMember(fx, "house_manager", [houseId]);
    const elsewhere = await makeMember(fx, "house_manager", [otherHouseId]);
    const staff = await makeMember(fx, "staff", [houseId]);
    const resident = await makeMember(fx, "resident");
    const stranger: OrgFixture = await makeOperator();
    expect(await seen(fx.owner, houseId)).toEqual({ certifications: 1, events: 1 });
    expect(await seen(admin.ctx, houseId)).toEqual({ certifications: 1, events: 1 });
    expect(await seen(manager.ctx, houseId)).toEqual({ certifications: 1, events: 1 });
    for (const ctx of [elsewhere.ctx, staff.ctx, resident.ctx, stranger.owner]) expect(await seen(ctx, houseId)).toEqual({ certifications: 0, events: 0 });
    // The operator's owner cannot move it (trigger), nor start one (RLS).
    await expect(
      withTenant(fx.owner, (tx) => tx.updateTable("certification").set({ status: "certified" }).where("house_id", "=", houseId).execute()),
    ).resolves.toBeDefined(); // RLS: in_review is not a status an operator may change: 0 rows
    expect((await withTenant(fx.owner, (tx) => houseCertifications(tx, houseId)))[0]!.status).toBe("in_review");
    await expect(
      withTenant(fx.owner, (tx) => tx.insertInto("certification").values({ org_id: fx.orgId, house_id: houseId, certifier_org_id: body.orgId, level: 2, status: "draft" }).execute()),
    ).rejects.toThrow(/row-level security|only a certifying body/);
  });
});

describe("appeals", () => {
  it("after a denial an owner or admin asks for an appeal; before it, or as a house manager, refused; the certifier then decides again", async () => {
    const { fx, slug, houseId, body, today } = await world();
    await grantAccess(fx, body.orgId, [houseId]);
    const { id } = await move(body.admin, slug, houseId, { status: "in_review" });
    await expectDomainError(withTenant(fx.owner, (tx) => requestAppeal(tx, id, { note: null })), "conflict");
    await move(body.admin, slug, houseId, { status: "denied", note: "Bedrooms too small." });
    const manager = await makeMember(fx, "house_manager", [houseId]);
    await expectDomainError(withTenant(manager.ctx, (tx) => requestAppeal(tx, id, { note: null })), "forbidden");
    // The operator may not turn a denial into anything but an appeal (trigger).
    await expect(
      withTenant(fx.owner, (tx) => tx.updateTable("certification").set({ status: "certified", decided_on: today, expires_on: addDays(today, 300) }).where("id", "=", id).execute()),
    ).rejects.toThrow(/row-level security|only appeal a denial/);
    await withTenant(fx.owner, (tx) => requestAppeal(tx, id, { note: "The rooms were re-measured." }));
    const [c] = await withTenant(fx.owner, (tx) => houseCertifications(tx, houseId));
    expect(c).toMatchObject({ status: "appeal", decision: "denied" });
    expect(c!.history[0]).toMatchObject({ fromStatus: "denied", toStatus: "appeal", note: "The rooms were re-measured." });
    await move(body.admin, slug, houseId, { status: "conditional", expiresOn: addDays(today, 180) });
    expect((await withTenant(fx.owner, (tx) => houseCertifications(tx, houseId)))[0]).toMatchObject({ status: "conditional", expiresOn: addDays(today, 180) });
  });
});

describe("maintenance: expiry and renewal reminders", () => {
  it("marks certifications expired the day after their expiry (house's zone), not on it; audited", async () => {
    const { fx, slug, houseId, otherHouseId, body, today } = await world();
    await grantAccess(fx, body.orgId, [houseId, otherHouseId]);
    await certify(body.admin, slug, houseId, addDays(today, -365), addDays(today, -1));
    await certify(body.admin, slug, otherHouseId, addDays(today, -364), today);
    const system = { orgId: fx.orgId, userId: null, role: "admin" as const };
    const first = await withSystem(system, (tx) => expireCertifications(tx));
    const second = await withSystem(system, (tx) => expireCertifications(tx));
    const [expired] = await withTenant(fx.owner, (tx) => houseCertifications(tx, houseId));
    const [lastDay] = await withTenant(fx.owner, (tx) => houseCertifications(tx, otherHouseId));
    expect(first.certificationIds).toEqual([expired!.id]);
    expect(second.certificationIds).toEqual([]);
    expect(expired).toMatchObject({ status: "expired", decision: "expired" });
    expect(expired!.history[0]).toMatchObject({ fromStatus: "certified", toStatus: "expired", actorName: null });
    expect(lastDay!.status).toBe("certified");
    // An owner cannot expire one whose expiry has not passed.
    await expect(
      withTenant(fx.owner, (tx) => tx.updateTable("certification").set({ status: "expired" }).where("id", "=", lastDay!.id).execute()),
    ).rejects.toThrow(/only appeal a denial/);
    const audited = await t.db.selectFrom("audit_event").select("data").where("org_id", "=", fx.orgId).where("action", "=", "certification.expired").execute();
    expect(audited).toHaveLength(1);
  });

  it("reminds owners and admins once at 90 and once at 30 days before expiry: 91 and 31 days ahead nothing new; a second run nothing; a renewal with a new expiry again", async () => {
    const fx = await makeOperator();
    const slug = (await t.db.selectFrom("org").select("slug").where("id", "=", fx.orgId).executeTakeFirstOrThrow()).slug;
    const houses = await Promise.all([91, 90, 31, 30, 0, -1].map(() => makeHouse(fx.owner)));
    const ids = houses.map((h) => h.houseId);
    const body = await makeCertifier();
    await grantAccess(fx, body.orgId, ids);
    const today = await withTenant(fx.owner, (tx) => localToday(tx, { houseId: ids[0]! }));
    const admin = await makeMember(fx, "admin");
    const manager = await makeMember(fx, "house_manager", ids);
    const aheads = [91, 90, 31, 30, 0, -1];
    const certIds: string[] = [];
    for (const [i, ahead] of aheads.entries()) {
      certIds.push((await certify(body.admin, slug, ids[i]!, addDays(today, -300), addDays(today, ahead))).id);
    }
    const system = { orgId: fx.orgId, userId: null, role: "admin" as const };
    const [a, b] = await Promise.all([withSystem(system, (tx) => queueCertificationReminders(tx)), withSystem(system, (tx) => queueCertificationReminders(tx))]);
    expect([...a.certificationIds, ...b.certificationIds].sort()).toEqual([certIds[1]!, certIds[2]!, certIds[3]!, certIds[4]!].sort());
    expect(await withSystem(system, (tx) => queueCertificationReminders(tx))).toEqual({ certificationIds: [] });
    const stages = await t.db.selectFrom("certification_reminder").select(["certification_id", "stage"]).where("org_id", "=", fx.orgId).execute();
    const stageOf = (i: number) => stages.filter((s) => s.certification_id === certIds[i]).map((s) => s.stage);
    expect([0, 1, 2, 3, 4, 5].map(stageOf)).toEqual([[], ["90_days"], ["90_days"], ["30_days"], ["30_days"], []]);

    const mail = await t.db.selectFrom("outbox").select(["payload"]).where("org_id", "=", fx.orgId).where("purpose", "=", "certification_reminder").execute();
    const to = mail.map((m) => (typeof m.payload === "string" ? JSON.parse(m.payload) : m.payload) as { to: string; subject: string; text: string });
    const emails = await t.db.selectFrom("app_user").select(["id", "email"]).where("id", "in", [fx.ownerId, admin.userId, manager.userId]).execute();
    const emailOf = (id: string) => emails.find((e) => e.id === id)!.email;
    expect(to.filter((m) => m.to === emailOf(fx.ownerId))).toHaveLength(4);
    expect(to.filter((m) => m.to === emailOf(admin.userId))).toHaveLength(4);
    expect(to.filter((m) => m.to === emailOf(manager.userId))).toHaveLength(0);
    expect(to.filter((m) => m.subject.includes("30 days"))).toHaveLength(4);

    // A renewal: certified again with a new expiry 60 days ahead → a new 90-day reminder for it.
    await move(body.admin, slug, ids[3]!, { status: "submitted" });
    await move(body.admin, slug, ids[3]!, { status: "in_review" });
    await move(body.admin, slug, ids[3]!, { status: "certified", decidedOn: today, expiresOn: addDays(today, 60) });
    expect((await withSystem(system, (tx) => queueCertificationReminders(tx))).certificationIds).toEqual([certIds[3]]);
  });
});

it("a user of no org and of the certifier's org only sees nothing without a grant", async () => {
  const { fx, slug, houseId, body } = await world();
  await grantAccess(fx, body.orgId, [houseId]);
  await move(body.admin, slug, houseId, { status: "in_review" });
  const loner = await makeUser();
  expect(await seen({ orgId: null, userId: loner.id, role: null }, houseId)).toEqual({ certifications: 0, events: 0 });
});
