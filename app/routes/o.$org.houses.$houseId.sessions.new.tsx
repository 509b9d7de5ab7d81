import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { createSeries, seriesFormOptions, sessionHouse } from "#app/domain/sessions/sessions.server";
import { redirectWithFlash } from "#app/ui/flash.server";
import { PageNotices } from "#app/ui/form";
import { intent, orErrorPage, runIntent } from "#app/ui/forms.server";
import { HouseNav, houseSections } from "#app/ui/house-nav";
import { Card, PageHeader } from "#app/ui/page";
import { houseIdParam, NOT_FOUND } from "#app/ui/params.server";
import { formConstraint } from "#app/ui/constraint";
import { SeriesForm } from "#app/ui/series-form";
import { SERIES_FIELDS, seriesFormSchema } from "#app/ui/series-form.server";

/** Add a session series to a house (houses:write; house managers in their houses). */
export const meta: MetaFunction = () => [{ title: "Add a session · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "houses:write");
  const houseId = houseIdParam(params);
  const { house, options } = await orErrorPage(
    withTenant(ctx.tenant, async (tx) => ({ house: await sessionHouse(tx, houseId), options: await seriesFormOptions(tx, houseId) })),
    NOT_FOUND.house,
  );
  return {
    sections: houseSections(ctx.role),
    houseBase: `/o/${ctx.org.slug}/houses/${houseId}`,
    base: `/o/${ctx.org.slug}/houses/${houseId}/sessions`,
    house: { name: house.name },
    options,
    seriesConstraint: formConstraint(seriesFormSchema),
    defaults: {
      title: "",
      kind: "house_meeting",
      facilitatorName: "",
      facilitatorMembershipId: "",
      place: "",
      startsOn: house.today,
      startTime: "19:00",
      endTime: "20:00",
      repeats: "weekly",
      weekdays: [],
      until: "",
      customRule: "",
      attendance: "all",
      invitees: [],
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "houses:write");
  const houseId = houseIdParam(params);
  return runIntent(await request.formData(), {
    "save-series": intent({
      schema: seriesFormSchema,
      formId: "series",
      fields: SERIES_FIELDS,
      run: async ({ intent: _intent, ...input }) => {
        await withTenant(ctx.tenant, (tx) => createSeries(tx, houseId, input));
        return redirectWithFlash(`/o/${ctx.org.slug}/houses/${houseId}/sessions`, "created");
      },
    }),
  });
}

export default function NewSeriesPage() {
  const { base, house, options, seriesConstraint, defaults, houseBase, sections } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <PageHeader
        title="Add a session"
        description={
          <>
            {house.name}. <Link to={base}>Back to sessions</Link>
          </>
        }
      />
      <HouseNav houseBase={houseBase} sections={sections} />
      <PageNotices error={actionData?.error} />
      <Card>
        <SeriesForm constraint={seriesConstraint} defaults={defaults} options={options} lastResult={actionData?.result} submitLabel="Add session" />
      </Card>
    </div>
  );
}
