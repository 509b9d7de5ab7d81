import { beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { createFeeSchedule } from "#app/domain/fees/charges.server";
import { endFeeSchedule } from "#app/domain/fees/schedules.server";
import { addDays, formatDay, todayIn } from "#app/lib/dates";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import {
  makeOperatorWithSlug,
  signedInMember,
  type Operator,
} from "#tests/support/admissions";
import { makeUser, sessionCookieFor } from "#tests/support/factories";
import {
  expectDomainError,
  makeHouse,
  makeStay,
  type HouseFixture,
} from "#tests/support/houses";
import { get, post } from "./house-pages";
import { visibleText } from "./helpers";

/**
 * The org-wide fee schedules page (/o/:org/settings/fees, ADR 031): owners and admins list,
 * add and end fees for every house; every field is read back; bad input is refused with a
 * message on the field and nothing written; house managers, staff and residents are refused
 * over HTTP and by row-level security.
 */
const t = useTestDatabase();
const client = useTestServer();
const today = todayIn("America/New_York");

let op: Operator;
let house: HouseFixture;
let url = "";
let admin: { cookie: string };
let manager: Awaited<ReturnType<typeof signedInMember>>;
let staff: Awaited<ReturnType<typeof signedInMember>>;
let residentCookie = "";

const schedules = async () =>
  t.db
    .selectFrom("fee_schedule")
    .selectAll()
    .where("org_id", "=", op.orgId)
    .orderBy("created_at")
    .execute();
const schedule = (over: Record<string, string> = {}) => ({
  intent: "add-schedule",
  name: "Program fee",
  cadence: "monthly",
  weekday: "",
  monthDay: "15",
  amount: "1,234.56",
  effectiveFrom: addDays(today, 3),
  effectiveTo: addDays(today, 300),
  ...over,
});

beforeAll(async () => {
  op = await makeOperatorWithSlug();
  house = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 1 });
  url = `/o/${op.slug}/settings/fees`;
  admin = await signedInMember(op, "admin");
  manager = await signedInMember(op, "house_manager", [house.houseId]);
  staff = await signedInMember(op, "staff", [house.houseId]);
  const { residentId } = await makeStay(
    op.owner,
    house.bedIds[0]!,
    addDays(today, -10)
  );
  const user = await makeUser({ orgId: op.orgId, role: "resident" });
  await withTenant(op.owner, (tx) =>
    tx
      .updateTable("resident")
      .set({ user_id: user.id })
      .where("id", "=", residentId)
      .execute()
  );
  residentCookie = await sessionCookieFor(user.id);
});

