import type { SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { FormErrors } from "#app/ui/choices";
import type { FormConstraint } from "#app/ui/constraint";
import { Button, Field, SelectField } from "#app/ui/form";
import { RadioGroupField, TextareaField } from "#app/ui/form-controls";
import { useServerForm } from "#app/ui/server-form";

/** The referral page's forms (server-checked, no JavaScript needed). */
type Result = SubmissionResult<string[]> | null | undefined;
type Option = { value: string; label: string };

export function ButtonForm({ name, label, variant = "primary" }: { name: string; label: string; variant?: "primary" | "secondary" }) {
  return (
    <Form method="post">
      <Button type="submit" name="intent" value={name} variant={variant}>
        {label}
      </Button>
    </Form>
  );
}

export function AppointmentForm({ lastResult, constraint, today }: { lastResult: Result; constraint: FormConstraint; today: string }) {
  const [form, f] = useServerForm<{ appointmentOn: string; appointmentTime: string; appointmentPlace: string }>({ id: "appointment", lastResult, constraint, defaultValue: { appointmentOn: today } });
  return (
    <Form method="post" {...form.props} className="space-y-3">
      <input type="hidden" name="intent" value="appointment" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <Field field={f.appointmentOn} label="Appointment day" type="date" />
      <Field field={f.appointmentTime} label="Time" type="time" hint="In the house's time zone." />
      <Field field={f.appointmentPlace} label="Place" hint="Address, room, or “by phone”." inputProps={{ autoComplete: "off" }} />
      <Button type="submit">Save the appointment</Button>
    </Form>
  );
}

export function CloseForm({ lastResult, constraint, outcomes }: { lastResult: Result; constraint: FormConstraint; outcomes: Option[] }) {
  const [form, f] = useServerForm<{ outcome: string }>({ id: "close", lastResult, constraint });
  return (
    <Form method="post" {...form.props} className="space-y-3">
      <input type="hidden" name="intent" value="close" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <SelectField field={f.outcome} label="Outcome" options={outcomes} placeholder="Choose…" />
      <Button type="submit" variant="secondary">
        Close the referral
      </Button>
    </Form>
  );
}

export function HandoffForm({ lastResult, constraint, methods, today }: { lastResult: Result; constraint: FormConstraint; methods: Option[]; today: string }) {
  const [form, f] = useServerForm<{ introducedBy: string; method: string; contactName: string; contactPhone: string; happenedOn: string; note: string }>({
    id: "handoff",
    lastResult,
    constraint,
    defaultValue: { happenedOn: today },
  });
  return (
    <Form method="post" {...form.props} className="space-y-3">
      <input type="hidden" name="intent" value="handoff" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <Field field={f.introducedBy} label="Who introduced the resident" hint="Your name, or the staff member's." inputProps={{ autoComplete: "off" }} />
      <RadioGroupField field={f.method} legend="How" options={methods} />
      <Field field={f.contactName} label="Contact at the service" inputProps={{ autoComplete: "off" }} />
      <Field field={f.contactPhone} label="Contact's phone (optional)" type="tel" />
      <Field field={f.happenedOn} label="Day" type="date" />
      <TextareaField field={f.note} label="Note (optional)" rows={2} />
      <Button type="submit">Record the handoff</Button>
    </Form>
  );
}

export function FollowupForm({ lastResult, constraint, today }: { lastResult: Result; constraint: FormConstraint; today: string }) {
  const [form, f] = useServerForm<{ dueOn: string; task: string }>({ id: "followup", lastResult, constraint, defaultValue: { dueOn: today } });
  return (
    <Form method="post" {...form.props} className="space-y-3">
      <input type="hidden" name="intent" value="followup" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <Field field={f.task} label="Follow-up" hint="For example: ask how the first visit went." inputProps={{ autoComplete: "off" }} />
      <Field field={f.dueOn} label="Due" type="date" />
      <Button type="submit" variant="secondary">
        Add the follow-up
      </Button>
    </Form>
  );
}

export function FollowupDoneForm({ id, task, lastResult, constraint }: { id: string; task: string; lastResult: Result; constraint: FormConstraint }) {
  const [form, f] = useServerForm<{ note: string }>({ id: `done-${id}`, lastResult, constraint });
  return (
    <Form method="post" {...form.props} className="mt-2 space-y-2">
      <input type="hidden" name="intent" value="followup-done" />
      <input type="hidden" name="followupId" value={id} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <Field field={f.note} label={`Note on “${task}” (optional)`} inputProps={{ autoComplete: "off" }} />
      <Button type="submit" variant="secondary">
        Mark done
      </Button>
    </Form>
  );
}
