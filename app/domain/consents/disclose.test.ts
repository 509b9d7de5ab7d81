import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { transferStay } from "#app/domain/admissions/stays.server";
import { linkResidentAccount } from "#app/domain/residents/residents.server";
import { exportMyData, EXPORTERS, NOT_EXPORTED } from "#app/domain/mydata/mydata.server";
import { addDays, todayIn } from "#app/lib/dates";
import { useTestDatabase } from "#tests/support/db";
import { makeUser } from "#tests/support/factories";
import { expectDomainError, makeHouse, makeMember, makeOperator, makeStay } from "#tests/support/houses";
import { listMyConsents, listResidentConsents, prepareConsent, revokeConsent, signConsent } from "./consents.server";
import { disclose, getReleaseLetter, listMyDisclosures, orRefuse } from "./disclose.server";
import type { ConsentInput, DisclosureRequest } from "./schemas";

const t = useTestDatabase();

const CONSENT: ConsentInput = {
  recipientKind: "person",
  recipientName: "Officer Dana Ruiz",
  purpose: "court_or_probation",
  information: ["residence", "participation"],
  expiresOn: "2099-12-31",
  expiryEvent: null,
};

async function world() {
  const fx = await makeOperator();
  const h = await makeHouse(fx.owner);
  const other = await makeHouse(fx.owner);
  const today = todayIn("America/New_York");
  const { residentId } = await makeStay(fx.owner, h.bedIds[0]!, addDays(today, -30));
  const { residentId: otherResidentId } = await makeStay(fx.owner, h.bedIds[1]!, addDays(today, -10));
  const user = await makeUser({ orgId: fx.orgId, role: "resident" });
  await withTenant(fx.owner, async (tx) => {
    await tx.updateTable("resident").set({ legal_name: "Pat Doe" }).where("id", "=", residentId).execute();
    await linkResidentAccount(tx, { residentId, userId: user.id });
  });
  const resident: TenantContext = { orgId: fx.orgId, userId: user.id, role: "resident" };
  const staff = await makeMember(fx, "staff", [h.houseId]);
  const otherStaff = await makeMember(fx, "house_manager", [other.houseId]);
  const req: DisclosureRequest = {
    residentId,
    what: "release_letter",
    recipientKind: "person",
    recipientName: "officer  dana ruiz",
    purpose: "court_or_probation",
    information: ["residence"],
  };
  return { fx, h, other, today, residentId, otherResidentId, resident, staff: staff.ctx, otherStaff: otherStaff.ctx, req };
}

async function signed(w: Awaited<ReturnType<typeof world>>, input: ConsentInput = CONSENT) {
  const { id } = await withTenant(w.staff, (tx) => prepareConsent(tx, w.residentId, input));
  await withTenant(w.resident, (tx) => signConsent(tx, { consentId: id, typedName: "pat doe" }));
  return id;
}

const attempt = (ctx: TenantContext, req: DisclosureRequest) => withTenant(ctx, (tx) => disclose(tx, req));

async function logRows(w: Awaited<ReturnType<typeof world>>) {
  return t.db.selectFrom("disclosure").select(["outcome", "refusal", "consent_id"]).where("org_id", "=", w.fx.orgId).orderBy("disclosed_at").execute();
}

