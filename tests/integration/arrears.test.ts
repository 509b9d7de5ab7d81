import { beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { addDays, todayIn } from "#app/lib/dates";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { makeOperatorWithSlug, selectedOption, signedInMember, type Operator } from "#tests/support/admissions";
import { makeOrg, makeUser, sessionCookieFor } from "#tests/support/factories";
import { makeHouse, makeStay, type HouseFixture } from "#tests/support/houses";
import { get, post } from "./house-pages";
import { visibleText } from "./helpers";

/**
 * The arrears report, the money overview and the payment reminder settings over HTTP:
 * who may open them (staff only their houses, residents and certifiers refused), what they
 * show, bad filters refused, and the settings form submitted and read back.
 */
const t = useTestDatabase();
const client = useTestServer();
const ZONE = "America/Denver";
const today = todayIn(ZONE);

let op: Operator;
let aspen: HouseFixture;
let birch: HouseFixture;
let ana = "";
let ben = "";
let cara = "";
let manager: { cookie: string };
let staff: { cookie: string };
let residentCookie = "";

async function entry(residentId: string, kind: "charge" | "payment" | "deposit", cents: number, on: string) {
  await withTenant(op.owner, async (tx) => {
    const stay = await tx.selectFrom("stay").select(["id", "house_id"]).where("resident_id", "=", residentId).executeTakeFirstOrThrow();
    await tx
      .insertInto("ledger_entry")
      .values({
        org_id: op.orgId,
        resident_id: residentId,
        house_id: stay.house_id,
        stay_id: stay.id,
        kind,
        amount_cents: kind === "payment" ? -cents : cents,
        effective_on: on,
        ...(kind === "payment" ? { method: "cash" as const, payer: "resident" as const } : {}),
      })
      .execute();
  });
}

beforeAll(async () => {
  op = await makeOperatorWithSlug();
  aspen = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 2, house: { timeZone: ZONE, name: "Aspen" } });
  birch = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 1, house: { timeZone: ZONE, name: "Birch" } });
  ana = (await makeStay(op.owner, aspen.bedIds[0]!, addDays(today, -60))).residentId;
  ben = (await makeStay(op.owner, aspen.bedIds[1]!, addDays(today, -60))).residentId;
  cara = (await makeStay(op.owner, birch.bedIds[0]!, addDays(today, -60))).residentId;
  await entry(ana, "charge", 17500, addDays(today, -40));
  await entry(ana, "charge", 17500, addDays(today, -5));
  await entry(ana, "deposit", 30000, addDays(today, -60));
  await entry(ana, "payment", 30000, addDays(today, -59));
  await entry(ben, "charge", 10000, addDays(today, -10));
  await entry(ben, "payment", 12500, addDays(today, -9));
  await entry(cara, "charge", 9900, addDays(today, -12));
  manager = await signedInMember(op, "house_manager", [aspen.houseId]);
  staff = await signedInMember(op, "staff", [birch.houseId]);
  const user = await makeUser({ orgId: op.orgId, role: "resident" });
  await withTenant(op.owner, (tx) => tx.updateTable("resident").set({ user_id: user.id }).where("id", "=", ana).execute());
  residentCookie = await sessionCookieFor(user.id);
});

const names = async (id: string) => (await t.db.selectFrom("resident").select(["legal_name", "preferred_name"]).where("id", "=", id).executeTakeFirstOrThrow());
const nameOf = async (id: string) => {
  const r = await names(id);
  return r.preferred_name ?? r.legal_name;
};

