import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { houseAgreementStatus } from "#app/domain/fees/agreement.server";
import { waitingCharges } from "#app/domain/fees/charges.server";
import { formatCents } from "#app/domain/fees/money";
import { feeHouse } from "#app/domain/fees/queries.server";
import { formatInZone } from "#app/lib/dates";
import { orErrorPage } from "#app/ui/forms.server";
import { HouseNav, houseSections } from "#app/ui/house-nav";
import { Card, EmptyState, PageHeader } from "#app/ui/page";
import { houseIdParam, NOT_FOUND } from "#app/ui/params.server";

/**
 * Who living in a house has acknowledged their fee agreement (ADR 031; fees:read, RLS: the
 * house's team). Only the resident can acknowledge, in their own account; their charges
 * wait until they do. Each signed copy opens as it was signed.
 */
export const meta: MetaFunction = () => [{ title: "Fee agreements · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "fees:read");
  const houseId = houseIdParam(params);
  const { rows, waiting } = await orErrorPage(
    withTenant(ctx.tenant, async (tx) => {
      await feeHouse(tx, houseId);
      const rows = await houseAgreementStatus(tx, houseId);
      return { rows, waiting: await waitingCharges(tx, houseId) };
    }),
    NOT_FOUND.house,
  );
  const houseBase = `/o/${ctx.org.slug}/houses/${houseId}`;
  return {
    houseBase,
    sections: houseSections(ctx.role),
    canRecord: ctx.role === "owner" || ctx.role === "admin" || ctx.role === "house_manager",
    waiting: waiting.map((w) => ({ id: w.residentId, name: w.name, amount: formatCents(w.amountCents, ctx.org.currency), periods: w.periods, href: `${houseBase}/fees/agreements/paper/${w.residentId}` })),
    rows: rows.map((r) => ({
      id: r.residentId,
      name: r.name,
      acknowledged: r.acknowledged,
      last: r.lastSignedAt ? formatInZone(r.lastSignedAt, ctx.org.timeZone, "MMM d, yyyy") : null,
      copyHref: r.lastAckId ? `${houseBase}/fees/agreements/${r.lastAckId}` : null,
    })),
  };
}

export default function HouseFeeAgreements() {
  const d = useLoaderData<typeof loader>();
  const waiting = d.rows.filter((r) => !r.acknowledged).length;
  return (
    <div className="space-y-6">
      <PageHeader title="Fee agreements" description={<Link to={`${d.houseBase}/fees`}>Back to fees</Link>} />
      <HouseNav houseBase={d.houseBase} sections={d.sections} />
      <Card title={waiting === 0 ? "Everyone has acknowledged their fees" : `${waiting} waiting to acknowledge`}>
        {d.rows.length === 0 ? (
          <EmptyState title="Nobody lives here today">Residents' fee agreements appear here.</EmptyState>
        ) : (
          <ul className="divide-y divide-line" aria-label="Fee agreements">
            {d.rows.map((r) => (
              <li key={r.id} className="flex flex-wrap items-baseline justify-between gap-2 py-2">
                <span className="font-medium">{r.name}</span>
                <span className="text-sm">
                  {r.acknowledged ? "Acknowledged" : r.last ? "Fees changed: waiting for them to acknowledge" : "Waiting for them to acknowledge"}
                  {r.last && r.copyHref ? (
                    <>
                      {" · "}
                      <Link to={r.copyHref}>{`Signed copy of ${r.last}`}</Link>
                    </>
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
        )}
        <p className="mt-2 text-sm text-muted">The resident acknowledges from their own account (My dues → My fee agreement). If they signed on paper, a house manager records it. Their charges wait until then, then post from when the terms applied.</p>
      </Card>
      <Card title={d.waiting.length === 0 ? "No charges are waiting" : "Charges waiting for an acknowledgement"}>
        {d.waiting.length === 0 ? (
          <p className="text-muted">Every charge so far is covered by an acknowledgement.</p>
        ) : (
          <ul className="divide-y divide-line" aria-label="Charges waiting">
            {d.waiting.map((w) => (
              <li key={w.id} className="flex flex-wrap items-baseline justify-between gap-2 py-2">
                <span className="font-medium">{w.name}</span>
                <span className="text-sm">
                  {`${w.amount} waiting (${w.periods} ${w.periods === 1 ? "charge" : "charges"})`}
                  {d.canRecord ? (
                    <>
                      {" · "}
                      <Link to={w.href}>{`Record a paper acknowledgement for ${w.name}`}</Link>
                    </>
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
