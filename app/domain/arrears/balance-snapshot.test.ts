import fc from "fast-check";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { addDays, todayIn } from "#app/lib/dates";
import { useTestDatabase } from "#tests/support/db";
import { makeHouse, makeOperator, makeStay, type HouseFixture, type OrgFixture } from "#tests/support/houses";
import { agingReport } from "./aging.server";

/**
 * resident_balance (ADR 038): after any sequence of entries and reversals the snapshot equals
 * the sums of the ledger, and the report built on it ages exactly as first-in-first-out over
 * the whole ledger would (a reference computed here from the entries).
 */
useTestDatabase();
const ZONE = "America/Chicago";
const today = todayIn(ZONE);
let fx: OrgFixture;
let home: HouseFixture;
const OWED = new Set(["charge", "deposit"]);

type Op = { kind: "charge" | "deposit" | "payment" | "credit" | "reversal"; cents: number; daysAgo: number; pick: number };
const op = fc.record({
  kind: fc.constantFrom("charge", "deposit", "payment", "credit", "reversal") as fc.Arbitrary<Op["kind"]>,
  cents: fc.integer({ min: 1, max: 50000 }),
  daysAgo: fc.integer({ min: -5, max: 60 }),
  pick: fc.nat(),
});

type Row = { id: string; kind: string; amount_cents: number; effective_on: string; reverses_id: string | null };

async function apply(residentId: string, ops: Op[]): Promise<void> {
  await withTenant(fx.owner, async (tx) => {
    const stay = await tx.selectFrom("stay").select(["id", "house_id"]).where("resident_id", "=", residentId).executeTakeFirstOrThrow();
    const base = { org_id: fx.orgId, resident_id: residentId, house_id: stay.house_id, stay_id: stay.id };
    const open: Row[] = [];
    for (const o of ops) {
      if (o.kind === "reversal") {
        if (open.length === 0) continue;
        const orig = open.splice(o.pick % open.length, 1)[0]!;
        await tx.insertInto("ledger_entry").values({ ...base, kind: "reversal", amount_cents: -orig.amount_cents, effective_on: addDays(today, -o.daysAgo), memo: "Entered by mistake", reverses_id: orig.id }).execute();
        continue;
      }
      const signed = o.kind === "payment" || o.kind === "credit" ? -o.cents : o.cents;
      const row = await tx
        .insertInto("ledger_entry")
        .values({
          ...base,
          kind: o.kind,
          amount_cents: signed,
          effective_on: addDays(today, -o.daysAgo),
          memo: o.kind === "credit" ? "Credit" : null,
          ...(o.kind === "payment" ? { method: "cash" as const, payer: "resident" as const, idempotency_key: crypto.randomUUID() } : {}),
        })
        .returning(["id", "kind", "amount_cents", "effective_on", "reverses_id"])
        .executeTakeFirstOrThrow();
      open.push(row as Row);
    }
  });
}

/** First-in-first-out over the whole ledger, as ADR 034 defines it. */
function reference(rows: Row[]) {
  const reversed = new Set(rows.filter((r) => r.kind === "reversal").map((r) => r.reverses_id));
  const live = rows.filter((r) => r.kind !== "reversal" && !reversed.has(r.id));
  const owed = live.filter((r) => OWED.has(r.kind)).reduce((s, r) => s + r.amount_cents, 0);
  const paid = 0 - live.filter((r) => !OWED.has(r.kind)).reduce((s, r) => s + r.amount_cents, 0) + 0;
  const balance = owed - paid;
  let unpaid = balance > 0 ? Math.max(0, owed - Math.max(paid, 0)) : 0;
  const b = [Math.max(0, -paid), 0, 0, 0];
  const newestFirst = live.filter((r) => OWED.has(r.kind)).sort((x, y) => (x.effective_on < y.effective_on ? 1 : x.effective_on > y.effective_on ? -1 : x.id < y.id ? 1 : -1));
  for (const r of newestFirst) {
    const part = Math.min(r.amount_cents, unpaid);
    unpaid -= part;
    const days = Math.round((Date.parse(today) - Date.parse(r.effective_on)) / 86400000);
    b[days <= 0 ? 0 : days <= 7 ? 1 : days <= 30 ? 2 : 3]! += part;
  }
  return { balance, owed, paid, buckets: b };
}

beforeAll(async () => {
  fx = await makeOperator();
  home = await makeHouse(fx.owner, { rooms: 8, bedsPerRoom: 4, house: { timeZone: ZONE, name: "Juniper" } });
});

describe("resident_balance", () => {
  let bed = 0;
  it("equals the sums of the ledger after random sequences, and the report ages as FIFO over the whole ledger", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        const residentId = (await makeStay(fx.owner, home.bedIds[bed++ % home.bedIds.length]!, addDays(today, -90))).residentId;
        await apply(residentId, ops);
        const { rows, snap, report } = await withTenant(fx.owner, async (tx) => ({
          rows: (await tx.selectFrom("ledger_entry").select(["id", "kind", "amount_cents", "effective_on", "reverses_id"]).where("resident_id", "=", residentId).execute()) as Row[],
          snap: await tx.selectFrom("resident_balance").selectAll().where("resident_id", "=", residentId).executeTakeFirst(),
          report: await agingReport(tx, { houseId: home.houseId, limit: 1000 }),
        }));
        const ref = reference(rows);
        expect(snap?.balance_cents ?? 0).toBe(rows.reduce((s, r) => s + r.amount_cents, 0));
        expect(snap?.owed_cents ?? 0).toBe(ref.owed);
        expect(snap?.paid_cents ?? 0).toBe(ref.paid);
        const owing = report.owing.find((r) => r.residentId === residentId);
        const credit = report.credits.find((r) => r.residentId === residentId);
        if (ref.balance > 0) {
          expect(owing).toMatchObject({ owedCents: ref.balance, currentCents: ref.buckets[0], days1to7Cents: ref.buckets[1], days8to30Cents: ref.buckets[2], days31PlusCents: ref.buckets[3] });
        } else expect(owing).toBeUndefined();
        expect(credit?.creditCents ?? 0).toBe(ref.balance < 0 ? -ref.balance : 0);
      }),
      { numRuns: 25 },
    );
  }, 120_000);

  it("adds concurrent inserts for the same resident without losing one", async () => {
    const residentId = (await makeStay(fx.owner, home.bedIds[bed++ % home.bedIds.length]!, addDays(today, -90))).residentId;
    await Promise.all(Array.from({ length: 6 }, (_, i) => apply(residentId, [{ kind: "charge", cents: 100 * (i + 1), daysAgo: i, pick: 0 }])));
    const snap = await withTenant(fx.owner, (tx) => sql<{ b: number; n: number }>`select balance_cents as b, (select count(*)::int from resident_balance where resident_id = ${residentId}) as n from resident_balance where resident_id = ${residentId}`.execute(tx));
    expect(snap.rows).toEqual([{ b: 2100, n: 1 }]);
  });
});
