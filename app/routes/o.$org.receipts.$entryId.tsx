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
import { pdfResponse, renderPdf } from "#app/ui/money-pdf.server";
import { PageHeader } from "#app/ui/page";

/**
 * A payment's receipt, for the team (fees:read; RLS: their houses) and for the resident it
 * belongs to (self:read; RLS: only their own). Prints cleanly (print CSS: no navigation,
 * black on white) and downloads as a PDF with the same content (`?format=pdf`, ADR 033),
 * audited like the page.
 */
export const meta: MetaFunction = () => [{ title: "Receipt · Hearth" }];

const NOT_FOUND_RECEIPT = "We couldn't find that receipt.";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org);
  const self = can(ctx.role, "self:read");
  if (!self && !can(ctx.role, "fees:read")) forbidden();
  const entryId = uuidParam(params.entryId, NOT_FOUND_RECEIPT);
  const format = new URL(request.url).searchParams.get("format");
  const r = await orErrorPage(withTenant(ctx.tenant, (tx) => paymentReceipt(tx, entryId, { self })), NOT_FOUND_RECEIPT);
  const balanceAfter = r.balanceAfterCents > 0 ? `${formatCents(r.balanceAfterCents, r.currency)} owed` : r.balanceAfterCents < 0 ? `${formatCents(-r.balanceAfterCents, r.currency)} in credit` : "All paid up";
  const receipt = {
    back: self ? `/o/${ctx.org.slug}/me/dues` : `/o/${ctx.org.slug}/houses/${r.houseId}/fees/${r.residentId}`,
    pdfHref: `/o/${ctx.org.slug}/receipts/${entryId}?format=pdf`,
    number: r.receiptNumber,
    orgName: r.orgName,
    houseName: r.houseName,
    houseAddress: r.houseAddress,
    residentName: r.residentName,
    amount: formatCents(-r.amountCents, r.currency),
    receivedOn: formatDay(r.receivedOn),
    method: r.method ? PAYMENT_METHOD_LABELS[r.method] : "",
    payer: r.payer ? PAYMENT_PAYER_LABELS[r.payer] : "",
    reference: r.reference,
    forWhat: `Fees and rent for ${r.residentName} at ${r.houseName}`,
    balanceAfter,
    recordedAt: formatInZone(r.recordedAt, r.timeZone),
    refunded: r.refundedCents ? formatCents(r.refundedCents, r.currency) : null,
    reversed: r.reversed,
  };
  if (format === "pdf") {
    const pdf = await renderPdf({
      title: `Receipt ${receipt.number}`,
      heading: `${receipt.orgName} - Receipt ${receipt.number}`,
      subheading: `${receipt.houseName}, ${receipt.houseAddress}`,
      fields: [
        ["Receipt number", String(receipt.number)],
        ["Received from", `${receipt.payer} for ${receipt.residentName}`],
        ["Amount", receipt.amount],
        ["Received on", receipt.receivedOn],
        ["Paid by", `${receipt.method}${receipt.reference ? ` (${receipt.reference})` : ""}`],
        ["For", receipt.forWhat],
        ["Balance after this payment", receipt.balanceAfter],
        ["Recorded", receipt.recordedAt],
      ],
      notes: [receipt.refunded ? `Refunded since: ${receipt.refunded}.` : "", receipt.reversed ? "This payment was later corrected (entered by mistake)." : ""].filter(Boolean),
    });
    return pdfResponse(pdf, `receipt-${receipt.number}.pdf`);
  }
  if (format !== null) throw new Response("Unknown format", { status: 404 });
  return receipt;
}

export default function ReceiptPage() {
  const r = useLoaderData<typeof loader>();
  return (
    <div className="printable mx-auto max-w-xl space-y-4">
      <PageHeader
        title={`Receipt ${r.number}`}
        description={
          <span className="print:hidden flex flex-wrap gap-4">
            <Link to={r.back}>Back</Link>
            <a href={r.pdfHref} download>
              Download PDF
            </a>
            <span>To print, use your browser's Print.</span>
          </span>
        }
      />
      <section aria-labelledby="receipt-heading" className="rounded-lg border border-line bg-white p-4 print:border-0 print:p-0">
        <h2 id="receipt-heading" className="font-semibold">
          {r.orgName}
        </h2>
        <p className="text-sm text-muted">
          {r.houseName}, {r.houseAddress}
        </p>
        <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
          <dt className="text-muted">Receipt number</dt>
          <dd data-testid="receipt-number">{r.number}</dd>
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
          <dt className="text-muted">For</dt>
          <dd>{r.forWhat}</dd>
          <dt className="text-muted">Balance after</dt>
          <dd className="tabular-nums">{r.balanceAfter}</dd>
          <dt className="text-muted">Recorded</dt>
          <dd>{r.recordedAt}</dd>
        </dl>
        {r.refunded ? <p className="mt-3">Refunded since: {r.refunded}.</p> : null}
        {r.reversed ? <p className="mt-3">This payment was later corrected (entered by mistake).</p> : null}
      </section>
    </div>
  );
}
