import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, type SerializeFrom } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { z } from "zod";
import { requireOrg, type OrgContext } from "#app/auth/guard.server";
import { can, HOUSE_SCOPED_ROLES } from "#app/domain/permissions";
import { withTenant } from "#app/db/tenant.server";
import {
  RESIDENT_FILTER_LABELS,
  RESIDENT_FILTERS,
  RESIDENT_STATUS_LABELS,
  type ResidentFilter,
  type ResidentStatus,
} from "#app/domain/residents/directory";
import { DIRECTORY_PAGE_SIZE, searchResidents, type DirectoryEntry } from "#app/domain/residents/directory.server";
import { badRequest } from "#app/lib/http.server";
import { Button, FormMessage } from "#app/ui/form";
import { formatDay } from "#app/ui/format-day";
import { DataTable } from "#app/ui/data-table";
import { EmptyState, PageHeader } from "#app/ui/page";
import { plain } from "#app/lib/fields";

export const meta: MetaFunction = () => [{ title: "Residents · Hearth" }];

/**
 * The directory. Browsing by status is a GET (`?status=…&after=<id>`); a name search is
 * a POST, so the name typed never lands in a URL (history, bookmarks, shared links).
 * Page cursors are resident ids, never names.
 */
const browseSchema = z.strictObject({
  status: z.enum(RESIDENT_FILTERS).default("current"),
  after: z.uuid().optional(),
  added: z.literal("1").optional(),
});
const searchSchema = z.strictObject({
  intent: z.literal("search"),
  status: z.enum(RESIDENT_FILTERS).default("current"),
  q: plain(z.string().trim().max(80, "Use at most 80 characters.").default("")),
  after: z.union([z.literal(""), z.uuid()]).optional(),
});

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
    moveOut: r.stay?.moveOut && r.status === "former" ? formatDay(r.stay.moveOut) : null,
  }));
}

async function listPage(ctx: OrgContext, query: { status: ResidentFilter; q: string; after: string | null }) {
  const page = await withTenant(ctx.tenant, (tx) =>
    searchResidents(tx, { status: query.status, q: query.q, after: query.after, limit: DIRECTORY_PAGE_SIZE }),
  );
  return { status: query.status, q: query.q, isFirstPage: !query.after, next: page.next, residents: rows(page.items) };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "residents:read");
  const parsed = browseSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) badRequest("Those filters aren't valid. Choose a group from the list and try again.");
  const { status, after, added } = parsed.data;
  return {
    base: `/o/${ctx.org.slug}/residents`,
    canAdd: can(ctx.role, "residents:write"),
    houseScoped: HOUSE_SCOPED_ROLES.includes(ctx.role),
    added: added === "1",
    list: await listPage(ctx, { status, q: "", after: after ?? null }),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "residents:read");
  const parsed = searchSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ list: null, error: "That search isn't valid. Use at most 80 characters." }, { status: 400 });
  const { status, q, after } = parsed.data;
  // Without a name there is nothing to hide: browse by status with a plain, bookmarkable GET.
  if (!q) return redirect(`/o/${ctx.org.slug}/residents?status=${status}`);
  return { list: await listPage(ctx, { status, q, after: after || null }), error: null };
}

// A search answers with its own results: no need to reload the unfiltered list.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod === "POST" ? false : defaultShouldRevalidate;

type List = NonNullable<SerializeFrom<typeof action>["list"]>;

const STATUS_STYLES: Record<ResidentStatus, string> = {
  current: "border-green-300 bg-green-50 text-ok",
  upcoming: "border-sky-300 bg-sky-50 text-sky-900",
  former: "border-line bg-stone-100 text-muted",
  none: "border-amber-300 bg-amber-50 text-amber-900",
};

export default function ResidentsPage() {
  const { base, canAdd, houseScoped, added, list: browsed } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const list: List = actionData?.list ?? browsed;
  const { status, q, isFirstPage, next, residents } = list;
  const filterLabel = RESIDENT_FILTER_LABELS[status];
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
      <Form method="post" className="mb-6 grid gap-3 rounded-lg border border-line bg-white p-4 sm:grid-cols-[1fr_2fr_auto] sm:items-end">
        <input type="hidden" name="intent" value="search" />
        <div>
          <label htmlFor="status" className="mb-1 block font-medium">
            Show
          </label>
          <select id="status" name="status" defaultValue={status} className="block w-full rounded-md border border-line bg-white px-3 py-2">
            {RESIDENT_FILTERS.map((f) => (
              <option key={f} value={f}>
                {RESIDENT_FILTER_LABELS[f]}
              </option>
            ))}
          </select>
        </div>
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
          caption={`Residents: ${filterLabel.toLowerCase()}${q ? `, names matching “${q}”` : ""}, by name`}
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
      <div className="mt-4 flex flex-wrap items-center gap-4">
        {next && q ? (
          <Form method="post">
            <input type="hidden" name="intent" value="search" />
            <input type="hidden" name="status" value={status} />
            <input type="hidden" name="q" value={q} />
            <input type="hidden" name="after" value={next} />
            <Button type="submit" variant="secondary">
              Show more residents
            </Button>
          </Form>
        ) : next ? (
          <Link to={`?${new URLSearchParams({ status, after: next }).toString()}`}>Show more residents</Link>
        ) : null}
        {!isFirstPage ? <Link to={`?${new URLSearchParams({ status }).toString()}`}>Back to the start of the list</Link> : null}
      </div>
    </>
  );
}
