import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams, type ShouldRevalidateFunction } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { can } from "#app/domain/permissions";
import type { ApplicationStatus } from "#app/db/schema";
import { withTenant } from "#app/db/tenant.server";
import { changeApplicationStatus, getApplication, updateScreeningNotes } from "#app/domain/admissions/applications.server";
import { admitReadyApplication, listFreeBeds } from "#app/domain/admissions/queries.server";
import {
  AdmitApplicationInput,
  APPLICATION_STATUS_LABELS,
  APPLICATION_TRANSITIONS,
  ApplicationStatusInput,
  REFERRAL_SOURCE_LABELS,
  ScreeningNotesInput,
} from "#app/domain/admissions/schemas";
import { formatInZone, todayInZone } from "#app/lib/dates";
import { forbidden } from "#app/lib/http.server";
import { BookingDateFields, LISTED_FOR, resultErrors, unlessLookup } from "#app/ui/date-lookup";
import { Button, FormMessage, PageNotices } from "#app/ui/form";
import { GroupedSelectField, TextareaField, type OptionGroup } from "#app/ui/form-controls";
import { requiredMessages, withoutKeys } from "#app/ui/form-errors";
import { formatDay, formatDayOr } from "#app/ui/format-day";
import { Card, PageHeader } from "#app/ui/page";
import { EmailLink, PhoneLink } from "#app/ui/contact-links";
import {
  attempt,
  bedGroups,
  bookingDates,
  DATES_CHANGED_MESSAGE,
  datesChangedSince,
  formError,
  orErrorPage,
  respond,
  uuidParam,
  type ActionData,
} from "./o.$org.applications.helpers.server";

// No names in the title: the tab title shows in history, screen shares and bookmarks.
export const meta: MetaFunction = () => [{ title: "Application · Hearth" }];

const NOT_FOUND = "We couldn't find that application.";
/** Statuses from which an application can be admitted (a waitlisted one is accepted on the way). */
const READY: readonly ApplicationStatus[] = ["accepted", "waitlisted"];

const messages = requiredMessages({
  bedId: "Choose a bed.",
  moveInDate: "Choose a move-in date.",
  status: "Choose a status.",
});

