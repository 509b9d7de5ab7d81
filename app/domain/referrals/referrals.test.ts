import { beforeAll, describe, expect, it } from "vitest";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { prepareConsent, revokeConsent, signConsent } from "#app/domain/consents/consents.server";
import { listMyDisclosures, orRefuse } from "#app/domain/consents/disclose.server";
import { addGoal, getPlan } from "#app/domain/plans/plan.server";
import { linkResidentAccount } from "#app/domain/residents/residents.server";
import { managerToday } from "#app/domain/today/today.server";
import { createService } from "#app/domain/services/directory.server";
import { addDays, todayIn } from "#app/lib/dates";
import { useTestDatabase } from "#tests/support/db";
import { makeUser } from "#tests/support/factories";
import { expectDomainError, makeHouse, makeMember, makeOperator, makeStay, type OrgFixture } from "#tests/support/houses";
import {
  addFollowup,
  addHandoff,
  completeFollowup,
  createReferral,
  getReferral,
  getReferralSummary,
  listReferrals,
  moveReferral,
  printSummary,
  referralsByGoal,
  sendReferral,
} from "./referrals.server";

/**
 * Referrals under RLS and the consent gate (ADR 046): each step of the flow and each refusal;
 * sending and printing only with an active consent for the service's organisation (logged
 * either way, revocation at once); the resident reads their own; other houses' staff,
 * other residents and other orgs see nothing.
 */
const t = useTestDatabase();
const ZONE = "America/New_York";
const today = todayIn(ZONE);

let fx: OrgFixture;
let other: OrgFixture;
let residentId: string;
let me: TenantContext;
let neighbour: TenantContext;
let manager: TenantContext;
let elsewhere: TenantContext;
let serviceId: string;

async function residentWithAccount(bedId: string, moveIn: string) {
  const { residentId: id } = await makeStay(fx.owner, bedId, moveIn);
  const user = await makeUser({ orgId: fx.orgId, role: "resident" });
  await withTenant(fx.owner, (tx) => linkResidentAccount(tx, { residentId: id, userId: user.id }));
  return { id, ctx: { orgId: fx.orgId, userId: user.id, role: "resident" as const } };
}

const SERVICE = {
  name: "Harbor Job Club",
  organizationName: "Harbor Works",
  description: "Weekly job club and job training.",
  categories: ["employment"],
  languages: ["en"],
};

beforeAll(async () => {
  fx = await makeOperator();
  other = await makeOperator();
  const house = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 4, house: { timeZone: ZONE } });
  const away = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 1, house: { timeZone: ZONE } });
  const a = await residentWithAccount(house.bedIds[0]!, addDays(today, -60));
  const b = await residentWithAccount(house.bedIds[1]!, addDays(today, -30));
  residentId = a.id;
  me = a.ctx;
  neighbour = b.ctx;
  manager = (await makeMember(fx, "house_manager", [house.houseId])).ctx;
  elsewhere = (await makeMember(fx, "house_manager", [away.houseId])).ctx;
  serviceId = (await withTenant(fx.owner, (tx) => createService(tx, fx.orgId, SERVICE, today))).id;
});

const referral = (extra: Partial<{ goalId: string | null }> = {}) =>
  withTenant(manager, (tx) => createReferral(tx, residentId, { serviceId, reason: "Wants to work in a kitchen again.", urgency: "soon", goalId: null, ...extra }));

async function consent() {
  const { id } = await withTenant(manager, (tx) =>
    prepareConsent(tx, residentId, { recipientKind: "organisation", recipientName: "Harbor Works", purpose: "referral", information: ["referrals"], expiresOn: addDays(today, 365), expiryEvent: null }),
  );
  const name = (await t.db.selectFrom("resident").select("legal_name").where("id", "=", residentId).executeTakeFirstOrThrow()).legal_name;
  await withTenant(me, (tx) => signConsent(tx, { consentId: id, typedName: name }));
  return id;
}

const status = async (id: string) => (await t.db.selectFrom("referral").select(["status", "outcome"]).where("id", "=", id).executeTakeFirstOrThrow());
const logOf = async () => t.db.selectFrom("disclosure").select(["outcome", "refusal", "what"]).where("org_id", "=", fx.orgId).where("resident_id", "=", residentId).orderBy("disclosed_at").execute();

