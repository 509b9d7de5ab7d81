import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { getDocumentVersion } from "#app/domain/documents/documents.server";
import { DOCUMENT_KIND_LABELS } from "#app/domain/documents/schemas";
import { renderMarkdown } from "#app/domain/documents/render.server";
import { formatDateTime } from "#app/lib/dates";
import { notFound } from "#app/lib/http.server";
import { DocumentText } from "#app/ui/documents";
import { orErrorPage } from "#app/ui/forms.server";
import { PageHeader } from "#app/ui/page";
import { NOT_FOUND, versionIdParam } from "#app/ui/params.server";

/** One version of an org default document, as published (or the draft), with its date and hash. */
export const meta: MetaFunction = () => [{ title: "House document · Settings · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "org:manage");
  const versionId = versionIdParam(params);
  const v = await orErrorPage(withTenant(ctx.tenant, (tx) => getDocumentVersion(tx, versionId)), NOT_FOUND.document);
  if (v.houseId !== null) notFound(NOT_FOUND.document);
  return {
    back: `/o/${ctx.org.slug}/settings/documents`,
    title: DOCUMENT_KIND_LABELS[v.kind],
    status: v.status,
    version: v.version,
    publishedAt: v.publishedAt ? formatDateTime(v.publishedAt, ctx.org.timeZone) : null,
    hash: v.contentHash,
    html: renderMarkdown(v.body),
  };
}

export default function OrgDocumentVersion() {
  const d = useLoaderData<typeof loader>();
  return (
    <article className="mx-auto max-w-3xl">
      <PageHeader
        title={d.title}
        description={
          <>
            {d.status === "published" ? `Organisation default, version ${d.version}, published ${d.publishedAt}.` : "Unpublished draft."}{" "}
            <Link to={d.back}>All house documents</Link>
          </>
        }
      />
      <div className="rounded-lg border border-line bg-white p-4">
        <DocumentText html={d.html} />
      </div>
      {d.hash ? <p className="mt-3 break-all text-sm text-muted">Content fingerprint (SHA-256): {d.hash}</p> : null}
    </article>
  );
}
