import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams, type ShouldRevalidateFunction } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { pageErrorOf, resultErrors } from "#app/ui/page-error";
import { Button, FormMessage, PageNotices } from "#app/ui/form";
import { Card, PageHeader } from "#app/ui/page";
import { EmailLink, PhoneLink } from "#app/ui/contact-links";
import type { FormActionData } from "#app/ui/forms.server";
import { applicationIdParam } from "#app/ui/params.server";
import { applicationAction } from "./actions.server";
import { useFormKeys } from "#app/ui/form-keys";
import { AdmitSection, DeclineForm, IntakeForm, MoudReadout, ScreeningLog } from "./parts";
import { applicationView } from "./view.server";

// No names in the title: the tab title shows in history, screen shares and bookmarks.
export const meta: MetaFunction = () => [{ title: "Application · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "applications:read");
  return applicationView(ctx, applicationIdParam(params), new URL(request.url));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "applications:write");
  return applicationAction(ctx, applicationIdParam(params), request);
}

/** After a refused admission (e.g. the bed was just taken) the bed list is read again, so the taken bed is gone. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 || defaultShouldRevalidate;

export default function ApplicationPage() {
  const { application: a, intake, moud, log, canWrite, constraints, moves, canDecline, admit } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as FormActionData | undefined;
  const org = useParams().org;
  const resultFor = (formId: string) => (actionData?.formId === formId ? actionData.result : null);
  const keyFor = useFormKeys(actionData);
  // A refusal for a form that is no longer on the page (e.g. the status changed meanwhile) shows at the top.
  const shown = new Set(
    [canWrite && "intake", canWrite && "screening-note", moves.length && "status", canDecline && "decline", admit && "admit"].filter(Boolean),
  );
  const elsewhere = pageErrorOf(actionData, shown);
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
          <ScreeningLog
            key={keyFor("screening-note")}
            applicationId={a.id}
            log={log}
            canAdd={canWrite}
            constraint={constraints.screeningNote}
            lastResult={resultFor("screening-note")}
          />

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
                {canDecline ? <DeclineForm key={keyFor("decline")} applicationId={a.id} constraint={constraints.decline} lastResult={resultFor("decline")} /> : null}
              </div>
            </Card>
          ) : null}
        </div>
      </div>

      <div className="mt-6">
        {canWrite ? (
          <IntakeForm key={keyFor("intake")} applicationId={a.id} intake={intake} moud={moud} constraint={constraints.intake} lastResult={resultFor("intake")} />
        ) : (
          <Card title="Intake">
            <dl className="mb-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
              <dt className="font-medium">Recovery or sobriety date</dt>
              <dd>{intake.recoveryDateLabel}</dd>
              <dt className="font-medium">Who pays</dt>
              <dd>{intake.payerLabel}</dd>
              <dt className="font-medium">Sponsor or recovery coach</dt>
              <dd>
                {intake.sponsorName || "—"}
                {intake.sponsorPhone ? (
                  <>
                    {" "}
                    <PhoneLink phone={intake.sponsorPhone} />
                  </>
                ) : null}
              </dd>
              <dt className="font-medium">Probation or court contact</dt>
              <dd>
                {intake.probationContactName || "—"}
                {intake.probationContactPhone ? (
                  <>
                    {" "}
                    <PhoneLink phone={intake.probationContactPhone} />
                  </>
                ) : null}
              </dd>
            </dl>
            <MoudReadout moud={moud} />
          </Card>
        )}
      </div>

      {admit ? (
        <div className="mt-6">
          <AdmitSection key={keyFor("admit")} applicationId={a.id} admit={admit} constraint={constraints.admit} lastResult={resultFor("admit")} />
        </div>
      ) : null}
    </>
  );
}

