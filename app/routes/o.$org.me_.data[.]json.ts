import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { exportMyData } from "#app/domain/mydata/mydata.server";

/** My data as JSON, a download (audited: mydata.exported). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "self:read");
  const mine = await withTenant(ctx.tenant, (tx) => exportMyData(tx, "json"));
  return new Response(JSON.stringify(mine, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": 'attachment; filename="my-hearth-data.json"',
      "Cache-Control": "no-store",
    },
  });
}
