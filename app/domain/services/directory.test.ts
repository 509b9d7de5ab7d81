import { describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { DEMO_CITIES, demoDirectory, seedDirectory } from "#db/seed/services";
import { useTestDatabase } from "#tests/support/db";
import { validateHsdsServicePage } from "#tests/support/hsds-schema";
import { expectDomainError, makeMember, makeOperator } from "#tests/support/houses";
import { createService, getService, listServiceEntries, markServiceVerified, needsVerification, searchDirectory, updateService } from "./directory.server";
import { importDirectory, parseHsdsCsv, parseHsdsJson, toHsdsCsv, toHsdsJson } from "./hsds.server";
import { SERVICE_CATEGORIES, SERVICE_CATEGORY_CODES } from "./categories";
import { DirectoryQuery } from "./schemas";

useTestDatabase();

const TODAY = "2026-11-30";
const MONDAY_NOON = { weekday: 1, time: "12:00" };
const q = (v: Record<string, string>) => DirectoryQuery.parse(v);

async function world() {
  const op = await makeOperator();
  const owner = { ...op.owner, orgId: op.orgId };
  const entries = await seedDirectory(owner, DEMO_CITIES.riverside, TODAY);
  return { op, owner, entries };
}

describe("the services directory", () => {
  it("has the issue's 14 categories as its taxonomy; the database takes each and all, and nothing else", async () => {
    // Issue 12: "substance-use treatment, medication for opioid use disorder, mental and physical
    // health care, mutual aid, recovery coaches, employment and job training, education, legal aid,
    // benefits, food, childcare, transportation and longer-term housing".
    expect(SERVICE_CATEGORIES.map((c) => [c.code, c.label])).toEqual([
      ["treatment", "Substance-use treatment"],
      ["moud", "Medication for opioid use disorder"],
      ["mental_health", "Mental health care"],
      ["primary_care", "Physical health care"],
      ["mutual_aid", "Mutual aid meetings"],
      ["recovery_coach", "Recovery coaching"],
      ["employment", "Employment and job training"],
      ["education", "Education"],
      ["legal", "Legal aid"],
      ["benefits", "Benefits"],
      ["food", "Food"],
      ["childcare", "Childcare"],
      ["transportation", "Transportation"],
      ["housing", "Longer-term housing"],
    ]);
    const op = await makeOperator();
    const input = { name: "Every Kind of Help", organizationName: "All Hands", description: "All of it.", categories: [...SERVICE_CATEGORY_CODES], languages: ["en"] };
    const { id } = await withTenant(op.owner, (tx) => createService(tx, op.orgId, input, TODAY));
    expect((await withTenant(op.owner, (tx) => getService(tx, id))).categories).toEqual(SERVICE_CATEGORY_CODES);
    // A 15th category: refused on the field by the form's schema, and by the database's check.
    await expectDomainError(withTenant(op.owner, (tx) => createService(tx, op.orgId, { ...input, categories: ["astrology" as never] }, TODAY)), "invalid");
    await expect(
      withTenant(op.owner, (tx) => tx.updateTable("service").set({ categories: ["astrology" as never] }).where("id", "=", id).execute()),
    ).rejects.toThrow(/service_categories/);
  });

  it("a search for “job training” finds the employment services first", async () => {
    const { owner } = await world();
    const page = await withTenant(owner, (tx) => searchDirectory(tx, q({ q: "job training" }), { now: MONDAY_NOON }));
    expect(page.items.length).toBeGreaterThan(3);
    const top = page.items.slice(0, 5);
    for (const s of top) expect(s.categories).toContain("employment");
    expect(page.items[0]!.name).toBe("Northside Job Training Center");
  });

  it("filters by category, city or ZIP, language and open now; pages by keyset", async () => {
    const { owner } = await world();
    await withTenant(owner, async (tx) => {
      const food = await searchDirectory(tx, q({ category: "food" }), { now: MONDAY_NOON });
      expect(food.items.map((s) => s.categories.includes("food"))).toEqual(food.items.map(() => true));
      expect(food.items).toHaveLength(4);
      expect((await searchDirectory(tx, q({ place: "philadelphia" }), { now: MONDAY_NOON, limit: 100 })).items.length).toBeGreaterThan(50);
      expect((await searchDirectory(tx, q({ place: "Chicago" }), { now: MONDAY_NOON })).items).toHaveLength(0);
      expect((await searchDirectory(tx, q({ place: "19101" }), { now: MONDAY_NOON })).items.length).toBeGreaterThan(0);
      const asl = await searchDirectory(tx, q({ language: "ase" }), { now: MONDAY_NOON, limit: 100 });
      expect(asl.items.every((s) => s.languages.includes("ase"))).toBe(true);
      expect(asl.items.length).toBeGreaterThan(0);
      // Mutual aid meets Tue/Thu/Sat evenings: not open at Monday noon; the others are.
      const open = await searchDirectory(tx, q({ open: "now" }), { now: MONDAY_NOON, limit: 100 });
      expect(open.items.some((s) => s.categories.includes("mutual_aid"))).toBe(false);
      expect(open.items.length).toBeGreaterThan(40);
      expect((await searchDirectory(tx, q({ open: "now" }), { now: { weekday: 1, time: "20:00" } })).items).toHaveLength(0);
      // Keyset pages: no overlap, nothing lost — with and without words.
      for (const query of [q({}), q({ q: "free" })]) {
        const all = await searchDirectory(tx, query, { now: MONDAY_NOON, limit: 1000 });
        const seen: string[] = [];
        let cursor = null;
        do {
          const page = await searchDirectory(tx, query, { now: MONDAY_NOON, limit: 7, cursor: cursor ? { after: JSON.parse(Buffer.from(cursor, "base64url").toString()).after } : null });
          seen.push(...page.items.map((s) => s.id));
          cursor = page.next;
        } while (cursor);
        expect(seen).toEqual(all.items.map((s) => s.id));
      }
    });
  });

  it("flags entries not verified for 12 months; mark verified clears the flag", async () => {
    const { owner, entries } = await world();
    expect(needsVerification("2025-11-30", TODAY)).toBe(false);
    expect(needsVerification("2025-11-29", TODAY)).toBe(true);
    expect(needsVerification(null, TODAY)).toBe(true);
    const stale = entries.find((e) => needsVerification(e.assuredDate, TODAY))!;
    await withTenant(owner, (tx) => markServiceVerified(tx, stale.id, TODAY));
    const s = await withTenant(owner, (tx) => getService(tx, stale.id));
    expect(s.assuredDate).toBe(TODAY);
  });

  it("round-trips through HSDS JSON and CSV into an empty org: the same directory", async () => {
    const { owner } = await world();
    const before = await withTenant(owner, (tx) => listServiceEntries(tx));
    for (const format of ["json", "csv"] as const) {
      const other = await makeOperator();
      const ctx = { ...other.owner, orgId: other.orgId };
      const parsed = format === "json" ? parseHsdsJson(toHsdsJson(before)) : parseHsdsCsv(toHsdsCsv(before));
      expect(parsed.errors).toEqual([]);
      const r = await withTenant(ctx, (tx) => importDirectory(tx, other.orgId, parsed, { format, validOnly: false }));
      expect(r.imported).toBe(before.length);
      const after = await withTenant(ctx, (tx) => listServiceEntries(tx));
      expect(after).toEqual(before);
      expect(format === "json" ? toHsdsJson(after) : toHsdsCsv(after)).toEqual(format === "json" ? toHsdsJson(before) : toHsdsCsv(before));
    }
  });

  it("exports JSON that validates against the published HSDS 3.1 schema (a page of services)", async () => {
    const { owner } = await world();
    const entries = await withTenant(owner, (tx) => listServiceEntries(tx));
    expect(entries.length).toBeGreaterThan(10);
    const exported = JSON.parse(toHsdsJson(entries)) as { contents: Record<string, unknown>[] };
    expect(validateHsdsServicePage(exported).errors).toEqual([]);
    // The check can fail: a service without its required name does not validate.
    delete exported.contents[0]!.name;
    expect(validateHsdsServicePage(exported).valid).toBe(false);
  });

  it("reports each malformed row and imports nothing unless asked for the valid rows", async () => {
    const op = await makeOperator();
    const ctx = { ...op.owner, orgId: op.orgId };
    const good = demoDirectory({ key: "x", city: "Erie", state: "PA", zip: "165", area: "814" }, TODAY).slice(0, 5);
    const csv = toHsdsCsv(good);
    const broken = {
      ...csv,
      "service.csv": csv["service.csv"].replace(good[1]!.name, "").replace(good[3]!.assuredDate!, "2026-02-30"),
      "schedule.csv": `${csv["schedule.csv"]}${"3c0f3c6e-6a6f-4d5e-9a41-5b1d2f0c9e11"},${"00000000-0000-4000-8000-000000000000"},WEEKLY,MO,09:00,17:00\n`,
    };
    const parsed = parseHsdsCsv(broken);
    expect(parsed.errors.map((e) => e.where)).toEqual(["schedule.csv line 27", "service.csv line 3", "service.csv line 5"]);
    expect(parsed.errors[1]!.problems[0]).toMatch(/^name:/);
    const none = await withTenant(ctx, (tx) => importDirectory(tx, op.orgId, parsed, { format: "csv", validOnly: false }));
    expect(none.imported).toBe(0);
    expect(await withTenant(ctx, (tx) => listServiceEntries(tx))).toHaveLength(0);
    const some = await withTenant(ctx, (tx) => importDirectory(tx, op.orgId, parsed, { format: "csv", validOnly: true }));
    expect(some.imported).toBe(3);
    // The same ids again: reported, not replaced.
    const again = await withTenant(ctx, (tx) => importDirectory(tx, op.orgId, parseHsdsJson(toHsdsJson(good)), { format: "json", validOnly: false }));
    expect(again.imported).toBe(0);
    expect(again.errors).toHaveLength(3);
    // Files that are not what they claim: an error, never a throw.
    expect(parseHsdsJson("{nope").errors[0]!.problems[0]).toMatch(/not JSON/);
    expect(parseHsdsJson('{"contents": 3}').errors).toHaveLength(1);
    expect(parseHsdsCsv({ "service.csv": 'id,name\n"unterminated' }).errors[0]!.where).toBe("service.csv");
    expect(parseHsdsCsv({ "phone.csv": "id\n" }).errors.at(-1)!.where).toBe("service.csv");
  });

  it("residents read the directory but cannot change it; other orgs see nothing", async () => {
    const { op, entries } = await world();
    const resident = await makeMember(op, "resident");
    const staff = await makeMember(op, "staff");
    const page = await withTenant(resident.ctx, (tx) => searchDirectory(tx, q({}), { now: MONDAY_NOON, limit: 100 }));
    expect(page.items).toHaveLength(entries.length);
    await expect(withTenant(resident.ctx, (tx) => markServiceVerified(tx, entries[0]!.id, TODAY))).rejects.toThrow();
    await withTenant(staff.ctx, (tx) => markServiceVerified(tx, entries[0]!.id, TODAY));
    const other = await makeOperator();
    expect((await withTenant(other.owner, (tx) => searchDirectory(tx, q({}), { now: MONDAY_NOON }))).items).toHaveLength(0);
    await expectDomainError(withTenant(other.owner, (tx) => getService(tx, entries[0]!.id)), "not_found");
  });

  it("adds and edits an entry from the form, every field kept", async () => {
    const op = await makeOperator();
    const input = {
      name: "Harbor Job Club",
      organizationName: "Harbor Works",
      description: "Weekly job club.",
      categories: ["employment", "education"],
      languages: ["en", "es"],
      url: "https://harbor.example.org",
      email: "jobs@harbor.example.org",
      phone: "215-555-0100",
      contactName: "Rita",
      address1: "1 Dock St",
      city: "Camden",
      state: "NJ",
      postalCode: "08101",
      accessibility: "Ramp at side door.",
      eligibility: "Adults.",
      fees: "Free.",
      applicationProcess: "Walk in.",
      monOpens: "09:00",
      monCloses: "12:00",
      friOpens: "13:00",
      friCloses: "24:00",
    };
    const { id } = await withTenant(op.owner, (tx) => createService(tx, op.orgId, input, TODAY));
    await withTenant(op.owner, (tx) => updateService(tx, op.orgId, id, { ...input, name: "Harbor Job Club 2", city: "Trenton", monOpens: "", monCloses: "" }));
    const [e] = await withTenant(op.owner, (tx) => listServiceEntries(tx));
    expect(e).toMatchObject({ name: "Harbor Job Club 2", assuredDate: TODAY, categories: ["employment", "education"], languages: ["en", "es"], url: input.url, email: input.email, eligibility: "Adults.", fees: "Free.", applicationProcess: "Walk in." });
    expect(e!.organization.name).toBe("Harbor Works");
    expect(e!.locations).toMatchObject([{ address1: "1 Dock St", city: "Trenton", state: "NJ", postalCode: "08101", accessibility: "Ramp at side door." }]);
    expect(e!.phones.map((p) => p.number)).toEqual(["215-555-0100"]);
    expect(e!.contacts.map((c) => c.name)).toEqual(["Rita"]);
    expect(e!.schedules.map((s) => [s.weekday, s.opensAt, s.closesAt])).toEqual([[5, "13:00", "24:00"]]);
    await expectDomainError(withTenant(op.owner, (tx) => createService(tx, op.orgId, { ...input, categories: [], monCloses: "" }, TODAY)), "invalid");
  });
});
