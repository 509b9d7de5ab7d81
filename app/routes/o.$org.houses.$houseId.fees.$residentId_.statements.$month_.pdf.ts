import type { LoaderFunctionArgs } from "@remix-run/node";
import { pdfResponse, renderPdf } from "#app/ui/money-pdf.server";
import { statementPdfContent } from "#app/ui/statement";
import { loadStaffStatement } from "./o.$org.statements.helpers.server";

/** A resident's monthly statement as a PDF, for the house's team (ADR 033); audited like the page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const v = await loadStaffStatement(request, params);
  return pdfResponse(await renderPdf(statementPdfContent(v)), `statement-${params.month}.pdf`);
}
