import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { listChores } from "#app/domain/chores/chores.server";
import { describeRecurrence } from "#app/domain/chores/recurrence";
import { formatDay } from "#app/lib/dates";
import { PageNotices } from "#app/ui/form";
import { orErrorPage, runIntent } from "#app/ui/forms.server";
import { EmptyState, PageHeader } from "#app/ui/page";
import { houseIdParam, NOT_FOUND } from "#app/ui/params.server";
import { formConstraint } from "#app/ui/constraint";
import { useFormKeys } from "#app/ui/form-keys";
import { choreFormSchema, FREQUENCY_OPTIONS, WEEKDAY_OPTIONS } from "./forms.server";
import { setupIntents } from "./intents.server";
import { ChoreCard, ChoreForm, type ChoreFormKit } from "./parts";

/** A house's chore definitions: add, edit and archive (owners/admins and the house's managers). */

export const meta: MetaFunction = () => [{ title: "Set up chores · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "chores:manage");
  const houseId = houseIdParam(params);
  const { house, chores } = await orErrorPage(withTenant(ctx.tenant, (tx) => listChores(tx, houseId)), NOT_FOUND.house);
  return {
    base: `/o/${ctx.org.slug}/houses/${house.id}`,
    house: { name: house.name },
    today: house.today,
    chores: chores.map((c) => ({ ...c, when: describeRecurrence(c), since: formatDay(c.startsOn) })),
    // The forms are checked on the server only (ADR 029): constraints and choices come from here.
    constraint: formConstraint(choreFormSchema),
    frequencies: FREQUENCY_OPTIONS,
    weekdays: WEEKDAY_OPTIONS,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "chores:manage");
  return runIntent(await request.formData(), setupIntents(ctx.tenant, houseIdParam(params)));
}

export default function ChoreSetup() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const active = data.chores.filter((c) => !c.archived);
  const archived = data.chores.filter((c) => c.archived);
  const keyFor = useFormKeys(actionData);
  const kit: ChoreFormKit = { constraint: data.constraint, frequencies: data.frequencies, weekdays: data.weekdays, keyFor };
  return (
    <div className="space-y-4">
      <PageHeader title={`Set up chores · ${data.house.name}`} description="What needs doing, how often and how big a job it is. The rotation shares effort fairly." />
      <p className="-mt-4 text-sm">
        <Link to={`${data.base}/chores`}>Back to the chore board</Link>
      </p>
      <PageNotices notice={actionData?.notice} error={actionData?.error && actionData.formId.startsWith("archive-") ? actionData.error : null} />
      {active.length ? (
        <ul className="space-y-3">
          {active.map((c) => (
            <li key={c.id}>
              <ChoreCard chore={c} actionData={actionData} kit={kit} />
            </li>
          ))}
        </ul>
      ) : (
        <EmptyState title="No chores yet">Add the house's chores below: kitchen, bathrooms, common room, trash and recycling…</EmptyState>
      )}
      <ChoreForm key={keyFor("add-chore")} kit={kit} formId="add-chore" title="Add a chore" defaults={{ effort: "2", frequency: "weekly", startsOn: data.today }} actionData={actionData} />
      {archived.length ? (
        <section aria-labelledby="archived-title" className="rounded-lg border border-line bg-white p-4">
          <h2 id="archived-title" className="font-semibold">
            Archived chores
          </h2>
          <ul className="mt-2 list-disc pl-5 text-muted">
            {archived.map((c) => (
              <li key={c.id}>{c.name}</li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
