import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { can } from "#app/domain/permissions";
import { DataTable } from "#app/ui/data-table";
import { orErrorPage } from "#app/ui/forms.server";
import { HouseNav, houseSections } from "#app/ui/house-nav";
import { EmptyState, PageHeader } from "#app/ui/page";
import { houseIdParam, NOT_FOUND } from "#app/ui/params.server";
import { houseDocumentsView } from "./view.server";

/**
 * A house's documents and who has signed them (owners/admins; house managers and staff
 * of the house — RLS answers 404 for any other house). Current residents × the kinds in
 * force, each with the version signed and when, and a printable signed copy.
 */
export const meta: MetaFunction = () => [{ title: "House documents · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "houses:read");
  const houseId = houseIdParam(params);
  const view = await orErrorPage(withTenant(ctx.tenant, (tx) => houseDocumentsView(tx, houseId)), NOT_FOUND.house);
  return { ...view, sections: houseSections(ctx.role), houseBase: `/o/${ctx.org.slug}/houses/${houseId}`, canWrite: can(ctx.role, "documents:write") };
}

type Row = { residentId: string; name: string; signatureId: string | null; status: string };

export default function HouseDocuments() {
  const { houseName, kinds, houseBase, canWrite, sections } = useLoaderData<typeof loader>();
  const inForce = kinds.filter((k) => k.versionId);
  return (
    <>
      <PageHeader
        title="House documents"
        description={
          <>
            {`${houseName}: who has signed the current version of each document.`} <Link to={houseBase}>Back to the board</Link>
          </>
        }
        actions={
          canWrite ? (
            <Link
              to={`${houseBase}/documents/edit`}
              className="inline-flex min-h-11 items-center rounded-md border border-line bg-white px-3 text-ink no-underline hover:bg-stone-100"
            >
              Write or publish
            </Link>
          ) : null
        }
      />
      <HouseNav houseBase={houseBase} sections={sections} />
      {inForce.length === 0 ? (
        <EmptyState title="No documents published yet">
          Once the organisation or this house publishes house rules or another house document, residents are asked to sign it and their
          signatures show here.
        </EmptyState>
      ) : null}
      <div className="space-y-6">
        {inForce.map((k) => (
          <section key={k.kind} aria-labelledby={`kind-${k.kind}`} className="space-y-2">
            <h2 id={`kind-${k.kind}`} className="text-lg font-semibold">
              {k.label}
            </h2>
            <p className="text-sm text-muted">
              {`Version ${k.version} (${k.own ? "this house's own" : "organisation default"}), published ${k.publishedAt}`} ·{" "}
              <Link to={`${houseBase}/documents/versions/${k.versionId}`}>
                Read it<span className="sr-only"> ({k.label.toLowerCase()})</span>
              </Link>
              {" · "}
              {`${k.signed} of ${k.residents.length} current residents signed`}
            </p>
            {k.residents.length ? (
              <DataTable<Row>
                caption={`${k.label}: signatures`}
                rows={k.residents}
                rowKey={(r) => r.residentId}
                columns={[
                  { header: "Resident", rowHeader: true, cell: (r) => r.name },
                  { header: "Signature", cell: (r) => r.status },
                  {
                    header: "Signed copy",
                    headerHidden: true,
                    cell: (r) =>
                      r.signatureId ? (
                        <Link to={`${houseBase}/documents/signed/${r.signatureId}`}>
                          Signed copy<span className="sr-only"> of {r.name}</span>
                        </Link>
                      ) : null,
                  },
                ]}
              />
            ) : (
              <p className="text-muted">No residents live in the house today.</p>
            )}
          </section>
        ))}
      </div>
    </>
  );
}