describe("the org-wide fee schedules page", () => {
  it("is linked from Money and Settings", async () => {
    for (const page of [`/o/${op.slug}/money`, `/o/${op.slug}/settings`]) {
      const res = await get(client, page, op.cookie);
      expect(res.status).toBe(200);
      expect(res.html).toContain(`href="${url}"`);
    }
  });

  it("adds a fee for every house: every field stored and read back on the page", async () => {
    const res = await post(client, url, op.cookie, schedule());
    expect(res.status).toBe(200);
    expect(visibleText(res.html)).toContain(
      "“Program fee” added for every house."
    );
    expect((await schedules()).at(-1)).toMatchObject({
      house_id: null,
      bed_id: null,
      name: "Program fee",
      cadence: "monthly",
      weekday: null,
      month_day: 15,
      amount_cents: 123456,
      is_deposit: false,
      effective_from: addDays(today, 3),
      effective_to: addDays(today, 300),
    });
    const weekly = await post(
      client,
      url,
      admin.cookie,
      schedule({
        name: "Drug screen fee",
        cadence: "biweekly",
        weekday: "3",
        monthDay: "",
        amount: "20",
        effectiveTo: "",
      })
    );
    expect(weekly.status).toBe(200);
    expect((await schedules()).at(-1)).toMatchObject({
      house_id: null,
      name: "Drug screen fee",
      cadence: "biweekly",
      weekday: 3,
      month_day: null,
      amount_cents: 2000,
      effective_to: null,
    });
    const deposit = await post(
      client,
      url,
      op.cookie,
      schedule({
        name: "Key deposit",
        cadence: "once",
        monthDay: "",
        amount: "50",
        isDeposit: "on",
        effectiveTo: "",
      })
    );
    expect(deposit.status).toBe(200);
    expect((await schedules()).at(-1)).toMatchObject({
      house_id: null,
      name: "Key deposit",
      cadence: "once",
      is_deposit: true,
      amount_cents: 5000,
    });
    const text = visibleText((await get(client, url, op.cookie)).html);
    expect(text).toContain("Program fee: $1,234.56");
    expect(text).toContain(
      `Upcoming · Every month on day 15 · Every house · From ${formatDay(
        addDays(today, 3)
      )} to ${formatDay(addDays(today, 300))}`
    );
    expect(text).toContain(
      `Every two weeks on Wednesday · Every house · From ${formatDay(
        addDays(today, 3)
      )}`
    );
    expect(text).toContain("Key deposit: $50.00");
    expect(text).toContain("Deposit, once at move-in");
    // The house's Fees page lists it too, as an org-wide fee.
    expect(
      visibleText(
        (
          await get(
            client,
            `/o/${op.slug}/houses/${house.houseId}/fees`,
            op.cookie
          )
        ).html
      )
    ).toContain("Program fee: $1,234.56");
  });

  it("refuses bad input with a message on the field; nothing written", async () => {
    const before = (await schedules()).length;
    for (const [over, message] of [
      [
        { effectiveTo: addDays(today, 1) },
        "The last day can't be before the first.",
      ],
      [{ cadence: "weekly", monthDay: "" }, "Choose a weekday."],
      [{ monthDay: "" }, "Choose a day of the month."],
      [{ isDeposit: "on" }, "A deposit is charged one time."],
      [{ amount: "12.345" }, ""],
      [{ amount: "-3" }, "Enter the amount without a minus sign."],
      [{ name: "" }, ""],
      [{ bedId: house.bedIds[0]! }, ""],
    ] as const) {
      const res = await post(client, url, op.cookie, schedule(over));
      expect(res.status, JSON.stringify(over)).toBe(400);
      if (message) expect(visibleText(res.html)).toContain(message);
    }
    expect((await schedules()).length).toBe(before);
  });

  it("ends an org-wide fee from a day; refuses a day before its first day; a house's fee is not ended here", async () => {
    const row = (await schedules()).find((s) => s.name === "Program fee")!;
    const bad = await post(client, url, op.cookie, {
      intent: "end-schedule",
      scheduleId: row.id,
      lastDay: addDays(today, 1),
    });
    expect(bad.status).toBe(400);
    expect(visibleText(bad.html)).toContain(
      "The last day can't be before the first day"
    );
    const ok = await post(client, url, op.cookie, {
      intent: "end-schedule",
      scheduleId: row.id,
      lastDay: addDays(today, 100),
    });
    expect(ok.status).toBe(200);
    expect(visibleText(ok.html)).toContain(
      `The fee now ends on ${formatDay(addDays(today, 100))}.`
    );
    expect(
      (
        await t.db
          .selectFrom("fee_schedule")
          .select("effective_to")
          .where("id", "=", row.id)
          .executeTakeFirstOrThrow()
      ).effective_to
    ).toBe(addDays(today, 100));
    expect(visibleText((await get(client, url, op.cookie)).html)).toContain(
      `From ${formatDay(addDays(today, 3))} to ${formatDay(
        addDays(today, 100)
      )}`
    );
    const own = await withTenant(op.owner, (tx) =>
      createFeeSchedule(tx, {
        houseId: house.houseId,
        name: "House rent",
        cadence: "weekly",
        weekday: 1,
        amount: "100",
        effectiveFrom: addDays(today, 5),
      })
    );
    expect(
      (
        await post(client, url, op.cookie, {
          intent: "end-schedule",
          scheduleId: own.id,
          lastDay: addDays(today, 50),
        })
      ).status
    ).toBe(404);
    expect(
      (
        await t.db
          .selectFrom("fee_schedule")
          .select("effective_to")
          .where("id", "=", own.id)
          .executeTakeFirstOrThrow()
      ).effective_to
    ).toBeNull();
  });

  it("house managers, staff and residents are refused (HTTP 403) and RLS refuses their writes; nothing written", async () => {
    const before = (await schedules()).length;
    const row = (await schedules()).find((s) => s.name === "Drug screen fee")!;
    for (const cookie of [manager.cookie, staff.cookie, residentCookie]) {
      expect((await get(client, url, cookie)).status).toBe(403);
      expect(
        (await post(client, url, cookie, schedule({ name: "Sneaky" }))).status
      ).toBe(403);
      expect(
        (
          await post(client, url, cookie, {
            intent: "end-schedule",
            scheduleId: row.id,
            lastDay: addDays(today, 10),
          })
        ).status
      ).toBe(403);
    }
    const outsider = await makeOperatorWithSlug();
    expect((await get(client, url, outsider.cookie)).status).toBe(404);
    // Underneath: a house manager cannot insert or end an org-wide schedule (RLS), nor can staff.
    await expect(
      withTenant(manager.ctx, (tx) =>
        createFeeSchedule(tx, {
          houseId: null,
          name: "Sneaky",
          cadence: "once",
          amount: "5",
          effectiveFrom: today,
        })
      )
    ).rejects.toThrow();
    await expect(
      withTenant(staff.ctx, (tx) =>
        createFeeSchedule(tx, {
          houseId: null,
          name: "Sneaky",
          cadence: "once",
          amount: "5",
          effectiveFrom: today,
        })
      )
    ).rejects.toThrow();
    await expectDomainError(
      withTenant(manager.ctx, (tx) =>
        endFeeSchedule(tx, { scheduleId: row.id, lastDay: addDays(today, 10) })
      ),
      "forbidden"
    );
    expect((await schedules()).length).toBe(before);
    expect(
      (
        await t.db
          .selectFrom("fee_schedule")
          .select("effective_to")
          .where("id", "=", row.id)
          .executeTakeFirstOrThrow()
      ).effective_to
    ).toBeNull();
  });
});
