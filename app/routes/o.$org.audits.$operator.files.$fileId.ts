import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { readFileBytes } from "#app/domain/files/files.server";
import { certifierEvidenceFile } from "#app/domain/grants/certifier.server";
import { NO_ACCESS, operatorParam } from "#app/ui/audits.server";
import { orErrorPage, uuidParam } from "#app/ui/forms.server";
import { fileHeaders } from "#app/ui/file-headers.server";

/**
 * An evidence file of a submitted self-assessment, for the certifier (ADR 049): only when an
 * active grant covers it (row-level security), audited in both orgs' logs, always a download
 * with the same headers as the operator's own file route (ADR 044). 404 otherwise.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "audits:read");
  const slug = operatorParam(params);
  const fileId = uuidParam(params.fileId, NO_ACCESS);
  const file = await orErrorPage(withTenant(ctx.tenant, (tx) => certifierEvidenceFile(tx, slug, fileId)), NO_ACCESS);
  const body = await orErrorPage(readFileBytes(file), NO_ACCESS);
  return new Response(body, { headers: fileHeaders(file) });
}
