import { sql, type RawBuilder } from "kysely";
import type { Tx } from "#app/db/tenant.server";
import { houseToday } from "#app/domain/dates.server";
import { PAID_SINCE } from "#app/domain/fees/plans.server";
import { PAGE_SIZE, pageOf } from "#app/lib/pagination";

/**
 * Arrears aging (ADR 034): what each resident owes now, split by how long it has been due.
 *
 * One statement for the whole report, whatever the number of residents:
 *  1. `live`: the entries that still count. A reversal and the entry it reverses cancel
 *     out, so both are left out (reversing a payment therefore re-opens the oldest charge,
 *     reversing a charge removes it).
 *  2. Per resident, the money received (`paid`: payments, credits and deposit releases,
 *     less refunds and payouts handed back) is applied first-in-first-out to their charges
 *     and deposits in `effective_on` order (the oldest is paid first): a charge's unpaid
 *     remainder is what its running total exceeds `paid`, at most its amount.
 *  3. Each remainder is aged by the days since its `effective_on` in its house's calendar:
 *     current (due today or not yet), 1–7, 8–30, 31+. More handed back than received (a
 *     negative `paid`) is owed now (current).
 * Since ADR 038 the per-resident sums come from resident_balance (kept by the ledger's
 * trigger) and only the last weeks' owed entries are read to split what is unpaid into
 * buckets. A resident belongs to the house of their latest entry that is not a reversal. A negative balance is a credit,
 * listed apart, never negative arrears. What a reader sees is what RLS shows them of the
 * ledger: house managers and staff their houses' entries only.
 */

export type AgingBuckets = { currentCents: number; days1to7Cents: number; days8to30Cents: number; days31PlusCents: number };
export type HouseAging = AgingBuckets & { houseId: string; houseName: string; owingCount: number; owedCents: number; creditCents: number };
export type ResidentAging = AgingBuckets & { residentId: string; name: string; houseId: string; houseName: string; owedCents: number; plan: PlanStatus };
export type ResidentCredit = { residentId: string; name: string; houseId: string; houseName: string; creditCents: number };
/** The houses' totals (all of them), and one keyset page of each resident list with its next cursor (null: the last page). */
export type AgingReport = { houses: HouseAging[]; owing: ResidentAging[]; owingNext: string | null; credits: ResidentCredit[]; creditNext: string | null };

/** Kinds that a resident owes (aged); every other kind counts as money in or back. */
const OWED = sql.raw(`('charge', 'deposit')`);

/**
 * Per resident (`per_resident`): balance, buckets, house, and `overdue`: what has been due
 * for at least `overdueDays` days (the statement's shared part; see the module note).
 */
export function residentAgingCte(houseId: string | null, overdueDays = 1): RawBuilder<unknown> {
  // The sums come from resident_balance (ADR 038), one row per resident and house, kept by
  // the ledger's trigger and under the ledger's row-level security. First-in-first-out means
  // the unpaid part of what is owed is its newest part, so what is unpaid in the entries of
  // the last n days is least(what was owed in them, all that is unpaid): only the owed
  // entries of the last `window` days are read, never the whole ledger.
  const window = Math.max(31, overdueDays);
  return sql`
    -- Each visible house's today, once, as one row (id → day): looked up per entry without a
    -- join (the planner cannot count the entries RLS lets through and would loop over houses).
    house_days as materialized (
      select coalesce(jsonb_object_agg(h.id::text, ${houseToday("h")}), '{}') as today,
        coalesce(jsonb_object_agg(h.id::text, h.name), '{}') as names from house h
      -- the org named once (the house_pkey prefix): under RLS alone the planner scanned every org's houses
      where h.org_id = (select current_org_id())
    ),
    sums as (
      -- The resident's house is that of their latest entry (not a reversal).
      select b.resident_id, (array_agg(b.house_id order by b.last_on desc nulls last, b.last_entry_id desc nulls last))[1] as house_id,
        sum(b.balance_cents)::bigint as balance, sum(b.owed_cents)::bigint as owed, sum(b.paid_cents)::bigint as paid
      from resident_balance b
      group by b.resident_id
      having sum(b.balance_cents) <> 0
    ),
    -- Materialised: each entry's age worked out where the entry is read. Inlined, the age was
    -- computed above the sort that groups by resident, so every entry carried the houses' whole
    -- "today" object through it (2.5 MB for 752 entries, half the statement, on the scale org).
    recent_entries as materialized (
      select e.resident_id, e.amount_cents, (h.today ->> e.house_id::text)::date - e.effective_on as days
      from ledger_entry e
      cross join house_days h
      where e.kind in ${OWED} and e.effective_on >= current_date - ${window + 2}::int
        and not exists (select 1 from ledger_entry x where x.org_id = e.org_id and x.reverses_id = e.id and x.kind = 'reversal')
    ),
    recent as (
      select e.resident_id,
        sum(e.amount_cents) filter (where e.days <= 0)::bigint as a0,
        sum(e.amount_cents) filter (where e.days <= 7)::bigint as a7,
        sum(e.amount_cents) filter (where e.days <= 30)::bigint as a30,
        sum(e.amount_cents) filter (where e.days < ${overdueDays}::int)::bigint as a_due
      from recent_entries e
      group by e.resident_id
    ),
    per_resident as (
      select s.resident_id, s.house_id, s.balance,
        (least(coalesce(r.a0, 0), u.unpaid) + greatest(0, -s.paid))::bigint as current,
        (least(coalesce(r.a7, 0), u.unpaid) - least(coalesce(r.a0, 0), u.unpaid))::bigint as d1_7,
        (least(coalesce(r.a30, 0), u.unpaid) - least(coalesce(r.a7, 0), u.unpaid))::bigint as d8_30,
        (u.unpaid - least(coalesce(r.a30, 0), u.unpaid))::bigint as d31,
        (u.unpaid - least(coalesce(r.a_due, 0), u.unpaid))::bigint as overdue
      from sums s
      left join recent r on r.resident_id = s.resident_id
      cross join lateral (select case when s.balance > 0 then greatest(0, s.owed - greatest(s.paid, 0)) else 0 end as unpaid) u
      ${houseId ? sql`where s.house_id = ${houseId}::uuid` : sql``}
    )`;
}

