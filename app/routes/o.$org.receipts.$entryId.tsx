import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { formatCents } from "#app/domain/fees/money";
import { paymentReceipt } from "#app/domain/fees/queries.server";
import { PAYMENT_METHOD_LABELS, PAYMENT_PAYER_LABELS } from "#app/domain/fees/schemas";
import { can } from "#app/domain/permissions";
import { formatDay, formatInZone } from "#app/lib/dates";
import { forbidden } from "#app/lib/http.server";
import { orErrorPage, uuidParam } from "#app/ui/forms.server";
import { PageHeader } from "#app/ui/page";

/**
 * A payment's receipt, for the team (fees:read; RLS: their houses) and for the resident it
 * belongs to (self:read; RLS: only their own). Prints cleanly (the page is the receipt).
 */
export const meta: MetaFunction = () => [{ title: "Receipt · Hearth" }];

const NOT_FOUND_RECEIPT = "We couldn't find that receipt.";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org);
  const self = can(ctx.role, "self:read");
  if (!self && !can(ctx.role, "fees:read")) forbidden();
  const entryId = uuidParam(params.entryId, NOT_FOUND_RECEIPT);
  const r = await orErrorPage(withTenant(ctx.tenant, (tx) => paymentReceipt(tx, entryId, { self })), NOT_FOUND_RECEIPT);
  return {
    back: self ? `/o/${ctx.org.slug}/me/dues` : `/o/${ctx.org.slug}/houses/${r.houseId}/fees/${r.residentId}`,
    number: r.receiptNumber,
    orgName: r.orgName,
    houseName: r.houseName,
    residentName: r.residentName,
    amount: formatCents(-r.amountCents, r.currency),
    receivedOn: formatDay(r.receivedOn),
    method: r.method ? PAYMENT_METHOD_LABELS[r.method] : "",
    payer: r.payer ? PAYMENT_PAYER_LABELS[r.payer] : "",
    reference: r.reference,
    recordedAt: formatInZone(r.recordedAt, r.timeZone),
    refunded: r.refundedCents ? formatCents(r.refundedCents, r.currency) : null,
    reversed: r.reversed,
  };
}

export default function ReceiptPage() {
  const r = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <PageHeader title={`Receipt ${r.number}`} description={<Link to={r.back} className="print:hidden">Back</Link>} />
      <section aria-labelledby="receipt-heading" className="rounded-lg border border-line bg-white p-4 print:border-0 print:p-0">
        <h2 id="receipt-heading" className="font-semibold">
          {r.orgName}
        </h2>
        <p className="text-sm text-muted">{r.houseName}</p>
        <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
          <dt className="text-muted">Receipt number</dt>
          <dd>{r.number}</dd>
          <dt className="text-muted">Received from</dt>
          <dd>
            {r.payer} for {r.residentName}
          </dd>
          <dt className="text-muted">Amount</dt>
          <dd className="font-semibold tabular-nums">{r.amount}</dd>
          <dt className="text-muted">Received on</dt>
          <dd>{r.receivedOn}</dd>
          <dt className="text-muted">Paid by</dt>
          <dd>
            {r.method}
            {r.reference ? ` (${r.reference})` : ""}
          </dd>
          <dt className="text-muted">Recorded</dt>
          <dd>{r.recordedAt}</dd>
        </dl>
        {r.refunded ? <p className="mt-3">Refunded since: {r.refunded}.</p> : null}
        {r.reversed ? <p className="mt-3">This payment was later corrected (entered by mistake).</p> : null}
      </section>
    </div>
  );
}
