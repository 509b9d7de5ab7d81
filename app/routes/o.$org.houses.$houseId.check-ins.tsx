import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { houseCheckinSummary } from "#app/domain/plans/checkins.server";
import { DIMENSION_LABELS, PLAN_DIMENSIONS, SUMMARY_MINIMUM } from "#app/domain/plans/labels";
import { formatDay } from "#app/lib/dates";
import { DataTable } from "#app/ui/data-table";
import { orErrorPage } from "#app/ui/forms.server";
import { HouseNav, houseSections } from "#app/ui/house-nav";
import { Card, PageHeader } from "#app/ui/page";
import { houseIdParam, NOT_FOUND } from "#app/ui/params.server";

/**
 * A house's anonymous check-in summary (issue 12, capability 5; ADR 041, migration 0042):
 * per month of the last twelve, how many residents answered and each dimension's average,
 * with no figures at all for a month with fewer than three residents. No names, no rows of
 * anyone; for owners, admins and the house's managers and staff. Four statements: signing
 * in (3) and the summary.
 */
export const meta: MetaFunction = () => [{ title: "Check-ins summary · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "residents:read");
  const houseId = houseIdParam(params);
  const summary = await orErrorPage(
    withTenant(ctx.tenant, (tx) => houseCheckinSummary(tx, houseId)),
    NOT_FOUND.house,
  );
  return {
    houseBase: `/o/${ctx.org.slug}/houses/${houseId}`,
    sections: houseSections(ctx.role),
    houseName: summary.houseName,
    minimum: SUMMARY_MINIMUM,
    months: summary.months.map((m) => ({
      month: m.month,
      label: formatDay(`${m.month}-01`, "MMMM yyyy"),
      residents: m.residents,
      averages: m.averages ? PLAN_DIMENSIONS.map((d) => m.averages![d].toFixed(1)) : null,
    })),
  };
}

type Month = ReturnType<typeof useLoaderData<typeof loader>>["months"][number];

export default function HouseCheckins() {
  const data = useLoaderData<typeof loader>();
  const tooFew = `Fewer than ${data.minimum}`;
  return (
    <div className="space-y-6">
      <PageHeader
        title="Check-ins"
        description={`${data.houseName}. How residents rate their recovery capital, month by month: averages only, never anyone's answers.`}
      />
      <HouseNav houseBase={data.houseBase} sections={data.sections} />
      <Card title="Average scores by month (1 to 6)">
        <p className="mb-3 text-sm text-muted">
          Each resident counts once a month (their mean if they answered twice). A month with fewer than {data.minimum} residents answering shows no figures, so
          that no one's answers can be worked out.
        </p>
        {data.months.length ? (
          <DataTable<Month>
            caption="Average check-in scores by month"
            framed={false}
            rows={data.months}
            rowKey={(m) => m.month}
            columns={[
              { header: "Month", rowHeader: true, cell: (m) => m.label },
              { header: "Residents answering", numeric: true, cell: (m) => m.residents ?? tooFew },
              ...PLAN_DIMENSIONS.map((d, i) => ({
                header: DIMENSION_LABELS[d],
                numeric: true,
                cell: (m: Month) => m.averages?.[i] ?? <span className="text-muted">Not shown</span>,
              })),
            ]}
          />
        ) : (
          <p className="text-sm text-muted">No check-ins in this house in the last twelve months.</p>
        )}
      </Card>
    </div>
  );
}
