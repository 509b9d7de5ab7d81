import { getFormProps, useForm, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { ENTRY_KIND_LABELS, FEE_CADENCE_LABELS, FEE_CADENCES, PAYMENT_METHOD_LABELS, PAYMENT_METHODS, PAYMENT_PAYER_LABELS, PAYMENT_PAYERS, WEEKDAY_LABELS } from "#app/domain/fees/schemas";
import { CheckboxField, FormErrors } from "#app/ui/choices";
import { formConstraint } from "#app/ui/constraint";
import { Button, Field, SelectField } from "#app/ui/form";
import { parseForm } from "#app/ui/parse-form";
import { usePostAction } from "#app/ui/post-action";
import { entrySchema, paymentSchema, scheduleSchema } from "./forms";

type Option = { value: string; label: string };
type Result = SubmissionResult<string[]> | null;

export function PaymentForm({ residents, today, idempotencyKey, lastResult }: { residents: Option[]; today: string; idempotencyKey: string; lastResult: Result }) {
  const action = usePostAction();
  const [form, fields] = useForm({
    id: "payment",
    lastResult,
    constraint: formConstraint(paymentSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: { residentId: "", amount: "", method: "cash", payer: "resident", reference: "", receivedOn: today },
    onValidate: ({ formData }) => parseForm(formData, paymentSchema),
  });
  return (
    <Form method="post" action={action} {...getFormProps(form)} className="space-y-3">
      <input type="hidden" name="intent" value="record-payment" />
      {/* A new key each time the page is shown: a second press or a resubmitted page records one payment. */}
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <SelectField field={fields.residentId} label="Resident" placeholder="Choose…" options={residents} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field field={fields.amount} label="Amount" hint="For example 150 or 1,234.50." inputProps={{ inputMode: "decimal", autoComplete: "off", maxLength: 20 }} />
        <Field field={fields.receivedOn} label="Received on" type="date" />
        <SelectField field={fields.method} label="How it was paid" options={PAYMENT_METHODS.map((m) => ({ value: m, label: PAYMENT_METHOD_LABELS[m] }))} />
        <SelectField field={fields.payer} label="Who paid" options={PAYMENT_PAYERS.map((p) => ({ value: p, label: PAYMENT_PAYER_LABELS[p] }))} />
      </div>
      <Field field={fields.reference} label="Check or money order number (optional)" inputProps={{ autoComplete: "off" }} />
      <Button type="submit">Record payment</Button>
    </Form>
  );
}

export function EntryForm({ residents, lastResult }: { residents: Option[]; lastResult: Result }) {
  const action = usePostAction();
  const [form, fields] = useForm({
    id: "entry",
    lastResult,
    constraint: formConstraint(entrySchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: { residentId: "", kind: "charge", amount: "", reason: "" },
    onValidate: ({ formData }) => parseForm(formData, entrySchema),
  });
  return (
    <Form method="post" action={action} {...getFormProps(form)} className="space-y-3">
      <input type="hidden" name="intent" value="record-entry" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <SelectField field={fields.residentId} label="Resident" placeholder="Choose…" options={residents} />
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField field={fields.kind} label="Charge or credit" options={(["charge", "credit"] as const).map((k) => ({ value: k, label: ENTRY_KIND_LABELS[k] }))} />
        <Field field={fields.amount} label="Amount" inputProps={{ inputMode: "decimal", autoComplete: "off", maxLength: 20 }} />
      </div>
      <Field field={fields.reason} label="Reason" hint="The resident sees it on their statement." inputProps={{ autoComplete: "off" }} />
      <Button type="submit" variant="secondary">
        Record
      </Button>
    </Form>
  );
}

export function ScheduleForm({ today, lastResult }: { today: string; lastResult: Result }) {
  const action = usePostAction();
  const [form, fields] = useForm({
    id: "schedule",
    lastResult,
    constraint: formConstraint(scheduleSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: { name: "", cadence: "weekly", weekday: "1", monthDay: "", amount: "", effectiveFrom: today, effectiveTo: "" },
    onValidate: ({ formData }) => parseForm(formData, scheduleSchema),
  });
  return (
    <Form method="post" action={action} {...getFormProps(form)} className="space-y-3">
      <input type="hidden" name="intent" value="add-schedule" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field field={fields.name} label="Name" hint="For example Weekly rent or Move-in fee." inputProps={{ autoComplete: "off" }} />
        <Field field={fields.amount} label="Amount" inputProps={{ inputMode: "decimal", autoComplete: "off", maxLength: 20 }} />
        <SelectField field={fields.cadence} label="How often" options={FEE_CADENCES.map((c) => ({ value: c, label: FEE_CADENCE_LABELS[c] }))} />
        {/* A number in the schema, a choice of "1"…"7" in the page (conform parses it back). */}
        <SelectField field={fields.weekday as unknown as FieldMetadata<string | null | undefined>} label="Weekday (weekly, every two weeks)" placeholder="—" options={WEEKDAY_LABELS.map((l, i) => ({ value: String(i + 1), label: l }))} />
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
