import type { FieldMetadata, SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { CheckboxField, FormErrors } from "#app/ui/choices";
import type { FormConstraint } from "#app/ui/constraint";
import { Button, Field, SelectField } from "#app/ui/form";
import { usePostAction } from "#app/ui/post-action";
import { useServerForm } from "#app/ui/server-form";

/**
 * The house ledger's forms are checked in the action only (`forms.server.ts`): the page ships
 * no zod and no conform runtime (first-load JS budget, ADR 029). The loader sends the HTML
 * constraints and the choices with their labels; the route keys each form by the answers.
 */
type Option = { value: string; label: string };
type Result = SubmissionResult<string[]> | null;
export type FeeFormChoices = { methods: Option[]; payers: Option[]; kinds: Option[]; cadences: Option[]; weekdays: Option[] };

export function PaymentForm({
  residents,
  today,
  idempotencyKey,
  lastResult,
  constraint,
  choices,
}: {
  residents: Option[];
  today: string;
  idempotencyKey: string;
  lastResult: Result;
  constraint: FormConstraint;
  choices: FeeFormChoices;
}) {
  const action = usePostAction();
  const [form, fields] = useServerForm<{ residentId: string; amount: string; method: string; payer: string; reference: string; receivedOn: string }>({
    id: "payment",
    lastResult,
    constraint,
    defaultValue: { residentId: "", amount: "", method: "cash", payer: "resident", reference: "", receivedOn: today },
  });
  return (
    <Form method="post" action={action} {...form.props} className="space-y-3">
      <input type="hidden" name="intent" value="record-payment" />
      {/* A new key each time the page is shown: a second press or a resubmitted page records one payment. */}
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <SelectField field={fields.residentId} label="Resident" placeholder="Choose…" options={residents} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field field={fields.amount} label="Amount" hint="For example 150 or 1,234.50." inputProps={{ inputMode: "decimal", autoComplete: "off", maxLength: 20 }} />
        <Field field={fields.receivedOn} label="Received on" type="date" />
        <SelectField field={fields.method} label="How it was paid" options={choices.methods} />
        <SelectField field={fields.payer} label="Who paid" options={choices.payers} />
      </div>
      <Field field={fields.reference} label="Check or money order number (optional)" inputProps={{ autoComplete: "off" }} />
      <Button type="submit">Record payment</Button>
    </Form>
  );
}

export function EntryForm({ residents, lastResult, constraint, choices }: { residents: Option[]; lastResult: Result; constraint: FormConstraint; choices: FeeFormChoices }) {
  const action = usePostAction();
  const [form, fields] = useServerForm<{ residentId: string; kind: string; amount: string; reason: string }>({
    id: "entry",
    lastResult,
    constraint,
    defaultValue: { residentId: "", kind: "charge", amount: "", reason: "" },
  });
  return (
    <Form method="post" action={action} {...form.props} className="space-y-3">
      <input type="hidden" name="intent" value="record-entry" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <SelectField field={fields.residentId} label="Resident" placeholder="Choose…" options={residents} />
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField field={fields.kind} label="Charge or credit" options={choices.kinds} />
        <Field field={fields.amount} label="Amount" inputProps={{ inputMode: "decimal", autoComplete: "off", maxLength: 20 }} />
      </div>
      <Field field={fields.reason} label="Reason" hint="The resident sees it on their statement." inputProps={{ autoComplete: "off" }} />
      <Button type="submit" variant="secondary">
        Record
      </Button>
    </Form>
  );
}

/** A new fee schedule: a house's (with `beds`: everyone, or one bed) or, without `beds`, an org-wide one (settings). */
export function ScheduleForm({ today, beds, lastResult, constraint, choices }: { today: string; beds?: Option[]; lastResult: Result; constraint: FormConstraint; choices: FeeFormChoices }) {
  const action = usePostAction();
  const [form, fields] = useServerForm<{ name: string; bedId: string; cadence: string; weekday: string; monthDay: string; amount: string; effectiveFrom: string; effectiveTo: string; isDeposit: boolean }>({
    id: "schedule",
    lastResult,
    constraint,
    defaultValue: { name: "", bedId: "", cadence: "weekly", weekday: "1", monthDay: "", amount: "", effectiveFrom: today, effectiveTo: "" },
  });
  return (
    <Form method="post" action={action} {...form.props} className="space-y-3">
      <input type="hidden" name="intent" value="add-schedule" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field field={fields.name} label="Name" hint="For example Weekly rent or Move-in fee." inputProps={{ autoComplete: "off" }} />
        <Field field={fields.amount} label="Amount" inputProps={{ inputMode: "decimal", autoComplete: "off", maxLength: 20 }} />
        {beds ? <SelectField field={fields.bedId} label="Who pays it" placeholder="Everyone in this house" options={beds} /> : null}
        <SelectField field={fields.cadence} label="How often" options={choices.cadences} />
        {/* A number in the schema, a choice of "1"…"7" in the page (the action parses it back). */}
        <SelectField field={fields.weekday as FieldMetadata<string | null | undefined>} label="Weekday (weekly, every two weeks)" placeholder="—" options={choices.weekdays} />
        <Field field={fields.monthDay} label="Day of the month (monthly)" type="number" hint="31 means the last day of shorter months." inputProps={{ inputMode: "numeric" }} />
        <Field field={fields.effectiveFrom} label="First day" type="date" />
        <Field field={fields.effectiveTo} label="Last day (optional)" type="date" />
      </div>
      <CheckboxField field={fields.isDeposit} label="This is a deposit (held, charged once at move-in)" />
      <Button type="submit" variant="secondary">
        Add fee
      </Button>
    </Form>
  );
}

/** End a listed schedule from a day (its last day); refused before its first day or a period already charged. */
export function EndScheduleForm({ scheduleId, today, lastResult, constraint }: { scheduleId: string; today: string; lastResult: Result; constraint: FormConstraint }) {
  const action = usePostAction();
  const [form, fields] = useServerForm<{ scheduleId: string; lastDay: string }>({
    id: `end-${scheduleId}`,
    lastResult,
    constraint,
    defaultValue: { scheduleId, lastDay: today },
  });
  return (
    <Form method="post" action={action} {...form.props} className="mt-2 flex flex-wrap items-end gap-2">
      <input type="hidden" name="intent" value="end-schedule" />
      <input type="hidden" name="scheduleId" value={scheduleId} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <Field field={fields.lastDay} label="Last day it applies" type="date" />
      <Button type="submit" variant="secondary">
        End this fee
      </Button>
    </Form>
  );
}
