import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { can } from "#app/domain/permissions";
import { withTenant } from "#app/db/tenant.server";
import { listMyDocuments } from "#app/domain/documents/signatures.server";
import { getOccupancySummary } from "#app/domain/houses/occupancy.server";
import { countOpenApplications, listUpcomingMoves } from "#app/domain/houses/overview.server";
import { Badge, percent, Stats } from "#app/ui/occupancy";
import { DataTable } from "#app/ui/data-table";
import { Card, EmptyState, PageHeader } from "#app/ui/page";
import { formatDay, relativeDay } from "#app/lib/dates";

export const meta: MetaFunction = () => [{ title: "Overview · Hearth" }];

const WINDOW_DAYS = 14;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org);
  if (ctx.role === "resident") {
    // Where a resident lands after signing in: the documents waiting for their signature
    // first, if any (a page with a way on to their home, never a wall), else their home.
    const waiting = await withTenant(ctx.tenant, async (tx) => (await listMyDocuments(tx)).some((d) => !d.signedAt));
    throw redirect(`/o/${ctx.org.slug}/me${waiting ? "/documents" : ""}`);
  }
  // House managers and staff start their day on the manager's today (ADR 027).
  if (ctx.org.kind === "operator" && (ctx.role === "house_manager" || ctx.role === "staff")) throw redirect(`/o/${ctx.org.slug}/today`);
  const base = { orgName: ctx.org.name, kind: ctx.org.kind, canManageTeam: can(ctx.role, "members:manage") };
  if (ctx.org.kind !== "operator" || !can(ctx.role, "houses:read")) return { ...base, operator: null };

  const canApplications = can(ctx.role, "applications:read");
  // Three statements: the page budget is 8, of which the request's guard uses 4 (ADR 015).
  const { summary, moves, applications } = await withTenant(ctx.tenant, async (tx) => ({
    summary: await getOccupancySummary(tx, { withinDays: WINDOW_DAYS }),
    moves: await listUpcomingMoves(tx, { withinDays: WINDOW_DAYS, limit: 30 }),
    applications: canApplications ? await countOpenApplications(tx) : null,
  }));
  const orgBase = `/o/${ctx.org.slug}`;
  const zoneOf = new Map(summary.houses.map((h) => [h.houseId, h]));
  const t = summary.totals;
  return {
    ...base,
    operator: {
      orgBase,
      canWrite: can(ctx.role, "houses:write"),
      // The standards dashboard (ADR 058): readiness, findings, expiring documents and certifications.
      standardsHref: can(ctx.role, "standards:assess") ? `${orgBase}/standards/dashboard` : null,
      scoped: ctx.role === "house_manager" || ctx.role === "staff",
      windowDays: WINDOW_DAYS,
      totals: {
        beds: t.beds,
        occupied: t.occupied,
        available: t.vacant,
        reserved: t.reserved,
        held: t.held,
        outOfService: t.outOfService,
        occupancy: percent(t.occupancyPct),
      },
      houses: summary.houses.map((h) => ({
        id: h.houseId,
        name: h.name,
        beds: h.beds,
        occupied: h.occupied,
        vacant: h.vacant,
        reserved: h.reserved,
        occupancy: percent(h.occupancyPct),
      })),
      moves: moves.map((m) => ({
        stayId: m.stayId,
        kind: m.kind,
        when: formatDay(m.date, "EEE, MMM d"),
        relative: relativeDay(m.date, zoneOf.get(m.houseId)?.today ?? m.today),
        houseName: m.houseName,
        houseHref: `${orgBase}/houses/${m.houseId}`,
        bed: `${m.roomName}, bed ${m.bedLabel}`,
        name: m.displayName ?? "Resident",
        residentHref: `${orgBase}/residents/${m.residentId}`,
      })),
      applications,
    },
  };
}

