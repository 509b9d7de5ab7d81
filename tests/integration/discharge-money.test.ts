import { beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { createFeeSchedule, postDueCharges } from "#app/domain/fees/charges.server";
import { makePayLink } from "#app/domain/payments/pay-links.server";
import { addDays, todayIn } from "#app/lib/dates";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { agreeToAllFees } from "#tests/support/fees";
import { makeOperatorWithSlug, signedInMember, type Operator } from "#tests/support/admissions";
import { makeHouse, makeStay, type HouseFixture } from "#tests/support/houses";
import { visibleText } from "./helpers";

/**
 * The discharge settles the money in its own transaction (ADR 031): the resident's open pay
 * links are revoked and each held deposit is applied, refunded or kept with a reason, as
 * chosen on the discharge form; a bad choice refuses the whole discharge, nothing written.
 */
const t = useTestDatabase();
const server = useTestServer();
const today = todayIn("America/New_York");

let op: Operator;
let house: HouseFixture;
let managerCookie = "";
let manager: Awaited<ReturnType<typeof signedInMember>>;

const depositOf = async (residentId: string) =>
  (await t.db.selectFrom("ledger_entry").select("id").where("resident_id", "=", residentId).where("kind", "=", "deposit").executeTakeFirstOrThrow()).id;
const kinds = async (residentId: string) =>
  (await t.db.selectFrom("ledger_entry").select(["kind", "amount_cents", "method"]).where("resident_id", "=", residentId).where("kind", "in", ["deposit_release", "payout"]).orderBy("kind").execute());
const stayEnd = async (stayId: string) => (await t.db.selectFrom("stay").select("end_type").where("id", "=", stayId).executeTakeFirstOrThrow()).end_type;

beforeAll(async () => {
  op = await makeOperatorWithSlug();
  house = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 3 });
  manager = await signedInMember(op, "house_manager", [house.houseId]);
  managerCookie = manager.cookie;
  await withTenant(op.owner, (tx) => createFeeSchedule(tx, { houseId: house.houseId, name: "Deposit", cadence: "once", isDeposit: true, amount: "200", effectiveFrom: addDays(today, -100) }));
});

async function resident(bed: number, where: HouseFixture = house) {
  const st = await makeStay(op.owner, where.bedIds[bed]!, addDays(today, -40));
  await agreeToAllFees(t.db, op.orgId);
  await withTenant(op.owner, (tx) => postDueCharges(tx, { houseId: where.houseId }));
  const link = await withTenant(op.owner, (tx) => makePayLink(tx, st.residentId));
  return { ...st, depositId: await depositOf(st.residentId), linkId: link.id };
}
const discharge = (stayId: string, extra: Record<string, string>, cookie = managerCookie) =>
  server.request(`/o/${op.slug}/stays/${stayId}`, { cookie, form: { intent: "discharge", stayId, date: addDays(today, 1), reason: "completed_program", ...extra } });

describe("discharge and the resident's money", () => {
  it("the form lists the held deposit; refunding it at discharge posts a release and a payout and revokes the pay links", async () => {
    const r = await resident(0);
    const page = visibleText(await (await server.request(`/o/${op.slug}/stays/${r.stayId}`, { cookie: managerCookie })).text());
    expect(page).toContain("Deposits held");
    expect(page).toContain("Deposit of $200.00");
    const choice = { [`deposit_settle_${r.depositId}`]: "refund", [`deposit_method_${r.depositId}`]: "check", [`deposit_reason_${r.depositId}`]: "Returned at move-out" };
    const asked = await discharge(r.stayId, choice);
    expect(asked.status).toBe(200);
    expect(visibleText(await asked.text())).toContain("Deposits: refund it.");
    expect(await kinds(r.residentId)).toEqual([]);
    const res = await discharge(r.stayId, { ...choice, confirmed: "yes" });
    expect(res.status).toBe(200);
    expect(await stayEnd(r.stayId)).toBe("discharge");
    expect(await kinds(r.residentId)).toEqual([{ kind: "deposit_release", amount_cents: -20000, method: null }, { kind: "payout", amount_cents: 20000, method: "check" }]);
    const link = await t.db.selectFrom("pay_link").select("revoked_at").where("id", "=", r.linkId).executeTakeFirstOrThrow();
    expect(link.revoked_at).not.toBeNull();
  });

  it("applies it to the balance, or keeps it with a reason (audited, nothing posted)", async () => {
    const a = await resident(1);
    expect((await discharge(a.stayId, { [`deposit_settle_${a.depositId}`]: "apply", confirmed: "yes" })).status).toBe(200);
    expect(await kinds(a.residentId)).toEqual([{ kind: "deposit_release", amount_cents: -20000, method: null }]);
    const k = await resident(2);
    expect((await discharge(k.stayId, { [`deposit_settle_${k.depositId}`]: "keep", [`deposit_reason_${k.depositId}`]: "Damage to the door, being assessed", confirmed: "yes" })).status).toBe(200);
    expect(await kinds(k.residentId)).toEqual([]);
    const kept = await t.db.selectFrom("audit_event").select("entity_id").where("org_id", "=", op.orgId).where("action", "=", "ledger.deposit_kept").execute();
    expect(kept).toEqual([{ entity_id: k.depositId }]);
  });

  it("a refund without a method, a keep without a reason, or no choice refuses the discharge; nothing written", async () => {
    const second = await makeHouse(op.owner, { rooms: 1, bedsPerRoom: 1 });
    await withTenant(op.owner, (tx) => createFeeSchedule(tx, { houseId: second.houseId, name: "Deposit", cadence: "once", isDeposit: true, amount: "200", effectiveFrom: addDays(today, -100) }));
    const target = await resident(0, second);
    for (const bad of [
      { [`deposit_settle_${target.depositId}`]: "refund" },
      { [`deposit_settle_${target.depositId}`]: "keep" },
      {},
    ]) {
      const res = await discharge(target.stayId, { ...bad, confirmed: "yes" }, op.cookie);
      expect(res.status, JSON.stringify(bad)).not.toBe(200);
      expect(await stayEnd(target.stayId)).toBeNull();
      expect(await kinds(target.residentId)).toEqual([]);
      expect((await t.db.selectFrom("pay_link").select("revoked_at").where("id", "=", target.linkId).executeTakeFirstOrThrow()).revoked_at).toBeNull();
    }
  });
});
