import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { checkChore } from "#app/domain/chores/assignments.server";
import { getMyChoreHouse, myHouseBoard } from "#app/domain/chores/portal.server";
import { CheckFields, REASON_RULE, reasonWhenSentBack } from "#app/domain/chores/schemas";
import { addDays, formatDay, relativeDay } from "#app/lib/dates";
import { isoDate } from "#app/lib/fields";
import { badRequest } from "#app/lib/http.server";
import { ChoreStateBadge } from "#app/ui/chore-state";
import { Button, PageNotices } from "#app/ui/form";
import { intent, rowId, runIntent } from "#app/ui/forms.server";
import { EmptyState, PageHeader } from "#app/ui/page";

/**
 * The house's chore board for residents: each chore of the day with the first name of
 * whoever does it, and nothing else about them (the chore_board function). In a peer-run
 * house the coordinator verifies or sends back housemates' done chores here.
 */

export const meta: MetaFunction = () => [{ title: "House chores · Hearth" }];

const dayQuery = z.strictObject({ day: isoDate.optional() });
const checkSchema = CheckFields.extend({ intent: z.literal("check") }).refine(reasonWhenSentBack, REASON_RULE);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "self:read");
  const query = dayQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) badRequest("That day isn't valid. Use a date like 2026-03-01.");
  const base = `/o/${ctx.org.slug}/me/chores`;
  const found = await withTenant(ctx.tenant, async (tx) => {
    const house = await getMyChoreHouse(tx);
    if (!house) return null;
    const day = query.data.day ?? house.today;
    const rows = await myHouseBoard(tx, house, day);
    // The board names housemates (first names): a sensitive read, with the ids of the rows shown.
    const shown = rows.filter((r) => !r.mine).map((r) => r.assignmentId);
    if (shown.length) await audit(tx, "chore.listed", { type: "house", id: house.houseId }, { view: "board", day, assignmentIds: shown });
    return { house, day, rows };
  });
  if (!found) return { base, house: null, day: null, dayLabel: "", prev: "", next: "", isToday: true, rows: [] };
  const { house, day, rows } = found;
  return {
    base,
    house: { name: house.houseName, coordinator: house.coordinator },
    day,
    dayLabel: `${formatDay(day, "EEEE, MMM d")} (${relativeDay(day, house.today)})`,
    prev: addDays(day, -1),
    next: addDays(day, 1),
    isToday: day === house.today,
    // An assignment's id only on the rows the caller may act on (the coordinator's checks).
    rows: rows.map(({ assignmentId, ...r }) => {
      const checkable = house.coordinator && !r.mine && r.status === "done";
      return { ...r, assignmentId: checkable ? assignmentId : null };
    }),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "self:read");
  return runIntent(await request.formData(), {
    check: intent({
      schema: checkSchema,
      formId: (f) => `check-${rowId(f, "assignmentId")}`,
      button: true,
      run: async ({ assignmentId, outcome, reason }) => {
        await withTenant(ctx.tenant, (tx) => checkChore(tx, { assignmentId, outcome, reason }));
        return outcome === "verified" ? "Chore verified." : "Sent back. Your housemate can redo it.";
      },
    }),
  });
}

export default function HouseBoard() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <PageHeader title="House chores" description={data.house ? `${data.house.name} · ${data.dayLabel}` : undefined} />
      <p className="-mt-4 text-sm">
        <Link to={data.base}>Back to my chores</Link>
      </p>
      <PageNotices notice={actionData?.notice} error={actionData?.error} />
      {!data.house ? (
        <EmptyState title="No board">You'll see your house's chores here while you live in one of the houses.</EmptyState>
      ) : (
        <>
          <nav aria-label="Days" className="flex flex-wrap gap-2">
            <Link to={`?day=${data.prev}`} className="inline-flex min-h-11 items-center rounded-md border border-line bg-white px-3 no-underline">
              Previous day
            </Link>
            {!data.isToday ? (
              <Link to="?" className="inline-flex min-h-11 items-center rounded-md border border-line bg-white px-3 no-underline">
                Today
              </Link>
            ) : null}
            <Link to={`?day=${data.next}`} className="inline-flex min-h-11 items-center rounded-md border border-line bg-white px-3 no-underline">
              Next day
            </Link>
          </nav>
          {data.rows.length ? (
            <ul className="divide-y divide-line rounded-lg border border-line bg-white">
              {data.rows.map((r, i) => (
                <li key={r.assignmentId ?? `row-${i}`} className="p-3">
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="font-semibold">{r.choreName}</span>
                    <ChoreStateBadge state={r.state} />
                  </div>
                  <p className="text-sm text-muted">
                    {r.mine ? "You" : r.firstName}
                    {r.area ? ` · ${r.area}` : ""}
                  </p>
                  {r.assignmentId ? (
                    <Form method="post" className="mt-2 space-y-2">
                      <input type="hidden" name="intent" value="check" />
                      <input type="hidden" name="assignmentId" value={r.assignmentId} />
                      <label htmlFor={`reason-${r.assignmentId}`} className="block text-sm font-medium">
                        Reason, if sending back<span className="sr-only"> {r.choreName}</span>
                      </label>
                      <input id={`reason-${r.assignmentId}`} name="reason" maxLength={500} autoComplete="off" className="block w-full rounded-md border border-line px-3 py-2" />
                      <div className="flex flex-wrap gap-2">
                        <Button type="submit" name="outcome" value="verified">
                          Verify<span className="sr-only"> {r.choreName}</span>
                        </Button>
                        <Button type="submit" name="outcome" value="sent_back" variant="secondary">
                          Send back<span className="sr-only"> {r.choreName}</span>
                        </Button>
                      </div>
                    </Form>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <EmptyState title="No chores on this day" />
          )}
        </>
      )}
    </div>
  );
}
