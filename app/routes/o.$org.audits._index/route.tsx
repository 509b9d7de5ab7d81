import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { certifierHome } from "#app/domain/dashboards/certifier.server";
import { PageHeader } from "#app/ui/page";
import { Pager } from "#app/ui/pager";
import { pipelineQueryParam } from "./filter.server";
import { Dashboard, Pipeline } from "./parts";
import { dashboardView, pipelineView } from "./view.server";

/**
 * The certifier's home (issue 13, capabilities 5 and 9; ADR 049, ADR 058; a benchmark page):
 * the dashboard — covered houses by certification status (each count opens this list filtered
 * by `?status=`), inspections scheduled this month, corrective actions past due by operator,
 * certifications expiring within 90 days — and the pipeline: the operators whose active grants
 * cover this org, a keyset page at a time by name (ADR 061), their covered houses (with the
 * filter's status), each house's certification and latest self-assessment. The dashboard counts
 * every covered house whatever the page. Only what the grants cover reaches this page
 * (row-level security through the covered set, ADR 062); the read is audited in both orgs' logs
 * for every operator and house the page names. Statements: signing in (3), the dashboard, the
 * pipeline's page, the audit.
 */
export const meta: MetaFunction = () => [{ title: "Audits · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "audits:read");
  const query = pipelineQueryParam(request);
  const { dashboard, pipeline } = await withTenant(ctx.tenant, (tx) => certifierHome(tx, query));
  return {
    dashboard: dashboardView(ctx.org.slug, dashboard, query.status),
    base: `/o/${ctx.org.slug}/audits`,
    operators: pipelineView(pipeline.items),
    next: pipeline.next,
    filtered: query.status !== null,
  };
}

export default function AuditsPage() {
  const { dashboard, base, operators, next, filtered } = useLoaderData<typeof loader>();
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
        <Pipeline base={base} operators={operators} filtered={filtered} />
        <Pager next={next} nextLabel="Next operators" />
      </section>
    </div>
  );
}
