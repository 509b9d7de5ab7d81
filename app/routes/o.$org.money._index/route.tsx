import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { AGING_BUCKET_LABELS } from "#app/domain/arrears/labels";
import { moneyOverview } from "#app/domain/arrears/overview.server";
import { formatCents } from "#app/domain/fees/money";
import { can } from "#app/domain/permissions";
import { Card, EmptyState, PageHeader } from "#app/ui/page";

/**
 * The money overview (money:read: owners, admins; house managers see their houses through
 * RLS): revenue and collections per house and month for the last twelve months, deposits
 * held, and what is owed by aging bucket, as server-rendered tables with a small bar chart
 * of the org's months (its numbers are the table's). ADR 034.
 */
export const meta: MetaFunction = () => [{ title: "Money · Hearth" }];

const monthLabel = (m: string) => {
  const [y, mo] = m.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, mo - 1, 1)).toLocaleString("en-US", { month: "short", year: "numeric", timeZone: "UTC" });
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "money:read");
  const view = await withTenant(ctx.tenant, (tx) => moneyOverview(tx));
  const money = (c: number) => formatCents(c, ctx.org.currency);
  const base = `/o/${ctx.org.slug}`;
  const peak = Math.max(1, ...view.totals.months.flatMap((m) => [m.revenueCents, m.collectionsCents]));
  return {
    arrearsHref: `${base}/money/arrears`,
    // Org-wide fee schedules are set by owners and admins (ADR 031).
    orgFeesHref: can(ctx.role, "org:manage") ? `${base}/settings/fees` : null,
    months: view.totals.months.map((m) => ({
      key: m.month,
      label: monthLabel(m.month),
      revenue: money(m.revenueCents),
      collections: money(m.collectionsCents),
      // Bar lengths in per cent of the largest month (0–100), for the chart.
      revenuePct: Math.max(0, Math.round((m.revenueCents / peak) * 100)),
      collectionsPct: Math.max(0, Math.round((m.collectionsCents / peak) * 100)),
    })),
    totals: {
      revenue: money(view.totals.months.reduce((s, m) => s + m.revenueCents, 0)),
      collections: money(view.totals.months.reduce((s, m) => s + m.collectionsCents, 0)),
      deposits: money(view.totals.depositsHeldCents),
      owed: money(view.totals.owedCents),
      credit: money(view.totals.creditCents),
      buckets: view.totals.buckets.map(money),
    },
    houses: view.houses.map((h) => ({
      id: h.houseId,
      name: h.name,
      href: `${base}/houses/${h.houseId}/fees`,
      arrearsHref: `${base}/money/arrears?house=${h.houseId}`,
      revenue: money(h.months.reduce((s, m) => s + m.revenueCents, 0)),
      collections: money(h.months.reduce((s, m) => s + m.collectionsCents, 0)),
      deposits: money(h.depositsHeldCents),
      owed: money(h.aging?.owedCents ?? 0),
      buckets: [h.aging?.currentCents ?? 0, h.aging?.days1to7Cents ?? 0, h.aging?.days8to30Cents ?? 0, h.aging?.days31PlusCents ?? 0].map(money),
    })),
  };
}

const num = "px-2 py-1 text-right tabular-nums";
const head = "px-2 py-1 text-left font-medium";

export default function MoneyOverview() {
  const page = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <PageHeader
        title="Money"
        description={
          <>
            Revenue, collections, deposits held and what is owed, for the houses you can see. <Link to={page.arrearsHref}>See arrears by resident</Link>
            {page.orgFeesHref ? <> · <Link to={page.orgFeesHref}>Fees for every house</Link></> : null}
          </>
        }
      />
      {page.houses.length === 0 ? (
        <EmptyState title="No houses yet">Money appears here once houses charge fees.</EmptyState>
      ) : (
        <>
          <Card title="What is owed">
            <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4" aria-label="Owed by how long it has been due">
              {AGING_BUCKET_LABELS.map((label, i) => (
                <div key={label}>
                  <dt className="text-sm text-muted">{label}</dt>
                  <dd className="text-lg font-semibold tabular-nums">{page.totals.buckets[i]}</dd>
                </div>
              ))}
            </dl>
            <p className="mt-3 text-sm text-muted">
              Total owed {page.totals.owed}. Residents in credit: {page.totals.credit}. Deposits held: {page.totals.deposits}.
            </p>
          </Card>

          <Card title="The last twelve months">
            <p className="mb-2 text-sm text-muted">
              Revenue is charges net of credits and corrections; collections are payments net of refunds and corrections. Twelve months: revenue{" "}
              {page.totals.revenue}, collections {page.totals.collections}.
            </p>
            <svg role="img" aria-labelledby="money-chart-title" viewBox="0 0 240 60" className="mb-3 h-24 w-full" preserveAspectRatio="none">
              <title id="money-chart-title">Revenue and collections by month; the numbers are in the table below.</title>
              {page.months.map((m, i) => (
                <g key={m.key}>
                  <rect x={i * 20 + 2} y={60 - (m.revenuePct * 56) / 100} width="7" height={(m.revenuePct * 56) / 100} className="fill-slate-400" />
                  <rect x={i * 20 + 10} y={60 - (m.collectionsPct * 56) / 100} width="7" height={(m.collectionsPct * 56) / 100} className="fill-emerald-600" />
                </g>
              ))}
            </svg>
            <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Revenue and collections by month (scrolls sideways)">
              <table className="w-full text-sm">
                <caption className="sr-only">Revenue and collections by month, all houses you can see</caption>
                <thead>
                  <tr className="border-b border-line">
                    <th scope="col" className={head}>
                      Month
                    </th>
                    <th scope="col" className={num}>
                      Revenue
                    </th>
                    <th scope="col" className={num}>
                      Collections
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {page.months.map((m) => (
                    <tr key={m.key} className="border-b border-line last:border-0">
                      <th scope="row" className={head}>
                        {m.label}
                      </th>
                      <td className={num}>{m.revenue}</td>
                      <td className={num}>{m.collections}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Card>

          <Card title="By house">
            <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Money per house (scrolls sideways)">
              <table className="w-full text-sm">
                <caption className="sr-only">Money per house: the last twelve months, deposits held and what is owed by how long it has been due</caption>
                <thead>
                  <tr className="border-b border-line">
                    <th scope="col" className={head}>
                      House
                    </th>
                    <th scope="col" className={num}>
                      Revenue (12 months)
                    </th>
                    <th scope="col" className={num}>
                      Collections (12 months)
                    </th>
                    <th scope="col" className={num}>
                      Deposits held
                    </th>
                    <th scope="col" className={num}>
                      Owed
                    </th>
                    {AGING_BUCKET_LABELS.map((l) => (
                      <th key={l} scope="col" className={num}>
                        {l}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {page.houses.map((h) => (
                    <tr key={h.id} className="border-b border-line last:border-0">
                      <th scope="row" className={head}>
                        <Link to={h.href}>{h.name}</Link>
                      </th>
                      <td className={num}>{h.revenue}</td>
                      <td className={num}>{h.collections}</td>
                      <td className={num}>{h.deposits}</td>
                      <td className={num}>
                        <Link to={h.arrearsHref} aria-label={`${h.owed} owed at ${h.name}: see who`}>
                          {h.owed}
                        </Link>
                      </td>
                      {h.buckets.map((b, i) => (
                        <td key={AGING_BUCKET_LABELS[i]} className={num}>
                          {b}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Card>
        </>
      )}
    </div>
  );
}
