import { sql } from "kysely";
import type { Tx } from "#app/db/tenant.server";
import type { FeeCadence } from "#app/db/schema";
import { audit } from "#app/domain/audit/audit.server";
import { DomainError, guardDb, parseInput } from "#app/domain/errors.server";
import { houseToday } from "#app/domain/dates.server";
import { addDays, daysBetween, type CalendarDate } from "#app/lib/dates";
import { chargedDays, periodContaining, periodsBetween, prorate, type DayRange, type Recurring } from "./periods";
import { covers, parseAgreement, type Term } from "./agreement";
import { FeeScheduleInput } from "./schemas";

/**
 * Fee schedules and the charge posting job (ADR 030).
 *
 * `postDueCharges` posts, for every schedule and every resident with a stay in its scope
 * (org, house or bed), each period that has begun (or, when asked, the next one), prorated
 * by the days of the period the resident lives there and the schedule applies. It is
 * idempotent: the ledger's keys (org, stay, schedule, period start) for a recurring period
 * — each stay's share of it — and (org, resident, schedule) for a one-time fee, with
 * `on conflict do nothing`, make a second run — or a concurrent one in another process, or
 * another house's run — post nothing new. It looks back CATCH_UP_DAYS, so it catches up after downtime.
 *
 * Agreement before charge (ADR 031): a schedule is posted for a resident only when one of
 * their fee agreement acknowledgements covers it (`covers`); until then its periods wait,
 * and the first run after they acknowledge posts them back to when the terms applied (within
 * the catch-up window).
 */

/** How far back a run looks for periods not yet posted (downtime it heals on its own). */
export const CATCH_UP_DAYS = 92;

export async function createFeeSchedule(tx: Tx, raw: FeeScheduleInput) {
  const input = parseInput(FeeScheduleInput, raw);
  const row = await guardDb(
    tx
      .insertInto("fee_schedule")
      .values({
        org_id: sql<string>`current_org_id()`,
        house_id: input.houseId,
        bed_id: input.bedId,
        name: input.name,
        cadence: input.cadence,
        weekday: input.cadence === "weekly" || input.cadence === "biweekly" ? input.weekday! : null,
        month_day: input.cadence === "monthly" ? input.monthDay! : null,
        amount_cents: input.amount,
        is_deposit: input.isDeposit,
        effective_from: input.effectiveFrom,
        effective_to: input.effectiveTo,
      })
      .returning("id")
      .executeTakeFirstOrThrow(),
  );
  await audit(tx, "fee_schedule.created", { type: "fee_schedule", id: row.id }, {
    houseId: input.houseId,
    bedId: input.bedId,
    cadence: input.cadence,
    amountCents: input.amount,
    effectiveFrom: input.effectiveFrom,
  });
  return { id: row.id };
}

type ScheduleRow = {
  id: string;
  house_id: string | null;
  bed_id: string | null;
  cadence: FeeCadence;
  weekday: number | null;
  month_day: number | null;
  amount_cents: number;
  is_deposit: boolean;
  effective_from: string;
  effective_to: string | null;
};
type StayRow = { id: string; resident_id: string; house_id: string; bed_id: string; from: string; to: string | null; today: string };
type NewEntry = {
  resident_id: string;
  house_id: string;
  stay_id: string;
  kind: "charge" | "deposit";
  amount_cents: number;
  effective_on: string;
  schedule_id: string;
  period_start: string;
  period_end: string;
};

type PostOpts = { through?: CalendarDate; since?: CalendarDate; houseId?: string; residentId?: string };

/**
 * Post what is due. `through` (default: each house's today) may reach at most the start of
 * the next period of every schedule in scope — asking for a period beyond the next one is
 * refused and nothing is written. `houseId` limits the run to one house (a house manager's
 * run), `residentId` to one resident; `since` looks further back than CATCH_UP_DAYS (stays
 * that ended before it are skipped, older ones are not).
 */
export async function postDueCharges(tx: Tx, opts: PostOpts = {}) {
  const { covered: rows } = await planCharges(tx, opts);
  const ids: string[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500).map((r) => ({ ...r, org_id: sql<string>`current_org_id()` }));
    const inserted = await guardDb(
      tx
        .insertInto("ledger_entry")
        .values(chunk)
        .onConflict((oc) => oc.doNothing())
        .returning("id")
        .execute(),
    );
    ids.push(...inserted.map((r) => r.id));
  }
  if (ids.length) await audit(tx, "ledger.charges_posted", null, { count: ids.length, houseId: opts.houseId ?? null, residentId: opts.residentId ?? null, ids });
  return { posted: ids.length, ids };
}

/**
 * What the job would post, split by whether an acknowledgement covers it. Three statements
 * (schedules, stays, acknowledged terms). The acknowledged terms are read through
 * `fee_agreement_terms_of` (ADR 031), so coverage does not depend on which house's staff
 * runs the job (an acknowledgement signed in a previous house still counts).
 */
