import type { SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { REMINDER_CADENCE_LABELS, REMINDER_CADENCES } from "#app/domain/arrears/labels";
import { getReminderSettings, reminderEmail, saveReminderSettings } from "#app/domain/arrears/reminders.server";
import { formatCents } from "#app/domain/fees/money";
import { forbidden } from "#app/lib/http.server";
import { FormErrors } from "#app/ui/choices";
import { formConstraint, type FormConstraint } from "#app/ui/constraint";
import { useFormKeys } from "#app/ui/form-keys";
import { Button, Field, PageNotices, SelectField } from "#app/ui/form";
import { intent, runIntent, type FormActionData } from "#app/ui/forms.server";
import { Card, PageHeader } from "#app/ui/page";
import { useServerForm } from "#app/ui/server-form";
import { reminderSchema } from "./forms.server";

/**
 * Payment reminders (owners and admins of an operator): how often the worker may email a
 * resident who owes, from what amount and how many days overdue, and the sign-off. The
 * email's words are fixed (ADR 034) and shown here as residents receive them.
 */
export const meta: MetaFunction = () => [{ title: "Payment reminders · Hearth" }];

async function guard(request: Request, org: string | undefined) {
  const ctx = await requireOrg(request, org, "org:manage");
  if (ctx.org.kind !== "operator") forbidden();
  return ctx;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await guard(request, params.org);
  const s = await withTenant(ctx.tenant, (tx) => getReminderSettings(tx));
  const preview = reminderEmail("resident@example.test", s.signOff);
  return {
    settingsHref: `/o/${ctx.org.slug}/settings`,
    constraint: formConstraint(reminderSchema),
    cadences: REMINDER_CADENCES.map((c) => ({ value: c, label: REMINDER_CADENCE_LABELS[c] })),
    values: { cadence: s.cadence, minAmount: (s.minCents / 100).toFixed(2), minDays: String(s.minDays), signOff: s.signOff },
    summary:
      s.cadence === "off"
        ? "Reminders are off."
        : `${REMINDER_CADENCE_LABELS[s.cadence]}, to residents with a portal account who owe at least ${formatCents(s.minCents, ctx.org.currency)} that has been due for ${s.minDays} days or more.`,
    preview: { subject: preview.subject, text: preview.text },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await guard(request, params.org);
  return runIntent(await request.formData(), {
    "save-reminders": intent({
      schema: reminderSchema,
      formId: "reminders",
      fields: ["cadence", "minAmount", "minDays", "signOff"],
      run: async ({ intent: _intent, ...input }) => {
        await withTenant(ctx.tenant, (tx) => saveReminderSettings(tx, input));
        return "Reminder settings saved.";
      },
    }),
  });
}

type Values = { cadence: string; minAmount: string; minDays: string; signOff: string };

function ReminderForm({ values, cadences, constraint, lastResult }: { values: Values; cadences: { value: string; label: string }[]; constraint: FormConstraint; lastResult: SubmissionResult<string[]> | null }) {
  const [form, fields] = useServerForm<Values>({ id: "reminders", lastResult, constraint, defaultValue: values });
  return (
    <Form method="post" {...form.props} className="space-y-3">
      <input type="hidden" name="intent" value="save-reminders" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <SelectField field={fields.cadence} label="How often" options={cadences} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field field={fields.minAmount} label="Least amount overdue" hint="For example 25 or 25.00." inputProps={{ inputMode: "decimal", autoComplete: "off", maxLength: 20 }} />
        <Field field={fields.minDays} label="Least days overdue" hint="From 1 to 365." inputProps={{ inputMode: "numeric", autoComplete: "off", maxLength: 3 }} />
      </div>
      <Field field={fields.signOff} label="Sign-off" hint='A name or "The office". No words about recovery, housing or consequences.' inputProps={{ autoComplete: "off", maxLength: 80 }} />
      <Button type="submit">Save reminder settings</Button>
    </Form>
  );
}

export default function ReminderSettings() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as FormActionData | undefined;
  const keyFor = useFormKeys(actionData);
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <PageHeader title="Payment reminders" description={<Link to={page.settingsHref}>Back to settings</Link>} />
      <PageNotices notice={actionData?.notice} error={null} />
      <Card title="Reminders">
        <p className="mb-3" data-testid="reminder-summary">
          {page.summary}
        </p>
        <ReminderForm key={keyFor("reminders")} values={page.values} cadences={page.cadences} constraint={page.constraint} lastResult={actionData?.formId === "reminders" ? actionData.result : null} />
      </Card>
      <Card title="What residents receive">
        <p className="font-medium">{page.preview.subject}</p>
        <pre className="mt-2 whitespace-pre-wrap font-sans text-sm">{page.preview.text}</pre>
        <p className="mt-2 text-sm text-muted">No amount, no house and nothing about recovery: only that the account has a balance past due. At most one per resident per period.</p>
      </Card>
    </div>
  );
}
