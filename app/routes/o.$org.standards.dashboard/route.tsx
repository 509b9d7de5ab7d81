import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { operatorDashboard } from "#app/domain/dashboards/operator.server";
import { READINESS_RULE } from "#app/domain/dashboards/readiness";
import { EmptyState, PageHeader } from "#app/ui/page";
import { Certifications, Documents, HouseTable, Readiness, Summary } from "./parts";
import { dashboardView } from "./view.server";

/**
 * The operator's standards dashboard (issue 13, capability 9; ADR 058): how ready each house
 * is against the standard, and what needs doing before a certifying body looks — findings
 * open and past due, safety checks due, compliance documents and certifications about to
 * expire. Owners and admins see every house, house managers theirs (row-level security).
 * Statements: signing in (3), the dashboard (1).
 */
export const meta: MetaFunction = () => [{ title: "Standards dashboard · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "standards:assess");
  const dashboard = await withTenant(ctx.tenant, (tx) => operatorDashboard(tx));
  return { ...dashboardView(ctx.org.slug, dashboard), standardsHref: `/o/${ctx.org.slug}/standards`, rule: READINESS_RULE };
}

export default function StandardsDashboard() {
  const d = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <PageHeader
        title="Standards dashboard"
        description={<>Readiness and what needs attention, house by house. <Link to={d.standardsHref}>Self-assessments</Link></>}
      />
      {d.houses.length === 0 ? (
        <EmptyState title="No houses to show">Houses you run appear here with their readiness once they are set up.</EmptyState>
      ) : (
        <>
          <Summary totals={d.totals} />
          <HouseTable base={d.base} houses={d.houses} />
        </>
      )}
      <section aria-labelledby="documents-title" className="space-y-3">
        <h2 id="documents-title" className="text-lg font-semibold">Compliance documents</h2>
        <Documents data={d.documents} />
      </section>
      <section aria-labelledby="certifications-title" className="space-y-3">
        <h2 id="certifications-title" className="text-lg font-semibold">Certifications</h2>
        <Certifications data={d.certifications} />
      </section>
      {d.houses.length ? <Readiness base={d.base} houses={d.houses} domains={d.domains} rule={d.rule} /> : null}
    </div>
  );
}
