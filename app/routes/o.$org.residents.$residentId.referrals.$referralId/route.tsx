import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { current as referralOf, getReferral, referralResident } from "#app/domain/referrals/referrals.server";
import { canMove, HANDOFF_METHOD_LABELS, HANDOFF_METHODS, REFERRAL_OUTCOME_LABELS, REFERRAL_OUTCOMES, REFERRAL_STATUS_LABELS, REFERRAL_STATUSES } from "#app/domain/referrals/schemas";
import { formatDay, formatInZone } from "#app/lib/dates";
import { formConstraint } from "#app/ui/constraint";
import { takeFlash } from "#app/ui/flash.server";
import { FormMessage } from "#app/ui/form";
import { useFormKeys } from "#app/ui/form-keys";
import { orErrorPage, runIntent, uuidParam, type FormActionData } from "#app/ui/forms.server";
import { pageErrorOf } from "#app/ui/page-error";
import { Card, PageHeader } from "#app/ui/page";
import { NOT_FOUND, residentIdParam } from "#app/ui/params.server";
import { referralView, StatusSteps } from "#app/ui/referrals";
import { referralIntents } from "./actions.server";
import { appointmentSchema, closeSchema, followupDoneSchema, followupSchema, handoffSchema } from "./forms.server";
import { AppointmentForm, ButtonForm, CloseForm, FollowupDoneForm, FollowupForm, HandoffForm } from "./parts";

/**
 * One referral (ADR 046): its steps with their times, what to do next (send through the
 * consent gate, accepted, appointment, attended, close with an outcome), the warm handoff,
 * follow-ups, and the printable summary for the service. Staff of the resident's house.
 */
export const meta: MetaFunction = () => [{ title: "Referral · Hearth" }];

const REFERRAL_NOT_FOUND = "We couldn't find that referral.";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "residents:read");
  const residentId = residentIdParam(params);
  const referralId = uuidParam(params.referralId, REFERRAL_NOT_FOUND);
  const r = await orErrorPage(withTenant(ctx.tenant, (tx) => getReferral(tx, { residentId }, referralId)), REFERRAL_NOT_FOUND);
  const { flash, headers } = takeFlash(request, ["created"]);
  const zone = r.timeZone;
  const when = (iso: string) => formatInZone(iso, zone, "MMM d, yyyy, h:mm a");
  const reached = new Map(r.events.filter((e) => e.kind === "status").map((e) => [e.status!, when(e.at)]));
  const base = `/o/${ctx.org.slug}/residents/${residentId}`;
  const consentHref = `${base}/consents?${new URLSearchParams({ recipientKind: "organisation", recipientName: r.organizationName, purpose: "referral", information: "referrals" })}`;
  return data(
    {
      base,
      flash,
      today: r.today,
      name: r.residentName,
      referral: referralView(r, zone),
      status: r.status,
      steps: REFERRAL_STATUSES.filter((s) => s !== "consent_needed" || reached.has(s)).map((s) => ({ label: REFERRAL_STATUS_LABELS[s], at: reached.get(s) ?? null, current: s === r.status })),
      can: {
        send: r.status === "draft" || r.status === "consent_needed",
        accept: canMove(r.status, "accepted"),
        appointment: canMove(r.status, "appointment_set"),
        attended: canMove(r.status, "attended"),
        close: canMove(r.status, "closed"),
        summary: r.status !== "draft",
        handoff: r.status !== "closed",
      },
      consentHref,
      handoffs: r.handoffs.map((h) => ({
        id: h.id,
        text: `${formatDay(h.happenedOn)}: ${h.introducedBy} — ${HANDOFF_METHOD_LABELS[h.method].toLowerCase()} — with ${h.contactName}${h.contactPhone ? ` (${h.contactPhone})` : ""}`,
        note: h.note,
      })),
      followups: r.followups.map((f) => ({
        id: f.id,
        task: f.task,
        due: formatDay(f.dueOn),
        overdue: !f.doneAt && f.dueOn < r.today,
        done: f.doneAt ? `Done ${when(f.doneAt)}` : null,
        note: f.note,
      })),
      summaries: r.events.filter((e) => e.disclosureId && e.kind !== "status").map((e) => ({ id: e.disclosureId!, at: when(e.at) })),
      outcomes: REFERRAL_OUTCOMES.map((o) => ({ value: o, label: REFERRAL_OUTCOME_LABELS[o] })),
      methods: HANDOFF_METHODS.map((m) => ({ value: m, label: HANDOFF_METHOD_LABELS[m] })),
      constraints: {
        appointment: formConstraint(appointmentSchema),
        close: formConstraint(closeSchema),
        handoff: formConstraint(handoffSchema),
        followup: formConstraint(followupSchema),
        done: formConstraint(followupDoneSchema),
      },
    },
    { headers },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "residents:read");
  const residentId = residentIdParam(params);
  const referralId = uuidParam(params.referralId, REFERRAL_NOT_FOUND);
  // The resident and the referral first (404 when not the caller's), then the form.
  await orErrorPage(withTenant(ctx.tenant, (tx) => referralResident(tx, residentId)), NOT_FOUND.resident);
  await orErrorPage(withTenant(ctx.tenant, (tx) => referralOf(tx, residentId, referralId)), REFERRAL_NOT_FOUND);
  const base = `/o/${ctx.org.slug}/residents/${residentId}`;
  return runIntent(await request.formData(), referralIntents(ctx.tenant, { residentId, referralId, base }));
}

