import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { addScreeningNote, updateApplicationIntake } from "#app/domain/admissions/intake.server";
import { admitApplication } from "#app/domain/admissions/stays.server";
import { addDays, todayIn } from "#app/lib/dates";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { makeHouse, type HouseFixture } from "#tests/support/houses";
import { admissionCounts, makeApplication, makeOperatorWithSlug, selectedOption, signedInMember, type Operator } from "#tests/support/admissions";
import { visibleText } from "./helpers";

/**
 * Intake follows the person, over HTTP: the intake form and the screening log on the
 * application page, the staff-only intake section of the resident's record, and the MOUD
 * answer (the person's house only, every view audited).
 */
const t = useTestDatabase();
const server = useTestServer();

let op: Operator;
let harbor: HouseFixture;
let willow: HouseFixture;
let harborManager: { cookie: string };
let harborStaff: { cookie: string };
let willowStaff: { cookie: string };
const today = todayIn("America/New_York");

beforeAll(async () => {
  op = await makeOperatorWithSlug("Intake Homes");
  harbor = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 3, house: { name: "Harbor House" } });
  willow = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 1, house: { name: "Willow House" } });
  harborManager = await signedInMember(op, "house_manager", [harbor.houseId]);
  harborStaff = await signedInMember(op, "staff", [harbor.houseId]);
  willowStaff = await signedInMember(op, "staff", [willow.houseId]);
});

const applicationPath = (id: string) => `/o/${op.slug}/applications/${id}`;
const residentPath = (id: string) => `/o/${op.slug}/residents/${id}`;

const intakeForm = (overrides: Record<string, string> = {}) => ({
  intent: "intake",
  referralSource: "probation",
  referralDetail: "Adult probation, Unit 3",
  needs: "Ground-floor room; works early shifts.",
  recoveryDate: addDays(today, -200),
  payer: "voucher_or_grant",
  sponsorName: "Marisol Vega",
  sponsorPhone: "215-555-0170",
  probationContactName: "Officer Dana Reyes",
  probationContactPhone: "215-555-0199",
  moud: "prefer_not_to_say",
  ...overrides,
});

/** The value a server-rendered text-like input (or textarea) shows. */
function valueOf(html: string, name: string): string | null {
  const input = html.match(new RegExp(`<input[^>]*name="${name}"[^>]*>`))?.[0];
  if (input) return input.match(/ value="([^"]*)"/)?.[1] ?? "";
  const area = html.match(new RegExp(`<textarea[^>]*name="${name}"[^>]*>([\\s\\S]*?)</textarea>`));
  return area ? area[1]! : null;
}
const checkedRadio = (html: string, name: string) =>
  [...html.matchAll(new RegExp(`<input[^>]*name="${name}"[^>]*>`, "g"))].map((m) => m[0]).find((i) => / checked=""/.test(i))?.match(/ value="([^"]*)"/)?.[1] ?? null;

const auditCount = async (action: string, id: string) =>
  (await sql<{ n: number }>`select count(*)::int as n from audit_event where action = ${action} and entity_id = ${id}`.execute(t.db)).rows[0]!.n;

