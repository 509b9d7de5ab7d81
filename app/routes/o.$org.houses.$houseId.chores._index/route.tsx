import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { houseChoresOn } from "#app/domain/chores/assignments.server";
import { getHouseOffices } from "#app/domain/chores/chores.server";
import { can } from "#app/domain/permissions";
import { addDays, formatDay, relativeDay } from "#app/lib/dates";
import { badRequest } from "#app/lib/http.server";
import { formConstraint } from "#app/ui/constraint";
import { useFormKeys } from "#app/ui/form-keys";
import { PageNotices } from "#app/ui/form";
import { orErrorPage, runIntent } from "#app/ui/forms.server";
import { HouseNav, houseSections } from "#app/ui/house-nav";
import { PageHeader } from "#app/ui/page";
import { houseIdParam, NOT_FOUND } from "#app/ui/params.server";
import { checkSchema, dayQuery, generateSchema, officeSchema } from "./forms.server";
import { boardIntents } from "./intents.server";
import { BoardList, GenerateForm, OfficeForm } from "./parts";

/**
 * A house's chores for one day (staff): who does what, done / verified / missed, the
 * forms to generate the week's rotation and to check done chores, and the coordinator
 * office. Owners/admins and the house's managers change things; staff read.
 */

export const meta: MetaFunction = () => [{ title: "Chores · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "houses:read");
  const houseId = houseIdParam(params);
  const query = dayQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) badRequest("That day isn't valid. Use a date like 2026-03-01.");
  const manage = can(ctx.role, "chores:manage");
  const { board, offices } = await orErrorPage(
    withTenant(ctx.tenant, async (tx) => {
      const board = await houseChoresOn(tx, houseId, query.data.day ?? null);
      const residentIds = [...new Set(board.chores.map((c) => c.residentId))];
      if (residentIds.length) await audit(tx, "chore.listed", { type: "house", id: houseId }, { day: board.day, residentIds });
      return { board, offices: manage ? await getHouseOffices(tx, houseId) : null };
    }),
    NOT_FOUND.house,
  );
  const day = board.day;
  const base = `/o/${ctx.org.slug}/houses/${houseId}`;
  return {
    base,
    manage,
    sections: houseSections(ctx.role),
    house: board.house,
    day,
    dayLabel: `${formatDay(day, "EEEE, MMM d")} (${relativeDay(day, board.today)})`,
    today: board.today,
    prev: addDays(day, -1),
    next: addDays(day, 1),
    chores: board.chores.map((c) => ({
      id: c.assignmentId,
      name: c.choreName,
      area: c.area,
      effort: c.effort,
      resident: c.residentName,
      historyHref: `${base}/chores/history?resident=${c.residentId}`,
      state: c.state,
      note: c.note,
      sentBackReason: c.sentBackReason,
      checkable: manage && c.status === "done",
    })),
    // The forms are checked in the action (`forms.server.ts`); the page gets their HTML constraints (ADR 029).
    constraints: { check: formConstraint(checkSchema), generate: formConstraint(generateSchema), office: formConstraint(officeSchema) },
    coordinator: offices
      ? {
          holder: offices.offices.find((o) => o.office === "coordinator")?.residentId ?? "",
          options: offices.candidates.map((c) => ({ value: c.residentId, label: c.name })),
        }
      : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "chores:manage");
  return runIntent(await request.formData(), boardIntents(ctx.tenant, houseIdParam(params)));
}

export default function HouseChores() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const keyFor = useFormKeys(actionData);
  return (
    <div className="space-y-4">
      <PageHeader
        title={`Chores · ${data.house.name}`}
        description={data.dayLabel}
        actions={
          <>
            <Link to={`${data.base}/chores/history`} className="inline-flex min-h-11 items-center rounded-md border border-line bg-white px-3 text-ink no-underline hover:bg-stone-100">
              History
            </Link>
            {data.manage ? (
              <Link to={`${data.base}/chores/setup`} className="inline-flex min-h-11 items-center rounded-md border border-line bg-white px-3 text-ink no-underline hover:bg-stone-100">
                Set up chores
              </Link>
            ) : null}
          </>
        }
      />
      <HouseNav houseBase={data.base} sections={data.sections} />
      <PageNotices notice={actionData?.notice} error={actionData?.error && !actionData.formId.startsWith("check-") ? actionData.error : null} />
      <nav aria-label="Days" className="flex flex-wrap gap-2">
        <Link to={`?day=${data.prev}`} className="inline-flex min-h-11 items-center rounded-md border border-line bg-white px-3 no-underline">
          Previous day
        </Link>
        {data.day !== data.today ? (
          <Link to="?" className="inline-flex min-h-11 items-center rounded-md border border-line bg-white px-3 no-underline">
            Today
          </Link>
        ) : null}
        <Link to={`?day=${data.next}`} className="inline-flex min-h-11 items-center rounded-md border border-line bg-white px-3 no-underline">
          Next day
        </Link>
      </nav>
      <BoardList chores={data.chores} actionData={actionData} constraint={data.constraints.check} keyFor={keyFor} />
      {data.manage && data.house.active ? <GenerateForm key={keyFor("generate")} today={data.today} actionData={actionData} constraint={data.constraints.generate} /> : null}
      {data.coordinator && data.house.peerRun ? <OfficeForm key={keyFor("office")} coordinator={data.coordinator} actionData={actionData} constraint={data.constraints.office} /> : null}
    </div>
  );
}
