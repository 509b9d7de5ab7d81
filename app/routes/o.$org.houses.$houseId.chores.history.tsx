import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { listChoreHistory } from "#app/domain/chores/assignments.server";
import { formatDay } from "#app/lib/dates";
import { badRequest } from "#app/lib/http.server";
import { cursorParam } from "#app/lib/cursor.server";
import { orErrorPage } from "#app/ui/forms.server";
import { ChoreStateBadge } from "#app/ui/chore-state";
import { EmptyState, PageHeader } from "#app/ui/page";
import { Pager } from "#app/ui/pager";
import { houseIdParam, NOT_FOUND } from "#app/ui/params.server";

/** A house's chore history, newest first; `?resident=` narrows it to one resident (staff). */

export const meta: MetaFunction = () => [{ title: "Chore history · Hearth" }];

const filterSchema = z.strictObject({ resident: z.uuid().optional(), cursor: cursorParam.optional() });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "houses:read");
  const houseId = houseIdParam(params);
  const parsed = filterSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) badRequest("That page of the history isn't valid. Go back to the start of the list.");
  const f = parsed.data;
  const page = await orErrorPage(
    withTenant(ctx.tenant, async (tx) => {
      const page = await listChoreHistory(tx, houseId, { residentId: f.resident ?? null, cursor: f.cursor ?? null });
      const residentIds = [...new Set(page.rows.map((r) => r.residentId))];
      if (residentIds.length) await audit(tx, "chore.listed", { type: "house", id: houseId }, { view: "history", residentIds });
      return page;
    }),
    NOT_FOUND.house,
  );
  const base = `/o/${ctx.org.slug}/houses/${houseId}/chores`;
  return {
    base,
    filtered: Boolean(f.resident),
    next: page.next,
    rows: page.rows.map((r) => ({
      id: r.id,
      day: formatDay(r.day, "EEE, MMM d, yyyy"),
      chore: r.choreName,
      resident: r.residentName,
      residentHref: `${base}/history?resident=${r.residentId}`,
      effort: r.effort,
      state: r.state,
      note: r.note,
      sentBackReason: r.sentBackReason,
    })),
  };
}

export default function ChoreHistory() {
  const data = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <PageHeader title="Chore history" description={data.filtered ? "One resident's chores in this house, newest first." : "Every chore in this house, newest first."} />
      <p className="-mt-4 flex flex-wrap gap-4 text-sm">
        <Link to={data.base}>Back to the chore board</Link>
        {data.filtered ? <Link to={`${data.base}/history`}>Everyone's history</Link> : null}
      </p>
      {data.rows.length ? (
        <ul className="divide-y divide-line rounded-lg border border-line bg-white">
          {data.rows.map((r) => (
            <li key={r.id} className="p-3">
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-medium">{r.day}</span>
                <span>{r.chore}</span>
                <ChoreStateBadge state={r.state} />
              </div>
              <p className="text-sm">
                {data.filtered ? r.resident : <Link to={r.residentHref}>{r.resident}</Link>}
                <span className="text-muted"> · effort {r.effort}</span>
              </p>
              {r.note ? <p className="text-sm">Note: {r.note}</p> : null}
              {r.sentBackReason ? <p className="text-sm">Sent back: {r.sentBackReason}</p> : null}
            </li>
          ))}
        </ul>
      ) : (
        <EmptyState title="No chores yet">Chores appear here once their day has come.</EmptyState>
      )}
      <Pager next={data.next} nextLabel="Older chores" />
    </div>
  );
}
