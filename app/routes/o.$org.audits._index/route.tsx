import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { certifierDashboard } from "#app/domain/dashboards/certifier.server";
import { certifierPipeline } from "#app/domain/grants/certifier.server";
import { PageHeader } from "#app/ui/page";
import { statusFilterParam } from "./filter.server";
import { Dashboard, Pipeline } from "./parts";
import { dashboardView, pipelineView } from "./view.server";

/**
 * The certifier's home (issue 13, capabilities 5 and 9; ADR 049, ADR 058; a benchmark page):
 * the dashboard — covered houses by certification status (each count opens this list filtered
 * by `?status=`), inspections scheduled this month, corrective actions past due by operator,
 * certifications expiring within 90 days — and the pipeline: the operators whose active grants
 * cover this org, their covered houses, each house's certification and latest self-assessment.
 * Only what the grants cover reaches this page (row-level security through
 * certifier_grant_covers); the read is audited in both orgs' logs, for every covered house.
 * Statements: signing in (3), the dashboard, the pipeline, the audit.
 */
export const meta: MetaFunction = () => [{ title: "Audits · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "audits:read");
  const filter = statusFilterParam(request);
  const { dashboard, operators } = await withTenant(ctx.tenant, async (tx) => ({
    dashboard: await certifierDashboard(tx),
    operators: await certifierPipeline(tx),
  }));
  return {
    dashboard: dashboardView(ctx.org.slug, dashboard, filter),
    operators: pipelineView(ctx.org.slug, operators, filter),
    filtered: filter !== null,
  };
}

export default function AuditsPage() {
  const { dashboard, operators, filtered } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <PageHeader title="Audits" description="The operators that gave you access, their houses and where each certification stands." />
      <Dashboard d={dashboard} />
      <section aria-labelledby="pipeline-title" className="space-y-3">
        <h2 id="pipeline-title" className="text-lg font-semibold">
          {dashboard.filter ? `Houses: ${dashboard.filter.label}` : "Operators and houses"}
        </h2>
        {dashboard.filter ? (
          <p className="text-sm">
            <Link to={dashboard.filter.clearHref}>Show every house</Link>
          </p>
        ) : null}
        <Pipeline operators={operators} filtered={filtered} />
      </section>
    </div>
  );
}
