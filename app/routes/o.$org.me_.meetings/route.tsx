import type { SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { deleteMyMeeting, listMyMeetings, logMyMeeting, meetingTargetStatus, myResidentAndHouse } from "#app/domain/sessions/meetings.server";
import { FELLOWSHIP_LABELS, FELLOWSHIPS } from "#app/domain/sessions/labels";
import { mondayOf } from "#app/domain/sessions/schemas";
import { myUpcomingSessions } from "#app/domain/sessions/sessions.server";
import { addDays, formatDay, formatInZone, todayIn } from "#app/lib/dates";
import { FormErrors } from "#app/ui/choices";
import { formConstraint, type FormConstraint } from "#app/ui/constraint";
import { useFormKeys } from "#app/ui/form-keys";
import { Button, Field, PageNotices, SelectField } from "#app/ui/form";
import { intent, runIntent, type FormActionData } from "#app/ui/forms.server";
import { Card, PageHeader } from "#app/ui/page";
import { useServerForm } from "#app/ui/server-form";
import { deleteSchema, logSchema } from "./forms.server";

/**
 * The resident's meetings: log an off-site mutual-aid meeting, see this week against the
 * house's target (weeks run Monday to Sunday), the meetings logged in the last four
 * weeks, and the sessions of the coming two weeks in their house. Only their own.
 */
export const meta: MetaFunction = () => [{ title: "My meetings · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "self:read");
  const home = `/o/${ctx.org.slug}/me`;
  const page = await withTenant(ctx.tenant, async (tx) => {
    const me = await myResidentAndHouse(tx);
    if (!me) return null;
    const zone = me.timeZone ?? ctx.org.timeZone;
    const today = todayIn(zone);
    const sessions = me.houseId ? await myUpcomingSessions(tx, me.houseId, today, addDays(today, 14)) : [];
    const meetings = await listMyMeetings(tx, addDays(mondayOf(today), -28));
    const week = me.houseId ? await meetingTargetStatus(tx, me.houseId, today) : null;
    return { zone, today, sessions, meetings, week };
  });
  if (!page) return { home, linked: false as const };
  const fellowships = FELLOWSHIPS.map((f) => ({ value: f, label: FELLOWSHIP_LABELS[f] }));
  const monday = mondayOf(page.today);
  return {
    home,
    linked: true as const,
    // The log form is checked in the action (`forms.server.ts`); the page gets its HTML constraints (ADR 029).
    logConstraint: formConstraint(logSchema),
    fellowships,
    today: page.today,
    target: page.week?.target ?? null,
    thisWeek: page.meetings.filter((m) => m.metOn >= monday).length,
    meetings: page.meetings.map((m) => ({ ...m, day: formatDay(m.metOn, "EEE, MMM d"), fellowshipLabel: FELLOWSHIP_LABELS[m.fellowship] })),
    sessions: page.sessions
      .filter((o) => o.status !== "cancelled")
      .map((o) => ({
        key: `${o.seriesId}:${o.occursOn}`,
        title: o.title,
        when: formatInZone(o.startsAt, o.timeZone, "EEE, MMM d, h:mm a"),
        place: o.place,
        optional: o.attendance === "optional",
        moved: o.status === "moved",
      })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "self:read");
  return runIntent(await request.formData(), {
    "log-meeting": intent({
      schema: logSchema,
      formId: "meeting",
      fields: ["metOn", "fellowship", "place", "verifierName"],
      resetForm: true,
      run: async ({ intent: _intent, ...input }) => {
        await withTenant(ctx.tenant, (tx) => logMyMeeting(tx, input, ctx.org.timeZone));
        return "Meeting logged.";
      },
    }),
    "delete-meeting": intent({
      schema: deleteSchema,
      formId: "delete-meeting",
      button: true,
      run: async ({ meetingId }) => {
        await withTenant(ctx.tenant, (tx) => deleteMyMeeting(tx, meetingId));
        return "Meeting removed.";
      },
    }),
  });
}

function LogForm({
  today,
  fellowships,
  constraint,
  lastResult,
}: {
  today: string;
  fellowships: { value: string; label: string }[];
  constraint: FormConstraint;
  lastResult: SubmissionResult<string[]> | null;
}) {
  const [form, fields] = useServerForm<{ metOn: string; fellowship: string; place: string; verifierName: string }>({
    id: "meeting",
    lastResult,
    constraint,
    defaultValue: { metOn: today, fellowship: "", place: "", verifierName: "" },
  });
  return (
    <Form method="post" {...form.props} className="space-y-3">
      <input type="hidden" name="intent" value="log-meeting" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field field={fields.metOn} label="Date" type="date" />
        <SelectField field={fields.fellowship} label="Fellowship" placeholder="Choose…" options={fellowships} />
      </div>
      <Field field={fields.place} label="Meeting name or place" inputProps={{ autoComplete: "off" }} />
      <Field field={fields.verifierName} label="Who can confirm it (optional)" hint="For example the chair or your sponsor." inputProps={{ autoComplete: "off" }} />
      <Button type="submit">Log meeting</Button>
    </Form>
  );
}

export default function MyMeetings() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as FormActionData | undefined;
  const keyFor = useFormKeys(actionData);
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <PageHeader title="My meetings" description={<Link to={data.home}>Back to my home</Link>} />
      {!data.linked ? (
        <p className="rounded-lg border border-line bg-white p-4">Once your house links your account to your resident record, you can log meetings here.</p>
      ) : (
        <>
          <PageNotices notice={actionData?.notice} error={actionData?.error} />
          <Card title="This week">
            <p className="text-lg">
              {data.target === null
                ? `You've logged ${data.thisWeek} ${data.thisWeek === 1 ? "meeting" : "meetings"} this week.`
                : `${data.thisWeek} of ${data.target} meetings this week.`}
            </p>
            <p className="text-sm text-muted">Weeks run Monday to Sunday.</p>
          </Card>
          <Card title="Log a meeting">
            <LogForm key={keyFor("meeting")} today={data.today} fellowships={data.fellowships} constraint={data.logConstraint} lastResult={actionData?.formId === "meeting" ? actionData.result : null} />
          </Card>
          <Card title="My upcoming sessions">
            {data.sessions.length === 0 ? (
              <p className="text-muted">Nothing scheduled in the next two weeks.</p>
            ) : (
              <ul className="divide-y divide-line">
                {data.sessions.map((s) => (
                  <li key={s.key} className="py-2">
                    <p className="font-medium">
                      {s.title}
                      {s.optional ? <span className="text-sm font-normal text-muted"> (optional)</span> : null}
                      {s.moved ? <span className="text-sm font-normal text-muted"> (new time)</span> : null}
                    </p>
                    <p className="text-sm">
                      {s.when}
                      {s.place ? ` · ${s.place}` : ""}
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card title="Meetings I've logged (last four weeks)">
            {data.meetings.length === 0 ? (
              <p className="text-muted">None yet.</p>
            ) : (
              <ul className="divide-y divide-line">
                {data.meetings.map((m) => (
                  <li key={m.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                    <div>
                      <p className="font-medium">
                        {m.day} · {m.fellowshipLabel}
                      </p>
                      <p className="text-sm">
                        {m.place}
                        {m.verifierName ? ` · confirmed by ${m.verifierName}` : ""}
                      </p>
                    </div>
                    <Form method="post">
                      <input type="hidden" name="intent" value="delete-meeting" />
                      <input type="hidden" name="meetingId" value={m.id} />
                      <Button type="submit" variant="secondary">
                        Remove<span className="sr-only"> the meeting of {m.day}</span>
                      </Button>
                    </Form>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </>
      )}
    </div>
  );
}
