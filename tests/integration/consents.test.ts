import { describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { linkResidentAccount } from "#app/domain/residents/residents.server";
import { addDays, todayIn } from "#app/lib/dates";
import { makeOperatorWithSlug, signedInMember } from "#tests/support/admissions";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { makeUser, sessionCookieFor } from "#tests/support/factories";
import { makeHouse, makeStay } from "#tests/support/houses";
import { flashFrom, visibleText } from "./helpers";
import { formWith, get, post } from "./house-pages";

const t = useTestDatabase();
const server = useTestServer();

async function world() {
  const op = await makeOperatorWithSlug();
  const h = await makeHouse(op.owner);
  const other = await makeHouse(op.owner);
  const { residentId } = await makeStay(op.owner, h.bedIds[0]!, addDays(todayIn("America/New_York"), -20));
  const user = await makeUser({ orgId: op.orgId, role: "resident" });
  await withTenant(op.owner, async (tx) => {
    await tx.updateTable("resident").set({ legal_name: "Jo Rivera" }).where("id", "=", residentId).execute();
    await linkResidentAccount(tx, { residentId, userId: user.id });
  });
  const staff = await signedInMember(op, "staff", [h.houseId]);
  const stranger = await signedInMember(op, "house_manager", [other.houseId]);
  return { op, h, residentId, staff, stranger, resident: await sessionCookieFor(user.id), page: `/o/${op.slug}/residents/${residentId}/consents`, me: `/o/${op.slug}/me` };
}

const prepareForm = (o: Record<string, string> = {}, information = ["residence", "payments"]) =>
  formWith(
    { intent: "prepare", recipientKind: "organisation", recipientName: "Cityline Staffing", purpose: "employment", purposeDetail: "A job offer", expiresOn: "2099-06-30", expiryEvent: "end_of_stay", ...o },
    { information },
  );
const letterForm = (o: Record<string, string> = {}, information = ["residence"]) =>
  formWith({ intent: "letter", recipientKind: "organisation", recipientName: "cityline  staffing", purpose: "employment", ...o }, { information });

async function consentId(w: Awaited<ReturnType<typeof world>>) {
  return (await t.db.selectFrom("consent").select("id").where("resident_id", "=", w.residentId).orderBy("prepared_at", "desc").executeTakeFirstOrThrow()).id;
}

async function preparedAndSigned(w: Awaited<ReturnType<typeof world>>) {
  expect((await post(server, w.page, w.staff.cookie, prepareForm())).status).toBe(200);
  const id = await consentId(w);
  const signed = await post(server, `${w.me}/consents/${id}`, w.resident, { intent: "sign", consentId: id, typedName: "jo rivera" });
  expect(signed.status).toBe(302);
  return id;
}

describe("consent pages", () => {
  it("staff prepare a consent, the resident reads every field back, signs it, and sees it active", async () => {
    const w = await world();
    const id = await preparedAndSigned(w);
    const row = await t.db.selectFrom("consent").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      recipient_kind: "organisation", recipient_name: "Cityline Staffing", recipient_ref: "named:cityline staffing", purpose: "employment",
      purpose_detail: "A job offer", information: ["residence", "payments"], expiry_event: "end_of_stay", typed_name: "jo rivera",
    });
    expect(String(row.expires_on)).toContain("2099");
    expect(row.signed_at).toBeInstanceOf(Date);
    // The signature's IP: recorded by the database from the request (the test client is on loopback) and shown on the copy.
    expect(row.signed_ip).toMatch(/^(::ffff:)?127\.0\.0\.1$|^::1$/);
    const copy = visibleText((await get(server, `${w.me}/consents/${id}`, w.resident)).html);
    expect(copy).toContain(`Signed as “jo rivera” on`);
    expect(copy).toContain(` from ${row.signed_ip}.`);
    for (const s of ["Cityline Staffing", "For a job or job training: A job offer", "That I live here", "My payments", "On 2099-06-30", "When my stay at this house ends", "You may revoke", "Signed as “jo rivera”", "Active"]) {
      expect(copy).toContain(s);
    }
  });

  it("a bad consent form answers 400 on its field and writes nothing", async () => {
    const w = await world();
    const cases: [Record<string, string>, string[], string][] = [
      [{ expiresOn: "", expiryEvent: "" }, ["residence"], "Give an end date"],
      [{ purpose: "other", purposeDetail: "" }, ["residence"], "Describe the purpose"],
      [{}, [], "Choose at least one"],
      [{ recipientName: "" }, ["residence"], "Required"],
      [{ information: "x" }, ["secrets"], "Choose from the list"],
    ];
    for (const [o, info, message] of cases) {
      const r = await post(server, w.page, w.staff.cookie, prepareForm(o, info));
      expect(r.status).toBe(400);
      expect(r.html).toContain(message);
    }
    expect(await t.db.selectFrom("consent").select("id").where("resident_id", "=", w.residentId).execute()).toEqual([]);
  });

  it("the letter prints only through the gate, with the notice; refusals show why and are logged; revoked → refused", async () => {
    const w = await world();
    const refusedNoConsent = await post(server, w.page, w.staff.cookie, letterForm());
    expect(refusedNoConsent.status).toBe(403);
    expect(visibleText(refusedNoConsent.html)).toContain("has not consented to sharing information with cityline staffing");
    const id = await preparedAndSigned(w);
    for (const [o, info, text] of [
      [{ recipientName: "Someone Else" }, ["residence"], "has not consented"],
      [{ purpose: "court_or_probation" }, ["residence"], "is for another purpose"],
      [{}, ["residence", "treatment"], "does not cover"],
    ] as const) {
      const r = await post(server, w.page, w.staff.cookie, letterForm(o, [...info]));
      expect(r.status).toBe(403);
      expect(visibleText(r.html)).toContain(text);
    }
    const ok = await post(server, w.page, w.staff.cookie, letterForm());
    expect(ok.status).toBe(302);
    const letterPath = ok.res.headers.get("location")!;
    const letter = await get(server, letterPath, `${w.staff.cookie}; ${flashFrom(ok.res) ?? ""}`);
    expect(letter.status).toBe(200);
    const text = visibleText(letter.html);
    expect(text).toContain("Notice against redisclosure");
    expect(text).toContain("42 CFR part 2");
    expect(text).toContain("Jo Rivera has lived at");
    expect(text).not.toContain("Payments"); // consented, but not asked for
    expect((await get(server, letterPath, w.stranger.cookie)).status).toBe(404);
    // The resident sees the log, then revokes; a second print is refused.
    const log = visibleText((await get(server, `${w.me}/disclosures`, w.resident)).html);
    expect(log).toContain("Shared");
    expect(log).toContain("Not shared");
    expect((await post(server, `${w.me}/consents/${id}`, w.resident, { intent: "revoke", consentId: id })).status).toBe(302);
    const again = await post(server, w.page, w.staff.cookie, letterForm());
    expect(again.status).toBe(403);
    expect(visibleText(again.html)).toContain("was revoked");
    expect((await get(server, letterPath, w.staff.cookie)).status).toBe(410);
    const outcomes = await t.db.selectFrom("disclosure").select(["outcome", "refusal"]).where("resident_id", "=", w.residentId).orderBy("disclosed_at").execute();
    expect(outcomes.map((o) => o.refusal ?? o.outcome)).toEqual(["no_consent", "no_consent", "purpose", "information", "granted", "revoked"]);
  });

  it("expiry takes effect at once over HTTP: printed on the end date, refused the next day (the house's) with the message, logged, and the letter gone", async () => {
    const w = await world();
    // The house's clock is the one we move (its time zone); the consent row is not touched.
    const setZone = (zone: string) => t.db.updateTable("house").set({ time_zone: zone }).where("id", "=", w.h.houseId).execute();
    await setZone("Pacific/Pago_Pago");
    const endsOn = todayIn("Pacific/Pago_Pago");
    expect((await post(server, w.page, w.staff.cookie, prepareForm({ expiresOn: endsOn, expiryEvent: "" }))).status).toBe(200);
    const id = await consentId(w);
    expect((await post(server, `${w.me}/consents/${id}`, w.resident, { intent: "sign", consentId: id, typedName: "jo rivera" })).status).toBe(302);
    const ok = await post(server, w.page, w.staff.cookie, letterForm());
    expect(ok.status).toBe(302);
    const letterPath = ok.res.headers.get("location")!;
    await setZone("Pacific/Kiritimati"); // always at least a day later than Pago Pago
    const refused = await post(server, w.page, w.staff.cookie, letterForm());
    expect(refused.status).toBe(403);
    expect(visibleText(refused.html)).toContain("The resident's consent for cityline staffing has expired. Prepare a new one for them to sign. Nothing was shared; the attempt is recorded in the disclosure log.");
    expect((await get(server, letterPath, w.staff.cookie)).status).toBe(410);
    const outcomes = await t.db.selectFrom("disclosure").select(["outcome", "refusal", "consent_id"]).where("resident_id", "=", w.residentId).orderBy("disclosed_at").execute();
    expect(outcomes).toEqual([
      { outcome: "granted", refusal: null, consent_id: id },
      { outcome: "refused", refusal: "expired", consent_id: null },
    ]);
    const log = visibleText((await get(server, `${w.me}/disclosures`, w.resident)).html);
    expect(log).toContain("Not shared: the consent has expired");
    expect(visibleText((await get(server, `${w.me}/consents/${id}`, w.resident)).html)).toContain("Expired");
  });

  it("staff of another house get 404; a resident cannot open staff pages or another's consent; signing needs the name on record", async () => {
    const w = await world();
    expect((await get(server, w.page, w.stranger.cookie)).status).toBe(404);
    expect((await post(server, w.page, w.stranger.cookie, letterForm())).status).toBe(404);
    expect((await get(server, w.page, w.resident)).status).toBe(403);
    expect((await post(server, w.page, w.staff.cookie, prepareForm())).status).toBe(200);
    const id = await consentId(w);
    const wrong = await post(server, `${w.me}/consents/${id}`, w.resident, { intent: "sign", consentId: id, typedName: "Not Me" });
    expect(wrong.status).toBe(400);
    expect(wrong.html).toContain("doesn&#x27;t match the name on your record");
    const other = await world();
    expect((await get(server, `/o/${other.op.slug}/me/consents/${id}`, other.resident)).status).toBe(404);
    expect((await get(server, `${w.me}/consents/not-a-uuid`, w.resident)).status).toBe(404);
  });

  it("my data: HTML and JSON, with consents and disclosures, audited", async () => {
    const w = await world();
    await preparedAndSigned(w);
    const html = await get(server, `${w.me}/data`, w.resident);
    expect(html.status).toBe(200);
    expect(visibleText(html.html)).toContain("My consents ( 1 )");
    const json = await get(server, `${w.me}/data.json`, w.resident);
    expect(json.res.headers.get("content-disposition")).toContain("attachment");
    const body = JSON.parse(json.html) as { sections: { key: string; rows: unknown[] }[] };
    expect(body.sections.find((s) => s.key === "consents")!.rows).toHaveLength(1);
    expect(body.sections.find((s) => s.key === "stays")!.rows).toHaveLength(1);
    expect((await get(server, `${w.me}/data.json`, w.staff.cookie)).status).toBe(403);
  });
});
