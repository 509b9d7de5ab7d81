import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { getHouseDocumentVersion } from "#app/domain/documents/documents.server";
import { DOCUMENT_KIND_LABELS } from "#app/domain/documents/schemas";
import { renderMarkdown } from "#app/domain/documents/render.server";
import { formatDateTime } from "#app/lib/dates";
import { DocumentText } from "#app/ui/documents";
import { orErrorPage } from "#app/ui/forms.server";
import { HouseNav, houseSections } from "#app/ui/house-nav";
import { PageHeader } from "#app/ui/page";
import { houseIdParam, NOT_FOUND, versionIdParam } from "#app/ui/params.server";

/** One version of a document that applies (or applied) to a house: its own, or an org default. */
export const meta: MetaFunction = () => [{ title: "House document · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "houses:read");
  const houseId = houseIdParam(params);
  const versionId = versionIdParam(params);
  const v = await orErrorPage(withTenant(ctx.tenant, (tx) => getHouseDocumentVersion(tx, houseId, versionId)), NOT_FOUND.document);
  const zone = v.timeZone;
  return {
    sections: houseSections(ctx.role),
    houseBase: `/o/${ctx.org.slug}/houses/${houseId}`,
    back: `/o/${ctx.org.slug}/houses/${houseId}/documents`,
    title: DOCUMENT_KIND_LABELS[v.kind],
    own: v.houseId !== null,
    status: v.status,
    version: v.version,
    publishedAt: v.publishedAt ? formatDateTime(v.publishedAt, zone) : null,
    hash: v.contentHash,
    html: renderMarkdown(v.body),
  };
}

export default function HouseDocumentVersion() {
  const d = useLoaderData<typeof loader>();
  return (
    <article className="mx-auto max-w-3xl">
      <PageHeader
        title={d.title}
        description={
          <>
            {d.status === "published"
              ? `${d.own ? "This house's own" : "Organisation default"}, version ${d.version}, published ${d.publishedAt}.`
              : "Unpublished draft."}{" "}
            <Link to={d.back}>House documents</Link>
          </>
        }
      />
      <HouseNav houseBase={d.houseBase} sections={d.sections} />
      <div className="rounded-lg border border-line bg-white p-4">
        <DocumentText html={d.html} />
      </div>
      {d.hash ? <p className="mt-3 break-all text-sm text-muted">Content fingerprint (SHA-256): {d.hash}</p> : null}
    </article>
  );
}