async function planCharges(tx: Tx, opts: PostOpts): Promise<{ covered: NewEntry[]; waiting: NewEntry[] }> {
  let sq = tx
    .selectFrom("fee_schedule")
    .select(["id", "house_id", "bed_id", "cadence", "weekday", "month_day", "amount_cents", "is_deposit", sql<string>`effective_from::text`.as("effective_from"), sql<string | null>`effective_to::text`.as("effective_to")]);
  if (opts.houseId) sq = sq.where((eb) => eb.or([eb("house_id", "is", null), eb("house_id", "=", opts.houseId!)]));
  const schedules: ScheduleRow[] = await sq.execute();
  if (schedules.length === 0) return { covered: [], waiting: [] };

  let stq = tx
    .selectFrom("stay as s")
    .innerJoin("house as h", (j) => j.onRef("h.org_id", "=", "s.org_id").onRef("h.id", "=", "s.house_id"))
    .select([
      "s.id",
      "s.resident_id",
      "s.house_id",
      "s.bed_id",
      sql<string>`lower(s.during)::text`.as("from"),
      sql<string | null>`upper(s.during)::text`.as("to"),
      sql<string>`(${houseToday("h")})::text`.as("today"),
    ]);
  stq = opts.since
    ? stq.where(sql<boolean>`coalesce(upper(s.during), 'infinity'::date) > ${opts.since}::date`)
    : stq.where(sql<boolean>`coalesce(upper(s.during), 'infinity'::date) > ${houseToday("h")} - ${sql.lit(CATCH_UP_DAYS + 1)}::int`);
  if (opts.houseId) stq = stq.where("s.house_id", "=", opts.houseId);
  if (opts.residentId) stq = stq.where("s.resident_id", "=", opts.residentId);
  const stays: StayRow[] = await stq.execute();
  if (stays.length === 0) return { covered: [], waiting: [] };
  const acknowledged = new Map<string, Term[]>();
  const residentIds = [...new Set(stays.map((st) => st.resident_id))];
  const acks = await sql<{ resident_id: string; terms: string }>`select resident_id, terms from fee_agreement_terms_of(${sql.val(residentIds)}::uuid[])`.execute(tx);
  for (const a of acks.rows) acknowledged.set(a.resident_id, [...(acknowledged.get(a.resident_id) ?? []), ...parseAgreement(a.terms)]);

  const covered: NewEntry[] = [];
  const waiting: NewEntry[] = [];
  for (const s of schedules) {
    const inScope = stays.filter((st) => (s.bed_id ? st.bed_id === s.bed_id : s.house_id ? st.house_id === s.house_id : true));
    const byResident = new Map<string, StayRow[]>();
    for (const st of inScope) byResident.set(st.resident_id, [...(byResident.get(st.resident_id) ?? []), st]);
    const asAgreed = { ...s, houseId: s.house_id, bedId: s.bed_id, monthDay: s.month_day, amountCents: s.amount_cents, isDeposit: s.is_deposit, effectiveFrom: s.effective_from, effectiveTo: s.effective_to, name: "" };
    for (const [residentId, own] of byResident) {
      own.sort((a, b) => (a.from < b.from ? -1 : 1));
      const today = own[own.length - 1]!.today;
      const out = covers(acknowledged.get(residentId) ?? [], asAgreed) ? covered : waiting;
      out.push(...(s.cadence === "once" ? oneTime(s, residentId, own, opts.through ?? today) : recurring(s, residentId, own, today, opts)));
    }
  }
  return { covered, waiting };
}

/**
 * Post a resident's charges that were waiting for their acknowledgement, back to the start
 * of their first stay the caller can see (not limited by CATCH_UP_DAYS): called right after
 * an acknowledgement (either kind) is recorded. Idempotent like the job.
 */
export async function postWaitingCharges(tx: Tx, residentId: string, opts: { houseId?: string } = {}) {
  const first = await tx
    .selectFrom("stay")
    .select(sql<string | null>`min(lower(during))::text`.as("from"))
    .where("resident_id", "=", residentId)
    .$if(opts.houseId !== undefined, (q) => q.where("house_id", "=", opts.houseId!))
    .executeTakeFirst();
  if (!first?.from) return { posted: 0, ids: [] as string[] };
  return postDueCharges(tx, { residentId, since: addDays(first.from, -1), houseId: opts.houseId });
}

/**
 * A resident's own e-signature posts their waiting charges back to the start of their first
 * stay (ADR 031), as a paper acknowledgement does. The resident may not write the ledger, so
 * what `planCharges` computes (their own stays and schedules, read under their RLS) goes to
 * `post_fee_ack_catch_up` (migration 0030), which posts it only for the acknowledgement made
 * in this transaction by this resident and checks every entry against its terms. Only the
 * schedules that acknowledgement names are sent. Idempotent like the job. Three to four statements.
 */
