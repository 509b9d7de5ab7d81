import type { SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { FormConstraint } from "#app/ui/constraint";
import { CheckboxGroup } from "#app/ui/choices";
import { Button, Field, FormMessage, SelectField } from "#app/ui/form";
import { RadioGroupField, TextareaField } from "#app/ui/form-controls";
import { Card } from "#app/ui/page";
import { useServerForm } from "#app/ui/server-form";

type Option = { value: string; label: string };
type IssueValues = { intent: string; certifierOrgId: string; houseIds: string[]; scope: string; startsOn: string; endsOn: string; note: string };

/** Issue a grant: the certifying body, houses as checkboxes, scope, first and last day, note. */
export function IssueForm({ certifiers, houses, scopes, today, constraint, lastResult }: {
  certifiers: Option[]; houses: Option[]; scopes: Option[]; today: string; constraint: FormConstraint; lastResult: SubmissionResult<string[]> | null;
}) {
  const [form, fields] = useServerForm<IssueValues>({ id: "issue", lastResult, constraint, defaultValue: { scope: "certification", startsOn: today } });
  return (
    <Card title="Give a certifying body access">
      <p className="mb-4 text-sm text-muted">
        They see the houses you choose, their self-assessments once submitted, and the evidence — never residents' records.
        Every look they take is written to your audit log.
      </p>
      <Form method="post" {...form.props} className="space-y-4">
        <input type="hidden" name="intent" value="issue" />
        <FormMessage>{form.errors?.join(" ")}</FormMessage>
        <SelectField field={fields.certifierOrgId} label="Certifying body" options={certifiers} placeholder="Choose…" />
        <CheckboxGroup field={fields.houseIds} legend="Houses" options={houses} />
        <RadioGroupField field={fields.scope} legend="Scope" options={scopes} />
        <div className="grid gap-4 sm:grid-cols-2 sm:items-start">
          <Field field={fields.startsOn} label="First day" type="date" />
          <Field field={fields.endsOn} label="Last day (optional)" type="date" hint="Leave empty to keep access until you revoke it." />
        </div>
        <TextareaField field={fields.note} label="Note (optional)" rows={3} />
        <Button type="submit">Grant access</Button>
      </Form>
    </Card>
  );
}
