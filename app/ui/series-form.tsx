import type { SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { ATTENDANCE_RULE_LABELS, ATTENDANCE_RULES, REPEAT_LABELS, REPEATS, WEEKDAY_LABELS, WEEKDAYS } from "#app/domain/sessions/labels";
import { CheckboxGroup, FormErrors } from "./choices";
import type { FormConstraint } from "./constraint";
import { Button, Field, SelectField } from "./form";
import { RadioGroupField } from "./form-controls";
import { useServerForm } from "./server-form";

/**
 * The session series form (new and edit): the domain's schema plus the intent. How often
 * it repeats is a preset (with days of the week) or an RRULE typed by hand; the first
 * day and the times are the house's local calendar and clock. Checked on the server only
 * (ADR 029; its schema is in series-form.server.ts, the loader sends its constraints), so the
 * page ships no zod, conform runtime or recurrence code (first-load JS, issue 15).
 */
export type SeriesFormDefaults = {
  title: string;
  kind: string;
  facilitatorName: string;
  facilitatorMembershipId: string;
  place: string;
  startsOn: string;
  startTime: string;
  endTime: string;
  repeats: string;
  weekdays: string[];
  until: string;
  customRule: string;
  attendance: string;
  invitees: string[];
};

type Options = { kinds: { value: string; label: string }[]; staff: { value: string; label: string }[]; residents: { value: string; label: string }[] };

export function SeriesForm({
  defaults,
  options,
  lastResult,
  submitLabel,
  constraint,
}: {
  constraint: FormConstraint;
  defaults: SeriesFormDefaults;
  options: Options;
  lastResult: SubmissionResult<string[]> | null | undefined;
  submitLabel: string;
}) {
  const [form, fields] = useServerForm<SeriesFormDefaults>({ id: "series", lastResult, constraint, defaultValue: defaults });
  return (
    <Form method="post" {...form.props} className="space-y-5">
      <input type="hidden" name="intent" value="save-series" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <Field field={fields.title} label="Title" hint="What residents see on their schedule, e.g. “Sunday house meeting”." inputProps={{ autoComplete: "off" }} />
      <SelectField field={fields.kind} label="Kind" options={options.kinds} />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField field={fields.facilitatorMembershipId} label="Led by (team member)" placeholder="Nobody from the team" options={options.staff} />
        <Field field={fields.facilitatorName} label="Or led by (name, optional)" hint="A volunteer or visiting facilitator." inputProps={{ autoComplete: "off" }} />
      </div>
      <Field field={fields.place} label="Place (optional)" hint="For example “Living room”." inputProps={{ autoComplete: "off" }} />
      <fieldset className="space-y-4">
        <legend className="mb-1 font-medium">When (the house’s local time)</legend>
        <div className="grid gap-4 sm:grid-cols-3">
          <Field field={fields.startsOn} label="First day" type="date" />
          <Field field={fields.startTime} label="Starts at" type="time" />
          <Field field={fields.endTime} label="Ends at" type="time" />
        </div>
        <SelectField field={fields.repeats} label="Repeats" options={REPEATS.map((r) => ({ value: r, label: REPEAT_LABELS[r] }))} />
        <CheckboxGroup
          field={fields.weekdays}
          legend="On these days (weekly)"
          hint="Leave empty to repeat on the first day’s weekday."
          options={WEEKDAYS.map((d) => ({ value: d, label: WEEKDAY_LABELS[d] }))}
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <Field field={fields.until} label="Last day (optional)" type="date" />
          <Field field={fields.customRule} label="Custom rule (only for “Custom rule”)" hint="An RRULE such as FREQ=MONTHLY;BYDAY=1MO." inputProps={{ autoComplete: "off" }} />
        </div>
      </fieldset>
      <RadioGroupField field={fields.attendance} legend="Who is expected" options={ATTENDANCE_RULES.map((a) => ({ value: a, label: ATTENDANCE_RULE_LABELS[a] }))} />
      {options.residents.length ? (
        <CheckboxGroup field={fields.invitees} legend="The residents I choose" hint="Used when only the residents you choose are expected." options={options.residents} />
      ) : (
        <p className="text-sm text-muted">Nobody lives in the house yet, so there is nobody to choose for a list.</p>
      )}
      <Button type="submit">{submitLabel}</Button>
    </Form>
  );
}
