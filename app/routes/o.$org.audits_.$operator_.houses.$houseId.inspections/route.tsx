import type { SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { inspectionsPage } from "#app/domain/inspections/inspections.server";
import { requireCertifierGrant } from "#app/domain/certification/certification.server";
import { NO_ACCESS, operatorParam } from "#app/ui/audits.server";
import { FormErrors } from "#app/ui/choices";
import type { ConfirmActionData } from "#app/ui/confirm.server";
import { ConfirmPanel } from "#app/ui/confirm-panel";
import type { FormConstraint } from "#app/ui/constraint";
import { useFormKeys } from "#app/ui/form-keys";
import { Button, Field, PageNotices, SelectField } from "#app/ui/form";
import { TextareaField } from "#app/ui/form-controls";
import { orErrorPage } from "#app/ui/forms.server";
import { Card, PageHeader } from "#app/ui/page";
import { pageErrorOf } from "#app/ui/page-error";
import { houseIdParam } from "#app/ui/params.server";
import { useServerForm } from "#app/ui/server-form";
import { inspectionsAction } from "./forms.server";
import { inspectionsView } from "./view.server";

/**
 * A certifying body's inspections of one house (issue 13, capability 6; ADR 053): the list with
 * status and progress, and — under a grant with the certification scope — scheduling a visit
 * to walk one of the house's submitted self-assessments, rescheduling and cancelling it.
 * Without an active grant covering the house: 404, as if it did not exist.
 */
export const meta: MetaFunction = () => [{ title: "Inspections · Hearth" }];

async function guard(request: Request, params: { org?: string; operator?: string; houseId?: string }) {
  const ctx = await requireOrg(request, params.org, "audits:read");
  return { ctx, slug: operatorParam(params), houseId: houseIdParam(params) };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, slug, houseId } = await guard(request, params);
  const page = await orErrorPage(withTenant(ctx.tenant, (tx) => inspectionsPage(tx, slug, houseId)), NO_ACCESS);
  return inspectionsView(ctx.org.slug, ctx.org.timeZone, page);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, slug, houseId } = await guard(request, params);
  // The grant first: without one that lets this body inspect, 404 whatever the form says.
  await orErrorPage(withTenant(ctx.tenant, (tx) => requireCertifierGrant(tx, slug, houseId, "certification")), NO_ACCESS);
  return inspectionsAction(await request.formData(), ctx.tenant, slug, houseId);
}

type Page = ReturnType<typeof inspectionsView>;
type Result = SubmissionResult<string[]> | null;
type Values = { assessmentId: string; scheduledOn: string; inspectorUserId: string; note: string };

function InspectionFields({ fields, page }: { fields: ReturnType<typeof useServerForm<Values>>[1]; page: Page }) {
  return (
    <>
      <Field field={fields.scheduledOn} label="Date" type="date" />
      <SelectField field={fields.inspectorUserId} label="Inspector (optional)" options={page.inspectors} placeholder="Not chosen yet" />
      <TextareaField field={fields.note} label="Note (optional)" hint="The operator reads it. Never write about residents." rows={2} />
    </>
  );
}

function ScheduleForm({ page, lastResult }: { page: Page; lastResult: Result }) {
  const [form, fields] = useServerForm<Values>({ id: "schedule", lastResult, constraint: page.constraints.schedule as FormConstraint, defaultValue: page.scheduleDefaults });
  return (
    <Form method="post" {...form.props} className="space-y-4">
      <input type="hidden" name="intent" value="schedule" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <SelectField field={fields.assessmentId} label="Self-assessment to walk" options={page.assessments} hint="The house's submitted self-assessments, latest first." />
      <InspectionFields fields={fields} page={page} />
      <Button type="submit">Schedule the inspection</Button>
    </Form>
  );
}

function RescheduleForm({ page, x, lastResult }: { page: Page; x: Page["inspections"][number]; lastResult: Result }) {
  const [form, fields] = useServerForm<Values>({ id: `reschedule-${x.id}`, lastResult, constraint: page.constraints.reschedule as FormConstraint, defaultValue: x.defaults });
  return (
    <Form method="post" {...form.props} className="space-y-3">
      <input type="hidden" name="intent" value="reschedule" />
      <input type="hidden" name="inspectionId" value={x.id} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <InspectionFields fields={fields} page={page} />
      <Button type="submit" variant="secondary">Save the new date</Button>
    </Form>
  );
}

export default function CertifierInspectionsPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ConfirmActionData | undefined;
  const keyFor = useFormKeys(actionData);
  const shown = [page.canWrite && page.assessments.length > 0 && "schedule", ...page.inspections.map((x) => x.canReschedule && `reschedule-${x.id}`)];
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <PageHeader
        title={`Inspections: ${page.houseName}`}
        description={
          <>
            {`${page.place} · operated by `}
            <Link to={page.operatorHref}>{page.operatorName}</Link>
            {" · "}
            <Link to={page.certificationHref}>Certification</Link>
          </>
        }
      />
      {actionData?.confirm ? <ConfirmPanel confirm={actionData.confirm} cancelHref={page.selfHref} /> : null}
      <PageNotices notice={actionData?.notice} error={pageErrorOf(actionData, shown)} />
      <section aria-labelledby="inspections-title" className="space-y-3">
        <h2 id="inspections-title" className="text-lg font-semibold">Visits</h2>
        {page.inspections.length === 0 ? <p>No inspection of this house yet.</p> : null}
        <ul className="space-y-3">
          {page.inspections.map((x) => (
            <li key={x.id} className="rounded-lg border border-line bg-white p-4">
              <p className="font-medium">
                <Link to={x.href}>{x.day}</Link> · <span data-testid="inspection-status">{x.statusLabel}</span>
              </p>
              <p className="text-sm text-muted">
                {x.assessmentLabel} · {x.progress}
                {x.inspectorName ? ` · ${x.inspectorName}` : ""}
                {x.status === "completed" ? ` · ${x.findings} finding${x.findings === 1 ? "" : "s"}` : ""}
              </p>
              {x.note ? <p className="mt-1 text-sm">{x.note}</p> : null}
              {x.canReschedule ? (
                <details className="mt-2">
                  <summary className="cursor-pointer">Reschedule</summary>
                  <RescheduleForm key={keyFor(`reschedule-${x.id}`)} page={page} x={x} lastResult={actionData?.formId === `reschedule-${x.id}` ? actionData.result : null} />
                </details>
              ) : null}
              {x.canCancel ? (
                <Form method="post" className="mt-2">
                  <input type="hidden" name="intent" value="cancel" />
                  <input type="hidden" name="inspectionId" value={x.id} />
                  <Button type="submit" variant="secondary">Cancel the inspection…</Button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
      {page.canWrite ? (
        <Card title="Schedule an inspection">
          {page.assessments.length ? (
            <ScheduleForm key={keyFor("schedule")} page={page} lastResult={actionData?.formId === "schedule" ? actionData.result : null} />
          ) : (
            <p>This house has no submitted self-assessment to walk yet.</p>
          )}
        </Card>
      ) : (
        <p className="text-sm text-muted">The operator's grant lets your organisation review this house, not inspect it.</p>
      )}
    </div>
  );
}
