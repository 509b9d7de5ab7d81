import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { z } from "zod";
import { requireOrg } from "#app/auth/guard.server";
import { can } from "#app/domain/permissions";
import { withTenant } from "#app/db/tenant.server";
import { listHouses } from "#app/domain/houses/houses.server";
import { getOccupancySummary } from "#app/domain/houses/occupancy.server";
import { NARR_LEVEL_LABELS, POPULATION_LABELS } from "#app/domain/houses/schemas";
import { badRequest } from "#app/lib/http.server";
import { Badge, percent } from "#app/ui/occupancy";
import { DataTable } from "#app/ui/data-table";
import { EmptyState, PageHeader } from "#app/ui/page";

export const meta: MetaFunction = () => [{ title: "Houses · Hearth" }];

const filterSchema = z.strictObject({ show: z.enum(["active", "all"]).optional() });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "houses:read");
  const parsed = filterSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) badRequest("That filter isn't valid.");
  const showAll = parsed.data.show === "all";
  const { houses, occupancy } = await withTenant(ctx.tenant, async (tx) => ({
    houses: await listHouses(tx, { includeInactive: true }),
    occupancy: await getOccupancySummary(tx),
  }));
  const byId = new Map(occupancy.houses.map((h) => [h.houseId, h]));
  const active = houses.filter((h) => h.status === "active");
  const archived = houses.filter((h) => h.status !== "active");
  return {
    base: `/o/${ctx.org.slug}/houses`,
    canWrite: can(ctx.role, "houses:write"),
    scoped: ctx.role === "house_manager" || ctx.role === "staff",
    showAll,
    activeCount: active.length,
    archivedCount: archived.length,
    houses: (showAll ? [...active, ...archived] : active).map((h) => {
      const o = byId.get(h.id);
      return {
        id: h.id,
        name: h.name,
        place: `${h.city}, ${h.region}`,
        level: NARR_LEVEL_LABELS[h.narrLevel as 1 | 2 | 3 | 4] ?? `Level ${h.narrLevel}`,
        populations: h.populations.map((p) => POPULATION_LABELS[p]).join(", "),
        beds: h.capacity,
        childBeds: h.childBeds,
        // Adult beds out of service (the board's count) when known; listHouses also counts child beds.
        outOfService: o ? o.outOfService : h.outOfService,
        occupied: o ? o.occupied : null,
        vacant: o ? o.vacant : null,
        occupancy: o ? percent(o.occupancyPct) : "—",
        archived: h.status !== "active",
      };
    }),
  };
}

export default function HousesPage() {
  const { base, houses, canWrite, scoped, showAll, activeCount, archivedCount } = useLoaderData<typeof loader>();
  const none = activeCount + archivedCount === 0;
  return (
    <>
      <PageHeader
        title="Houses"
        description="Beds, occupancy and vacancies in each house."
        actions={
          canWrite ? (
            <Link to={`${base}/new`} className="inline-flex min-h-11 items-center rounded-md bg-brand-700 px-4 py-2 font-medium text-white no-underline hover:bg-brand-800">
              Add a house
            </Link>
          ) : null
        }
      />
      {none ? (
        canWrite && scoped ? (
          <EmptyState title="You aren't assigned to a house yet">
            Setting up a house you run? Choose <strong>Add a house</strong>: you'll be assigned to it and can add its rooms
            and beds. Otherwise, ask an owner or administrator to assign you to the houses you work in.
          </EmptyState>
        ) : canWrite ? (
          <EmptyState title="No houses yet">
            Add your first house with <strong>Add a house</strong>, then add its rooms and beds. Occupancy, vacancies and
            admissions all start from the beds you set up.
          </EmptyState>
        ) : (
          <EmptyState title={scoped ? "You aren't assigned to a house yet" : "No houses yet"}>
            {scoped
              ? "Ask an owner or administrator to assign you to the houses you work in. They will appear here."
              : "An owner or administrator can add houses. They will appear here."}
          </EmptyState>
        )
      ) : (
        <>
          <nav aria-label="Filter houses" className="mb-4 flex flex-wrap gap-2 text-sm">
            <FilterLink to={base} current={!showAll}>
              Active ({activeCount})
            </FilterLink>
            <FilterLink to={`${base}?show=all`} current={showAll}>
              All, including archived ({activeCount + archivedCount})
            </FilterLink>
          </nav>
          {houses.length === 0 ? (
            <EmptyState title="No active houses">
              Every house is archived. Choose <strong>All, including archived</strong> to see them and reactivate one
              {canWrite ? ", or add a new house" : ""}.
            </EmptyState>
          ) : (
            <DataTable
              caption={`Houses${showAll ? ", active first, then archived" : ""}, with beds and occupancy today`}
              rows={houses}
              rowKey={(h) => h.id}
              columns={[
                {
                  header: "House",
                  rowHeader: true,
                  cell: (h) => (
                    <>
                      <Link to={`${base}/${h.id}`}>{h.name}</Link>
                      <span className="block font-normal text-muted">{h.place}</span>
                    </>
                  ),
                },
                { header: "Level", cell: (h) => h.level },
                { header: "Serves", cell: (h) => h.populations, className: "sm:min-w-48" },
                {
                  header: "Beds",
                  numeric: true,
                  cell: (h) => (
                    <>
                      {h.beds}
                      {h.outOfService ? <span className="block text-xs text-muted">{h.outOfService} out of service</span> : null}
                      {h.childBeds ? <span className="block text-xs text-muted">+ {h.childBeds} for children</span> : null}
                    </>
                  ),
                },
                { header: "Occupied", numeric: true, cell: (h) => h.occupied ?? "—" },
                { header: "Available", numeric: true, cell: (h) => h.vacant ?? "—" },
                { header: "Occupancy", numeric: true, cell: (h) => h.occupancy },
                { header: "Status", cell: (h) => (h.archived ? <Badge tone="muted">Archived</Badge> : <Badge tone="ok">Active</Badge>) },
              ]}
            />
          )}
        </>
      )}
    </>
  );
}

function FilterLink({ to, current, children }: { to: string; current: boolean; children: ReactNode }) {
  return (
    <Link
      to={to}
      aria-current={current ? "page" : undefined}
      className={`inline-flex min-h-11 items-center rounded-full border px-4 no-underline ${
        current ? "border-brand-700 bg-brand-50 font-semibold text-brand-800" : "border-line bg-white text-ink hover:bg-stone-100"
      }`}
    >
      {children}
    </Link>
  );
}
