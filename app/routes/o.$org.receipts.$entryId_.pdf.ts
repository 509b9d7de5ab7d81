import type { LoaderFunctionArgs } from "@remix-run/node";
import { pdfResponse, renderPdf } from "#app/ui/money-pdf.server";
import { receiptPdfContent } from "#app/ui/receipt";
import { loadReceipt } from "./o.$org.receipts.helpers.server";

/** A receipt as a PDF (ADR 033): the page's content, drawn server-side; audited like the page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const v = await loadReceipt(request, params);
  return pdfResponse(await renderPdf(receiptPdfContent(v)), `receipt-${v.number}.pdf`);
}
