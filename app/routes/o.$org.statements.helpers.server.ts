import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { feeResident } from "#app/domain/fees/queries.server";
import { monthlyStatement, myStatement } from "#app/domain/fees/statements.server";
import { orErrorPage } from "#app/ui/forms.server";
import { houseIdParam, residentIdParam } from "#app/ui/params.server";
import { statementView } from "#app/ui/statement";

/** Monthly statements (ADR 033), for their pages and their PDFs: one loader each way in. */
const NOT_FOUND_STATEMENT = "We couldn't find that statement.";
type Params = LoaderFunctionArgs["params"];

/** A resident's statement seen by the house's team (fees:read; audited). */
export async function loadStaffStatement(request: Request, params: Params) {
  const ctx = await requireOrg(request, params.org, "fees:read");
  const houseId = houseIdParam(params);
  const residentId = residentIdParam(params);
  const s = await orErrorPage(
    withTenant(ctx.tenant, async (tx) => {
      await feeResident(tx, houseId, residentId);
      return monthlyStatement(tx, residentId, params.month ?? "");
    }),
    NOT_FOUND_STATEMENT,
  );
  const base = `/o/${ctx.org.slug}/houses/${houseId}/fees/${residentId}`;
  return statementView(s, { back: base, pdfHref: `${base}/statements/${s.month}/pdf`, receiptHref: (id) => `/o/${ctx.org.slug}/receipts/${id}` });
}

/** The signed-in resident's own statement (self:read; RLS: only their own). */
export async function loadMyStatement(request: Request, params: Params) {
  const ctx = await requireOrg(request, params.org, "self:read");
  const s = await orErrorPage(withTenant(ctx.tenant, (tx) => myStatement(tx, params.month ?? "")), NOT_FOUND_STATEMENT);
  const base = `/o/${ctx.org.slug}/me/dues`;
  return statementView(s, { back: base, pdfHref: `${base}/statements/${s.month}/pdf`, receiptHref: (id) => `/o/${ctx.org.slug}/receipts/${id}` });
}
