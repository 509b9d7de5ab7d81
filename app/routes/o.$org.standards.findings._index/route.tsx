import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { operatorFindings } from "#app/domain/findings/operator.server";
import { FINDING_FILTER_LABELS } from "#app/domain/findings/labels";
import { FilterNav, FindingList } from "#app/ui/findings";
import { filterLinks, findingRows, findingsQueryOf } from "#app/ui/findings.server";
import { EmptyState, PageHeader } from "#app/ui/page";
import { Pager } from "#app/ui/pager";

/**
 * The operator's findings (ADR 053): what certifying bodies found not met, open first, by
 * house, then due date, overdue ones flagged; filters open / overdue / accepted / all and
 * one house (`?house=`). Owners and admins see every house, a house's managers their
 * houses (row-level security). Statements: signing in (3), the page.
 */
export const meta: MetaFunction = () => [{ title: "Findings · Standards · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "standards:assess");
  const query = findingsQueryOf(request);
  const page = await withTenant(ctx.tenant, (tx) => operatorFindings(tx, { filter: query.filter, houseId: query.house, cursor: query.cursor }));
  const base = `/o/${ctx.org.slug}/standards`;
  return {
    back: base,
    filter: query.filter,
    filterLabel: FINDING_FILTER_LABELS[query.filter].toLowerCase(),
    filters: filterLinks(query.filter, query.house ? { house: query.house } : {}),
    rows: findingRows(page.items, (id) => `${base}/findings/${id}`),
    next: page.next,
  };
}

export default function OperatorFindingsPage() {
  const data = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <PageHeader
        title="Findings"
        description={<>What certifying bodies found not met, and your corrective action plans. Open first, by house. <Link to={data.back}>Back to Standards</Link></>}
      />
      <FilterNav links={data.filters} label="Show findings" />
      {data.rows.length ? (
        <FindingList rows={data.rows} showHouse showBody />
      ) : (
        <EmptyState title={data.filter === "all" ? "No findings yet" : `No ${data.filterLabel} findings`}>When a certifying body raises a finding, it shows here for you to answer with a plan.</EmptyState>
      )}
      <Pager next={data.next} nextLabel="More findings" />
    </div>
  );
}
