import { sql } from "kysely";
import type { Tx } from "#app/db/tenant.server";
import { depositsQuery, stillHeld, type HeldDeposit } from "#app/domain/fees/deposits.server";
import type { FeeCadence } from "#app/db/schema";
import { audit } from "#app/domain/audit/audit.server";
import { houseToday } from "#app/domain/dates.server";
import { DomainError, notFound } from "#app/domain/errors.server";
import type { CalendarDate } from "#app/lib/dates";
import { pageOf, type Cursor } from "#app/lib/pagination";
import { ledgerRows } from "./ledger-rows.server";
import { residentPlan } from "./plans.server";
import { periodContaining, type Recurring } from "./periods";

/**
 * Reading money (ADR 030): a house's balances, a resident's ledger, a receipt and the
 * resident's own dues. Each page's reads are a fixed number of statements whatever the
 * number of residents or entries (balances are summed in SQL, per resident, on
 * ledger_entry_resident_idx); lists that name residents are audited with their ids.
 * A balance is what the reader may see of it: RLS shows house managers and staff the
 * entries of their houses only.
 */

const BALANCE = sql<number>`coalesce((select sum(e.amount_cents) from ledger_entry e where e.org_id = r.org_id and e.resident_id = r.id), 0)::bigint`;

/** The house a fees page is about, if the caller may see it (RLS): its id, or not_found. */
export async function feeHouse(tx: Tx, houseId: string): Promise<{ id: string }> {
  const row = await tx.selectFrom("house").select("id").where("id", "=", houseId).executeTakeFirst();
  if (!row) throw notFound("House");
  return row;
}

/**
 * A resident seen from a house's fees pages: both must be visible to the caller, else
 * not_found. With `deposits`, the resident's held deposits (ADR 031) come in the same
 * statement, so the ledger page keeps its budget. One statement.
 */
async function seenFromHouse(tx: Tx, houseId: string, residentId: string, opts: { deposits: boolean }): Promise<{ deposits: HeldDeposit[] }> {
  const deposits = opts.deposits ? sql<HeldDeposit[]>`(select coalesce(json_agg(q), '[]') from (${depositsQuery(tx, residentId)}) q)` : sql<HeldDeposit[]>`'[]'::json`;
  const row = await tx
    .selectFrom("house as h")
    .select(["h.id", sql<boolean>`exists (select 1 from resident r where r.org_id = h.org_id and r.id = ${residentId}::uuid)`.as("seen"), deposits.as("deposits")])
    .where("h.id", "=", houseId)
    .executeTakeFirst();
  if (!row?.seen) throw notFound("Resident");
  return { deposits: stillHeld(row.deposits) };
}

/** The guard of a house's fees pages about one resident (actions, exports, statements): not_found unless both are visible. One statement. */
export async function feeResident(tx: Tx, houseId: string, residentId: string): Promise<void> {
  await seenFromHouse(tx, houseId, residentId, { deposits: false });
}

/**
 * A resident's ledger page seen from a house (fees:read): the guard with their held
 * deposits, their balance and a page of entries (newest first), their open payment plan
 * and the house's today. Five statements (guard, resident, entries, audit, plan) whatever
 * the history. Reading composes the plan (plans.server); nothing there reads back here.
 */
export async function residentLedgerPage(tx: Tx, houseId: string, residentId: string, opts: { cursor?: Cursor | null } = {}) {
  const { deposits } = await seenFromHouse(tx, houseId, residentId, { deposits: true });
  const ledger = await residentLedger(tx, residentId, { cursor: opts.cursor ?? null });
  const { plan, today } = await residentPlan(tx, residentId, { houseId });
  return { ...ledger, plan, today, deposits };
}

