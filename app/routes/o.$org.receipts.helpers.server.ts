import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { paymentReceipt } from "#app/domain/fees/queries.server";
import { can } from "#app/domain/permissions";
import { forbidden } from "#app/lib/http.server";
import { orErrorPage, uuidParam } from "#app/ui/forms.server";
import { receiptView } from "#app/ui/receipt";

const NOT_FOUND_RECEIPT = "We couldn't find that receipt.";

/** The receipt the caller may see (audited unless it is their own), for the page and the PDF. */
export async function loadReceipt(request: Request, params: LoaderFunctionArgs["params"]) {
  const ctx = await requireOrg(request, params.org);
  const self = can(ctx.role, "self:read");
  if (!self && !can(ctx.role, "fees:read")) forbidden();
  const entryId = uuidParam(params.entryId, NOT_FOUND_RECEIPT);
  const r = await orErrorPage(withTenant(ctx.tenant, (tx) => paymentReceipt(tx, entryId, { self })), NOT_FOUND_RECEIPT);
  return receiptView(r, {
    back: self ? `/o/${ctx.org.slug}/me/dues` : `/o/${ctx.org.slug}/houses/${r.houseId}/fees/${r.residentId}`,
    pdfHref: `/o/${ctx.org.slug}/receipts/${entryId}/pdf`,
  });
}

