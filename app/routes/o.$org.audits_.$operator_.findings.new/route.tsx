import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { raiseContext, raiseFinding } from "#app/domain/findings/certifier.server";
import { FINDING_DUE_DAYS, FINDING_SEVERITIES, SEVERITY_LABELS } from "#app/domain/findings/labels";
import { addDays, formatDay } from "#app/lib/dates";
import { NO_ACCESS, operatorParam } from "#app/ui/audits.server";
import { FormErrors } from "#app/ui/choices";
import type { FormConstraint } from "#app/ui/constraint";
import { Button, Field, SelectField } from "#app/ui/form";
import { TextareaField } from "#app/ui/form-controls";
import { intent, orErrorPage, runIntent, uuidParam, type FormActionData } from "#app/ui/forms.server";
import { redirectWithFlash } from "#app/ui/flash.server";
import { Card, PageHeader } from "#app/ui/page";
import { useServerForm } from "#app/ui/server-form";
import { queryOf, raiseConstraint, raiseSchema } from "./forms.server";

/**
 * Raise a finding (ADR 053) on an item of a submitted self-assessment, from the certifier's
 * assessment page (`?assessment=…&item=…`): severity, summary, due date (empty: 30 days after
 * the house's today). Needs a grant with the certification scope covering the house; 404
 * otherwise. Statements: signing in (3), the operator, the self-assessment and its items, the audit.
 */
export const meta: MetaFunction = () => [{ title: "Raise a finding · Audits · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "audits:read");
  const slug = operatorParam(params);
  const q = queryOf(request);
  const assessmentId = uuidParam(q.assessment, NO_ACCESS);
  const c = await orErrorPage(withTenant(ctx.tenant, (tx) => raiseContext(tx, slug, assessmentId)), NO_ACCESS);
  const base = `/o/${ctx.org.slug}/audits/${c.operator.slug}`;
  return {
    operatorName: c.operator.name,
    houseName: c.houseName,
    standardLabel: c.standardLabel,
    back: `${base}/assessments/${c.assessmentId}`,
    assessmentId: c.assessmentId,
    items: c.items.map((i) => ({ value: i.id, label: `${i.code} ${i.text.length > 80 ? `${i.text.slice(0, 77)}…` : i.text}` })),
    severities: FINDING_SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s] })),
    defaults: { itemId: c.items.some((i) => i.id === q.item) ? q.item : "", severity: "minor", summary: "", dueOn: addDays(c.today, FINDING_DUE_DAYS) },
    dueHint: `Empty: ${formatDay(addDays(c.today, FINDING_DUE_DAYS))}, ${FINDING_DUE_DAYS} days after today at the house. Not before today.`,
    constraint: raiseConstraint(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "audits:read");
  const slug = operatorParam(params);
  return runIntent(await request.formData(), {
    raise: intent({
      schema: raiseSchema,
      formId: "raise",
      fields: ["itemId", "severity", "summary", "dueOn"],
      notFoundMessage: NO_ACCESS,
      run: async ({ intent: _intent, assessmentId, ...input }) => {
        const { id } = await withTenant(ctx.tenant, (tx) => raiseFinding(tx, slug, assessmentId, input));
        return redirectWithFlash(`/o/${ctx.org.slug}/audits/${slug}/findings/${id}`, "raised");
      },
    }),
  });
}

type Values = { itemId: string; severity: string; summary: string; dueOn: string };

export default function RaiseFindingPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as FormActionData | undefined;
  const [form, fields] = useServerForm<Values>({
    id: "raise",
    lastResult: actionData?.formId === "raise" ? actionData.result : null,
    constraint: data.constraint as FormConstraint,
    defaultValue: data.defaults,
  });
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <PageHeader title="Raise a finding" description={<>{data.houseName} · {data.operatorName} · {data.standardLabel}. <Link to={data.back}>Back to the self-assessment</Link></>} />
      <Card>
        <Form method="post" {...form.props} className="space-y-4">
          <input type="hidden" name="intent" value="raise" />
          <input type="hidden" name="assessmentId" value={data.assessmentId} />
          <FormErrors id={form.errorId} errors={form.errors} />
          <SelectField field={fields.itemId} label="Item" options={data.items} placeholder="Choose an item" />
          <SelectField field={fields.severity} label="Severity" options={data.severities} />
          <TextareaField field={fields.summary} label="What is not met" hint="The operator reads it. Never name or describe a resident." rows={4} />
          <Field field={fields.dueOn} label="Due date" type="date" hint={data.dueHint} />
          <Button type="submit">Raise the finding</Button>
        </Form>
      </Card>
    </div>
  );
}