describe("the arrears report", () => {
  it("shows the owner every house's totals by bucket, who owes (linked to their fees page) and who is in credit", async () => {
    const page = await get(client, `/o/${op.slug}/money/arrears`, op.cookie);
    expect(page.status).toBe(200);
    const text = visibleText(page.html);
    expect(text).toContain("Aspen");
    expect(text).toContain("Birch");
    expect(text).toContain(await nameOf(ana));
    expect(text).toContain("Owes $350.00");
    expect(text).toContain("$99.00");
    expect(text).toContain("In credit $25.00");
    expect(page.html).toContain(`href="/o/${op.slug}/houses/${aspen.houseId}/fees/${ana}"`);
    const audit = await t.db.selectFrom("audit_event").select("data").where("org_id", "=", op.orgId).where("action", "=", "arrears.listed").execute();
    expect(audit.length).toBeGreaterThan(0);
  });

  it("shows each listed resident's payment plan status (none, on track, behind) in the same statement budget", async () => {
    // The words right after the resident's name in the list: their house and plan.
    const planFor = (residentId: string) => async (html: string) => {
      const text = visibleText(html).replace(/\s+/g, " ");
      const at = text.indexOf(await nameOf(residentId));
      expect(at).toBeGreaterThanOrEqual(0);
      return text.slice(at, at + 80);
    };
    const report = async () => {
      const res = await get(client, `/o/${op.slug}/money/arrears`, op.cookie);
      expect(res.status).toBe(200);
      expect(Number(res.res.headers.get("x-query-count"))).toBeLessThanOrEqual(8);
      expect(res.res.headers.get("x-transaction-count")).toBe("1");
      return res.html;
    };
    let html = await report();
    expect(await planFor(ana)(html)).toContain("No payment plan");
    expect(await planFor(cara)(html)).toContain("No payment plan");
    // Ana agreed a plan two weeks ago whose first instalment, a week ago, is unpaid (behind);
    // Cara one today whose first instalment is next week (on track).
    await withTenant(op.owner, async (tx) => {
      for (const [residentId, startsOn, dues] of [
        [ana, addDays(today, -14), [addDays(today, -7), addDays(today, 7)]],
        [cara, today, [addDays(today, 7), addDays(today, 14)]],
      ] as const) {
        const stay = await tx.selectFrom("stay").select(["id", "house_id"]).where("resident_id", "=", residentId).executeTakeFirstOrThrow();
        const plan = await tx
          .insertInto("payment_plan")
          .values({ org_id: op.orgId, resident_id: residentId, house_id: stay.house_id, stay_id: stay.id, amount_cents: 9000, starts_on: startsOn })
          .returning("id")
          .executeTakeFirstOrThrow();
        await tx
          .insertInto("payment_plan_instalment")
          .values(dues.map((d, i) => ({ org_id: op.orgId, plan_id: plan.id, seq: i + 1, due_on: d, amount_cents: 4500 })))
          .execute();
      }
    });
    html = await report();
    expect(await planFor(ana)(html)).toContain("Payment plan: behind");
    expect(await planFor(cara)(html)).toContain("Payment plan: on track");
  });

  it("filters by house; a bad filter is 400, a house not the reader's 404", async () => {
    const only = await get(client, `/o/${op.slug}/money/arrears?house=${birch.houseId}`, op.cookie);
    expect(only.status).toBe(200);
    expect(visibleText(only.html)).toContain(await nameOf(cara));
    expect(visibleText(only.html)).not.toContain(await nameOf(ana));
    expect(selectedOption(only.html, "house")).toBe(birch.houseId);
    expect((await get(client, `/o/${op.slug}/money/arrears?house=nope`, op.cookie)).status).toBe(400);
    expect((await get(client, `/o/${op.slug}/money/arrears?house=${crypto.randomUUID()}`, op.cookie)).status).toBe(404);
    expect((await get(client, `/o/${op.slug}/money/arrears?house=${aspen.houseId}`, staff.cookie)).status).toBe(404);
  });

  it("pages a resident list from a cursor naming the list; a bad cursor or list is 400", async () => {
    const cursor = (id: string) => Buffer.from(JSON.stringify({ after: id })).toString("base64url");
    const first = await get(client, `/o/${op.slug}/money/arrears`, op.cookie);
    const owing = [...first.html.matchAll(/href="\/o\/[^/]+\/houses\/[0-9a-f-]{36}\/fees\/([0-9a-f-]{36})"/g)].map((m) => m[1]!);
    expect(owing.length).toBeGreaterThanOrEqual(2);
    // From the first resident listed, the next page starts with the second: the first is gone.
    const next = await get(client, `/o/${op.slug}/money/arrears?list=owing&cursor=${cursor(owing[0]!)}`, op.cookie);
    expect(next.status).toBe(200);
    expect(next.html).not.toContain(`/fees/${owing[0]}"`);
    expect(next.html).toContain(`/fees/${owing[1]}"`);
    expect(visibleText(next.html)).toContain("Back to the first residents who owe");
    expect((await get(client, `/o/${op.slug}/money/arrears?list=owing&cursor=nope`, op.cookie)).status).toBe(400);
    expect((await get(client, `/o/${op.slug}/money/arrears?list=everyone&cursor=${cursor(owing[0]!)}`, op.cookie)).status).toBe(400);
    expect((await get(client, `/o/${op.slug}/money/arrears?cursor=${cursor(owing[0]!)}`, op.cookie)).status).toBe(400);
  });

  it("house managers and staff see only their houses; residents and certifiers are refused", async () => {
    const asManager = visibleText((await get(client, `/o/${op.slug}/money/arrears`, manager.cookie)).html);
    expect(asManager).toContain(await nameOf(ana));
    expect(asManager).not.toContain(await nameOf(cara));
    const asStaff = await get(client, `/o/${op.slug}/money/arrears`, staff.cookie);
    expect(asStaff.status).toBe(200);
    expect(visibleText(asStaff.html)).toContain(await nameOf(cara));
    expect(visibleText(asStaff.html)).not.toContain(await nameOf(ana));
    expect((await get(client, `/o/${op.slug}/money/arrears`, residentCookie)).status).toBe(403);
    const certifier = await makeOrg({ kind: "certifier" });
    const cert = await makeUser({ orgId: certifier.id, role: "certifier_admin" });
    const certCookie = await sessionCookieFor(cert.id);
    expect((await get(client, `/o/${certifier.slug}/money/arrears`, certCookie)).status).toBe(403);
    expect((await get(client, `/o/${certifier.slug}/money`, certCookie)).status).toBe(403);
    expect((await get(client, `/o/${op.slug}/money/arrears`, certCookie)).status).toBe(404);
  });
});

