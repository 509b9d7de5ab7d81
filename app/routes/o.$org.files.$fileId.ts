import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { openFile, readFileBytes } from "#app/domain/files/files.server";
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

function fileHeaders(file: { contentType: string; originalName: string; extension: string; size: number }): Headers {
  const ascii = file.originalName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return new Headers({
    "Content-Type": file.contentType,
    "Content-Length": String(file.size),
    "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.originalName)}`,
    "Content-Security-Policy": "default-src 'none'; sandbox; frame-ancestors 'none'",
    "Cache-Control": "private, no-store",
    "Cross-Origin-Resource-Policy": "same-origin",
  });
}
