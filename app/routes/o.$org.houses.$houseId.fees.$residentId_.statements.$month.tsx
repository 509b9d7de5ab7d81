import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { feeResident } from "#app/domain/fees/queries.server";
import { monthlyStatement } from "#app/domain/fees/statements.server";
import { orErrorPage } from "#app/ui/forms.server";
import { pdfResponse, renderPdf } from "#app/ui/money-pdf.server";
import { houseIdParam, residentIdParam } from "#app/ui/params.server";
import { StatementPage, statementPdfContent, statementView } from "#app/ui/statement";

/** A resident's monthly statement seen by the house's team (fees:read): page, print and `?format=pdf` (ADR 033). */
export const meta: MetaFunction = () => [{ title: "Statement · Hearth" }];

const NOT_FOUND_STATEMENT = "We couldn't find that statement.";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "fees:read");
  const houseId = houseIdParam(params);
  const residentId = residentIdParam(params);
  const format = new URL(request.url).searchParams.get("format");
  if (format !== null && format !== "pdf") throw new Response("Unknown format", { status: 404 });
  const s = await orErrorPage(
    withTenant(ctx.tenant, async (tx) => {
      await feeResident(tx, houseId, residentId);
      return monthlyStatement(tx, residentId, params.month ?? "");
    }),
    NOT_FOUND_STATEMENT,
  );
  const base = `/o/${ctx.org.slug}/houses/${houseId}/fees/${residentId}`;
  const v = statementView(s, { back: base, pdfHref: `${base}/statements/${s.month}?format=pdf`, receiptHref: (id) => `/o/${ctx.org.slug}/receipts/${id}` });
  if (format === "pdf") return pdfResponse(await renderPdf(statementPdfContent(v)), `statement-${s.month}.pdf`);
  return v;
}

export default function StaffStatement() {
  return <StatementPage v={useLoaderData<typeof loader>()} />;
}