describe("the application's intake", () => {
  it("saves every fact and the MOUD answer, and shows them back in the form", async () => {
    const id = await makeApplication(op.owner, { houseId: harbor.houseId }, ["screening"]);
    const res = await server.request(applicationPath(id), { cookie: harborManager.cookie, form: intakeForm() });
    expect(res.status).toBe(200);
    expect(visibleText(await res.text())).toContain("Intake details saved.");
    const html = await (await server.request(applicationPath(id), { cookie: harborManager.cookie })).text();
    const f = intakeForm();
    for (const name of ["referralDetail", "needs", "recoveryDate", "sponsorName", "sponsorPhone", "probationContactName", "probationContactPhone"] as const) {
      expect(valueOf(html, name), name).toBe(f[name]);
    }
    expect(checkedRadio(html, "referralSource")).toBe("probation");
    expect(selectedOption(html, "payer")).toBe("voucher_or_grant");
    expect(checkedRadio(html, "moud")).toBe("prefer_not_to_say");
    // Each text field carries the schema's bound; the optional date is not required.
    expect(html.match(/<input[^>]*name="sponsorName"[^>]*>/)![0]).toMatch(/maxlength="120"/i);
    expect(html.match(/<input[^>]*name="recoveryDate"[^>]*>/)![0]).not.toContain("required");
  });

  it("refuses bad input with a message on the field and changes nothing", async () => {
    const id = await makeApplication(op.owner, { houseId: harbor.houseId, needs: "Unchanged" }, ["screening"]);
    const before = await admissionCounts(t.db, op.orgId);
    for (const [field, value] of [
      ["sponsorPhone", "call me"],
      ["payer", "boss"],
      ["recoveryDate", addDays(today, 30)],
      ["moud", "maybe"],
      ["referralSource", ""],
      ["needs", "x".repeat(2001)],
      ["probationContactName", "x".repeat(121)],
    ] as const) {
      const res = await server.request(applicationPath(id), { cookie: op.cookie, form: intakeForm({ [field]: value }) });
      expect(res.status, field).toBe(400);
    }
    expect(await admissionCounts(t.db, op.orgId)).toEqual(before);
    const row = await t.db.selectFrom("application").select(["needs", "payer"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toEqual({ needs: "Unchanged", payer: null });
    expect(await t.db.selectFrom("moud_status").select("id").where("application_id", "=", id).execute()).toEqual([]);
  });

  it("shows the MOUD answer only to the staff of the application's house, and audits each view", async () => {
    const id = await makeApplication(op.owner, { houseId: harbor.houseId }, ["screening"]);
    await withTenant(op.owner, (tx) => updateApplicationIntake(tx, { applicationId: id, referralSource: "self", moud: "yes" }));
    const before = await auditCount("moud.viewed", id);
    const staffView = visibleText(await (await server.request(applicationPath(id), { cookie: harborStaff.cookie })).text());
    expect(staffView).toMatch(/Medication for opioid use disorder \(MOUD\)\s*Yes/);
    expect(await auditCount("moud.viewed", id)).toBe(before + 1);
    // An any-house application: every house's staff read it, none of them the answer.
    const any = await makeApplication(op.owner, {}, ["screening"]);
    await withTenant(op.owner, (tx) => updateApplicationIntake(tx, { applicationId: any, referralSource: "self", moud: "yes" }));
    const page = await (await server.request(applicationPath(any), { cookie: willowStaff.cookie })).text();
    expect(visibleText(page)).toContain("Only the staff of the house this application names");
    expect(page).not.toMatch(/name="moud"/);
    expect(await auditCount("moud.viewed", any)).toBe(0);
    // A house manager may not record it on an any-house application (403, nothing written).
    const refused = await server.request(applicationPath(any), { cookie: harborManager.cookie, form: intakeForm({ moud: "no" }) });
    expect(refused.status).toBe(403);
    expect((await t.db.selectFrom("moud_status").select("status").where("application_id", "=", any).executeTakeFirstOrThrow()).status).toBe("yes");
  });

  it("keeps a dated screening log: entries are added, never replaced; staff cannot add", async () => {
    const id = await makeApplication(op.owner, { houseId: harbor.houseId }, ["screening"]);
    for (const body of ["First call: motivated, works days.", "References checked."]) {
      const res = await server.request(applicationPath(id), { cookie: harborManager.cookie, form: { intent: "screening-note", body } });
      expect(res.status).toBe(200);
      expect(visibleText(await res.text())).toContain("Added to the screening log.");
    }
    const text = visibleText(await (await server.request(applicationPath(id), { cookie: op.cookie })).text());
    expect(text.indexOf("References checked.")).toBeLessThan(text.indexOf("First call: motivated, works days."));
    expect(text).toMatch(/Screening log/);
    expect((await server.request(applicationPath(id), { cookie: op.cookie, form: { intent: "screening-note", body: "  " } })).status).toBe(400);
    expect((await server.request(applicationPath(id), { cookie: harborStaff.cookie, form: { intent: "screening-note", body: "x" } })).status).toBe(403);
    expect((await sql<{ n: number }>`select count(*)::int as n from screening_note where application_id = ${id}`.execute(t.db)).rows[0]!.n).toBe(2);
  });
});

describe("the resident's intake section", () => {
  async function admitted() {
    const id = await makeApplication(op.owner, { houseId: harbor.houseId }, ["screening"]);
    await withTenant(op.owner, async (tx) => {
      await updateApplicationIntake(tx, {
        applicationId: id,
        referralSource: "court",
        referralDetail: "Treatment court",
        needs: "Near the bus line",
        payer: "family",
        sponsorName: "Angela Brooks",
        sponsorPhone: "215-555-0139",
        moud: "yes",
      });
      await addScreeningNote(tx, { applicationId: id, body: "Coordinator called: strong progress report." });
    });
    await withTenant(op.owner, (tx) => sql`update application set status = 'accepted' where id = ${id}`.execute(tx));
    const bed = await t.db
      .selectFrom("bed")
      .select("id")
      .where("house_id", "=", harbor.houseId)
      .where((eb) => eb.not(eb.exists(eb.selectFrom("stay").select("stay.id").whereRef("stay.bed_id", "=", "bed.id"))))
      .executeTakeFirstOrThrow();
    return withTenant(op.owner, (tx) => admitApplication(tx, { applicationId: id, bedId: bed.id, moveInDate: today }));
  }

  it("carries the application's intake in, and saves every field of its form", async () => {
    const { residentId } = await admitted();
    const html = await (await server.request(residentPath(residentId), { cookie: harborManager.cookie })).text();
    // The form posts exactly the fields its (strict) schema takes: the recovery date lives in the profile.
    const formHtml = html.match(/<form[^>]*id="intake"[\s\S]*?<\/form>/)![0];
    const names = new Set([...formHtml.matchAll(/\sname="([^"]+)"/g)].map((m) => m[1]));
    expect([...names].sort()).toEqual(
      ["intent", "moud", "needs", "payer", "probationContactName", "probationContactPhone", "referralDetail", "referralSource", "sponsorName", "sponsorPhone"].sort(),
    );
    expect(checkedRadio(html, "moud")).toBe("yes");
    expect(selectedOption(html, "payer")).toBe("family");
    expect(selectedOption(html, "referralSource")).toBe("court");
    expect(valueOf(html, "sponsorName")).toBe("Angela Brooks");
    expect(visibleText(html)).toContain("Coordinator called: strong progress report.");

    const form = {
      intent: "intake",
      referralSource: "hospital",
      referralDetail: "St. Agnes peer specialist",
      needs: "Evening check-ins",
      payer: "employer",
      sponsorName: "Lena Marsh",
      sponsorPhone: "215-555-0148",
      probationContactName: "Officer Tom Brandt",
      probationContactPhone: "215-555-0158",
      moud: "no",
    };
    const res = await server.request(residentPath(residentId), { cookie: harborManager.cookie, form });
    expect(res.status).toBe(200);
    const after = await (await server.request(residentPath(residentId), { cookie: harborManager.cookie })).text();
    for (const name of ["referralDetail", "needs", "sponsorName", "sponsorPhone", "probationContactName", "probationContactPhone"] as const) {
      expect(valueOf(after, name), name).toBe(form[name]);
    }
    expect(selectedOption(after, "referralSource")).toBe("hospital");
    expect(selectedOption(after, "payer")).toBe("employer");
    expect(checkedRadio(after, "moud")).toBe("no");

    // A log entry on the record.
    const note = await server.request(residentPath(residentId), { cookie: harborManager.cookie, form: { intent: "screening-note", body: "First week went well." } });
    expect(note.status).toBe(200);
    expect(visibleText(await note.text())).toContain("First week went well.");
  });

  it("staff of the house read it (with the answer) but cannot change it; other houses see nothing of it", async () => {
    const { residentId } = await admitted();
    const staff = visibleText(await (await server.request(residentPath(residentId), { cookie: harborStaff.cookie })).text());
    expect(staff).toContain("Angela Brooks");
    expect(staff).toMatch(/Medication for opioid use disorder \(MOUD\)\s*Yes/);
    const refused = await server.request(residentPath(residentId), { cookie: harborStaff.cookie, form: { intent: "intake", needs: "x" } });
    expect(refused.status).toBe(403);
    expect((await server.request(residentPath(residentId), { cookie: willowStaff.cookie })).status).toBe(404);
    const bad = await server.request(residentPath(residentId), { cookie: op.cookie, form: { intent: "intake", payer: "boss" } });
    expect(bad.status).toBe(400);
    expect((await t.db.selectFrom("resident_intake").select("payer").where("resident_id", "=", residentId).executeTakeFirstOrThrow()).payer).toBe("family");
  });
});
