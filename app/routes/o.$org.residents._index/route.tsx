import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, type SerializeFrom } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { listHouseNames } from "#app/domain/houses/houses.server";
import { usePostAction } from "#app/ui/post-action";
import { requireOrg, type OrgContext } from "#app/auth/guard.server";
import { can, HOUSE_SCOPED_ROLES } from "#app/domain/permissions";
import { withTenant } from "#app/db/tenant.server";
import {
  RESIDENT_FILTER_LABELS,
  RESIDENT_FILTERS,
  RESIDENT_SORT_LABELS,
  RESIDENT_SORTS,
  RESIDENT_STATUS_LABELS,
  type ResidentFilter,
  type ResidentSort,
  type ResidentStatus,
} from "#app/domain/residents/directory";
import { searchResidents, type DirectoryEntry } from "#app/domain/residents/directory.server";
import { badRequest } from "#app/lib/http.server";
import { Button, FormMessage, FilterSelect } from "#app/ui/form";
import { formatDay } from "#app/lib/dates";
import { DataTable } from "#app/ui/data-table";
import { EmptyState, PageHeader } from "#app/ui/page";
import type { Cursor } from "#app/lib/pagination";
import { browseSchema, searchSchema } from "./schemas.server";
import { Pager } from "#app/ui/pager";

export const meta: MetaFunction = () => [{ title: "Residents · Hearth" }];

/**
 * The directory. Browsing by status, house and order is a GET
 * (`?status=…&house=<id>&sort=…&cursor=…`); a name search is a POST, so the name typed
 * never lands in a URL (history, bookmarks, shared links). Page cursors carry resident
 * ids, never names (app/lib/pagination.ts).
 */
type Query = { status: ResidentFilter; house: string | null; sort: ResidentSort; q: string; cursor: Cursor | null };

/** The GET address of a browse (no name in it). */
function browseQuery(q: Pick<Query, "status" | "house" | "sort">) {
  const params = new URLSearchParams({ status: q.status });
  if (q.house) params.set("house", q.house);
  if (q.sort !== "name") params.set("sort", q.sort);
  return `?${params.toString()}`;
}

function rows(items: DirectoryEntry[]) {
  return items.map((r) => ({
    id: r.id,
    name: r.displayName,
    legalName: r.legalName !== r.displayName ? r.legalName : null,
    pronouns: r.pronouns,
    status: r.status,
    statusLabel: RESIDENT_STATUS_LABELS[r.status],
    house: r.stay?.houseName ?? null,
    bed: r.stay ? `${r.stay.roomName}, bed ${r.stay.bedLabel}` : null,
    moveIn: r.stay ? formatDay(r.stay.moveIn) : null,
    moveOut: r.stay?.moveOut && r.status === "ended" ? formatDay(r.stay.moveOut) : null,
  }));
}

async function listPage(ctx: OrgContext, query: Query) {
  const page = await withTenant(ctx.tenant, (tx) =>
    searchResidents(tx, { status: query.status, q: query.q, houseId: query.house, sort: query.sort, cursor: query.cursor }),
  );
  return {
    status: query.status,
    house: query.house,
    sort: query.sort,
    q: query.q,
    isFirstPage: !query.cursor,
    next: page.next,
    residents: rows(page.items),
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "residents:read");
  const parsed = browseSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) badRequest("Those filters aren't valid. Choose a group from the list and try again.");
  const { status, house, sort, cursor, added } = parsed.data;
  const houses = await withTenant(ctx.tenant, (tx) => listHouseNames(tx));
  // A house the caller cannot see is no filter at all: say so rather than show an empty list.
  if (house && !houses.some((h) => h.id === house)) badRequest("That house isn't one of yours. Choose a house from the list and try again.");
  return {
    base: `/o/${ctx.org.slug}/residents`,
    canAdd: can(ctx.role, "residents:write"),
    houseScoped: HOUSE_SCOPED_ROLES.includes(ctx.role),
    added: added === "1",
    houses: houses.map((h) => ({ id: h.id, name: h.archived ? `${h.name} (archived)` : h.name })),
    list: await listPage(ctx, { status, house: house ?? null, sort, q: "", cursor: cursor ?? null }),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "residents:read");
  const parsed = searchSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ list: null, error: "That search isn't valid. Use at most 80 characters." }, { status: 400 });
  const { status, house, sort, q, cursor } = parsed.data;
  // Without a name there is nothing to hide: browse with a plain, bookmarkable GET.
  if (!q) return redirect(`/o/${ctx.org.slug}/residents${browseQuery({ status, house: house || null, sort })}`);
  return { list: await listPage(ctx, { status, house: house || null, sort, q, cursor: cursor || null }), error: null };
}

// A search answers with its own results at the same address: no need to reload the unfiltered
// list. A search that redirects (no name: a plain browse) goes to another address: load it.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, currentUrl, nextUrl, defaultShouldRevalidate }) =>
  formMethod === "POST" && currentUrl.href === nextUrl.href ? false : defaultShouldRevalidate;

type List = NonNullable<SerializeFrom<typeof action>["list"]>;