describe("disclose(): the consent gate", () => {
  it("grants under an active, matching consent, logs it, and the letter shows it with the notice's data", async () => {
    const w = await world();
    const consentId = await signed(w);
    const out = orRefuse(await attempt(w.staff, w.req));
    expect(out.consentId).toBe(consentId);
    const letter = await withTenant(w.staff, (tx) => getReleaseLetter(tx, out.disclosureId));
    expect(letter.stays).toHaveLength(1);
    expect(letter.participation).toBeNull(); // not asked for: not shown
    expect(letter.balanceCents).toBeNull();
    const mine = await withTenant(w.resident, (tx) => listMyDisclosures(tx));
    expect(mine.map((d) => [d.outcome, d.consentId])).toEqual([["granted", consentId]]);
  });

  const refusals: [string, (w: Awaited<ReturnType<typeof world>>) => Promise<DisclosureRequest>, string][] = [
    ["no consent at all", async (w) => w.req, "no_consent"],
    ["another recipient", async (w) => (await signed(w), { ...w.req, recipientName: "Acme Staffing" }), "no_consent"],
    ["another purpose", async (w) => (await signed(w), { ...w.req, purpose: "employment" }), "purpose"],
    ["information not covered", async (w) => (await signed(w), { ...w.req, information: ["residence", "payments"] }), "information"],
    ["not signed yet", async (w) => (await withTenant(w.staff, (tx) => prepareConsent(tx, w.residentId, CONSENT)), w.req), "not_signed"],
    [
      "expired",
      async (w) => {
        const id = await signed(w);
        await sql`alter table consent disable trigger consent_guard`.execute(t.db);
        await t.db.updateTable("consent").set({ expires_on: "2020-01-01" }).where("id", "=", id).execute();
        await sql`alter table consent enable trigger consent_guard`.execute(t.db);
        return w.req;
      },
      "expired",
    ],
    [
      "revoked",
      async (w) => {
        const id = await signed(w);
        await withTenant(w.resident, (tx) => revokeConsent(tx, id, { mine: true }));
        return w.req;
      },
      "revoked",
    ],
    [
      "another resident's consent",
      async (w) => {
        await signed(w);
        return { ...w.req, residentId: w.otherResidentId };
      },
      "no_consent",
    ],
  ];
  for (const [name, setup, refusal] of refusals) {
    it(`refuses (${name}) and logs the refused attempt`, async () => {
      const w = await world();
      const req = await setup(w);
      const out = await attempt(w.staff, req);
      expect(out.granted).toBe(false);
      if (out.granted) return;
      expect(out.refusal).toBe(refusal);
      expect(out.error.kind).toBe("forbidden");
      const rows = await logRows(w);
      expect(rows.at(-1)).toMatchObject({ outcome: "refused", refusal, consent_id: null });
    });
  }

  it("a disclosure one second after revocation is refused, and the printed letter is gone", async () => {
    const w = await world();
    const id = await signed(w);
    const out = orRefuse(await attempt(w.staff, w.req));
    await withTenant(w.resident, (tx) => revokeConsent(tx, id, { mine: true }));
    await new Promise((r) => setTimeout(r, 1000));
    expect((await attempt(w.staff, w.req)).granted).toBe(false);
    await expectDomainError(withTenant(w.staff, (tx) => getReleaseLetter(tx, out.disclosureId)), "gone");
  });

  it("expiry takes effect at once, on the house's day: granted through the end date, refused the next day with the message, logged", async () => {
    const w = await world();
    // The house's clock is the one we can move: a house at UTC−11 whose consent ends today there…
    const setZone = (zone: string) => t.db.updateTable("house").set({ time_zone: zone }).where("id", "=", w.h.houseId).execute();
    await setZone("Pacific/Pago_Pago");
    const endsOn = todayIn("Pacific/Pago_Pago");
    const consentId = await signed(w, { ...CONSENT, expiresOn: endsOn });
    const first = orRefuse(await attempt(w.staff, w.req));
    expect(first.consentId).toBe(consentId); // the end date itself is still inside the consent
    // …and the same house's day moves on (UTC+14 is always at least a day later): expired, now.
    await setZone("Pacific/Kiritimati");
    expect(todayIn("Pacific/Kiritimati") > endsOn).toBe(true);
    const out = await attempt(w.staff, w.req);
    expect(out.granted).toBe(false);
    if (out.granted) return;
    expect(out.refusal).toBe("expired");
    expect(out.error).toMatchObject({ kind: "forbidden", field: "recipientName" });
    expect(out.error.message).toBe(
      "The resident's consent for officer  dana ruiz has expired. Prepare a new one for them to sign. Nothing was shared; the attempt is recorded in the disclosure log.",
    );
    expect(await logRows(w)).toEqual([
      { outcome: "granted", refusal: null, consent_id: consentId },
      { outcome: "refused", refusal: "expired", consent_id: null },
    ]);
    const mine = await withTenant(w.resident, (tx) => listMyDisclosures(tx));
    expect(mine.map((d) => [d.outcome, d.refusal])).toEqual([["refused", "expired"], ["granted", null]]);
    // The letter printed on the last day can no longer be shown, and the consent reads as expired.
    await expectDomainError(withTenant(w.staff, (tx) => getReleaseLetter(tx, first.disclosureId)), "gone");
    expect((await withTenant(w.resident, (tx) => listMyConsents(tx))).map((c) => [c.id, c.status])).toEqual([[consentId, "expired"]]);
  });

  it("staff of another house can neither disclose nor see the consents (404 before any log row)", async () => {
    const w = await world();
    await signed(w);
    await expectDomainError(attempt(w.otherStaff, w.req), "not_found");
    await expectDomainError(withTenant(w.otherStaff, (tx) => listResidentConsents(tx, w.residentId)), "not_found");
    await expectDomainError(withTenant(w.otherStaff, (tx) => prepareConsent(tx, w.residentId, CONSENT)), "not_found");
  });

  it("after a move to another house, that house's staff see the consent and disclose under it; an end-of-stay consent stays active", async () => {
    const w = await world();
    const consentId = await signed(w, { ...CONSENT, expiresOn: null, expiryEvent: "end_of_stay" });
    const { stayId } = await t.db.selectFrom("stay").select("id as stayId").where("resident_id", "=", w.residentId).executeTakeFirstOrThrow();
    await withTenant(w.fx.owner, (tx) => transferStay(tx, { stayId, toBedId: w.other.bedIds[0]!, date: w.today }));
    const seen = await withTenant(w.otherStaff, (tx) => listResidentConsents(tx, w.residentId));
    expect(seen.map((c) => [c.id, c.status])).toEqual([[consentId, "active"]]);
    const out = orRefuse(await attempt(w.otherStaff, w.req));
    expect(out.consentId).toBe(consentId);
    const row = await t.db.selectFrom("disclosure").select(["house_id", "outcome"]).where("id", "=", out.disclosureId).executeTakeFirstOrThrow();
    expect(row).toEqual({ house_id: w.other.houseId, outcome: "granted" });
    await withTenant(w.otherStaff, (tx) => revokeConsent(tx, consentId, { mine: false }));
    expect((await attempt(w.otherStaff, w.req)).granted).toBe(false);
  });

  it("the database refuses a granted row that no consent covers, and the log is append-only", async () => {
    const w = await world();
    const id = await signed(w, { ...CONSENT, purpose: "employment" });
    await expect(
      withTenant(w.staff, (tx) =>
        tx
          .insertInto("disclosure")
          .values({
            org_id: w.fx.orgId, house_id: w.h.houseId, resident_id: w.residentId, consent_id: id, what: "release_letter",
            recipient_kind: "person", recipient_name: "x", recipient_ref: "named:officer dana ruiz", purpose: "court_or_probation",
            information: ["residence"], outcome: "granted", refusal: null,
          })
          .execute(),
      ),
    ).rejects.toThrow();
    await attempt(w.staff, w.req);
    await expect(withTenant(w.fx.owner, (tx) => tx.deleteFrom("disclosure").where("org_id", "=", w.fx.orgId).execute())).rejects.toThrow();
  });

  it("only the resident signs, with their own name; staff cannot sign for them", async () => {
    const w = await world();
    const { id } = await withTenant(w.staff, (tx) => prepareConsent(tx, w.residentId, CONSENT));
    await expectDomainError(withTenant(w.resident, (tx) => signConsent(tx, { consentId: id, typedName: "Someone Else" })), "invalid", { field: "typedName" });
    await expect(withTenant(w.staff, (tx) => tx.updateTable("consent").set({ typed_name: "Pat Doe" }).where("id", "=", id).execute())).rejects.toThrow();
    await withTenant(w.resident, (tx) => signConsent(tx, { consentId: id, typedName: "Pat Doe" }));
    const [mine] = await withTenant(w.resident, (tx) => listMyConsents(tx));
    expect(mine).toMatchObject({ status: "active", typedName: "Pat Doe", recipientName: "Officer Dana Ruiz", purpose: "court_or_probation", information: ["residence", "participation"], expiresOn: "2099-12-31" });
    expect(mine!.signedAt).toBeInstanceOf(Date);
  });
});

describe("my data", () => {
  it("exports every table with a resident_id, or says why not", async () => {
    const { rows } = await sql<{ table_name: string }>`select distinct table_name from information_schema.columns
      where table_schema = 'public' and column_name = 'resident_id'`.execute(t.db);
    const covered = new Set([...EXPORTERS.map((e) => e.table), ...Object.keys(NOT_EXPORTED)]);
    expect(rows.map((r) => r.table_name).filter((n) => !covered.has(n))).toEqual([]);
  });

  it("holds the resident's profile, stays, consents and disclosures, and is audited", async () => {
    const w = await world();
    await signed(w);
    await attempt(w.staff, w.req);
    const data = await withTenant(w.resident, (tx) => exportMyData(tx, "json"));
    const by = Object.fromEntries(data.sections.map((s) => [s.key, s.rows]));
    expect(by.profile).toHaveLength(1);
    expect(by.stays).toHaveLength(1);
    expect(by.consents).toHaveLength(1);
    expect(by.disclosures).toHaveLength(1);
    const audits = await t.db.selectFrom("audit_event").select("action").where("org_id", "=", w.fx.orgId).where("action", "=", "mydata.exported").execute();
    expect(audits).toHaveLength(1);
  });
});
