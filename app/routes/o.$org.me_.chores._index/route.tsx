import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { listChoresForResident } from "#app/domain/chores/assignments.server";
import { getMyChoreHouse, listHousemates, listMySwaps, myWindow, presentOn } from "#app/domain/chores/portal.server";
import { formatDay, relativeDay } from "#app/lib/dates";
import { formConstraint } from "#app/ui/constraint";
import { useFormKeys } from "#app/ui/form-keys";
import { PageNotices } from "#app/ui/form";
import { runIntent } from "#app/ui/forms.server";
import { EmptyState, PageHeader } from "#app/ui/page";
import { myChoreIntents } from "./intents.server";
import { doneSchema, swapSchema } from "./forms.server";
import { ChoreItem, SwapRequests, type MyChoreForms } from "./parts";

/**
 * The resident's chores: today first (mark done, with a note), then the coming week (ask
 * a housemate to take one), requests to answer, and the last two weeks. Only their own
 * chores; housemates appear by first name only.
 */

export const meta: MetaFunction = () => [{ title: "My chores · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "self:read");
  const base = `/o/${ctx.org.slug}/me`;
  // The forms are checked in the action (`forms.server.ts`); the page gets their HTML constraints (ADR 029).
  const constraints = { done: formConstraint(doneSchema), swap: formConstraint(swapSchema) };
  const found = await withTenant(ctx.tenant, async (tx) => {
    const house = await getMyChoreHouse(tx);
    if (!house) return null;
    const w = myWindow(house.today);
    return {
      house,
      chores: await listChoresForResident(tx, house.residentId, w.from, w.to),
      swaps: await listMySwaps(tx),
      mates: await listHousemates(tx, house.houseId, house.today, w.to),
    };
  });
  if (!found) return { base, constraints, house: null, today: [], upcoming: [], recent: [], incoming: [], outgoing: [] };
  const { house, chores, swaps, mates } = found;
  const firstName = (id: string) => mates.find((m) => m.residentId === id)?.firstName ?? "A housemate";
  const pending = new Set(swaps.filter((s) => s.direction === "outgoing").map((s) => s.assignmentId));
  const item = (c: (typeof chores)[number]) => ({
    id: c.assignmentId,
    name: c.choreName,
    area: c.area,
    instructions: c.instructions,
    effort: c.effort,
    when: `${formatDay(c.day, "EEEE, MMM d")} (${relativeDay(c.day, house.today)})`,
    state: c.state,
    note: c.note,
    sentBackReason: c.sentBackReason,
    canMarkDone: c.day === house.today ? c.state === "assigned" || c.state === "sent_back" : c.state === "sent_back",
    swapTo:
      c.status === "assigned" && c.day >= house.today && !pending.has(c.assignmentId)
        ? mates
            .filter((m) => m.residentId !== house.residentId && presentOn(m, c.day))
            .map((m) => ({ value: m.residentId, label: m.firstName }))
        : null,
  });
  return {
    base,
    constraints,
    house: { name: house.houseName, coordinator: house.coordinator },
    today: chores.filter((c) => c.day === house.today || (c.day < house.today && c.state === "sent_back")).map(item),
    upcoming: chores.filter((c) => c.day > house.today).map(item),
    recent: chores.filter((c) => c.day < house.today && c.state !== "sent_back").reverse().map(item),
    incoming: swaps.filter((s) => s.direction === "incoming").map((s) => ({ id: s.swapId, chore: s.choreName, when: formatDay(s.day, "EEEE, MMM d"), who: firstName(s.otherResidentId) })),
    outgoing: swaps.filter((s) => s.direction === "outgoing").map((s) => ({ id: s.swapId, chore: s.choreName, when: formatDay(s.day, "EEEE, MMM d"), who: firstName(s.otherResidentId) })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "self:read");
  return runIntent(await request.formData(), myChoreIntents(ctx.tenant));
}

export default function MyChores() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const keyFor = useFormKeys(actionData);
  const forms: MyChoreForms = { ...data.constraints, keyFor };
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <PageHeader title="My chores" description={data.house ? data.house.name : undefined} />
      <p className="-mt-4 flex flex-wrap gap-4 text-sm">
        <Link to={data.base}>Back to my home</Link>
        {data.house ? <Link to={`${data.base}/chores/board`}>{data.house.coordinator ? "House chore board (to check)" : "House chore board"}</Link> : null}
      </p>
      <PageNotices notice={actionData?.notice} error={actionData?.error && actionData.formId.startsWith("answer-") ? actionData.error : null} />
      {!data.house ? (
        <EmptyState title="No chores">You'll see your chores here while you live in one of the houses.</EmptyState>
      ) : (
        <>
          <SwapRequests incoming={data.incoming} outgoing={data.outgoing} />
          <section aria-labelledby="today-title" className="space-y-2">
            <h2 id="today-title" className="text-lg font-semibold">
              Today
            </h2>
            {data.today.length ? (
              <ul className="space-y-2">
                {data.today.map((c) => (
                  <ChoreItem key={c.id} chore={c} actionData={actionData} forms={forms} />
                ))}
              </ul>
            ) : (
              <p className="text-muted">Nothing for you today.</p>
            )}
          </section>
          <section aria-labelledby="upcoming-title" className="space-y-2">
            <h2 id="upcoming-title" className="text-lg font-semibold">
              Coming up
            </h2>
            {data.upcoming.length ? (
              <ul className="space-y-2">
                {data.upcoming.map((c) => (
                  <ChoreItem key={c.id} chore={c} actionData={actionData} forms={forms} />
                ))}
              </ul>
            ) : (
              <p className="text-muted">Nothing planned for the next week yet.</p>
            )}
          </section>
          {data.recent.length ? (
            <section aria-labelledby="recent-title" className="space-y-2">
              <h2 id="recent-title" className="text-lg font-semibold">
                The last two weeks
              </h2>
              <ul className="space-y-2">
                {data.recent.map((c) => (
                  <ChoreItem key={c.id} chore={c} actionData={actionData} forms={forms} />
                ))}
              </ul>
            </section>
          ) : null}
        </>
      )}
    </div>
  );
}