export default function OrgHome() {
  const { orgName, kind, operator, canManageTeam } = useLoaderData<typeof loader>();
  if (!operator) {
    return (
      <>
        <PageHeader title="Overview" description={orgName} />
        {kind === "operator" ? (
          <EmptyState title="Nothing to show for your role yet">
            Your role doesn't include houses or residents. You can see your team under <strong>Team</strong>.
          </EmptyState>
        ) : (
          <EmptyState title="Certification reviews are on their way">
            This overview will list the homes that have granted you access, upcoming inspections and open corrective
            actions.{" "}
            {canManageTeam ? (
              <>
                For now you can manage your team of auditors under <strong>Team</strong>.
              </>
            ) : (
              <>
                For now you can see who is on your team under <strong>Team</strong>.
              </>
            )}
          </EmptyState>
        )}
      </>
    );
  }
  const { orgBase, totals, houses, moves, applications, windowDays, standardsHref } = operator;
  return (
    <>
      <PageHeader title="Overview" description={orgName} actions={standardsHref ? <Link to={standardsHref}>Standards dashboard</Link> : undefined} />
      {houses.length === 0 ? (
        <div className="space-y-6">
          {operator.canWrite && operator.scoped ? (
            <EmptyState title="You aren't assigned to a house yet">
              Setting up a house you run? <Link to={`${orgBase}/houses/new`}>Add a house</Link>, then its rooms and beds:
              you'll be assigned to it. Otherwise, ask an owner or administrator to assign you to the houses you work in.
            </EmptyState>
          ) : operator.canWrite ? (
            <EmptyState title="Start by adding a house">
              Occupancy, vacancies and move-ins appear here once your houses have beds.{" "}
              <Link to={`${orgBase}/houses/new`}>Add a house</Link>, then its rooms and beds.
            </EmptyState>
          ) : (
            <EmptyState title={operator.scoped ? "You aren't assigned to a house yet" : "No active houses yet"}>
              {operator.scoped
                ? "Ask an owner or administrator to assign you to the houses you work in."
                : "An owner or administrator can add houses."}
            </EmptyState>
          )}
          {applications ? <ApplicationsCard orgBase={orgBase} counts={applications} /> : null}
        </div>
      ) : (
        <div className="space-y-6">
          <section aria-labelledby="occupancy-title">
            <h2 id="occupancy-title" className="mb-2 text-lg font-semibold">
              Occupancy today
            </h2>
            <Stats
              label="Occupancy across your houses"
              items={[
                { label: "Beds", value: totals.beds },
                { label: "Occupied", value: totals.occupied },
                { label: "Available", value: totals.available, hint: totals.reserved ? `${totals.reserved} reserved` : undefined },
                { label: "Held", value: totals.held },
                { label: "Out of service", value: totals.outOfService },
                { label: "Occupancy", value: totals.occupancy, hint: "of beds in service" },
                ...(applications ? [{ label: "New applications", value: applications.new }] : []),
              ]}
            />
          </section>

          <div className="grid gap-6 lg:grid-cols-2 lg:items-start">
            <Card title="Available beds by house">
              <DataTable
                caption="Available beds, occupancy and beds per active house"
                framed={false}
                rows={houses}
                rowKey={(h) => h.id}
                columns={[
                  { header: "House", rowHeader: true, cell: (h) => <Link to={`${orgBase}/houses/${h.id}`}>{h.name}</Link> },
                  {
                    header: "Available",
                    numeric: true,
                    cell: (h) => (
                      <>
                        {h.vacant}
                        {h.reserved ? <span className="block text-xs text-muted">{h.reserved} reserved</span> : null}
                      </>
                    ),
                  },
                  { header: "Occupied", numeric: true, cell: (h) => `${h.occupied} of ${h.beds}` },
                  { header: "Occupancy", numeric: true, cell: (h) => h.occupancy },
                ]}
              />
            </Card>

            <div className="space-y-6">
              <Card title={`Coming up in the next ${windowDays} days`}>
                {moves.length === 0 ? (
                  <p className="text-muted">No move-ins or move-outs are planned.</p>
                ) : (
                  <ul className="space-y-3 text-sm">
                    {moves.map((m) => (
                      <li key={`${m.kind}-${m.stayId}`} className="flex flex-wrap items-baseline gap-x-2">
                        <Badge tone={m.kind === "move_out" ? "info" : "ok"}>{MOVE_LABELS[m.kind]}</Badge>
                        <span className="font-medium">{m.when}</span>
                        <span className="text-muted">({m.relative})</span>
                        <span className="basis-full">
                          <Link to={m.residentHref}>{m.name}</Link> · <Link to={m.houseHref}>{m.houseName}</Link>, {m.bed}
                        </span>
                      </li>
                    ))}
                  </ul>
                )}
              </Card>
              {applications ? <ApplicationsCard orgBase={orgBase} counts={applications} /> : null}
            </div>
          </div>
        </div>
      )}
    </>
  );
}

const MOVE_LABELS = { move_in: "Move-in", move: "Move to another bed", move_out: "Move-out" } as const;

function ApplicationsCard({ orgBase, counts }: { orgBase: string; counts: { new: number; screening: number; waitlisted: number } }) {
  return (
    <Card title="Applications">
      <p>
        {counts.new === 0
          ? "No new applications are waiting."
          : `${counts.new} new ${counts.new === 1 ? "application is" : "applications are"} waiting for a first look.`}
      </p>
      {counts.screening || counts.waitlisted ? (
        <p className="text-sm text-muted">
          {counts.screening} in screening · {counts.waitlisted} on the waitlist
        </p>
      ) : null}
      <p className="mt-2">
        <Link to={`${orgBase}/applications`}>Go to applications</Link>
      </p>
    </Card>
  );
}
