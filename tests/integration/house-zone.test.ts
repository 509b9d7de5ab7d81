import { beforeAll, describe, expect, it } from "vitest";
import { addDays, formatDay, todayIn } from "#app/lib/dates";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { makeApplication, makeOperatorWithSlug, type Operator } from "#tests/support/admissions";
import { makeHouse, makeResident, makeStay, type HouseFixture } from "#tests/support/houses";
import { visibleText } from "./helpers";

/**
 * Wherever a house is involved, "today" is the house's, not the organization's. The org
 * sits at UTC+14 and the house at UTC−11: 25 hours apart, so their calendar days differ
 * at every moment of the day and a page using the wrong zone is always caught.
 */

const t = useTestDatabase();
const server = useTestServer();
const ORG_ZONE = "Pacific/Kiritimati";
const HOUSE_ZONE = "Pacific/Pago_Pago";

let op: Operator;
let house: HouseFixture;
let houseToday: string;

function inputWithValue(name: string, value: string): RegExp {
  return new RegExp(`<input(?=[^>]*\\sname="${name}")(?=[^>]*\\svalue="${value}")[^>]*>`);
}

beforeAll(async () => {
  op = await makeOperatorWithSlug();
  await t.db.updateTable("org").set({ time_zone: ORG_ZONE }).where("id", "=", op.orgId).execute();
  house = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 3, house: { timeZone: HOUSE_ZONE } });
  houseToday = todayIn(HOUSE_ZONE);
  await makeResident(op.owner); // someone to admit: the admission form is shown
  expect(todayIn(ORG_ZONE)).not.toBe(houseToday);
});

describe("the house's zone is the default where a house is involved", () => {
  it("the stay page's today and default transfer date are the house's", async () => {
    const { stayId } = await makeStay(op.owner, house.bedIds[0]!, addDays(houseToday, -5));
    const html = await (await server.request(`/o/${op.slug}/stays/${stayId}`, { cookie: op.cookie })).text();
    expect(visibleText(html)).toContain(`today is ${formatDay(houseToday)}`);
    expect(html).toMatch(inputWithValue("date", houseToday));
  });

  it("admitting into a chosen bed starts on the bed's house's today", async () => {
    const html = await (await server.request(`/o/${op.slug}/admit?bedId=${house.bedIds[1]}`, { cookie: op.cookie })).text();
    expect(html).toMatch(inputWithValue("moveInDate", houseToday));
  });

  it("admitting an application for a house starts on that house's today", async () => {
    const applicationId = await makeApplication(op.owner, { houseId: house.houseId }, ["screening", "accepted"]);
    const html = await (await server.request(`/o/${op.slug}/applications/${applicationId}`, { cookie: op.cookie })).text();
    expect(html).toMatch(inputWithValue("moveInDate", houseToday));
  });

  it("without a house (no bed chosen), the organization's today", async () => {
    const html = await (await server.request(`/o/${op.slug}/admit`, { cookie: op.cookie })).text();
    expect(html).toMatch(inputWithValue("moveInDate", todayIn(ORG_ZONE)));
  });
});
