import type { SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { FormErrors } from "#app/ui/choices";
import type { FormConstraint } from "#app/ui/constraint";
import { Button, controlClass, ErrorList, Field } from "#app/ui/form";
import { TextareaField } from "#app/ui/form-controls";
import { useServerForm } from "#app/ui/server-form";

type Values = { plan: string; planDueOn: string; evidenceLabel: string; evidence: string };

/** The corrective action plan, its target date and an optional evidence file (works without JavaScript). */
export function AnswerForm({
  constraint,
  lastResult,
  defaults,
  upload,
  again,
}: {
  constraint: FormConstraint;
  lastResult: SubmissionResult<string[]> | null;
  defaults: { plan: string; planDueOn: string };
  upload: { accept: string; hint: string };
  again: boolean;
}) {
  const [form, fields] = useServerForm<Values>({ id: "answer", lastResult, constraint, defaultValue: { ...defaults, evidenceLabel: "" } });
  const errors = fields.evidence.errors;
  return (
    <Form method="post" encType="multipart/form-data" {...form.props} className="space-y-4">
      <input type="hidden" name="intent" value="answer" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <TextareaField field={fields.plan} label="Corrective action plan" hint="What you will do, or did, so the item is met. Never name or describe a resident." rows={5} />
      <Field field={fields.planDueOn} label="Target date" type="date" hint="When it will be done. Not before today at the house." />
      <Field field={fields.evidenceLabel} label="What the file shows (optional)" hint="Empty: the file's name." />
      <div>
        <label htmlFor="answer-evidence" className="mb-1 block font-medium">Evidence file (optional)</label>
        <p id="answer-evidence-hint" className="mb-1 text-sm text-muted">{upload.hint}</p>
        <input id="answer-evidence" type="file" name="evidence" accept={upload.accept} className={controlClass}
          aria-describedby={`answer-evidence-hint${errors?.length ? " answer-evidence-error" : ""}`} aria-invalid={errors?.length ? true : undefined} />
        <ErrorList id="answer-evidence-error" errors={errors} />
      </div>
      <Button type="submit">{again ? "Send the revised plan" : "Send the plan"}</Button>
    </Form>
  );
}