/**
 * Payment plan status (ADR 033, 034) of the residents in `per_resident` who have an open
 * plan, as `plan_status`: what should have been paid by `today` (the instalments due
 * before it), what was paid since the plan started (as the plan's progress counts it),
 * `on_track` (nothing due is unpaid) and `next_due`, the first instalment not fully paid.
 * Part of the same statement: a join, never a query per resident. `today` is an SQL date
 * expression that may use the plan's row `p` (e.g. its house's today). `residents`: the CTE
 * whose residents need it (the arrears report: only the page it shows).
 */
export function planStatusCte(today: RawBuilder<unknown>, residents: "per_resident" | "owing_page" = "per_resident"): RawBuilder<unknown> {
  return sql`
    -- Materialised: computed once, then joined, not re-planned inside a loop over the
    -- residents (inlined, its scan of the plans ran once per resident: 2,181 times at scale).
    plan_status as materialized (
      select p.resident_id, x.expected, x.paid, x.paid >= x.expected as on_track,
        (select c.due_on from (
            select i.due_on, i.seq, sum(i.amount_cents) over (order by i.due_on, i.seq) as upto
            from payment_plan_instalment i where i.org_id = p.org_id and i.plan_id = p.id) c
          where c.upto > x.paid order by c.due_on, c.seq limit 1) as next_due
      from ${sql.raw(residents)} pr
      join payment_plan p on p.org_id = (select current_org_id()) and p.resident_id = pr.resident_id and p.ended_at is null
      cross join lateral (select ${today} as today) d
      cross join lateral (select
          coalesce((select sum(i.amount_cents) from payment_plan_instalment i where i.org_id = p.org_id and i.plan_id = p.id and i.due_on < d.today), 0)::bigint as expected,
          ${PAID_SINCE(sql`p.resident_id`, sql`p.starts_on`)} as paid) x
    )`;
}

/** A listed resident's payment plan: none, or whether what is due of it is paid. */
export type PlanStatus = "on_track" | "behind" | null;

type Row = {
  row: "house" | "owing" | "credit";
  house_id: string;
  house_name: string;
  resident_id: string | null;
  name: string | null;
  current: number;
  d1_7: number;
  d8_30: number;
  d31: number;
  owed: number;
  credit: number;
  owing_count: number;
  plan: "on_track" | "behind" | null;
};

/** A house's totals as the statements return them. */
export type HouseAgingRow = Pick<Row, "house_id" | "house_name" | "current" | "d1_7" | "d8_30" | "d31" | "owed" | "credit" | "owing_count">;
export const houseAgingOf = (r: HouseAgingRow): HouseAging => ({
  houseId: r.house_id, houseName: r.house_name, owingCount: r.owing_count, owedCents: r.owed, creditCents: r.credit,
  currentCents: r.current ?? 0, days1to7Cents: r.d1_7, days8to30Cents: r.d8_30, days31PlusCents: r.d31,
});

