import { sql } from "kysely";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { orgToday } from "#app/domain/dates.server";
import { houseAgingOf, residentAgingCte, type HouseAging, type HouseAgingRow } from "./aging.server";

/**
 * The money overview (ADR 034): per house and month of the last twelve (the org's calendar),
 * revenue — charges, net of credits and of reversals of either — and collections — payments,
 * net of refunds and of reversals of either; deposits held per house — deposits and their
 * releases, less what was reversed; and what is owed by aging bucket (aging.server.ts).
 * Two statements whatever the number of houses, residents or entries: the houses with
 * their deposits (resident_balance, ADR 038) and what is owed per house by aging bucket, and
 * the month sums (ledger_entry_org_day_idx, index-only). House managers and staff see their houses (RLS).
 */

export type MonthSums = { month: string; revenueCents: number; collectionsCents: number };
export type HouseMoney = { houseId: string; name: string; depositsHeldCents: number; months: MonthSums[]; aging: HouseAging | null };
export type MoneyOverview = { months: string[]; houses: HouseMoney[]; totals: { months: MonthSums[]; depositsHeldCents: number; owedCents: number; creditCents: number; buckets: [number, number, number, number] } };

/** The twelve months ending with the one `today` is in, oldest first ("YYYY-MM"). */
export function lastTwelveMonths(today: string): string[] {
  const [y, m] = today.split("-").map(Number) as [number, number];
  return Array.from({ length: 12 }, (_, i) => {
    const n = y * 12 + (m - 1) - (11 - i);
    return `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, "0")}`;
  });
}

export async function moneyOverview(tx: Tx): Promise<MoneyOverview> {
  // The houses with their deposits and what is owed per house by aging bucket, in one
  // statement: the aging report's per-resident part (aging.server.ts) summed per house — no
  // resident names, no payment-plan status, nothing per resident leaves the database.
  const houses = await sql<{ id: string; name: string; deposits: number; today: string } & Omit<HouseAgingRow, "house_id">>`
    with ${residentAgingCte(null)},
    -- Materialised: summed once, then joined to the houses. Inlined, the planner (which cannot
    -- count what RLS lets through) re-ran the per-resident aggregate for each house: 60 times,
    -- sorting 67,080 rows, on the scale org.
    by_house as materialized (
      select p.house_id, count(*) filter (where p.balance > 0)::int as owing_count,
        coalesce(sum(p.current) filter (where p.balance > 0), 0)::bigint as current, coalesce(sum(p.d1_7), 0)::bigint as d1_7,
        coalesce(sum(p.d8_30), 0)::bigint as d8_30, coalesce(sum(p.d31), 0)::bigint as d31,
        coalesce(sum(p.balance) filter (where p.balance > 0), 0)::bigint as owed,
        coalesce(-sum(p.balance) filter (where p.balance < 0), 0)::bigint as credit
      from per_resident p group by p.house_id
    )
    select h.id, h.name, ${orgToday()}::text as today,
      coalesce((select sum(b.deposits_cents) from resident_balance b where b.org_id = h.org_id and b.house_id = h.id), 0)::bigint as deposits,
      a.owing_count, a.current, a.d1_7, a.d8_30, a.d31, a.owed, a.credit
    from house h
    left join by_house a on a.house_id = h.id
    where h.org_id = (select current_org_id())
    order by lower(h.name), h.id`.execute(tx);
  const today = houses.rows[0]?.today ?? null;
  const months = today ? lastTwelveMonths(today) : [];
  const sums = today
    ? (
        await sql<{ house_id: string; month: string; revenue: number; collections: number }>`
          select e.house_id, to_char(e.month, 'YYYY-MM') as month,
            coalesce(sum(e.amount_cents) filter (where e.k in ('charge', 'credit')), 0)::bigint as revenue,
            coalesce(-sum(e.amount_cents) filter (where e.k in ('payment', 'refund')), 0)::bigint as collections
          from (
            -- A reversal counts as (minus) the kind of what it reverses, in its own month.
            select e.house_id, date_trunc('month', e.effective_on) as month, e.amount_cents,
              case when e.kind = 'reversal' then (select o.kind from ledger_entry o where o.org_id = e.org_id and o.id = e.reverses_id) else e.kind end as k
            from ledger_entry e
            where e.effective_on >= ${`${months[0]}-01`}::date and e.effective_on <= ${today}::date
          ) e
          group by e.house_id, e.month`.execute(tx)
      ).rows
    : [];
  const agingBy = new Map(houses.rows.filter((h) => h.owed !== null).map((h) => [h.id, houseAgingOf({ ...h, house_id: h.id, house_name: h.name })]));
  const byHouse = new Map<string, Map<string, { revenue: number; collections: number }>>();
  for (const s of sums) {
    const m = byHouse.get(s.house_id) ?? new Map();
    m.set(s.month, { revenue: s.revenue, collections: s.collections });
    byHouse.set(s.house_id, m);
  }
  const list: HouseMoney[] = houses.rows.map((h) => ({
    houseId: h.id,
    name: h.name,
    depositsHeldCents: h.deposits,
    months: months.map((month) => ({ month, revenueCents: byHouse.get(h.id)?.get(month)?.revenue ?? 0, collectionsCents: byHouse.get(h.id)?.get(month)?.collections ?? 0 })),
    aging: agingBy.get(h.id) ?? null,
  }));
  const sum = (f: (h: HouseMoney) => number) => list.reduce((s, h) => s + f(h), 0);
  const totals = {
    months: months.map((month, i) => ({ month, revenueCents: sum((h) => h.months[i]!.revenueCents), collectionsCents: sum((h) => h.months[i]!.collectionsCents) })),
    depositsHeldCents: sum((h) => h.depositsHeldCents),
    owedCents: sum((h) => h.aging?.owedCents ?? 0),
    creditCents: sum((h) => h.aging?.creditCents ?? 0),
    buckets: [
      sum((h) => h.aging?.currentCents ?? 0),
      sum((h) => h.aging?.days1to7Cents ?? 0),
      sum((h) => h.aging?.days8to30Cents ?? 0),
      sum((h) => h.aging?.days31PlusCents ?? 0),
    ] as [number, number, number, number],
  };
  await audit(tx, "money.overview_viewed", null, { houseIds: list.map((h) => h.houseId) });
  return { months, houses: list, totals };
}