export async function postCatchUpForMyAck(tx: Tx, ack: { id: string; residentId: string; terms: Term[] }) {
  const first = await tx
    .selectFrom("stay")
    .select(sql<string | null>`min(lower(during))::text`.as("from"))
    .where("resident_id", "=", ack.residentId)
    .executeTakeFirst();
  if (!first?.from) return { posted: 0 };
  const { covered } = await planCharges(tx, { residentId: ack.residentId, since: addDays(first.from, -1) });
  const named = new Map(ack.terms.map((t) => [t.scheduleId, t.amountCents]));
  const entries = covered.filter((e) => e.resident_id === ack.residentId && named.has(e.schedule_id));
  if (entries.length === 0) return { posted: 0 };
  const { rows } = await sql<{ n: number }>`select post_fee_ack_catch_up(${ack.id}::uuid, ${JSON.stringify(entries)}::jsonb) as n`.execute(tx);
  const posted = Number(rows[0]?.n ?? 0);
  if (posted) await audit(tx, "ledger.charges_posted", { type: "fee_agreement_ack", id: ack.id }, { count: posted, residentId: ack.residentId, catchUp: true });
  return { posted };
}

export type WaitingCharges = { residentId: string; name: string; amountCents: number; periods: number };

/**
 * Charges of a house that wait for an acknowledgement, per resident (every stay in the house,
 * back to its first day): what would post once the resident (or staff, for a paper copy)
 * acknowledges, with the resident's legal name, by name. Computed, never written. At most
 * four statements.
 */
export async function waitingCharges(tx: Tx, houseId: string): Promise<WaitingCharges[]> {
  const { waiting } = await planCharges(tx, { houseId, since: "0001-01-01" });
  const by = new Map<string, WaitingCharges>();
  for (const r of waiting) {
    if (r.house_id !== houseId) continue;
    const w = by.get(r.resident_id) ?? { residentId: r.resident_id, name: "", amountCents: 0, periods: 0 };
    w.amountCents += r.amount_cents;
    w.periods += 1;
    by.set(r.resident_id, w);
  }
  if (by.size === 0) return [];
  const names = await tx.selectFrom("resident").select(["id", "legal_name"]).where("id", "in", [...by.keys()]).execute();
  for (const n of names) by.get(n.id)!.name = n.legal_name;
  return [...by.values()].sort((a, b) => a.name.localeCompare(b.name) || (a.residentId < b.residentId ? -1 : 1));
}

function recurring(s: ScheduleRow, residentId: string, stays: StayRow[], today: CalendarDate, opts: { through?: CalendarDate; since?: CalendarDate }): NewEntry[] {
  const rule: Recurring = { cadence: s.cadence as Recurring["cadence"], weekday: s.weekday, monthDay: s.month_day, effectiveFrom: s.effective_from };
  const next = periodContaining(rule, today).end; // the next period's start
  const through = opts.through ?? today;
  if (through >= periodContaining(rule, next).end) {
    throw new DomainError("conflict", "Charges can be posted at most one period ahead.", { field: "through" });
  }
  const lookBack = opts.since ?? addDays(today, -CATCH_UP_DAYS);
  const from = [lookBack, s.effective_from, stays[0]!.from].reduce((a, b) => (a > b ? a : b));
  const window: DayRange = { from: s.effective_from, to: s.effective_to ? addDays(s.effective_to, 1) : null };
  const out: NewEntry[] = [];
  // Each stay's share of a period is its own entry (keyed by stay), so a resident who moves
  // house mid-period owes each house its days — whether one org-wide run or each house's
  // own run posts them — and each share posts exactly once.
  for (const p of periodsBetween(rule, from, through)) {
    for (const stay of stays) {
      const { days, first } = chargedDays(p, window, [{ from: stay.from, to: stay.to }]);
      if (days === 0 || first === null || first > through) continue;
      const amount = prorate(s.amount_cents, days, daysBetween(p.start, p.end));
      if (amount === 0) continue;
      out.push({ resident_id: residentId, house_id: stay.house_id, stay_id: stay.id, kind: "charge", amount_cents: amount, effective_on: first, schedule_id: s.id, period_start: p.start, period_end: p.end });
    }
  }
  return out;
}

/** A one-time fee (or deposit): once per resident, for a stay that begins while the schedule applies. */
function oneTime(s: ScheduleRow, residentId: string, stays: StayRow[], through: CalendarDate): NewEntry[] {
  const stay = stays.find((st) => st.from >= s.effective_from && (s.effective_to === null || st.from <= s.effective_to) && st.from <= through);
  if (!stay) return [];
  return [{
    resident_id: residentId,
    house_id: stay.house_id,
    stay_id: stay.id,
    kind: s.is_deposit ? "deposit" : "charge",
    amount_cents: s.amount_cents,
    effective_on: stay.from,
    schedule_id: s.id,
    period_start: s.effective_from,
    period_end: addDays(s.effective_from, 1),
  }];
}