export default function ReferralPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as FormActionData | undefined;
  const keyFor = useFormKeys(actionData);
  const resultFor = (id: string) => (actionData?.formId === id ? actionData.result : undefined);
  const r = d.referral;
  const pageError = pageErrorOf(actionData, ["appointment", "close", "handoff", "followup", ...d.followups.map((f) => `done-${f.id}`)]);
  const needsConsent = d.status === "consent_needed" || actionData?.detail === "no_consent" || actionData?.detail === "revoked" || actionData?.detail === "expired";
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <PageHeader title={`${d.name}: referral to ${r.service}`} description={`${r.organization} · ${r.status}`} />
      <p className="-mt-4 flex flex-wrap gap-4 text-sm">
        <Link to={`${d.base}/referrals`}>All referrals</Link>
        <Link to={`${d.base}/consents`}>Consents and disclosures</Link>
      </p>
      {d.flash === "created" ? <FormMessage kind="ok">Referral saved as a draft. Send it when the resident is ready.</FormMessage> : null}
      {pageError ? <FormMessage>{pageError}</FormMessage> : null}
      {actionData?.notice ? <FormMessage kind="ok">{actionData.notice}</FormMessage> : null}
      <Card title="Where it stands">
        <StatusSteps steps={d.steps} />
        {r.appointment ? <p className="mt-2 text-sm">Appointment: {r.appointment}</p> : null}
        <p className="mt-2 text-sm">Why: {r.reason}</p>
        {r.goal ? <p className="text-sm">For the goal: {r.goal}</p> : null}
        <p className="text-sm">How soon: {r.urgency}</p>
      </Card>
      {d.can.send || d.can.accept || d.can.attended ? (
        <Card title="Next step">
          {needsConsent ? (
            <p className="mb-2 text-sm">
              Sending shares the referral with {r.organization}, which needs the resident’s consent.{" "}
              <Link to={d.consentHref}>Prepare a consent for {r.organization}</Link> for them to sign on their phone, then send again.
            </p>
          ) : null}
          <div className="flex flex-wrap gap-2">
            {d.can.send ? <ButtonForm name="send" label={`Send to ${r.organization}`} /> : null}
            {d.can.accept ? <ButtonForm name="accept" label="The service accepted" /> : null}
            {d.can.attended ? <ButtonForm name="attended" label="The resident attended" /> : null}
          </div>
        </Card>
      ) : null}
      {d.can.appointment ? (
        <Card title={d.status === "appointment_set" ? "Move the appointment" : "Appointment"}>
          <AppointmentForm key={keyFor("appointment")} lastResult={resultFor("appointment")} constraint={d.constraints.appointment} today={d.today} />
        </Card>
      ) : null}
      <Card title="Warm handoff">
        {d.handoffs.length === 0 ? <p className="text-sm">No handoff recorded yet.</p> : null}
        <ul className="mb-3 space-y-1 text-sm">
          {d.handoffs.map((h) => (
            <li key={h.id}>
              {h.text}
              {h.note ? <span className="block text-muted">{h.note}</span> : null}
            </li>
          ))}
        </ul>
        {d.can.handoff ? <HandoffForm key={keyFor("handoff")} lastResult={resultFor("handoff")} constraint={d.constraints.handoff} methods={d.methods} today={d.today} /> : null}
      </Card>
      <Card title="Follow-ups">
        {d.followups.length === 0 ? <p className="text-sm">No follow-ups yet.</p> : null}
        <ul className="mb-3 space-y-3 text-sm">
          {d.followups.map((f) => (
            <li key={f.id} className="rounded-md border border-line p-2">
              <p className="font-medium">{f.task}</p>
              <p>
                Due {f.due}
                {f.overdue ? " (overdue)" : ""}
              </p>
              {f.done ? <p>{f.done}</p> : null}
              {f.note ? <p>{f.note}</p> : null}
              {f.done ? null : <FollowupDoneForm key={keyFor(`done-${f.id}`)} id={f.id} task={f.task} lastResult={resultFor(`done-${f.id}`)} constraint={d.constraints.done} />}
            </li>
          ))}
        </ul>
        <FollowupForm key={keyFor("followup")} lastResult={resultFor("followup")} constraint={d.constraints.followup} today={d.today} />
      </Card>
      {d.can.summary ? (
        <Card title="Summary for the service">
          <p className="mb-2 text-sm">Printing shares the summary with {r.organization} under the resident’s consent; every print is in their disclosure log.</p>
          <ButtonForm name="summary" label="Print the referral summary" variant="secondary" />
          {d.summaries.length > 0 ? <p className="mt-2 text-sm">Printed: {d.summaries.map((s) => s.at).join("; ")}</p> : null}
        </Card>
      ) : null}
      {d.can.close ? (
        <Card title="Close the referral">
          <CloseForm key={keyFor("close")} lastResult={resultFor("close")} constraint={d.constraints.close} outcomes={d.outcomes} />
        </Card>
      ) : null}
    </div>
  );
}
