import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { SubmissionResult } from "@conform-to/react";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { addMinutes, fromRule } from "#app/domain/sessions/schemas";
import { archiveSeries, getSeries, seriesFormOptions, sessionHouse, updateSeries } from "#app/domain/sessions/sessions.server";
import { FormErrors } from "#app/ui/choices";
import { formConstraint, type FormConstraint } from "#app/ui/constraint";
import { redirectWithFlash } from "#app/ui/flash.server";
import { Button, Field, PageNotices } from "#app/ui/form";
import { useServerForm } from "#app/ui/server-form";
import { intent, orErrorPage, runIntent, uuidParam } from "#app/ui/forms.server";
import { HouseNav, houseSections } from "#app/ui/house-nav";
import { Card, PageHeader } from "#app/ui/page";
import { houseIdParam } from "#app/ui/params.server";
import { SeriesForm } from "#app/ui/series-form";
import { archiveSeriesSchema as archiveSchema, SERIES_FIELDS, seriesFormSchema } from "#app/ui/series-form.server";

/** Edit a session series (houses:write; house managers in their houses). */
export const meta: MetaFunction = () => [{ title: "Edit session · Hearth" }];

const NOT_FOUND_SERIES = "We couldn't find that session.";
const seriesIdParam = (params: { sessionSeriesId?: string }) => uuidParam(params.sessionSeriesId, NOT_FOUND_SERIES);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "houses:write");
  const houseId = houseIdParam(params);
  const seriesId = seriesIdParam(params);
  const { house, series, options } = await orErrorPage(
    withTenant(ctx.tenant, async (tx) => ({
      house: await sessionHouse(tx, houseId),
      series: await getSeries(tx, houseId, seriesId),
      options: await seriesFormOptions(tx, houseId),
    })),
    NOT_FOUND_SERIES,
  );
  const rule = fromRule(series.rule);
  return {
    sections: houseSections(ctx.role),
    houseBase: `/o/${ctx.org.slug}/houses/${houseId}`,
    base: `/o/${ctx.org.slug}/houses/${houseId}/sessions`,
    house: { name: house.name },
    today: house.today,
    options,
    seriesConstraint: formConstraint(seriesFormSchema),
    archiveConstraint: formConstraint(archiveSchema),
    defaults: {
      title: series.title,
      kind: series.kind,
      facilitatorName: series.facilitatorName ?? "",
      facilitatorMembershipId: series.facilitatorMembershipId ?? "",
      place: series.place ?? "",
      startsOn: series.startsOn,
      startTime: series.startTime,
      endTime: addMinutes(series.startTime, series.durationMinutes),
      repeats: rule.repeats,
      weekdays: rule.weekdays,
      until: rule.until ?? "",
      customRule: rule.customRule ?? "",
      attendance: series.attendance,
      invitees: series.invitees,
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "houses:write");
  const houseId = houseIdParam(params);
  const seriesId = seriesIdParam(params);
  return runIntent(await request.formData(), {
    "save-series": intent({
      schema: seriesFormSchema,
      formId: "series",
      fields: SERIES_FIELDS,
      notFoundMessage: NOT_FOUND_SERIES,
      run: async ({ intent: _intent, ...input }) => {
        await withTenant(ctx.tenant, (tx) => updateSeries(tx, houseId, seriesId, input));
        return "Session saved. Attendance already taken is kept.";
      },
    }),
    "archive-series": intent({
      schema: archiveSchema,
      formId: "archive",
      fields: ["from"],
      notFoundMessage: NOT_FOUND_SERIES,
      run: async ({ from }) => {
        await withTenant(ctx.tenant, (tx) => archiveSeries(tx, houseId, seriesId, { from }));
        return redirectWithFlash(`/o/${ctx.org.slug}/houses/${houseId}/sessions`, "archived");
      },
    }),
  });
}

export default function EditSeriesPage() {
  const { base, house, options, seriesConstraint, archiveConstraint, defaults, houseBase, sections, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <PageHeader
        title="Edit session"
        description={
          <>
            {house.name}. <Link to={base}>Back to sessions</Link>
          </>
        }
      />
      <HouseNav houseBase={houseBase} sections={sections} />
      <PageNotices notice={actionData?.notice} error={actionData?.error} />
      <Card>
        <SeriesForm constraint={seriesConstraint} defaults={defaults} options={options} lastResult={actionData?.formId === "series" ? actionData.result : undefined} submitLabel="Save session" />
      </Card>
      <Card title="Archive this session" headingLevel={2}>
        <ArchiveForm constraint={archiveConstraint} today={today} lastResult={actionData?.formId === "archive" ? actionData.result : undefined} />
      </Card>
    </div>
  );
}

function ArchiveForm({ today, lastResult, constraint }: { today: string; lastResult: SubmissionResult<string[]> | null | undefined; constraint: FormConstraint }) {
  const [form, fields] = useServerForm<{ from: string }>({ id: "archive", lastResult, constraint, defaultValue: { from: today } });
  return (
    <Form method="post" {...form.props} className="space-y-3">
      <p className="text-sm text-muted">
        It stops from the day you choose. Sessions that already took place, and their attendance, stay in the history. A session is never deleted.
      </p>
      <input type="hidden" name="intent" value="archive-series" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <Field field={fields.from} label="No sessions from" type="date" />
      <Button type="submit" variant="danger">
        Archive session
      </Button>
    </Form>
  );
}
