import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { withTenant } from "#app/db/tenant.server";
import { createFeeSchedule } from "#app/domain/fees/charges.server";
import { addDays, todayIn } from "#app/lib/dates";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { makeOperatorWithSlug, signedInMember, type Operator } from "#tests/support/admissions";
import { makeUser, sessionCookieFor } from "#tests/support/factories";
import { makeHouse, makeStay, type HouseFixture } from "#tests/support/houses";
import { get, post } from "./house-pages";
import { visibleText } from "./helpers";

/**
 * Fee agreements, per-bed fees and ending a fee over HTTP (ADR 031): each form submitted
 * and read back; bad input refused on its field with nothing written; another house's bed
 * and another house's ids refused.
 */
const t = useTestDatabase();
const client = useTestServer();
const ZONE = "America/Denver";
const today = todayIn(ZONE);

let op: Operator;
let house: HouseFixture;
let other: HouseFixture;
let base = "";
let manager: { cookie: string };
let residentCookie = "";
let rentId = "";

const schedules = () => t.db.selectFrom("fee_schedule").selectAll().select(sql<string | null>`effective_to::text`.as("to")).where("org_id", "=", op.orgId).orderBy("created_at").execute();
const acks = () => t.db.selectFrom("fee_agreement_ack").selectAll().where("org_id", "=", op.orgId).execute();

beforeAll(async () => {
  op = await makeOperatorWithSlug();
  house = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 2, house: { timeZone: ZONE, name: "Cedar House" } });
  other = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 1, house: { timeZone: ZONE } });
  const stayer = (await makeStay(op.owner, house.bedIds[0]!, addDays(today, -20))).residentId;
  rentId = (await withTenant(op.owner, (tx) => createFeeSchedule(tx, { houseId: house.houseId, name: "Weekly rent", cadence: "weekly", weekday: 1, amount: "175", effectiveFrom: addDays(today, -60) }))).id;
  base = `/o/${op.slug}/houses/${house.houseId}/fees`;
  manager = await signedInMember(op, "house_manager", [house.houseId]);
  const user = await makeUser({ orgId: op.orgId, role: "resident" });
  await withTenant(op.owner, (tx) => tx.updateTable("resident").set({ user_id: user.id, legal_name: "Ana Cruz" }).where("id", "=", stayer).execute());
  residentCookie = await sessionCookieFor(user.id);
});

describe("the resident's fee agreement", () => {
  it("shows the terms, refuses a wrong name with nothing written, then acknowledges and reads back signed", async () => {
    const url = `/o/${op.slug}/me/dues/agreement`;
    const page = await get(client, url, residentCookie);
    expect(page.status).toBe(200);
    expect(visibleText(page.html)).toContain("Weekly rent: $175.00");
    expect(visibleText(page.html)).toContain("Every week on Monday");
    const hash = page.html.match(/name="contentHash" value="([0-9a-f]{64})"/)![1]!;
    const wrong = await post(client, url, residentCookie, { contentHash: hash, typedName: "Someone Else" });
    expect(wrong.status).toBe(400);
    expect(visibleText(wrong.html)).toContain("doesn't match the name on your record");
    const stale = await post(client, url, residentCookie, { contentHash: "0".repeat(64), typedName: "Ana Cruz" });
    expect(stale.status).toBe(409);
    expect(await acks()).toEqual([]);
    const ok = await post(client, url, residentCookie, { contentHash: hash, typedName: "Ana Cruz" });
    expect(ok.status).toBe(302);
    const [ack] = await acks();
    expect([ack!.typed_name, ack!.content_hash]).toEqual(["Ana Cruz", hash]);
    const after = visibleText((await get(client, url, residentCookie)).html);
    expect(after).toContain("You acknowledged these terms as “Ana Cruz”");
    // The house sees it and opens the signed copy; a manager cannot sign for anyone.
    const list = await get(client, `${base}/agreements`, manager.cookie);
    expect(visibleText(list.html)).toContain("Everyone has acknowledged their fees");
    const copy = await get(client, `${base}/agreements/${ack!.id}`, manager.cookie);
    expect(copy.status).toBe(200);
    expect(visibleText(copy.html)).toContain("Acknowledged as “Ana Cruz”");
    expect((await get(client, `/o/${op.slug}/houses/${other.houseId}/fees/agreements/${ack!.id}`, manager.cookie)).status).toBe(404);
    expect((await post(client, url, manager.cookie, { contentHash: hash, typedName: "Ana Cruz" })).status).toBeGreaterThanOrEqual(400);
    expect(await acks()).toHaveLength(1);
  });
});

