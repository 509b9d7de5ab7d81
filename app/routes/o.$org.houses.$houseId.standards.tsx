import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { listAssessments } from "#app/domain/standards/assessments.server";
import { getHouse } from "#app/domain/houses/houses.server";
import { orErrorPage } from "#app/ui/forms.server";
import { HouseNav, houseSections } from "#app/ui/house-nav";
import { PageHeader } from "#app/ui/page";
import { houseIdParam, NOT_FOUND } from "#app/ui/params.server";
import { AssessmentList, StartForm } from "#app/ui/standards";
import { assessmentRows, startFormData } from "#app/ui/standards.server";

/**
 * A house's Standards tab (ADR 047): its self-assessments with readiness per domain, and the
 * start form for this house (it posts to the organisation's Standards page).
 */
export const meta: MetaFunction = () => [{ title: "Standards · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "standards:assess");
  const houseId = houseIdParam(params);
  const found = await orErrorPage(
    withTenant(ctx.tenant, async (tx) => {
      const house = await getHouse(tx, houseId);
      const rows = await listAssessments(tx, { houseId });
      return { house, rows, level: house.narrLevel };
    }),
    NOT_FOUND.house,
  );
  const start = await startFormData(ctx.tenant, ctx.org.slug, { wholeOrg: false, houseId, level: found.level });
  return {
    houseBase: `/o/${ctx.org.slug}/houses/${houseId}`,
    sections: houseSections(ctx.role),
    houseName: found.house.name,
    assessments: assessmentRows(ctx.org.slug, found.rows),
    start,
  };
}

export default function HouseStandardsTab() {
  const data = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <PageHeader title="Standards" description={`${data.houseName}. Self-assessments against the recovery-residence standard.`} />
      <HouseNav houseBase={data.houseBase} sections={data.sections} />
      <AssessmentList rows={data.assessments} />
      <StartForm data={data.start} />
    </div>
  );
}
