import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { listServiceEntries } from "#app/domain/services/directory.server";
import { CSV_FILES, toHsdsCsv, toHsdsJson, type CsvTable } from "#app/domain/services/hsds.server";
import { notFound } from "#app/lib/http.server";

/** One export file: services.json (HSDS JSON) or one of the HSDS CSV tables. Audited. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "services:write");
  const file = params.file ?? "";
  const json = file === "services.json";
  if (!json && !(CSV_FILES as string[]).includes(file)) notFound("No such export file.");
  const body = await withTenant(ctx.tenant, async (tx) => {
    const entries = await listServiceEntries(tx);
    await audit(tx, "service.exported", null, { format: json ? "json" : "csv", file, count: entries.length });
    return json ? toHsdsJson(entries) : toHsdsCsv(entries)[file as CsvTable];
  });
  return new Response(body, {
    headers: {
      "content-type": json ? "application/json; charset=utf-8" : "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${file}"`,
      "cache-control": "no-store",
    },
  });
}