/** A house's ledger page: who lives there today with their balance, and the schedules in force. */
export async function houseLedger(tx: Tx, houseId: string) {
  const house = await tx
    .selectFrom("house as h")
    .select(["h.id", "h.name", "h.time_zone as timeZone", sql<string>`${houseToday("h")}::text`.as("today")])
    .where("h.id", "=", houseId)
    .executeTakeFirst();
  if (!house) throw notFound("House");
  const residents = await tx
    .selectFrom("stay as s")
    .innerJoin("resident as r", (j) => j.onRef("r.org_id", "=", "s.org_id").onRef("r.id", "=", "s.resident_id"))
    .select([
      "r.id",
      sql<string>`coalesce(r.preferred_name, r.legal_name)`.as("name"),
      BALANCE.as("balanceCents"),
      sql<string | null>`(select max(e.effective_on)::text from ledger_entry e where e.org_id = r.org_id and e.resident_id = r.id and e.kind = 'payment')`.as("lastPaidOn"),
    ])
    .where("s.house_id", "=", houseId)
    .where(sql<boolean>`s.during @> ${house.today}::date`)
    .orderBy(sql`lower(coalesce(r.preferred_name, r.legal_name))`)
    .orderBy("r.id")
    .execute();
  const schedules = await tx
    .selectFrom("fee_schedule")
    .select(["id", "name", "cadence", "weekday", "month_day as monthDay", "amount_cents as amountCents", "is_deposit as isDeposit", "house_id as houseId", "bed_id as bedId", sql<string>`effective_from::text`.as("effectiveFrom"), sql<string | null>`effective_to::text`.as("effectiveTo")])
    .where((eb) => eb.or([eb("house_id", "is", null), eb("house_id", "=", houseId)]))
    .where((eb) => eb.or([eb("effective_to", "is", null), eb("effective_to", ">=", house.today)]))
    .orderBy("effective_from")
    .orderBy("id")
    .execute();
  await audit(tx, "ledger.listed", { type: "house", id: houseId }, { residentIds: residents.map((r) => r.id) });
  return { house, residents, schedules };
}

/** One resident's entries, newest first, a page at a time, with their balance. */
export async function residentLedger(tx: Tx, residentId: string, opts: { cursor?: Cursor | null; self?: boolean } = {}) {
  const resident = await tx
    .selectFrom("resident as r")
    .select(["r.id", sql<string>`coalesce(r.preferred_name, r.legal_name)`.as("name"), BALANCE.as("balanceCents")])
    .where("r.id", "=", residentId)
    .executeTakeFirst();
  if (!resident) throw notFound("Resident");
  const rows = await ledgerRows(tx, residentId, { page: opts.cursor ?? null });
  const page = pageOf(rows);
  if (!opts.self) await audit(tx, "ledger.viewed", { type: "resident", id: residentId }, { residentId });
  return { resident, entries: page.items, next: page.next };
}

/** A payment's receipt: who received what, when, how, from whom, and what was refunded. */
export async function paymentReceipt(tx: Tx, entryId: string, opts: { self?: boolean } = {}) {
  const row = await tx
    .selectFrom("ledger_entry as e")
    .innerJoin("resident as r", (j) => j.onRef("r.org_id", "=", "e.org_id").onRef("r.id", "=", "e.resident_id"))
    .innerJoin("house as h", (j) => j.onRef("h.org_id", "=", "e.org_id").onRef("h.id", "=", "e.house_id"))
    .innerJoin("org as o", "o.id", "e.org_id")
    .select([
      "e.id",
      "e.kind",
      "e.resident_id as residentId",
      "e.house_id as houseId",
      "e.amount_cents as amountCents",
      sql<string>`e.effective_on::text`.as("receivedOn"),
      "e.receipt_number as receiptNumber",
      "e.method",
      "e.payer",
      "e.reference",
      "e.created_at as recordedAt",
      sql<string>`coalesce(r.preferred_name, r.legal_name)`.as("residentName"),
      "h.name as houseName",
      "h.time_zone as timeZone",
      "o.name as orgName",
      "o.currency",
      sql<number>`coalesce((select sum(c.amount_cents) from ledger_entry c where c.org_id = e.org_id and c.refund_of_id = e.id), 0)::bigint`.as("refundedCents"),
      sql<boolean>`exists (select 1 from ledger_entry c where c.org_id = e.org_id and c.reverses_id = e.id)`.as("reversed"),
      // Receipts and statements (ADR 033): the house's address and the balance once this payment was in.
      sql<string>`concat_ws(', ', h.address_line1, h.address_line2, h.city, h.region, h.postal_code)`.as("houseAddress"),
      sql<number>`(select coalesce(sum(b.amount_cents), 0) from ledger_entry b where b.org_id = e.org_id and b.resident_id = e.resident_id
        and (b.effective_on, b.created_at, b.id) <= (e.effective_on, e.created_at, e.id))::bigint`.as("balanceAfterCents"),
    ])
    .where("e.id", "=", entryId)
    .executeTakeFirst();
  if (!row || row.kind !== "payment") throw new DomainError("not_found", "Receipt not found.");
  if (!opts.self) await audit(tx, "receipt.viewed", { type: "ledger_entry", id: entryId }, { residentId: row.residentId });
  return row;
}

