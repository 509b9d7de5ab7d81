import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { openFile, readFileBytes } from "#app/domain/files/files.server";
import { fileHeaders } from "#app/ui/file-headers.server";
import { orErrorPage, uuidParam } from "#app/ui/forms.server";

/**
 * An uploaded file (ADR 044), only through this authorised route: the caller must be a
 * member who reads houses, row-level security decides whether they see this file (404
 * otherwise, the same as a file that does not exist), and the read is audited. Always a
 * download — `Content-Disposition: attachment`, the type detected from the bytes at upload
 * (never text/html), `nosniff` (set on every response by the server), a sandboxing CSP and no caching — so nothing uploaded ever
 * renders as a page on the app's origin.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "houses:read");
  const fileId = uuidParam(params.fileId, "We couldn't find that file.");
  const file = await orErrorPage(withTenant(ctx.tenant, (tx) => openFile(tx, fileId)), "We couldn't find that file.");
  const body = await orErrorPage(readFileBytes(file), "We couldn't find that file.");
  return new Response(body, { headers: fileHeaders(file) });
}