function statusLabel(from: ApplicationStatus, to: ApplicationStatus): string {
  if (to === "screening") return from === "new" ? "Start screening" : from === "declined" ? "Reopen for screening" : "Move back to screening";
  if (to === "accepted") return "Accept";
  if (to === "waitlisted") return from === "accepted" ? "Move to the waitlist" : "Add to the waitlist";
  return APPLICATION_STATUS_LABELS[to];
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "applications:read");
  const applicationId = uuidParam(params.applicationId, NOT_FOUND);
  const tz = ctx.org.timeZone;
  const canWrite = can(ctx.role, "applications:write");
  const canAdmit = canWrite && can(ctx.role, "stays:write");
  const today = todayInZone(tz);
  const url = new URL(request.url);
  const { app, admit } = await orErrorPage(
    withTenant(ctx.tenant, async (tx) => {
      const app = await getApplication(tx, applicationId);
      if (!canAdmit || !READY.includes(app.status)) return { app, admit: null };
      const dates = bookingDates(url, { from: app.desiredMoveIn && app.desiredMoveIn > today ? app.desiredMoveIn : today });
      // Dates that make no sense offer no beds (the form says why).
      const beds = dates.problem ? [] : await listFreeBeds(tx, { from: dates.from, to: dates.to });
      return { app, admit: { dates, beds } };
    }),
    NOT_FOUND,
  );
  const transitions = canWrite ? APPLICATION_TRANSITIONS[app.status] : [];
  return {
    application: {
      id: app.id,
      name: app.applicantName,
      status: app.status,
      statusLabel: APPLICATION_STATUS_LABELS[app.status],
      statusChanged: formatInZone(app.statusChangedAt, tz, "MMM d, yyyy"),
      received: formatInZone(app.createdAt, tz, "MMM d, yyyy, h:mm a"),
      via: app.submittedVia === "public" ? "the online application form" : "staff",
      phone: app.phone,
      email: app.email,
      referral: REFERRAL_SOURCE_LABELS[app.referralSource],
      referralDetail: app.referralDetail,
      desiredMoveIn: formatDayOr(app.desiredMoveIn, "Not given"),
      house: app.houseName ?? "Any house",
      needs: app.needs,
      declineReason: app.declineReason,
      screeningNotes: app.screeningNotes ?? "",
      residentId: app.admittedResidentId,
    },
    canWrite,
    moves: transitions.filter((s) => s !== "declined").map((s) => ({ status: s, label: statusLabel(app.status, s) })),
    canDecline: transitions.includes("declined"),
    admit: admit && {
      moveInDate: admit.dates.from,
      expectedMoveOutDate: admit.dates.to,
      summary: `from ${formatDay(admit.dates.from)}${admit.dates.to ? ` to ${formatDay(admit.dates.to)}` : " (open-ended)"}`,
      moveInLabel: formatDay(admit.dates.from),
      problem: admit.dates.problem,
      datesChanged: url.searchParams.has("datesChanged") ? DATES_CHANGED_MESSAGE : null,
      bedGroups: bedGroups(admit.beds, app.houseId),
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "applications:write");
  const applicationId = uuidParam(params.applicationId, NOT_FOUND);
  const formData = await request.formData();
  const intent = formData.get("intent");
  // The id comes from the URL, whatever the form says.
  const fields = withoutKeys(formData, ["intent", LISTED_FOR, "lookup"]);
  fields.set("applicationId", applicationId);

  if (intent === "notes") {
    const submission = parseWithZod(fields, { schema: ScreeningNotesInput, error: messages });
    if (submission.status !== "success") return respond({ formId: "notes", result: submission.reply() }, 400);
    const outcome = await attempt("notes", submission, () => withTenant(ctx.tenant, (tx) => updateScreeningNotes(tx, submission.value)));
    return outcome.ok ? respond({ formId: "notes", result: submission.reply(), notice: "Screening notes saved." }) : outcome.response;
  }

  if (intent === "status") {
    const formId = fields.get("status") === "declined" ? "decline" : "status";
    const submission = parseWithZod(fields, { schema: ApplicationStatusInput, error: messages });
    if (submission.status !== "success") return respond({ formId, result: submission.reply() }, 400);
    const outcome = await attempt(formId, submission, () => withTenant(ctx.tenant, (tx) => changeApplicationStatus(tx, submission.value)));
    if (!outcome.ok) return outcome.response;
    return respond({ formId, result: submission.reply({ resetForm: true }), notice: `Status changed to ${APPLICATION_STATUS_LABELS[submission.value.status]}.` });
  }

  if (intent === "admit") {
    if (!can(ctx.role, "stays:write")) forbidden("You don't have permission to admit residents.");
    const changed = datesChangedSince(new URL(request.url), formData, ["moveInDate", "expectedMoveOutDate"], ["bedId"]);
    if (changed) return changed;
    const submission = parseWithZod(fields, { schema: AdmitApplicationInput, error: messages });
    if (submission.status !== "success") return respond({ formId: "admit", result: submission.reply() }, 400);
    const outcome = await attempt("admit", submission, () => withTenant(ctx.tenant, (tx) => admitReadyApplication(tx, submission.value)));
    if (!outcome.ok) return outcome.response;
    return redirect(`/o/${ctx.org.slug}/stays/${outcome.value.stayId}?done=admitted`);
  }

  return formError("none", "That action isn't available here.", 400);
}

