import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { feeHouse } from "#app/domain/fees/queries.server";
import { ledgerExport } from "#app/domain/fees/statements.server";
import { orErrorPage } from "#app/ui/forms.server";
import { ledgerCsv } from "#app/ui/ledger-csv.server";
import { houseIdParam, NOT_FOUND } from "#app/ui/params.server";

/** A house's ledger as CSV (fees:read; RLS: house managers and staff their houses), audited as an export. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "fees:read");
  const houseId = houseIdParam(params);
  const { items, more } = await orErrorPage(
    withTenant(ctx.tenant, async (tx) => {
      await feeHouse(tx, houseId);
      return ledgerExport(tx, { houseId });
    }),
    NOT_FOUND.house,
  );
  return ledgerCsv(items, more, `house-ledger-${new Date().toISOString().slice(0, 10)}.csv`);
}
