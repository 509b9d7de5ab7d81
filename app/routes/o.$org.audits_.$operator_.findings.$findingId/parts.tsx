import type { SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { FormErrors } from "#app/ui/choices";
import type { FormConstraint } from "#app/ui/constraint";
import { Button, Field, SelectField } from "#app/ui/form";
import { TextareaField } from "#app/ui/form-controls";
import { useServerForm } from "#app/ui/server-form";

type Result = SubmissionResult<string[]> | null;

/** Accept the operator's plan or reopen the finding, with a note the operator reads (required to reopen). */
export function DecideForm({ constraint, lastResult }: { constraint: FormConstraint; lastResult: Result }) {
  const [form, fields] = useServerForm<{ decision: string; note: string }>({ id: "decide", lastResult, constraint, defaultValue: { note: "" } });
  return (
    <Form method="post" {...form.props} className="space-y-4">
      <input type="hidden" name="intent" value="decide" />
      <FormErrors id={form.errorId} errors={form.errors ?? fields.decision.errors} />
      <TextareaField field={fields.note} label="Note for the operator" hint="Required to reopen: say what the plan still needs. Never write about residents." rows={3} />
      <div className="flex flex-wrap gap-3">
        <Button type="submit" name="decision" value="accept">Accept the plan</Button>
        <Button type="submit" name="decision" value="reopen" variant="secondary">Reopen the finding</Button>
      </div>
    </Form>
  );
}

type EditValues = { severity: string; summary: string; dueOn: string; note: string };

/** Change severity, summary or due date while the finding is not accepted. */
export function EditForm({ constraint, lastResult, defaults, severities }: { constraint: FormConstraint; lastResult: Result; defaults: EditValues; severities: { value: string; label: string }[] }) {
  const [form, fields] = useServerForm<EditValues>({ id: "edit", lastResult, constraint, defaultValue: defaults });
  return (
    <Form method="post" {...form.props} className="space-y-4">
      <input type="hidden" name="intent" value="edit" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <SelectField field={fields.severity} label="Severity" options={severities} />
      <TextareaField field={fields.summary} label="What is not met" hint="Never name or describe a resident." rows={4} />
      <Field field={fields.dueOn} label="Due date" type="date" hint="Not before today at the house (a date already past may stay)." />
      <TextareaField field={fields.note} label="Note for the history (optional)" rows={2} />
      <Button type="submit" variant="secondary">Save changes</Button>
    </Form>
  );
}
