import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { feeResident } from "#app/domain/fees/queries.server";
import { ledgerExport } from "#app/domain/fees/statements.server";
import { orErrorPage } from "#app/ui/forms.server";
import { ledgerCsv } from "#app/ui/ledger-csv.server";
import { houseIdParam, NOT_FOUND, residentIdParam } from "#app/ui/params.server";

/** One resident's ledger as CSV, from a house's fees pages (fees:read), audited as an export. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "fees:read");
  const houseId = houseIdParam(params);
  const residentId = residentIdParam(params);
  const { items, more } = await orErrorPage(
    withTenant(ctx.tenant, async (tx) => {
      await feeResident(tx, houseId, residentId);
      return ledgerExport(tx, { residentId });
    }),
    NOT_FOUND.resident,
  );
  return ledgerCsv(items, more, `resident-ledger-${new Date().toISOString().slice(0, 10)}.csv`);
}