describe("per-bed fees and ending a fee on the house page", () => {
  it("adds a bed's fee and reads every field back; refuses another house's bed, an end before the start, a missing weekday", async () => {
    const before = (await schedules()).length;
    const bad = [
      [{ bedId: other.bedIds[0]! }, "bedId"],
      [{ effectiveTo: addDays(today, -1) }, "effectiveTo"],
      [{ weekday: "" }, "weekday"],
      [{ amount: "12.345" }, "amount"],
    ] as const;
    const form = { intent: "add-schedule", name: "Single room", bedId: house.bedIds[1]!, cadence: "weekly", weekday: "3", monthDay: "", amount: "15.50", effectiveFrom: today, effectiveTo: addDays(today, 90) };
    for (const [over, field] of bad) {
      const res = await post(client, base, manager.cookie, { ...form, ...over });
      expect(res.status, field).toBeGreaterThanOrEqual(400);
      expect(res.html, field).toContain(`id="schedule-${field}-error"`);
    }
    expect(await schedules()).toHaveLength(before);
    const ok = await post(client, base, manager.cookie, form);
    expect(ok.status).toBe(200);
    const s = (await schedules()).at(-1)!;
    expect([s.name, s.house_id, s.bed_id, s.cadence, s.weekday, s.month_day, s.amount_cents, s.is_deposit, s.to]).toEqual(["Single room", house.houseId, house.bedIds[1]!, "weekly", 3, null, 1550, false, addDays(today, 90)]);
    expect(visibleText(ok.html)).toContain("Single room: $15.50");
  });

  it("ends a fee from a day and reads it back; a day before its start is refused on the field with nothing written", async () => {
    const early = await post(client, base, manager.cookie, { intent: "end-schedule", scheduleId: rentId, lastDay: addDays(today, -61) });
    expect(early.status).toBe(400);
    expect(visibleText(early.html)).toContain("can't be before the first day");
    expect((await schedules()).find((s) => s.id === rentId)!.to).toBeNull();
    const ok = await post(client, base, manager.cookie, { intent: "end-schedule", scheduleId: rentId, lastDay: addDays(today, 30) });
    expect(ok.status).toBe(200);
    expect((await schedules()).find((s) => s.id === rentId)!.to).toBe(addDays(today, 30));
    expect(visibleText((await get(client, base, manager.cookie)).html)).toContain("In force · Every week on Monday");
  });
});

describe("a paper acknowledgement recorded by the house (review finding 1)", () => {
  it("lists the resident who left unsigned with the amount waiting; records their paper copy, reads every field back, and posts what waited", async () => {
    const gone = await makeStay(op.owner, house.bedIds[1]!, addDays(today, -40));
    await t.db.updateTable("stay").set({ during: sql`daterange(${addDays(today, -40)}::date, ${addDays(today, -5)}::date)` }).where("id", "=", gone.stayId).execute();
    const { legal_name: name } = await t.db.selectFrom("resident").select("legal_name").where("id", "=", gone.residentId).executeTakeFirstOrThrow();
    const list = visibleText((await get(client, `${base}/agreements`, manager.cookie)).html);
    const waiting = list.match(new RegExp(`${name} \\$([0-9,.]+) waiting`));
    expect(waiting).not.toBeNull();
    const url = `${base}/agreements/paper/${gone.residentId}`;
    const page = await get(client, url, manager.cookie);
    expect(page.status).toBe(200);
    expect(visibleText(page.html)).toContain("Weekly rent: $175.00");
    const hash = page.html.match(/name="contentHash" value="([0-9a-f]{64})"/)![1]!;
    const future = await post(client, url, manager.cookie, { contentHash: hash, recordedBy: "Morgan Lee", signedOn: addDays(today, 1), note: "Binder" });
    expect(future.status).toBe(400);
    expect(visibleText(future.html)).toContain("can't be in the future");
    const noNote = await post(client, url, manager.cookie, { contentHash: hash, recordedBy: "Morgan Lee", signedOn: addDays(today, -40), note: "" });
    expect(noNote.status).toBe(400);
    expect((await acks()).filter((a) => a.resident_id === gone.residentId)).toEqual([]);
    const ok = await post(client, url, manager.cookie, { contentHash: hash, recordedBy: "Morgan Lee", signedOn: addDays(today, -40), note: "Signed at intake; copy in the office binder" });
    expect(ok.status).toBe(302);
    const [row] = (await acks()).filter((a) => a.resident_id === gone.residentId);
    expect([row!.method, row!.typed_name, row!.paper_signed_on, row!.note, row!.content_hash, row!.stay_id]).toEqual(["paper", "Morgan Lee", addDays(today, -40), "Signed at intake; copy in the office binder", hash, gone.stayId]);
    const posted = await t.db.selectFrom("ledger_entry").select("amount_cents").where("resident_id", "=", gone.residentId).execute();
    expect(posted.reduce((s, e) => s + e.amount_cents, 0)).toBe(Math.round(Number(waiting![1]!.replace(/,/g, "")) * 100));
    const copy = visibleText((await get(client, `${base}/agreements/${row!.id}`, manager.cookie)).html);
    expect(copy).toContain("Signed on paper on");
    expect(copy).toContain("recorded by Morgan Lee");
    expect(copy).toContain("Note: Signed at intake; copy in the office binder");
    expect(visibleText((await get(client, `${base}/agreements`, manager.cookie)).html)).not.toContain(`${name} $`);
    // A resident cannot record one.
    expect((await get(client, url, residentCookie)).status).toBeGreaterThanOrEqual(400);
  });
});
