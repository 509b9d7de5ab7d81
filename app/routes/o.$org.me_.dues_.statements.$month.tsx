import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { myStatement } from "#app/domain/fees/statements.server";
import { orErrorPage } from "#app/ui/forms.server";
import { pdfResponse, renderPdf } from "#app/ui/money-pdf.server";
import { StatementPage, statementPdfContent, statementView } from "#app/ui/statement";

/** The signed-in resident's own monthly statement (self:read; RLS: only their own): page, print and `?format=pdf`. */
export const meta: MetaFunction = () => [{ title: "My statement · Hearth" }];

const NOT_FOUND_STATEMENT = "We couldn't find that statement.";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "self:read");
  const format = new URL(request.url).searchParams.get("format");
  if (format !== null && format !== "pdf") throw new Response("Unknown format", { status: 404 });
  const s = await orErrorPage(
    withTenant(ctx.tenant, (tx) => myStatement(tx, params.month ?? "")),
    NOT_FOUND_STATEMENT,
  );
  const base = `/o/${ctx.org.slug}/me/dues`;
  const v = statementView(s, { back: base, pdfHref: `${base}/statements/${s.month}?format=pdf`, receiptHref: (id) => `/o/${ctx.org.slug}/receipts/${id}` });
  if (format === "pdf") return pdfResponse(await renderPdf(statementPdfContent(v)), `statement-${s.month}.pdf`);
  return v;
}

export default function MyStatement() {
  return <StatementPage v={useLoaderData<typeof loader>()} />;
}