describe("the money overview", () => {
  it("shows owners revenue, collections, deposits held and owed by bucket per house", async () => {
    const page = await get(client, `/o/${op.slug}/money`, op.cookie);
    expect(page.status).toBe(200);
    const text = visibleText(page.html);
    // Aspen: deposit 300 held; charges 175 + 175 + 100; payments 300 + 125
    expect(text).toContain("$300.00");
    expect(text).toContain("$450.00");
    expect(text).toContain("$425.00");
    expect(text).toContain("31+ days");
    expect(page.html).toContain("<svg");
  });

  it("house managers see their houses; staff and residents are refused (403)", async () => {
    const asManager = await get(client, `/o/${op.slug}/money`, manager.cookie);
    expect(asManager.status).toBe(200);
    expect(visibleText(asManager.html)).toContain("Aspen");
    expect(visibleText(asManager.html)).not.toContain("Birch");
    expect((await get(client, `/o/${op.slug}/money`, staff.cookie)).status).toBe(403);
    expect((await get(client, `/o/${op.slug}/money`, residentCookie)).status).toBe(403);
  });
});

describe("the payment reminder settings form", () => {
  const url = () => `/o/${op.slug}/settings/reminders`;
  const form = (over: Record<string, string> = {}) => ({ intent: "save-reminders", cadence: "biweekly", minAmount: "1,250.50", minDays: "14", signOff: "Robin, accounts", ...over });
  const stored = () => t.db.selectFrom("fee_reminder_setting").selectAll().where("org_id", "=", op.orgId).executeTakeFirst();

  it("starts off, and saves every field, read back on the page", async () => {
    const first = await get(client, url(), op.cookie);
    expect(first.status).toBe(200);
    expect(visibleText(first.html)).toContain("Reminders are off.");
    const res = await post(client, url(), op.cookie, form());
    expect(res.status).toBe(200);
    expect(visibleText(res.html)).toContain("Reminder settings saved.");
    expect(await stored()).toMatchObject({ cadence: "biweekly", min_cents: 125050, min_days: 14, sign_off: "Robin, accounts" });
    const page = await get(client, url(), op.cookie);
    expect(selectedOption(page.html, "cadence")).toBe("biweekly");
    expect(page.html).toMatch(/name="minAmount"[^>]*value="1250.50"|value="1250.50"[^>]*name="minAmount"/);
    expect(page.html).toMatch(/name="minDays"[^>]*value="14"|value="14"[^>]*name="minDays"/);
    expect(page.html).toMatch(/name="signOff"[^>]*value="Robin, accounts"|value="Robin, accounts"[^>]*name="signOff"/);
    expect(visibleText(page.html)).toContain("At most once every two weeks, to residents with a portal account who owe at least $1,250.50 that has been due for 14 days or more.");
  });

  it("refuses bad input with a message on the field, writing nothing", async () => {
    for (const [over, message] of [
      [{ signOff: "The Sober Living team" }, "Keep the sign-off neutral"],
      [{ minDays: "0" }, "Enter a number of days from 1 to 365."],
      [{ minDays: "abc" }, "Enter a number of days from 1 to 365."],
      [{ minAmount: "12.345" }, "Use at most two decimals (cents)."],
      [{ cadence: "daily" }, "Choose how often reminders may go out."],
      [{ signOff: "" }, "Required."],
    ] as const) {
      const res = await post(client, url(), op.cookie, form(over));
      expect(res.status, JSON.stringify(over)).toBe(400);
      expect(visibleText(res.html)).toContain(message);
    }
    expect(await stored()).toMatchObject({ cadence: "biweekly", min_cents: 125050, min_days: 14, sign_off: "Robin, accounts" });
  });

  it("only owners and admins of an operator may open or change it", async () => {
    expect((await get(client, url(), manager.cookie)).status).toBe(403);
    expect((await post(client, url(), manager.cookie, form({ cadence: "off" }))).status).toBe(403);
    expect((await get(client, url(), residentCookie)).status).toBe(403);
    const certifier = await makeOrg({ kind: "certifier" });
    const cert = await makeUser({ orgId: certifier.id, role: "certifier_admin" });
    expect((await get(client, `/o/${certifier.slug}/settings/reminders`, await sessionCookieFor(cert.id))).status).toBe(403);
    expect(await stored()).toMatchObject({ cadence: "biweekly" });
  });
});
