import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { prepareConsent, revokeConsent, signConsent } from "#app/domain/consents/consents.server";
import { listMyDisclosures } from "#app/domain/consents/disclose.server";
import type { ConsentInput } from "#app/domain/consents/schemas";
import { linkResidentAccount } from "#app/domain/residents/residents.server";
import { addLinkEvidence, answerItem, startAssessment, submitAssessment } from "#app/domain/standards/assessments.server";
import { addDays, todayIn } from "#app/lib/dates";
import { BUILT_IN_STANDARD_ID, STANDARDS_ORG_ID } from "#db/migrations/0040_standards";
import { grantAccess, makeCertifier, type Certifier } from "#tests/support/certification";
import { useTestDatabase } from "#tests/support/db";
import { makeOrg, makeUser } from "#tests/support/factories";
import { expectDomainError, makeHouse, makeOperator, makeStay } from "#tests/support/houses";
import { certifierAssessment } from "./certifier.server";

/**
 * Resident evidence for certifiers under consent (ADR 054): shown only when the operator marked
 * it as about a resident and shareable AND the resident's consent names that certifier for the
 * certification review and covers the kind of information, at this moment — in RLS and on the
 * page — and each view writes a disclosure the resident reads.
 */

const t = useTestDatabase();

async function world() {
  const fx = await makeOperator();
  const { slug } = await t.db.selectFrom("org").select("slug").where("id", "=", fx.orgId).executeTakeFirstOrThrow();
  const h = await makeHouse(fx.owner);
  const today = todayIn("America/New_York");
  const { residentId } = await makeStay(fx.owner, h.bedIds[0]!, addDays(today, -30));
  const user = await makeUser({ orgId: fx.orgId, role: "resident" });
  await withTenant(fx.owner, async (tx) => {
    await tx.updateTable("resident").set({ legal_name: "Pat Doe" }).where("id", "=", residentId).execute();
    await linkResidentAccount(tx, { residentId, userId: user.id });
  });
  const resident: TenantContext = { orgId: fx.orgId, userId: user.id, role: "resident" };
  const cert = await makeCertifier();
  const grantId = await grantAccess(fx, cert.orgId, [h.houseId]);
  const ev = await withTenant(fx.owner, async (tx) => {
    const { id } = await startAssessment(tx, { houseId: h.houseId, standardOrgId: STANDARDS_ORG_ID, standardId: BUILT_IN_STANDARD_ID, level: 2 });
    const items = await tx.selectFrom("assessment_item").select("id").where("assessment_id", "=", id).orderBy("position").limit(2).execute();
    const [one, two] = [items[0]!.id, items[1]!.id];
    await answerItem(tx, id, { itemId: one, answer: "met" });
    const link = `/o/${slug}/residents/${residentId}`;
    await addLinkEvidence(tx, id, slug, { itemId: one, label: "Move-in record", linkPath: link, sharedResidentId: residentId, sharedInformation: "residence" });
    await addLinkEvidence(tx, id, slug, { itemId: one, label: "Ledger of a resident", linkPath: `/o/${slug}/stays/${residentId}` });
    await addLinkEvidence(tx, id, slug, { itemId: two, label: "Safety log", linkPath: `/o/${slug}/houses/${h.houseId}/safety` });
    const rows = await tx.selectFrom("assessment_evidence").select(["id", "label"]).where("assessment_id", "=", id).execute();
    await submitAssessment(tx, id);
    const byLabel = Object.fromEntries(rows.map((r) => [r.label, r.id]));
    return { assessmentId: id, itemOne: one, itemTwo: two, shared: byLabel["Move-in record"]!, unmarked: byLabel["Ledger of a resident"]!, plain: byLabel["Safety log"]! };
  });
  return { fx, slug, h, residentId, resident, cert, grantId, ...ev };
}
type World = Awaited<ReturnType<typeof world>>;

const consentFor = (name: string, over: Partial<ConsentInput> = {}): ConsentInput => ({
  recipientKind: "organisation", recipientName: name, purpose: "certification", information: ["residence", "participation"],
  expiresOn: "2099-12-31", expiryEvent: null, ...over,
});

async function signed(w: World, input: ConsentInput = consentFor(w.cert.name)) {
  const { id } = await withTenant(w.fx.owner, (tx) => prepareConsent(tx, w.residentId, input));
  await withTenant(w.resident, (tx) => signConsent(tx, { consentId: id, typedName: "pat doe" }));
  return id;
}

