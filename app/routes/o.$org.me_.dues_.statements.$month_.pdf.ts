import type { LoaderFunctionArgs } from "@remix-run/node";
import { pdfResponse, renderPdf } from "#app/ui/money-pdf.server";
import { statementPdfContent } from "#app/ui/statement";
import { loadMyStatement } from "./o.$org.statements.helpers.server";

/** The signed-in resident's own monthly statement as a PDF (ADR 033). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const v = await loadMyStatement(request, params);
  return pdfResponse(await renderPdf(statementPdfContent(v)), `statement-${params.month}.pdf`);
}
