import type { SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { FormErrors } from "#app/ui/choices";
import type { FormConstraint } from "#app/ui/constraint";
import { Button, Field, SelectField } from "#app/ui/form";
import { TextareaField } from "#app/ui/form-controls";
import { useServerForm } from "#app/ui/server-form";

/** The standards library's item form (ADR 059): add a state-specific item (with its code) or edit one. */

type Option = { value: string; label: string };
type ItemValues = {
  code: string; text: string; guidance: string; evidenceHint: string;
  level1: string; level2: string; level3: string; level4: string; autoCheck: string;
};
const LEVEL_NAMES = ["I (peer-run)", "II (monitored)", "III (supervised)", "IV (service provider)"];

export function ItemForm({ id, intent, withCode, data, defaults, lastResult, submit }: {
  id: string;
  intent: "add-item" | "save-item";
  withCode: boolean;
  data: { constraint: unknown; levels: Option[]; autoChecks: Option[] };
  defaults: Partial<ItemValues>;
  lastResult: SubmissionResult<string[]> | null;
  submit: string;
}) {
  const [form, fields] = useServerForm<ItemValues>({ id, lastResult, constraint: data.constraint as FormConstraint, defaultValue: defaults });
  const levels = [fields.level1, fields.level2, fields.level3, fields.level4];
  return (
    <Form method="post" {...form.props} className="space-y-4">
      <input type="hidden" name="intent" value={intent} />
      <FormErrors id={form.errorId} errors={form.errors} />
      {withCode ? (
        <Field field={fields.code} label="Code" hint="Domain, principle, standard and a new letter, like 2.F.17.d. The standard must exist in this version." />
      ) : null}
      <TextareaField field={fields.text} label="Item text" rows={3} />
      <TextareaField field={fields.guidance} label="Guidance (optional)" hint="What meeting it looks like, in plain words." rows={3} />
      <Field field={fields.evidenceHint} label="Evidence hint (optional)" hint="What an operator can show: a document, a photo, a log." />
      <fieldset className="space-y-2">
        <legend className="font-medium">Applies at each level of support</legend>
        <div className="grid gap-3 sm:grid-cols-2">
          {levels.map((f, i) => (
            <SelectField key={f.name} field={f} label={`Level ${LEVEL_NAMES[i]}`} options={data.levels} />
          ))}
        </div>
      </fieldset>
      <SelectField field={fields.autoCheck} label="Automatic check (optional)" options={data.autoChecks} hint="What Hearth can show from the operator's records for this item." />
      <Button type="submit">{submit}</Button>
    </Form>
  );
}