/** What row-level security lets the certifier read of the operator's evidence. */
const rlsEvidence = (w: World, who: TenantContext) =>
  withTenant(who, (tx) => tx.selectFrom("assessment_evidence").select("id").where("org_id", "=", w.fx.orgId).execute()).then((r) => r.map((x) => x.id).sort());
const disclosures = (w: World) =>
  t.db.selectFrom("disclosure").select(["outcome", "consent_id", "recipient_ref", "resident_id", "information", "what"]).where("org_id", "=", w.fx.orgId).execute();
const view = (w: World, c: Certifier = w.cert) => withTenant(c.auditor, (tx) => certifierAssessment(tx, w.slug, w.assessmentId));

describe("resident evidence for a certifier, under the resident's consent", () => {
  it("shows marked evidence once the resident consents to that certifier, and discloses each view in the resident's log", async () => {
    const w = await world();
    const consentId = await signed(w);
    expect(await rlsEvidence(w, w.cert.auditor)).toEqual([w.shared, w.plain].sort());
    const a = await view(w);
    const one = a.items.find((i) => i.id === w.itemOne)!;
    expect(one.evidence.map((e) => [e.label, e.sharedUnderConsent])).toEqual([["Move-in record", true]]);
    expect(one.withheld).toBe(1); // the unmarked link into a resident's records: a count only
    expect(a.items.find((i) => i.id === w.itemTwo)!.evidence.map((e) => [e.label, e.sharedUnderConsent])).toEqual([["Safety log", false]]);
    const log = await disclosures(w);
    expect(log).toEqual([{ outcome: "granted", consent_id: consentId, recipient_ref: `certifier:${w.cert.orgId}`, resident_id: w.residentId, information: ["residence"], what: "certifier_evidence" }]);
    await view(w); // every view is a disclosure
    expect(await disclosures(w)).toHaveLength(2);
    const mine = await withTenant(w.resident, (tx) => listMyDisclosures(tx));
    expect(mine.map((d) => [d.what, d.recipientName, d.outcome, d.consentId])).toEqual([
      ["certifier_evidence", w.cert.name, "granted", consentId],
      ["certifier_evidence", w.cert.name, "granted", consentId],
    ]);
    for (const org of [w.fx.orgId, w.cert.orgId]) {
      const events = await t.db.selectFrom("audit_event").select("data").where("org_id", "=", org).where("action", "=", "assessment.evidence_disclosed").execute();
      expect(events).toHaveLength(2);
      expect(events[0]!.data).toMatchObject({ evidenceIds: [w.shared] });
    }
  });

  const withheld: [string, (w: World) => Promise<unknown>][] = [
    ["no consent at all", async () => undefined],
    ["a consent for another recipient", async (w) => signed(w, consentFor("Keystone Recovery Alliance"))],
    ["a consent for another certifying body", async (w) => { const other = await makeOrg({ kind: "certifier" }); return signed(w, consentFor(other.name)); }],
    ["a consent for another purpose", async (w) => signed(w, consentFor(w.cert.name, { purpose: "employment" }))],
    ["a consent that does not cover what the evidence shows", async (w) => signed(w, consentFor(w.cert.name, { information: ["payments"] }))],
    ["a consent not signed yet", async (w) => withTenant(w.fx.owner, (tx) => prepareConsent(tx, w.residentId, consentFor(w.cert.name)))],
    ["a revoked consent", async (w) => { const id = await signed(w); await withTenant(w.resident, (tx) => revokeConsent(tx, id, { mine: true })); }],
    [
      "an expired consent",
      async (w) => {
        const id = await signed(w);
        await sql`alter table consent disable trigger consent_guard`.execute(t.db);
        await t.db.updateTable("consent").set({ expires_on: "2020-01-01" }).where("id", "=", id).execute();
        await sql`alter table consent enable trigger consent_guard`.execute(t.db);
      },
    ],
  ];
  for (const [name, arrange] of withheld) {
    it(`withholds it with ${name}: not in RLS, a count on the page, no disclosure`, async () => {
      const w = await world();
      await arrange(w);
      expect(await rlsEvidence(w, w.cert.auditor)).toEqual([w.plain]);
      expect(await rlsEvidence(w, w.cert.admin)).toEqual([w.plain]);
      const one = (await view(w)).items.find((i) => i.id === w.itemOne)!;
      expect(one.evidence).toEqual([]);
      expect(one.withheld).toBe(2);
      expect(await disclosures(w)).toEqual([]);
    });
  }

  it("never shows evidence the operator did not mark, whatever the consent", async () => {
    const w = await world();
    await signed(w, consentFor(w.cert.name, { information: ["residence", "participation", "payments", "plan", "referrals", "treatment"] }));
    expect(await rlsEvidence(w, w.cert.auditor)).not.toContain(w.unmarked);
  });

  it("withholds it once the grant is revoked: nothing in RLS, the page is a 404, no disclosure", async () => {
    const w = await world();
    await signed(w);
    await withTenant(w.fx.owner, (tx) => tx.updateTable("audit_grant").set({ revoked_at: new Date(), revoked_by: w.fx.ownerId }).where("id", "=", w.grantId).execute());
    expect(await rlsEvidence(w, w.cert.auditor)).toEqual([]);
    await expectDomainError(view(w), "not_found");
    expect(await disclosures(w)).toEqual([]);
    const direct = withTenant(w.cert.auditor, (tx) => sql`select * from certifier_disclose_evidence(${w.fx.orgId}::uuid, ${w.assessmentId}::uuid)`.execute(tx));
    await expect(direct).rejects.toThrow(/no active audit grant/);
  });

  it("takes a revocation into account at once: shown, revoked, withheld", async () => {
    const w = await world();
    const id = await signed(w);
    expect((await view(w)).items.find((i) => i.id === w.itemOne)!.evidence).toHaveLength(1);
    await withTenant(w.fx.owner, (tx) => revokeConsent(tx, id, { mine: false }));
    expect((await view(w)).items.find((i) => i.id === w.itemOne)!.evidence).toHaveLength(0);
    expect(await disclosures(w)).toHaveLength(1);
  });

  it("takes an expiry into account at once, on the house's day: shown through the end date, withheld the next day", async () => {
    const w = await world();
    // The house's clock is the one we move (its time zone): the consent row is not touched.
    const setZone = (zone: string) => t.db.updateTable("house").set({ time_zone: zone }).where("id", "=", w.h.houseId).execute();
    await setZone("Pacific/Pago_Pago");
    const id = await signed(w, consentFor(w.cert.name, { expiresOn: todayIn("Pacific/Pago_Pago") }));
    expect(await rlsEvidence(w, w.cert.auditor)).toEqual([w.shared, w.plain].sort());
    expect((await view(w)).items.find((i) => i.id === w.itemOne)!.evidence).toHaveLength(1);
    await setZone("Pacific/Kiritimati"); // at least a day later than Pago Pago, always
    expect(await rlsEvidence(w, w.cert.auditor)).toEqual([w.plain]);
    expect(await rlsEvidence(w, w.cert.admin)).toEqual([w.plain]);
    const one = (await view(w)).items.find((i) => i.id === w.itemOne)!;
    expect([one.evidence, one.withheld]).toEqual([[], 2]);
    expect((await disclosures(w)).map((d) => [d.outcome, d.consent_id])).toEqual([["granted", id]]); // only the view on the last day
  });

  it("refuses marking evidence about a resident of another org, or half-marked", async () => {
    const w = await world();
    const other = await makeOperator();
    const h2 = await makeHouse(other.owner);
    const { residentId: foreign } = await makeStay(other.owner, h2.bedIds[0]!, todayIn("America/New_York"));
    const draft = await withTenant(w.fx.owner, async (tx) => {
      const { id } = await startAssessment(tx, { houseId: null, standardOrgId: STANDARDS_ORG_ID, standardId: BUILT_IN_STANDARD_ID, level: 2 });
      const item = await tx.selectFrom("assessment_item").select("id").where("assessment_id", "=", id).limit(1).executeTakeFirstOrThrow();
      return { id, itemId: item.id };
    });
    const add = (extra: { sharedResidentId?: string | null; sharedInformation?: "residence" | null }) =>
      withTenant(w.fx.owner, (tx) => addLinkEvidence(tx, draft.id, w.slug, { itemId: draft.itemId, label: "x", linkPath: `/o/${w.slug}/residents`, ...extra }));
    await expectDomainError(add({ sharedResidentId: foreign, sharedInformation: "residence" }), "invalid");
    await expectDomainError(add({ sharedResidentId: w.residentId }), "invalid");
    await expectDomainError(add({ sharedInformation: "residence" }), "invalid");
    const n = await t.db.selectFrom("assessment_evidence").select(sql<number>`count(*)::int`.as("n")).where("assessment_id", "=", draft.id).executeTakeFirstOrThrow();
    expect(n.n).toBe(0);
  });
});
