import { Form } from "@remix-run/react";
import type { ChoreFrequency, Weekday } from "#app/db/schema";
import { CheckboxGroup, FormErrors } from "#app/ui/choices";
import type { FormConstraint } from "#app/ui/constraint";
import { TextareaField } from "#app/ui/form-controls";
import { Button, Field, FormMessage, SelectField } from "#app/ui/form";
import type { FormActionData } from "#app/ui/forms.server";
import { Card } from "#app/ui/page";
import { useServerForm } from "#app/ui/server-form";

type Option = { value: string; label: string };
/** What the chore forms need from the loader: HTML constraints and the labelled choices (no zod in the browser). */
export type ChoreFormKit = { constraint: FormConstraint; frequencies: Option[]; weekdays: Option[]; keyFor: (formId: string) => string };

type ActionData = FormActionData | undefined;
type ChoreDefaults = {
  name?: string;
  area?: string;
  instructions?: string;
  effort?: string;
  frequency?: string;
  weekdays?: string[];
  rule?: string;
  startsOn?: string;
};
type ChoreRow = {
  id: string;
  name: string;
  area: string | null;
  instructions: string | null;
  effort: number;
  frequency: ChoreFrequency;
  weekdays: Weekday[];
  rule: string | null;
  startsOn: string;
  when: string;
  since: string;
};

export function ChoreCard({ chore, actionData, kit }: { chore: ChoreRow; actionData: ActionData; kit: ChoreFormKit }) {
  const ids = [`chore-${chore.id}`, `archive-${chore.id}`];
  return (
    <section aria-labelledby={`chore-${chore.id}-title`} className="rounded-lg border border-line bg-white p-4">
      <h2 id={`chore-${chore.id}-title`} className="font-semibold">
        {chore.name}
        {chore.area ? <span className="ml-2 text-sm font-normal text-muted">{chore.area}</span> : null}
      </h2>
      <p className="text-sm">
        {chore.when} · effort {chore.effort} · from {chore.since}
      </p>
      {chore.instructions ? <p className="mt-1 whitespace-pre-line text-sm text-muted">{chore.instructions}</p> : null}
      <details className="mt-2" open={Boolean(actionData?.error && ids.includes(actionData.formId))}>
        <summary className="min-h-11 cursor-pointer py-2 font-medium text-brand-700">
          Edit or archive<span className="sr-only"> {chore.name}</span>
        </summary>
        <ChoreForm
          key={kit.keyFor(`chore-${chore.id}`)}
          kit={kit}
          formId={`chore-${chore.id}`}
          choreId={chore.id}
          defaults={{
            name: chore.name,
            area: chore.area ?? "",
            instructions: chore.instructions ?? "",
            effort: String(chore.effort),
            frequency: chore.frequency,
            weekdays: chore.weekdays,
            rule: chore.rule ?? "",
            startsOn: chore.startsOn,
          }}
          actionData={actionData}
        />
        <Form method="post" className="mt-3 space-y-2 border-t border-line pt-3">
          {actionData?.formId === `archive-${chore.id}` && actionData.error ? <FormMessage>{actionData.error}</FormMessage> : null}
          <input type="hidden" name="intent" value="archive-chore" />
          <input type="hidden" name="choreId" value={chore.id} />
          <Button type="submit" variant="danger">
            Archive {chore.name}
          </Button>
        </Form>
      </details>
    </section>
  );
}

export function ChoreForm({
  formId,
  title,
  choreId,
  defaults,
  actionData,
  kit,
}: {
  kit: ChoreFormKit;
  formId: string;
  title?: string;
  choreId?: string;
  defaults: ChoreDefaults;
  actionData: ActionData;
}) {
  const [form, fields] = useServerForm<Required<ChoreDefaults>>({
    id: formId,
    lastResult: actionData?.formId === formId ? actionData.result : null,
    constraint: kit.constraint,
    defaultValue: defaults,
  });
  const body = (
    <Form method="post" {...form.props} className="space-y-3">
      <input type="hidden" name="intent" value={choreId ? "update-chore" : "add-chore"} />
      {choreId ? <input type="hidden" name="choreId" value={choreId} /> : null}
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field field={fields.name} label="Chore" hint="For example “Kitchen: counters and floor”." inputProps={{ autoComplete: "off" }} />
        <Field field={fields.area} label="Area (optional)" inputProps={{ autoComplete: "off" }} />
      </div>
      <TextareaField field={fields.instructions} label="Instructions (optional)" rows={2} />
      <div className="grid gap-3 sm:grid-cols-3">
        <Field field={fields.effort} label="Effort (1 to 5)" type="number" hint="1 is a quick job, 5 a big one." inputProps={{ inputMode: "numeric" }} />
        <SelectField field={fields.frequency} label="How often" options={kit.frequencies} />
        <Field field={fields.startsOn} label="Starting" type="date" />
      </div>
      <CheckboxGroup field={fields.weekdays} legend="Days (weekly chores)" options={kit.weekdays} />
      <Field
        field={fields.rule}
        label="Recurrence rule (custom chores)"
        hint="An iCalendar RRULE, e.g. FREQ=WEEKLY;INTERVAL=2;BYDAY=SA for every other Saturday, or FREQ=MONTHLY;BYMONTHDAY=1."
        inputProps={{ autoComplete: "off", spellCheck: false }}
      />
      <Button type="submit" variant={choreId ? "secondary" : "primary"}>
        {choreId ? "Save chore" : "Add chore"}
      </Button>
    </Form>
  );
  return title ? <Card title={title}>{body}</Card> : body;
}