/**
 * The arrears report in one statement: every visible house's totals, and one keyset page
 * (`limit` rows, PAGE_SIZE by default) of the residents who owe (most overdue first within a
 * house, each with their payment plan's status) and of those in credit. `owingAfter` /
 * `creditAfter` are the last resident shown of that list: its sort key is looked up in the
 * same statement (CONTRIBUTING, Pagination), so only an id travels in the address. A
 * resident no longer on the list (paid up since) ends that list.
 */
export async function agingReport(
  tx: Tx,
  opts: { houseId?: string | null; limit?: number; owingAfter?: string | null; creditAfter?: string | null } = {},
): Promise<AgingReport> {
  const limit = opts.limit ?? PAGE_SIZE;
  // Ascending keys: house, then most overdue first (negated buckets), then name and id.
  const OWING_KEY = sql`lower(house_name), house_id, -d31, -d8_30, -d1_7, lower(name), resident_id`;
  const CREDIT_KEY = sql`lower(house_name), house_id, lower(name), resident_id`;
  const { rows } = await sql<Row>`
    with ${residentAgingCte(opts.houseId ?? null)},
    ${planStatusCte(sql`coalesce((select (hd.today ->> p.house_id::text)::date from house_days hd), house_local_today(p.house_id))`)},
    named as (
      select p.*, hd.names ->> p.house_id::text as house_name, coalesce(r.preferred_name, r.legal_name) as name,
        case when ps.resident_id is null then null when ps.on_track then 'on_track' else 'behind' end as plan
      from per_resident p
      -- The house's name from the one-row map, not a join: the planner cannot count
      -- per_resident and looped over every house for each of its rows (60 × 2,181 at scale).
      join house_days hd on hd.names ? p.house_id::text
      join resident r on r.id = p.resident_id
      left join plan_status ps on ps.resident_id = p.resident_id
    )
    (select 'house' as row, house_id, house_name, null::uuid as resident_id, null as name, null as plan,
        sum(current) filter (where balance > 0)::bigint as current, sum(d1_7)::bigint as d1_7,
        sum(d8_30)::bigint as d8_30, sum(d31)::bigint as d31,
        coalesce(sum(balance) filter (where balance > 0), 0)::bigint as owed,
        coalesce(-sum(balance) filter (where balance < 0), 0)::bigint as credit,
        count(*) filter (where balance > 0)::int as owing_count
      from named group by house_id, house_name)
    union all
    (select 'owing', house_id, house_name, resident_id, name, plan, current, d1_7, d8_30, d31, balance, 0, 1
      from named where balance > 0
        ${opts.owingAfter ? sql`and (${OWING_KEY}) > (select ${OWING_KEY} from named where balance > 0 and resident_id = ${opts.owingAfter}::uuid)` : sql``}
      order by lower(house_name), house_id, d31 desc, d8_30 desc, d1_7 desc, lower(name), resident_id
      limit ${limit + 1})
    union all
    (select 'credit', house_id, house_name, resident_id, name, plan, 0, 0, 0, 0, 0, -balance, 0
      from named where balance < 0
        ${opts.creditAfter ? sql`and (${CREDIT_KEY}) > (select ${CREDIT_KEY} from named where balance < 0 and resident_id = ${opts.creditAfter}::uuid)` : sql``}
      order by lower(house_name), house_id, lower(name), resident_id
      limit ${limit + 1})`.execute(tx);
  const buckets = (r: Row): AgingBuckets => ({ currentCents: r.current ?? 0, days1to7Cents: r.d1_7, days8to30Cents: r.d8_30, days31PlusCents: r.d31 });
  const houses = rows
    .filter((r) => r.row === "house")
    .map((r) => ({ houseId: r.house_id, houseName: r.house_name, owingCount: r.owing_count, owedCents: r.owed, creditCents: r.credit, ...buckets(r) }))
    .sort((a, b) => a.houseName.localeCompare(b.houseName) || a.houseId.localeCompare(b.houseId));
  const owingPage = pageOf(rows.filter((r) => r.row === "owing").map((r) => ({ ...r, id: r.resident_id! })), limit);
  const creditPage = pageOf(rows.filter((r) => r.row === "credit").map((r) => ({ ...r, id: r.resident_id! })), limit);
  const owing = owingPage.items.map((r) => ({ residentId: r.resident_id!, name: r.name!, houseId: r.house_id, houseName: r.house_name, owedCents: r.owed, plan: r.plan, ...buckets(r) }));
  const credits = creditPage.items.map((r) => ({ residentId: r.resident_id!, name: r.name!, houseId: r.house_id, houseName: r.house_name, creditCents: r.credit }));
  return { houses, owing, owingNext: owingPage.next, credits, creditNext: creditPage.next };
}
