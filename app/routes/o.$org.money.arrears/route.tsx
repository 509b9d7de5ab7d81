import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { AGING_BUCKET_LABELS, planStatusLabel } from "#app/domain/arrears/labels";
import { arrearsPage } from "#app/domain/arrears/report.server";
import { formatCents } from "#app/domain/fees/money";
import { Button } from "#app/ui/form";
import { orErrorPage } from "#app/ui/forms.server";
import { Card, EmptyState, PageHeader } from "#app/ui/page";
import { Pager } from "#app/ui/pager";
import { NOT_FOUND } from "#app/ui/params.server";
import { houseFilterParam, listPageParam } from "./filter.server";

/**
 * Arrears (fees:read; house managers and staff see their houses through RLS): per house,
 * what is owed by how long it has been due, and the residents who owe — most overdue first,
 * each linking to their fees page — and those in credit, each list in keyset pages of 50
 * (`?list=owing|credit&cursor=`). ADR 034.
 */
export const meta: MetaFunction = () => [{ title: "Arrears · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "fees:read");
  const houseId = houseFilterParam(request);
  const listPage = listPageParam(request);
  const page = await orErrorPage(withTenant(ctx.tenant, (tx) => arrearsPage(tx, houseId, listPage)), NOT_FOUND.house);
  const money = (c: number) => formatCents(c, ctx.org.currency);
  const base = `/o/${ctx.org.slug}`;
  const buckets = (b: { currentCents: number; days1to7Cents: number; days8to30Cents: number; days31PlusCents: number }) =>
    [b.currentCents, b.days1to7Cents, b.days8to30Cents, b.days31PlusCents].map(money);
  return {
    action: `${base}/money/arrears`,
    houseId,
    houseChoices: page.houseChoices,
    owingNext: page.report.owingNext,
    creditNext: page.report.creditNext,
    pagedList: listPage?.list ?? null,
    houses: page.report.houses.map((h) => ({ id: h.houseId, name: h.houseName, owing: h.owingCount, owed: money(h.owedCents), credit: money(h.creditCents), buckets: buckets(h) })),
    owing: page.report.owing.map((r) => ({ id: r.residentId, name: r.name, house: r.houseName, href: `${base}/houses/${r.houseId}/fees/${r.residentId}`, owed: money(r.owedCents), plan: planStatusLabel(r.plan), buckets: buckets(r) })),
    credits: page.report.credits.map((r) => ({ id: r.residentId, name: r.name, house: r.houseName, href: `${base}/houses/${r.houseId}/fees/${r.residentId}`, credit: money(r.creditCents) })),
  };
}

const num = "px-2 py-1 text-right tabular-nums";
const head = "px-2 py-1 text-left font-medium";

export default function Arrears() {
  const page = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <PageHeader title="Arrears" description="What residents owe, by how long it has been due. Payments are applied to the oldest charges first." />
      <Form method="get" action={page.action} className="flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor="arrears-house" className="block text-sm font-medium">
            House
          </label>
          <select id="arrears-house" name="house" defaultValue={page.houseId ?? ""} className="mt-1 rounded border border-line px-2 py-2">
            <option value="">Every house you can see</option>
            {page.houseChoices.map((h) => (
              <option key={h.id} value={h.id}>
                {h.name}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" variant="secondary">
          Show
        </Button>
      </Form>

      {page.houses.length === 0 ? (
        <EmptyState title="Nobody owes anything">Everyone here is paid up.</EmptyState>
      ) : (
        <>
          <Card title="Per house">
            <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Owed per house (scrolls sideways)">
              <table className="w-full text-sm">
                <caption className="sr-only">Owed per house by how long it has been due</caption>
                <thead>
                  <tr className="border-b border-line">
                    <th scope="col" className={head}>
                      House
                    </th>
                    <th scope="col" className={num}>
                      Residents owing
                    </th>
                    <th scope="col" className={num}>
                      Owed
                    </th>
                    {AGING_BUCKET_LABELS.map((l) => (
                      <th key={l} scope="col" className={num}>
                        {l}
                      </th>
                    ))}
                    <th scope="col" className={num}>
                      In credit
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {page.houses.map((h) => (
                    <tr key={h.id} className="border-b border-line last:border-0">
                      <th scope="row" className={head}>
                        {h.name}
                      </th>
                      <td className={num}>{h.owing}</td>
                      <td className={num}>{h.owed}</td>
                      {h.buckets.map((b, i) => (
                        <td key={AGING_BUCKET_LABELS[i]} className={num}>
                          {b}
                        </td>
                      ))}
                      <td className={num}>{h.credit}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Card>

          <Card title="Residents who owe">
            {page.owing.length === 0 ? (
              <p className="text-muted">Nobody owes anything.</p>
            ) : (
              <ul className="divide-y divide-line" aria-label="Residents who owe">
                {page.owing.map((r) => (
                  <li key={r.id} className="py-2">
                    <p className="flex flex-wrap justify-between gap-2">
                      <Link to={r.href}>{r.name}</Link>
                      <span className="font-medium tabular-nums">Owes {r.owed}</span>
                    </p>
                    <p className="text-sm text-muted">
                      {r.house} · {r.plan}
                    </p>
                    <dl className="mt-1 grid grid-cols-2 gap-x-3 text-sm sm:grid-cols-4">
                      {AGING_BUCKET_LABELS.map((l, i) => (
                        <div key={l} className="flex justify-between gap-2">
                          <dt className="text-muted">{l}</dt>
                          <dd className="tabular-nums">{r.buckets[i]}</dd>
                        </div>
                      ))}
                    </dl>
                  </li>
                ))}
              </ul>
            )}
            <Pager next={page.owingNext} nextLabel="More residents who owe" nextQuery={{ list: "owing" }}
              firstPage={page.pagedList !== "owing"} startQuery={page.houseId ? { house: page.houseId } : {}} startLabel="Back to the first residents who owe" />
          </Card>

          {page.credits.length > 0 || page.pagedList === "credit" ? (
            <Card title="Residents in credit">
              <ul className="divide-y divide-line" aria-label="Residents in credit">
                {page.credits.map((r) => (
                  <li key={r.id} className="flex flex-wrap justify-between gap-2 py-2">
                    <span>
                      <Link to={r.href}>{r.name}</Link>
                      <span className="block text-sm text-muted">{r.house}</span>
                    </span>
                    <span className="tabular-nums">In credit {r.credit}</span>
                  </li>
                ))}
              </ul>
              <Pager next={page.creditNext} nextLabel="More residents in credit" nextQuery={{ list: "credit" }}
                firstPage={page.pagedList !== "credit"} startQuery={page.houseId ? { house: page.houseId } : {}} startLabel="Back to the first residents in credit" />
            </Card>
          ) : null}

        </>
      )}
    </div>
  );
}