describe("referrals: the flow and the consent gate", () => {
  it("goes draft → consent needed (refused, logged) → sent → accepted → appointment → attended → closed, with history, handoff, follow-ups and the printed summary", async () => {
    const goal = await withTenant(manager, (tx) => addGoal(tx, { residentId }, { dimension: "purpose", title: "Find steady work", targetOn: null }));
    const { id } = await referral({ goalId: goal.id });
    expect(await status(id)).toEqual({ status: "draft", outcome: null });

    // No consent: refused, logged, and the referral now waits for consent.
    const before = (await logOf()).length;
    const first = await withTenant(manager, (tx) => sendReferral(tx, residentId, id));
    expect(first.sent).toBe(false);
    expect(() => orRefuse((first as { outcome: Parameters<typeof orRefuse>[0] }).outcome)).toThrow(/not consented/);
    expect(await status(id)).toEqual({ status: "consent_needed", outcome: null });
    expect((await logOf()).slice(before)).toEqual([{ outcome: "refused", refusal: "no_consent", what: "referral_summary" }]);

    // A draft can't be printed, a step out of order is refused and changes nothing.
    await expectDomainError(withTenant(manager, (tx) => moveReferral(tx, residentId, id, { to: "attended" })), "conflict");
    expect(await status(id)).toEqual({ status: "consent_needed", outcome: null });

    const consentId = await consent();
    const sent = await withTenant(manager, (tx) => sendReferral(tx, residentId, id));
    expect(sent.sent).toBe(true);
    await withTenant(manager, (tx) => moveReferral(tx, residentId, id, { to: "accepted" }));
    await withTenant(manager, (tx) => addHandoff(tx, residentId, id, { introducedBy: "Luis", method: "call_together", contactName: "Rita Gomez", contactPhone: "215-555-0100", happenedOn: today, note: "Rita expects her Monday." }));
    await withTenant(manager, (tx) => moveReferral(tx, residentId, id, { to: "appointment_set", appointmentOn: addDays(today, 3), appointmentTime: "14:30", appointmentPlace: "1 Dock St, room 2" }));
    const f = await withTenant(manager, (tx) => addFollowup(tx, residentId, id, { dueOn: addDays(today, 4), task: "Ask how the first visit went" }));
    await withTenant(manager, (tx) => completeFollowup(tx, residentId, id, { followupId: f.id, note: "Went well." }));
    await expectDomainError(withTenant(manager, (tx) => completeFollowup(tx, residentId, id, { followupId: f.id, note: null })), "conflict");
    await withTenant(manager, (tx) => moveReferral(tx, residentId, id, { to: "attended" }));
    const printed = orRefuse(await withTenant(manager, (tx) => printSummary(tx, residentId, id)));
    const summary = await withTenant(manager, (tx) => getReferralSummary(tx, id, printed.disclosureId));
    expect(summary).toMatchObject({ serviceName: "Harbor Job Club", organizationName: "Harbor Works", reason: "Wants to work in a kitchen again.", urgency: "soon", goalTitle: "Find steady work", appointmentPlace: "1 Dock St, room 2" });
    expect(summary.handoffs).toMatchObject([{ introducedBy: "Luis", method: "call_together", contactName: "Rita Gomez", contactPhone: "215-555-0100", happenedOn: today, note: "Rita expects her Monday." }]);
    await withTenant(manager, (tx) => moveReferral(tx, residentId, id, { to: "closed", outcome: "engaged" }));
    expect(await status(id)).toEqual({ status: "closed", outcome: "engaged" });
    await expectDomainError(withTenant(manager, (tx) => moveReferral(tx, residentId, id, { to: "closed", outcome: "completed" })), "conflict");

    const detail = await withTenant(manager, (tx) => getReferral(tx, { residentId }, id));
    expect(detail.events.filter((e) => e.kind === "status").map((e) => e.status)).toEqual(["draft", "consent_needed", "sent", "accepted", "appointment_set", "attended", "closed"]);
    expect(detail.events.map((e) => e.kind)).toEqual(expect.arrayContaining(["handoff", "followup_added", "followup_done", "summary_printed"]));
    expect(detail.followups).toMatchObject([{ task: "Ask how the first visit went", note: "Went well." }]);
    expect(detail.followups[0]!.doneAt).not.toBeNull();
    expect(detail.appointmentAt).not.toBeNull();
    expect(await withTenant(manager, (tx) => referralsByGoal(tx, residentId))).toEqual({ [goal.id]: [{ id, serviceName: "Harbor Job Club", status: "closed" }] });
    // The plan pages show it under its goal, to staff and to the resident, in the plan's one statement (ADR 052).
    for (const [ctx, owner] of [[manager, { residentId }], [me, { self: true as const }]] as const) {
      const plan = await withTenant(ctx, (tx) => getPlan(tx, owner));
      expect(plan.goals.find((g) => g.id === goal.id)!.referrals).toEqual([{ id, serviceName: "Harbor Job Club", status: "closed" }]);
    }

    // The resident reads their own referral and every disclosure in their log.
    const mine = await withTenant(me, (tx) => listReferrals(tx, { self: true }));
    expect(mine.referrals.map((r) => r.id)).toContain(id);
    const log = await withTenant(me, (tx) => listMyDisclosures(tx));
    expect(log.filter((d) => d.what === "referral_summary").map((d) => d.outcome).sort()).toEqual(["granted", "granted", "refused"]);

    // Revocation takes effect at once: the summary is gone, a new print is refused and logged.
    await withTenant(me, (tx) => revokeConsent(tx, consentId, { mine: true }));
    await expectDomainError(withTenant(manager, (tx) => getReferralSummary(tx, id, printed.disclosureId)), "gone");
    const again = await withTenant(manager, (tx) => printSummary(tx, residentId, id));
    expect(again.granted).toBe(false);
    expect((await logOf()).at(-1)).toEqual({ outcome: "refused", refusal: "revoked", what: "referral_summary" });
  });

  it("a send under an expired consent (the house's day past its end date) or a revoked one is refused with the message, logged, and the referral waits for consent", async () => {
    // Its own house and resident: the house's clock is the one we move (its time zone), so
    // the consent's end date passes without touching the consent row.
    const house = await makeHouse(fx.owner, { rooms: 1, bedsPerRoom: 1, house: { timeZone: "Pacific/Pago_Pago" } });
    const setZone = (zone: string) => t.db.updateTable("house").set({ time_zone: zone }).where("id", "=", house.houseId).execute();
    const endsOn = todayIn("Pacific/Pago_Pago");
    const r = await residentWithAccount(house.bedIds[0]!, addDays(endsOn, -20));
    const houseManager = (await makeMember(fx, "house_manager", [house.houseId])).ctx;
    const name = (await t.db.selectFrom("resident").select("legal_name").where("id", "=", r.id).executeTakeFirstOrThrow()).legal_name;
    const signedConsent = async (expiresOn: string) => {
      const { id } = await withTenant(houseManager, (tx) =>
        prepareConsent(tx, r.id, { recipientKind: "organisation", recipientName: "Harbor Works", purpose: "referral", information: ["referrals"], expiresOn, expiryEvent: null }),
      );
      await withTenant(r.ctx, (tx) => signConsent(tx, { consentId: id, typedName: name }));
      return id;
    };
    const refer = () => withTenant(houseManager, (tx) => createReferral(tx, r.id, { serviceId, reason: "Job training.", urgency: "routine", goalId: null }));
    const send = (id: string) => withTenant(houseManager, (tx) => sendReferral(tx, r.id, id));
    const log = () => t.db.selectFrom("disclosure").select(["outcome", "refusal", "what"]).where("resident_id", "=", r.id).orderBy("disclosed_at").execute();

    await signedConsent(endsOn);
    const a = await refer();
    expect((await send(a.id)).sent).toBe(true); // on its end date the consent still covers the send
    const b = await refer();
    await setZone("Pacific/Kiritimati"); // the house's day is now past the end date
    const expired = await send(b.id);
    expect(expired.sent).toBe(false);
    if (expired.sent) return;
    expect(expired.outcome).toMatchObject({ granted: false, refusal: "expired" });
    expect(() => orRefuse(expired.outcome)).toThrow("The resident's consent for Harbor Works has expired. Prepare a new one for them to sign.");
    expect(await status(b.id)).toEqual({ status: "consent_needed", outcome: null });
    expect(await log()).toEqual([
      { outcome: "granted", refusal: null, what: "referral_summary" },
      { outcome: "refused", refusal: "expired", what: "referral_summary" },
    ]);

    // A new consent lets it go; once that one is revoked, the next send is refused at once.
    const fresh = await signedConsent("2099-12-31");
    expect((await send(b.id)).sent).toBe(true);
    await withTenant(r.ctx, (tx) => revokeConsent(tx, fresh, { mine: true }));
    const c = await refer();
    const revoked = await send(c.id);
    expect(revoked.sent).toBe(false);
    if (revoked.sent) return;
    expect(revoked.outcome).toMatchObject({ granted: false, refusal: "revoked" });
    expect(() => orRefuse(revoked.outcome)).toThrow("The resident's consent for Harbor Works was revoked.");
    expect(await status(c.id)).toEqual({ status: "consent_needed", outcome: null });
    expect((await log()).slice(2)).toEqual([
      { outcome: "granted", refusal: null, what: "referral_summary" },
      { outcome: "refused", refusal: "revoked", what: "referral_summary" },
    ]);
    const mine = await withTenant(r.ctx, (tx) => listMyDisclosures(tx));
    expect(mine.map((d) => d.refusal)).toEqual(["revoked", null, "expired", null]);
  });

  it("refuses illegal steps in the database too, and a draft's summary", async () => {
    const { id } = await referral();
    await expectDomainError(withTenant(manager, (tx) => printSummary(tx, residentId, id)), "conflict");
    await expectDomainError(withTenant(manager, (tx) => moveReferral(tx, residentId, id, { to: "accepted" })), "conflict");
    await expect(withTenant(fx.owner, (tx) => tx.updateTable("referral").set({ status: "attended" }).where("id", "=", id).execute())).rejects.toThrow(/does not go from draft to attended/);
    await withTenant(manager, (tx) => moveReferral(tx, residentId, id, { to: "closed", outcome: "declined" }));
    expect(await status(id)).toEqual({ status: "closed", outcome: "declined" });
    await expectDomainError(withTenant(manager, (tx) => addHandoff(tx, residentId, id, { introducedBy: "x", method: "in_person", contactName: "y", happenedOn: today })), "conflict");
  });

  it("follow-ups due today or overdue are on the manager's Today; later and done ones are not, and no other house's", async () => {
    const { id } = await referral();
    const add = (dueOn: string, task: string) => withTenant(manager, (tx) => addFollowup(tx, residentId, id, { dueOn, task }));
    await add(addDays(today, -2), "Overdue follow-up");
    await add(today, "Follow-up due today");
    await add(addDays(today, 1), "Follow-up due tomorrow");
    const done = await add(addDays(today, -1), "Follow-up already done");
    await withTenant(manager, (tx) => completeFollowup(tx, residentId, id, { followupId: done.id, note: null }));
    const tasks = (await withTenant(manager, (tx) => managerToday(tx))).flatMap((h) => h.followUps).filter((f) => f.referralId === id);
    expect(tasks.map((f) => [f.task, f.dueOn, f.serviceName, f.residentId])).toEqual([
      ["Overdue follow-up", addDays(today, -2), "Harbor Job Club", residentId],
      ["Follow-up due today", today, "Harbor Job Club", residentId],
    ]);
    expect((await withTenant(elsewhere, (tx) => managerToday(tx))).flatMap((h) => h.followUps).filter((f) => f.referralId === id)).toEqual([]);
  });

  it("rejects bad input without writing", async () => {
    await expectDomainError(withTenant(manager, (tx) => createReferral(tx, residentId, { serviceId, reason: "", urgency: "soon", goalId: null })), "invalid");
    await expectDomainError(withTenant(manager, (tx) => createReferral(tx, residentId, { serviceId: crypto.randomUUID(), reason: "r", urgency: "soon", goalId: null })), "not_found");
    const { id } = await referral();
    await expectDomainError(withTenant(manager, (tx) => moveReferral(tx, residentId, id, { to: "closed", outcome: "gone" } as never)), "invalid");
  });

  it("only the resident and their house's staff see referrals (RLS)", async () => {
    const { id } = await referral();
    await expectDomainError(withTenant(elsewhere, (tx) => getReferral(tx, { residentId }, id)), "not_found");
    await expectDomainError(withTenant(elsewhere, (tx) => listReferrals(tx, { residentId })), "not_found");
    await expectDomainError(withTenant(elsewhere, (tx) => createReferral(tx, residentId, { serviceId, reason: "r", urgency: "soon", goalId: null })), "not_found");
    await expectDomainError(withTenant(other.owner, (tx) => getReferral(tx, { residentId }, id)), "not_found");
    await expectDomainError(withTenant(neighbour, (tx) => getReferral(tx, { self: true }, id)), "not_found");
    expect((await withTenant(neighbour, (tx) => listReferrals(tx, { self: true }))).referrals).toEqual([]);
    for (const ctx of [elsewhere, neighbour, other.owner]) {
      for (const table of ["referral", "referral_event", "referral_handoff", "referral_followup"] as const) {
        const rows = await withTenant(ctx, (tx) => tx.selectFrom(table).select("id").execute());
        expect(rows, `${table} as ${ctx.role}`).toEqual([]);
      }
    }
    expect((await withTenant(me, (tx) => getReferral(tx, { self: true }, id))).id).toBe(id);
    // A resident writes nothing here.
    await expect(withTenant(me, (tx) => tx.updateTable("referral").set({ reason: "mine" }).where("id", "=", id).execute())).resolves.toMatchObject([{ numUpdatedRows: 0n }]);
    await expect(withTenant(me, (tx) => createReferral(tx, residentId, { serviceId, reason: "r", urgency: "soon", goalId: null }))).rejects.toThrow();
  });
});
