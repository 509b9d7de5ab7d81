import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageHeader } from "#app/ui/page";
import { loadReceipt } from "./o.$org.receipts.helpers.server";

/**
 * A payment's receipt, for the team (fees:read; RLS: their houses) and for the resident it
 * belongs to (self:read; RLS: only their own). Prints cleanly (print CSS: no navigation,
 * black on white) and downloads as a PDF with the same content (`…/pdf`, ADR 033),
 * audited like the page.
 */
export const meta: MetaFunction = () => [{ title: "Receipt · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  return loadReceipt(request, params);
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
