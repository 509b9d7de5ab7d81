import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { attendanceRates, sessionHouse, type Rate } from "#app/domain/sessions/sessions.server";
import { addDays, formatDay } from "#app/lib/dates";
import { DataTable, type Column } from "#app/ui/data-table";
import { orErrorPage } from "#app/ui/forms.server";
import { HouseNav, houseSections } from "#app/ui/house-nav";
import { Card, PageHeader } from "#app/ui/page";
import { houseIdParam, NOT_FOUND } from "#app/ui/params.server";

/**
 * Attendance rates of a house over the last eight weeks, per resident and per session:
 * present ÷ (present + absent); excused sessions count for neither (houses:read).
 */
export const meta: MetaFunction = () => [{ title: "Attendance rates · Hearth" }];

const WEEKS = 8;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "houses:read");
  const houseId = houseIdParam(params);
  const { house, rates, from, to } = await orErrorPage(
    withTenant(ctx.tenant, async (tx) => {
      const house = await sessionHouse(tx, houseId);
      const to = addDays(house.today, 1);
      const from = addDays(to, -7 * WEEKS);
      const rates = await attendanceRates(tx, houseId, from, to);
      await audit(tx, "session.listed", { type: "house", id: houseId }, { view: "rates", residentIds: rates.residents.map((r) => r.id) });
      return { house, rates, from, to };
    }),
    NOT_FOUND.house,
  );
  return {
    sections: houseSections(ctx.role),
    houseBase: `/o/${ctx.org.slug}/houses/${houseId}`,
    back: `/o/${ctx.org.slug}/houses/${houseId}/sessions`,
    houseName: house.name,
    period: `${formatDay(from)} – ${formatDay(addDays(to, -1))}`,
    ...rates,
  };
}

const columns = (first: string): Column<Rate>[] => [
  { header: first, cell: (r) => r.name, rowHeader: true },
  { header: "Rate", cell: (r) => (r.rate === null ? "—" : `${r.rate}%`), numeric: true },
  { header: "Present", cell: (r) => r.present, numeric: true },
  { header: "Absent", cell: (r) => r.absent, numeric: true },
  { header: "Excused", cell: (r) => r.excused, numeric: true },
];

export default function RatesPage() {
  const { back, houseName, period, residents, series, houseBase, sections } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <PageHeader
        title="Attendance rates"
        description={
          <>
            {houseName}, {period}. Present ÷ (present + absent); excused sessions don’t count. <Link to={back}>Back to sessions</Link>
          </>
        }
      />
      <HouseNav houseBase={houseBase} sections={sections} />
      <Card title="By resident">
        {residents.length ? <DataTable caption="Attendance by resident" columns={columns("Resident")} rows={residents} rowKey={(r) => r.id} framed={false} /> : <p className="text-muted">No attendance recorded in this period.</p>}
      </Card>
      <Card title="By session">
        {series.length ? <DataTable caption="Attendance by session" columns={columns("Session")} rows={series} rowKey={(r) => r.id} framed={false} /> : <p className="text-muted">No attendance recorded in this period.</p>}
      </Card>
    </div>
  );
}