/** After a refused admission (e.g. the bed was just taken) the bed list is read again, so the taken bed is gone. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 || defaultShouldRevalidate;

export default function ApplicationPage() {
  const { application: a, canWrite, moves, canDecline, admit } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const org = useParams().org;
  const resultFor = (formId: string) => (actionData?.formId === formId ? actionData.result : null);
  // A refusal for a form that is no longer on the page (e.g. the status changed meanwhile) shows at the top.
  const shown = new Set([canWrite && "notes", moves.length && "status", canDecline && "decline", admit && "admit"].filter(Boolean));
  const elsewhere = actionData && !shown.has(actionData.formId) ? resultErrors(actionData.result) : "";
  return (
    <>
      <p className="mb-2 text-sm">
        <Link to={`/o/${org}/applications`}>← Applications</Link>
      </p>
      <PageHeader title={`Application from ${a.name}`} description={`${a.statusLabel} since ${a.statusChanged}. Received ${a.received} through ${a.via}.`} />
      <PageNotices notice={actionData?.notice} error={elsewhere} />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Applicant">
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
            <dt className="font-medium">Status</dt>
            <dd>{a.statusLabel}</dd>
            {a.declineReason ? (
              <>
                <dt className="font-medium">Reason for declining</dt>
                <dd className="whitespace-pre-line">{a.declineReason}</dd>
              </>
            ) : null}
            <dt className="font-medium">Phone</dt>
            <dd>{a.phone ? <PhoneLink phone={a.phone} /> : "—"}</dd>
            <dt className="font-medium">Email</dt>
            <dd>{a.email ? <EmailLink email={a.email} /> : "—"}</dd>
            <dt className="font-medium">Referral</dt>
            <dd>
              {a.referral}
              {a.referralDetail ? ` — ${a.referralDetail}` : ""}
            </dd>
            <dt className="font-medium">Desired move-in</dt>
            <dd>{a.desiredMoveIn}</dd>
            <dt className="font-medium">House preference</dt>
            <dd>{a.house}</dd>
            <dt className="font-medium">Population / needs</dt>
            <dd className="whitespace-pre-line">{a.needs ?? "—"}</dd>
            <dt className="font-medium">Consent to contact</dt>
            <dd>Given</dd>
          </dl>
          {a.residentId ? (
            <p className="mt-4">
              <Link to={`/o/${org}/residents/${a.residentId}`}>View the resident's profile</Link>
            </p>
          ) : null}
        </Card>

        <div className="space-y-6">
          {canWrite ? (
            <NotesForm applicationId={a.id} notes={a.screeningNotes} lastResult={resultFor("notes")} />
          ) : (
            <Card title="Screening notes">
              <p className="whitespace-pre-line text-sm">{a.screeningNotes || "No screening notes yet."}</p>
            </Card>
          )}

          {canWrite && (moves.length || canDecline) ? (
            <Card title="Next step">
              <div className="space-y-4">
                <FormMessage>{actionData?.formId === "status" ? resultErrors(actionData.result) : null}</FormMessage>
                {moves.length ? (
                  <div className="flex flex-wrap gap-2">
                    {moves.map((m) => (
                      <Form key={m.status} method="post">
                        <input type="hidden" name="intent" value="status" />
                        <input type="hidden" name="applicationId" value={a.id} />
                        <input type="hidden" name="status" value={m.status} />
                        <Button type="submit" variant={m.status === "accepted" ? "primary" : "secondary"}>
                          {m.label}
                        </Button>
                      </Form>
                    ))}
                  </div>
                ) : null}
                {canDecline ? <DeclineForm applicationId={a.id} lastResult={resultFor("decline")} /> : null}
              </div>
            </Card>
          ) : null}
        </div>
      </div>

      {admit ? (
        <div className="mt-6">
          <AdmitSection applicationId={a.id} admit={admit} lastResult={resultFor("admit")} />
        </div>
      ) : null}
    </>
  );
}

function NotesForm({ applicationId, notes, lastResult }: { applicationId: string; notes: string; lastResult: SubmissionResult<string[]> | null }) {
  const [form, fields] = useForm({
    id: "notes",
    lastResult,
    constraint: getZodConstraint(ScreeningNotesInput),
    defaultValue: { notes },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(withoutKeys(formData, ["intent"]), { schema: ScreeningNotesInput, error: messages }),
  });
  return (
    <Card title="Screening notes">
      <Form method="post" {...getFormProps(form)} className="space-y-3">
        <input type="hidden" name="intent" value="notes" />
        <input type="hidden" name="applicationId" value={applicationId} />
        <FormMessage>{form.errors?.join(" ")}</FormMessage>
        <TextareaField field={fields.notes} label={<span className="sr-only">Screening notes</span>} hint="Seen only by your team. Stick to what helps decide on a place." rows={6} />
        <Button type="submit" variant="secondary">
          Save notes
        </Button>
      </Form>
    </Card>
  );
}

function DeclineForm({ applicationId, lastResult }: { applicationId: string; lastResult: SubmissionResult<string[]> | null }) {
  const [form, fields] = useForm({
    id: "decline",
    lastResult,
    constraint: getZodConstraint(ApplicationStatusInput),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(withoutKeys(formData, ["intent"]), { schema: ApplicationStatusInput, error: messages }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3 border-t border-line pt-4">
      <input type="hidden" name="intent" value="status" />
      <input type="hidden" name="applicationId" value={applicationId} />
      <input type="hidden" name="status" value="declined" />
      <FormMessage>{form.errors?.join(" ")}</FormMessage>
      <TextareaField
        field={fields.declineReason}
        label="Reason for declining"
        hint="Required. For example: needs a higher level of care, no bed suits their needs, could not be reached."
        rows={3}
      />
      <Button type="submit" variant="secondary">
        Decline application
      </Button>
    </Form>
  );
}

type AdmitData = {
  moveInDate: string;
  expectedMoveOutDate: string | null;
  summary: string;
  moveInLabel: string;
  problem: string | null;
  datesChanged: string | null;
  bedGroups: OptionGroup[];
};

function AdmitSection({ applicationId, admit, lastResult }: { applicationId: string; admit: AdmitData; lastResult: SubmissionResult<string[]> | null }) {
  const [form, fields] = useForm({
    id: "admit",
    lastResult,
    constraint: getZodConstraint(AdmitApplicationInput),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: unlessLookup((formData) => parseWithZod(withoutKeys(formData, ["intent", LISTED_FOR, "lookup"]), { schema: AdmitApplicationInput, error: messages })),
  });
  return (
    <Card title="Admit">
      <p className="mb-4 text-sm text-muted">
        Creates the resident's profile from this application and books the bed, in one step. A waitlisted application is
        accepted at the same time.
      </p>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <input type="hidden" name="intent" value="admit" />
        <input type="hidden" name="applicationId" value={applicationId} />
        <BookingDateFields
          id="admit-dates"
          dates={[
            { name: "moveInDate", label: "Move-in date", value: admit.moveInDate, required: true },
            { name: "expectedMoveOutDate", label: "Expected move-out (optional)", value: admit.expectedMoveOutDate },
          ]}
          problem={admit.problem}
          errors={{ moveInDate: fields.moveInDate.errors, expectedMoveOutDate: fields.expectedMoveOutDate.errors }}
        />
        <FormMessage>{[...(form.errors ?? []), ...(admit.datesChanged ? [admit.datesChanged] : [])].join(" ")}</FormMessage>
        {admit.bedGroups.length ? (
          <>
            <GroupedSelectField
              field={fields.bedId}
              label="Bed"
              groups={admit.bedGroups}
              placeholder="Choose a bed"
              hint={`Beds free ${admit.summary}, grouped by house.`}
            />
            <Button type="submit">Admit from {admit.moveInLabel}</Button>
          </>
        ) : (
          <p>
            {admit.problem
              ? "Correct the dates to see the free beds."
              : `No bed is free ${admit.summary}. Try other dates, or add the application to the waitlist.`}
          </p>
        )}
      </Form>
    </Card>
  );
}
