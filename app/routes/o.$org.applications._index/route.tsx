import type { LoaderFunctionArgs, MetaFunction, SerializeFrom } from "@remix-run/node";
import { Form, Link, useLoaderData, useParams, useSearchParams } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { can } from "#app/domain/permissions";
import { withTenant } from "#app/db/tenant.server";
import { listApplicationsPage, listWaitlistPage } from "#app/domain/admissions/queries.server";
import { APPLICATION_STATUS_LABELS, APPLICATION_STATUSES, REFERRAL_SOURCE_LABELS } from "#app/domain/admissions/labels";
import { listHouses } from "#app/domain/houses/houses.server";
import { formatDayOr, formatInZone } from "#app/lib/dates";
import { badRequest } from "#app/lib/http.server";
import { PAGE_SIZE } from "#app/lib/pagination";
import { filterSchema } from "./schemas.server";
import { Button, FilterSelect } from "#app/ui/form";
import { DataTable } from "#app/ui/data-table";
import { EmptyState, PageHeader } from "#app/ui/page";
import { Pager } from "#app/ui/pager";

export const meta: MetaFunction = () => [{ title: "Applications · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "applications:read");
  const parsed = filterSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) badRequest("Those filters aren't valid. Choose a status and a house from the lists and try again.");
  const f = parsed.data;
  const waitlist = f.view === "waitlist";
  const houseId = f.house || null;
  const { page, houses } = await withTenant(ctx.tenant, async (tx) => ({
    page: waitlist
      ? await listWaitlistPage(tx, { houseId, cursor: f.cursor, limit: PAGE_SIZE })
      : await listApplicationsPage(tx, { status: f.status || undefined, houseId, cursor: f.cursor, limit: PAGE_SIZE }),
    houses: await listHouses(tx),
  }));
  const tz = ctx.org.timeZone;
  return {
    view: waitlist ? ("waitlist" as const) : ("all" as const),
    canWrite: can(ctx.role, "applications:write"),
    houses: houses.map((h) => ({ id: h.id, name: h.name })),
    next: page.next,
    filtered: Boolean(f.status || houseId || f.cursor),
    rows: page.items.map((a) => ({
      id: a.id,
      position: "position" in a ? a.position : null,
      name: a.applicantName,
      status: APPLICATION_STATUS_LABELS[a.status],
      received: formatInZone(a.createdAt, tz, "MMM d, yyyy"),
      receivedIso: a.createdAt.toISOString(),
      desiredMoveIn: formatDayOr(a.desiredMoveIn, "—"),
      house: a.houseName ?? "Any house",
      referral: REFERRAL_SOURCE_LABELS[a.referralSource],
      via: a.submittedVia === "public" ? "Online form" : "Staff",
      notes: "screeningNotes" in a ? a.screeningNotes : null,
    })),
  };
}

type Row = SerializeFrom<typeof loader>["rows"][number];

export default function Applications() {
  const { view, canWrite, houses, rows, next, filtered } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const base = `/o/${useParams().org}/applications`;
  const tabClass = (active: boolean) =>
    `block border-b-2 px-3 py-2 no-underline ${active ? "border-brand-700 font-semibold text-ink" : "border-transparent text-muted hover:text-ink"}`;
  return (
    <>
      <PageHeader
        title={view === "waitlist" ? "Waitlist" : "Applications"}
        description={
          view === "waitlist"
            ? "Waitlisted applications in the order they were received, oldest first."
            : "People who have applied for a place, newest first."
        }
        actions={
          canWrite ? (
            <Link to={`${base}/new`} className="inline-flex min-h-11 items-center rounded-md bg-brand-700 px-4 py-2 font-medium text-white no-underline hover:bg-brand-800">
              Add an application
            </Link>
          ) : null
        }
      />
      <nav aria-label="Application views" className="mb-4 border-b border-line">
        <ul className="flex gap-1">
          <li>
            <Link to={base} aria-current={view === "all" ? "page" : undefined} className={tabClass(view === "all")}>
              All applications
            </Link>
          </li>
          <li>
            <Link to={`${base}?view=waitlist`} aria-current={view === "waitlist" ? "page" : undefined} className={tabClass(view === "waitlist")}>
              Waitlist
            </Link>
          </li>
        </ul>
      </nav>

      <Form method="get" action={base} className="mb-6 grid gap-3 rounded-lg border border-line bg-white p-4 sm:grid-cols-3 sm:items-end">
        {view === "waitlist" ? <input type="hidden" name="view" value="waitlist" /> : null}
        {view === "all" ? (
          <FilterSelect name="status" label="Status" defaultValue={params.get("status") ?? ""} options={APPLICATION_STATUSES.map((s) => ({ value: s, label: APPLICATION_STATUS_LABELS[s] }))} placeholder="Any status" />
        ) : null}
        <FilterSelect name="house" label="House preference" defaultValue={params.get("house") ?? ""} options={houses.map((h) => ({ value: h.id, label: h.name }))} placeholder="Any house" />
        <Button type="submit" variant="secondary">
          Filter
        </Button>
      </Form>

      {rows.length === 0 ? (
        <EmptyState title={filtered ? "No applications match these filters" : view === "waitlist" ? "Nobody is on the waitlist" : "No applications yet"}>
          {view === "waitlist"
            ? "Applications you add to the waitlist appear here in the order they were received."
            : "Applications sent through your public form, and those your team adds, appear here."}
        </EmptyState>
      ) : (
        <DataTable
          caption={view === "waitlist" ? "Waitlist, oldest application first" : "Applications, newest first"}
          rows={rows}
          rowKey={(a) => a.id}
          columns={[
            ...(view === "waitlist" ? [{ header: "Place", cell: (a: Row) => a.position }] : []),
            { header: "Applicant", rowHeader: true, cell: (a: Row) => <Link to={`${base}/${a.id}`}>{a.name}</Link> },
            ...(view === "all" ? [{ header: "Status", cell: (a: Row) => a.status }] : []),
            {
              header: "Received",
              className: "sm:whitespace-nowrap",
              cell: (a: Row) => (
                <>
                  <time dateTime={a.receivedIso}>{a.received}</time>
                  <span className="block text-xs text-muted">{a.via}</span>
                </>
              ),
            },
            { header: "Desired move-in", className: "sm:whitespace-nowrap", cell: (a: Row) => a.desiredMoveIn },
            { header: "House preference", cell: (a: Row) => a.house },
            { header: "Referral", cell: (a: Row) => a.referral },
            ...(view === "waitlist"
              ? [{ header: "Screening notes", className: "sm:max-w-sm whitespace-pre-line break-words text-muted", cell: (a: Row) => a.notes ?? "—" }]
              : []),
          ]}
        />
      )}
      <Pager next={next} nextLabel={view === "waitlist" ? "Next on the waitlist" : "Older applications"} startLabel={null} />
    </>
  );
}