const SORT_CAPTIONS: Record<ResidentSort, string> = { name: "name", house: "house", move_in: "move-in, newest first" };

const STATUS_STYLES: Record<ResidentStatus, string> = {
  current: "border-green-300 bg-green-50 text-ok",
  planned: "border-sky-300 bg-sky-50 text-sky-900",
  ended: "border-line bg-stone-100 text-muted",
  none: "border-amber-300 bg-amber-50 text-amber-900",
};

export default function ResidentsPage() {
  const { base, canAdd, houseScoped, added, houses, list: browsed } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const postAction = usePostAction();
  const list: List = actionData?.list ?? browsed;
  const { status, house, sort, q, isFirstPage, next, residents } = list;
  const filterLabel = RESIDENT_FILTER_LABELS[status];
  const houseName = houses.find((h) => h.id === house)?.name ?? null;
  return (
    <>
      <PageHeader
        title="Residents"
        description={houseScoped ? "Residents of the houses you're assigned to." : "Everyone living in, moving into or who has lived in your houses."}
        actions={
          canAdd ? (
            <Link to={`${base}/new`} className="inline-flex min-h-11 items-center rounded-md bg-brand-700 px-4 py-2 font-medium text-white no-underline hover:bg-brand-800">
              Add a resident
            </Link>
          ) : null
        }
      />
      {added ? (
        <div className="mb-4">
          <FormMessage kind="ok">
            The resident was added. They'll appear in this list once they're admitted to a bed in one of your houses.
          </FormMessage>
        </div>
      ) : null}
      {actionData?.error ? (
        <div className="mb-4">
          <FormMessage>{actionData.error}</FormMessage>
        </div>
      ) : null}
      <Form method="post" action={postAction} className="mb-6 grid gap-3 rounded-lg border border-line bg-white p-4 sm:grid-cols-2 lg:grid-cols-[1fr_1fr_1fr_2fr_auto] sm:items-end">
        <input type="hidden" name="intent" value="search" />
        <FilterSelect name="status" label="Show" defaultValue={status} options={RESIDENT_FILTERS.map((f) => ({ value: f, label: RESIDENT_FILTER_LABELS[f] }))} />
        <FilterSelect name="house" label="House" defaultValue={house ?? ""} options={houses.map((h) => ({ value: h.id, label: h.name }))} placeholder={houseScoped ? "All my houses" : "All houses"} />
        <FilterSelect name="sort" label="Sort by" defaultValue={sort} options={RESIDENT_SORTS.map((o) => ({ value: o, label: RESIDENT_SORT_LABELS[o] }))} />
        <div>
          <label htmlFor="q" className="mb-1 block font-medium">
            Search by name
          </label>
          <input
            id="q"
            name="q"
            type="search"
            maxLength={80}
            defaultValue={q}
            autoComplete="off"
            className="block w-full rounded-md border border-line bg-white px-3 py-2"
          />
        </div>
        <Button type="submit">Show residents</Button>
      </Form>
      {residents.length === 0 ? (
        <EmptyState title={q ? "No residents match that name" : "No residents here yet"}>
          {q
            ? "Check the spelling, or search everyone instead of this group."
            : status === "current"
              ? "Residents appear here once they're admitted to a bed."
              : "Try another group, or everyone."}
        </EmptyState>
      ) : (
        <DataTable
          caption={`Residents: ${filterLabel.toLowerCase()}${houseName ? ` at ${houseName}` : ""}${q ? `, names matching “${q}”` : ""}, by ${SORT_CAPTIONS[sort]}`}
          rows={residents}
          rowKey={(r) => r.id}
          columns={[
            {
              header: "Name",
              rowHeader: true,
              cell: (r) => (
                <>
                  <Link to={`${base}/${r.id}`}>{r.name}</Link>
                  {r.pronouns ? <span className="font-normal text-muted">{` (${r.pronouns})`}</span> : null}
                  {r.legalName ? <span className="block text-xs font-normal text-muted">Legal name: {r.legalName}</span> : null}
                </>
              ),
            },
            { header: "House", cell: (r) => r.house ?? <span className="text-muted">—</span> },
            { header: "Room and bed", cell: (r) => r.bed ?? <span className="text-muted">—</span> },
            {
              header: "Move-in",
              className: "sm:whitespace-nowrap",
              cell: (r) => (
                <>
                  {r.moveIn ?? <span className="text-muted">—</span>}
                  {r.moveOut ? <span className="block text-xs text-muted">Moved out {r.moveOut}</span> : null}
                </>
              ),
            },
            {
              header: "Status",
              cell: (r) => <span className={`inline-block rounded-full border px-2 py-0.5 text-xs font-medium ${STATUS_STYLES[r.status]}`}>{r.statusLabel}</span>,
            },
          ]}
        />
      )}
      <Pager
        next={next}
        nextLabel="Show more residents"
        firstPage={isFirstPage}
        startQuery={Object.fromEntries(new URLSearchParams(browseQuery({ status, house, sort }).slice(1)))}
        post={q ? { intent: "search", status, house: house ?? "", sort, q } : undefined}
        action={postAction}
      />
    </>
  );
}
