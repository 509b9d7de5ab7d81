import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { DOCUMENT_KIND_LABELS } from "#app/domain/documents/schemas";
import { renderMarkdown } from "#app/domain/documents/render.server";
import { getSignedCopy } from "#app/domain/documents/signatures.server";
import { formatDateTime } from "#app/lib/dates";
import { DocumentText } from "#app/ui/documents";
import { orErrorPage } from "#app/ui/forms.server";
import { HouseNav, houseSections } from "#app/ui/house-nav";
import { houseIdParam, NOT_FOUND, signatureIdParam } from "#app/ui/params.server";

/**
 * A signed copy to print or keep: the document's text as signed, its version and
 * content hash, the typed name, the time (in the house's zone) and the IP. Opening it is
 * audited. Print CSS hides the app's frame; the page title names no one.
 */
export const meta: MetaFunction = () => [{ title: "Signed house document · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "houses:read");
  const houseId = houseIdParam(params);
  const signatureId = signatureIdParam(params);
  const copy = await orErrorPage(withTenant(ctx.tenant, (tx) => getSignedCopy(tx, houseId, signatureId)), NOT_FOUND.signature);
  return {
    sections: houseSections(ctx.role),
    houseBase: `/o/${ctx.org.slug}/houses/${houseId}`,
    back: `/o/${ctx.org.slug}/houses/${houseId}/documents`,
    title: DOCUMENT_KIND_LABELS[copy.kind],
    houseName: copy.houseName,
    residentName: copy.residentName,
    version: copy.version,
    publishedAt: formatDateTime(copy.publishedAt, copy.timeZone),
    hash: copy.signedHash,
    hashMatches: copy.signedHash === copy.versionHash,
    typedName: copy.typedName,
    signedAt: formatDateTime(copy.signedAt, copy.timeZone),
    timeZone: copy.timeZone,
    ip: copy.ip,
    html: renderMarkdown(copy.body),
  };
}

export default function SignedCopy() {
  const d = useLoaderData<typeof loader>();
  return (
    <article className="mx-auto max-w-3xl space-y-4">
      <p className="print:hidden">
        <Link to={d.back}>House documents</Link> · Use your browser&apos;s Print command to print or save this copy.
      </p>
      <div className="print:hidden">
        <HouseNav houseBase={d.houseBase} sections={d.sections} />
      </div>
      <div>
        <h1 className="text-2xl font-semibold">{d.title}</h1>
        <p className="text-muted">
          {`${d.houseName} · version ${d.version}, published ${d.publishedAt}`}
        </p>
      </div>
      <div className="rounded-lg border border-line bg-white p-4">
        <DocumentText html={d.html} />
      </div>
      <section aria-labelledby="signature" className="rounded-lg border border-line bg-white p-4">
        <h2 id="signature" className="mb-2 font-semibold">
          Signature
        </h2>
        <dl className="grid gap-x-4 gap-y-1 sm:grid-cols-[max-content_1fr]">
          <dt className="text-muted">Resident</dt>
          <dd>{d.residentName}</dd>
          <dt className="text-muted">Typed name</dt>
          <dd className="font-medium">{d.typedName}</dd>
          <dt className="text-muted">Signed</dt>
          <dd>
            {d.signedAt} ({d.timeZone})
          </dd>
          <dt className="text-muted">From IP address</dt>
          <dd>{d.ip ?? "Not recorded"}</dd>
          <dt className="text-muted">Version</dt>
          <dd>{d.version}</dd>
          <dt className="text-muted">Content fingerprint (SHA-256)</dt>
          <dd className="break-all font-mono text-sm">{d.hash}</dd>
        </dl>
        {!d.hashMatches ? <p className="mt-2 text-danger">The fingerprint signed does not match this version&apos;s text.</p> : null}
      </section>
    </article>
  );
}
