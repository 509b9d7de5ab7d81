import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { certifierFindings } from "#app/domain/findings/certifier.server";
import { FINDING_FILTER_LABELS } from "#app/domain/findings/labels";
import { NO_ACCESS, operatorParam } from "#app/ui/audits.server";
import { FilterNav, FindingList } from "#app/ui/findings";
import { filterLinks, findingRows, findingsQueryOf } from "#app/ui/findings.server";
import { orErrorPage } from "#app/ui/forms.server";
import { EmptyState, PageHeader } from "#app/ui/page";
import { Pager } from "#app/ui/pager";

/**
 * A certifying body's findings for one operator (ADR 053): open, overdue, accepted or all,
 * by due date, a page at a time (keyset). No active grant → 404. The read is audited in both
 * orgs' logs. Statements: signing in (3), the operator, the page, the audit.
 */
export const meta: MetaFunction = () => [{ title: "Findings · Audits · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "audits:read");
  const slug = operatorParam(params);
  const query = findingsQueryOf(request);
  const page = await orErrorPage(withTenant(ctx.tenant, (tx) => certifierFindings(tx, slug, { filter: query.filter, cursor: query.cursor })), NO_ACCESS);
  const base = `/o/${ctx.org.slug}/audits/${page.operator.slug}`;
  return {
    operatorName: page.operator.name,
    back: base,
    filter: query.filter,
    filterLabel: FINDING_FILTER_LABELS[query.filter].toLowerCase(),
    filters: filterLinks(query.filter),
    rows: findingRows(page.items, (id) => `${base}/findings/${id}`),
    next: page.next,
  };
}

export default function CertifierFindingsPage() {
  const data = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <PageHeader title={`Findings: ${data.operatorName}`} description={<>By due date. <Link to={data.back}>Back to {data.operatorName}</Link></>} />
      <FilterNav links={data.filters} label="Show findings" />
      {data.rows.length ? (
        <FindingList rows={data.rows} showHouse showBody={false} />
      ) : (
        <EmptyState title={data.filter === "all" ? "No findings yet" : `No ${data.filterLabel} findings`}>Raise a finding from an item of a submitted self-assessment.</EmptyState>
      )}
      <Pager next={data.next} nextLabel="More findings" />
    </div>
  );
}