type ScheduleForNext = { name: string; cadence: FeeCadence; weekday: number | null; monthDay: number | null; amountCents: number; effectiveFrom: string; effectiveTo: string | null };

/** The next recurring charge of the schedules that apply to a stay: the soonest period start after today. */
export function nextCharge(schedules: ScheduleForNext[], today: CalendarDate): { on: CalendarDate; amountCents: number; name: string } | null {
  type Next = { on: CalendarDate; amountCents: number; name: string };
  const candidates: Next[] = [];
  for (const s of schedules) {
    if (s.cadence === "once") continue;
    const rule: Recurring = { cadence: s.cadence, weekday: s.weekday, monthDay: s.monthDay, effectiveFrom: s.effectiveFrom };
    // A schedule that has not started yet charges first on its first day (that period prorated).
    const on = today < s.effectiveFrom ? s.effectiveFrom : periodContaining(rule, today).end;
    if (!s.effectiveTo || on <= s.effectiveTo) candidates.push({ on, amountCents: s.amountCents, name: s.name });
  }
  if (candidates.length === 0) return null;
  const on = candidates.map((c) => c.on).reduce((a, b) => (a < b ? a : b));
  const due = candidates.filter((c) => c.on === on);
  return { on, amountCents: due.reduce((sum, c) => sum + c.amountCents, 0), name: due.map((c) => c.name).join(", ") };
}

/**
 * The signed-in resident's dues, or null when not linked: balance, the next charge, their
 * entries (a page), their open payment plan (ADR 033) and — with `online` — the org's
 * account that takes charges (ADR 032), read with the plan in one statement. `orgToday`
 * is the day when they live in no house today (a house's day otherwise).
 */
export async function myDues(tx: Tx, opts: { cursor?: Cursor | null; orgToday: CalendarDate; online?: boolean }) {
  const me = await tx
    .selectFrom("resident as r")
    .leftJoin("stay as s", (j) =>
      j.onRef("s.org_id", "=", "r.org_id").onRef("s.resident_id", "=", "r.id").on(sql<boolean>`s.during @> (select ${houseToday("h")} from house h where h.org_id = s.org_id and h.id = s.house_id)`),
    )
    .leftJoin("house as h", (j) => j.onRef("h.org_id", "=", "s.org_id").onRef("h.id", "=", "s.house_id"))
    .select(["r.id", "s.house_id as houseId", "s.bed_id as bedId", sql<string | null>`${houseToday("h")}::text`.as("today")])
    .where("r.id", "=", sql<string>`current_resident_id()`)
    .executeTakeFirst();
  if (!me) return null;
  const schedules: ScheduleForNext[] = me.houseId
    ? await tx
        .selectFrom("fee_schedule")
        .select(["name", "cadence", "weekday", "month_day as monthDay", "amount_cents as amountCents", sql<string>`effective_from::text`.as("effectiveFrom"), sql<string | null>`effective_to::text`.as("effectiveTo")])
        .where((eb) => eb.or([eb("house_id", "is", null), eb.and([eb("house_id", "=", me.houseId!), eb.or([eb("bed_id", "is", null), eb("bed_id", "=", me.bedId!)])])]))
        .where((eb) => eb.or([eb("effective_to", "is", null), eb("effective_to", ">=", me.today!)]))
        .execute()
    : [];
  const ledger = await residentLedger(tx, me.id, { cursor: opts.cursor, self: true });
  const { plan, today, onlineAccount } = await residentPlan(tx, me.id, me.today ?? opts.orgToday, { online: opts.online });
  return {
    residentId: me.id,
    today,
    balanceCents: ledger.resident.balanceCents,
    next: me.today ? nextCharge(schedules, me.today) : null,
    entries: ledger.entries,
    nextPage: ledger.next,
    plan,
    onlineAccount,
  };
}
