import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { formatCents } from "#app/domain/fees/money";
import { myDues } from "#app/domain/fees/queries.server";
import { ENTRY_KIND_LABELS } from "#app/domain/fees/schemas";
import { cursorParam } from "#app/lib/cursor.server";
import { formatDay } from "#app/lib/dates";
import { badRequest } from "#app/lib/http.server";
import { Card, PageHeader } from "#app/ui/page";
import { Pager } from "#app/ui/pager";

/**
 * The resident's dues: what they owe (or are in credit), the next charge, their history
 * with receipts. Only their own (RLS). Online payment comes in a later slice; until then
 * the house records payments by hand.
 */
export const meta: MetaFunction = () => [{ title: "My dues · Hearth" }];

const filterSchema = z.strictObject({ cursor: cursorParam.optional() });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "self:read");
  const parsed = filterSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) badRequest("That page of your history isn't valid. Go back to the start of the list.");
  const dues = await withTenant(ctx.tenant, (tx) => myDues(tx, { cursor: parsed.data.cursor ?? null }));
  const home = `/o/${ctx.org.slug}/me`;
  if (!dues) return { home, linked: false as const };
  const c = ctx.org.currency;
  return {
    home,
    linked: true as const,
    owes: dues.balanceCents > 0,
    balance: formatCents(Math.abs(dues.balanceCents), c),
    settled: dues.balanceCents === 0,
    next: dues.next ? { on: formatDay(dues.next.on, "EEEE, MMM d"), amount: formatCents(dues.next.amountCents, c), name: dues.next.name } : null,
    nextPage: dues.nextPage,
    entries: dues.entries.map((e) => ({
      id: e.id,
      day: formatDay(e.effectiveOn),
      what: e.kind === "payment" && e.receiptNumber ? `Payment, receipt ${e.receiptNumber}` : ENTRY_KIND_LABELS[e.kind],
      detail: e.memo ?? (e.periodStart && e.periodEnd ? `${formatDay(e.periodStart, "MMM d")} – ${formatDay(e.periodEnd, "MMM d, yyyy")}` : null),
      amount: formatCents(e.amountCents, c),
      receiptHref: e.kind === "payment" ? `/o/${ctx.org.slug}/receipts/${e.id}` : null,
    })),
  };
}

export default function MyDues() {
  const data = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <PageHeader title="My dues" description={<Link to={data.home}>Back to my home</Link>} />
      {!data.linked ? (
        <p className="rounded-lg border border-line bg-white p-4">Once your house links your account to your resident record, your dues appear here.</p>
      ) : (
        <>
          <Card title="Balance">
            <p className="text-2xl font-semibold tabular-nums" data-testid="balance">
              {data.settled ? "You're all paid up." : data.owes ? `You owe ${data.balance}` : `You're ${data.balance} in credit`}
            </p>
            {data.next ? (
              <p className="mt-1">{`Next charge: ${data.next.amount} on ${data.next.on} (${data.next.name}).`}</p>
            ) : null}
            <p className="mt-1 text-sm text-muted">To pay, talk to your house manager: they record cash, money orders and checks and give you a receipt.</p>
            <p className="mt-1">
              <Link to={`${data.home}/dues/agreement`}>My fee agreement</Link>: what you are charged, and your acknowledgement. When your fees change, you acknowledge them there.
            </p>
          </Card>
          <Card title="History">
            {data.entries.length === 0 ? (
              <p className="text-muted">Nothing yet.</p>
            ) : (
              <ul className="divide-y divide-line" aria-label="History">
                {data.entries.map((e) => (
                  <li key={e.id} className="py-2">
                    <div className="flex flex-wrap items-baseline justify-between gap-2">
                      <span>
                        <span className="font-medium">{e.what}</span> <span className="text-sm text-muted">{e.day}</span>
                      </span>
                      <span className="tabular-nums">{e.amount}</span>
                    </div>
                    {e.detail ? <p className="text-sm">{e.detail}</p> : null}
                    {e.receiptHref ? (
                      <p className="text-sm">
                        <Link to={e.receiptHref}>Receipt</Link>
                      </p>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
            <Pager next={data.nextPage} nextLabel="Older entries" />
          </Card>
        </>
      )}
    </div>
  );
}
