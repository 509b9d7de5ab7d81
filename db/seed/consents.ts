import { sql } from "kysely";
import { getDb } from "#app/db/db.server";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { prepareConsent, revokeConsent, signConsent } from "#app/domain/consents/consents.server";
import { disclose } from "#app/domain/consents/disclose.server";

/**
 * Demo consents and disclosures (ADR 040), through the domain functions in each person's
 * own context: Luis (Harbor's house manager) prepares Sam's consents; Sam signs them in his
 * own session; one is for his probation officer (active, with a letter printed and a
 * refused attempt for information it does not cover), one for an employer (revoked), one
 * for a job-training service (waiting for his signature). An expired consent needs a past
 * end date, which the database only accepts at signing while it is in the future: the demo
 * writes one through the seed's own login (RLS and the trigger do not bind it).
 */
type SeedInput = { orgs: { riverside: { id: string } }; users: Record<string, { id: string }> };

export async function seedConsentsDemo({ orgs, users }: SeedInput) {
  const orgId = orgs.riverside.id;
  const luis: TenantContext = { orgId, userId: users["luis.manager@demo.hearth.test"]!.id, role: "house_manager" };
  const sam: TenantContext = { orgId, userId: users["sam.resident@demo.hearth.test"]!.id, role: "resident" };
  const { residentId, legalName } = await withTenant(sam, async (tx) =>
    tx.selectFrom("resident").select(["id as residentId", "legal_name as legalName"]).where("user_id", "=", sql<string>`current_app_user_id()`).executeTakeFirstOrThrow(),
  );
  const nextYear = `${new Date().getUTCFullYear() + 1}-06-30`;
  const probation = await withTenant(luis, (tx) =>
    prepareConsent(tx, residentId, {
      recipientKind: "person",
      recipientName: "Officer Dana Whitfield, County Adult Probation",
      purpose: "court_or_probation",
      purposeDetail: "Monthly proof of residence for my probation conditions",
      information: ["residence", "participation"],
      expiresOn: nextYear,
      expiryEvent: "end_of_stay",
    }),
  );
  const employer = await withTenant(luis, (tx) =>
    prepareConsent(tx, residentId, { recipientKind: "organisation", recipientName: "Northgate Warehouse Co.", purpose: "employment", information: ["residence"], expiresOn: nextYear, expiryEvent: null }),
  );
  await withTenant(luis, (tx) =>
    prepareConsent(tx, residentId, { recipientKind: "organisation", recipientName: "Delaware Valley Job Corps Center", purpose: "referral", information: ["residence", "referrals"], expiresOn: null, expiryEvent: "end_of_stay" }),
  );
  for (const c of [probation, employer]) await withTenant(sam, (tx) => signConsent(tx, { consentId: c.id, typedName: legalName }));
  const letter = { residentId, what: "release_letter", recipientKind: "person", recipientName: "Officer Dana Whitfield, County Adult Probation", purpose: "court_or_probation" } as const;
  await withTenant(luis, (tx) => disclose(tx, { ...letter, information: ["residence"] }));
  await withTenant(luis, (tx) => disclose(tx, { ...letter, information: ["residence", "payments"] }));
  await withTenant(luis, (tx) => disclose(tx, { residentId, what: "release_letter", recipientKind: "organisation", recipientName: "Northgate Warehouse Co.", purpose: "employment", information: ["residence"] }));
  await withTenant(sam, (tx) => revokeConsent(tx, employer.id, { mine: true }));
  await withTenant(luis, (tx) => disclose(tx, { residentId, what: "release_letter", recipientKind: "organisation", recipientName: "Northgate Warehouse Co.", purpose: "employment", information: ["residence"] }));
  // An expired one: signed last year for a benefits application, ended last month.
  const benefits = await withTenant(luis, (tx) =>
    prepareConsent(tx, residentId, { recipientKind: "organisation", recipientName: "County Assistance Office", purpose: "benefits", information: ["residence"], expiresOn: nextYear, expiryEvent: null }),
  );
  await withTenant(sam, (tx) => signConsent(tx, { consentId: benefits.id, typedName: legalName }));
  const db = await getDb();
  await sql`alter table consent disable trigger consent_guard`.execute(db);
  await db.updateTable("consent").set({ expires_on: sql<string>`current_date - 30` }).where("org_id", "=", orgId).where("id", "=", benefits.id).execute();
  await sql`alter table consent enable trigger consent_guard`.execute(db);
}
