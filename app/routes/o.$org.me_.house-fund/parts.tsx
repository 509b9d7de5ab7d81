import { Form } from "@remix-run/react";
import { FormErrors } from "#app/ui/choices";
import type { FormConstraint } from "#app/ui/constraint";
import { Button, Field, SelectField } from "#app/ui/form";
import type { FormActionData } from "#app/ui/forms.server";
import { useServerForm } from "#app/ui/server-form";

/**
 * The officers' forms on the house fund page, checked in the action only (ADR 029): the page
 * ships no zod. Each works without JavaScript.
 */
type Option = { value: string; label: string };
type ActionData = FormActionData | undefined;
const resultOf = (actionData: ActionData, formId: string) => (actionData?.formId === formId ? actionData.result : null);
const money = { inputMode: "decimal" as const, autoComplete: "off", maxLength: 20 };

export function ShareForm({ actionData, constraint, today }: { actionData: ActionData; constraint: FormConstraint; today: string }) {
  const [form, fields] = useServerForm<{ amount: string; effectiveFrom: string }>({ id: "share", lastResult: resultOf(actionData, "share"), constraint, defaultValue: { amount: "", effectiveFrom: today } });
  return (
    <Form method="post" {...form.props} className="space-y-3">
      <input type="hidden" name="intent" value="share" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field field={fields.amount} label="Weekly share" hint="The same for every member, e.g. 150." inputProps={money} />
        <Field field={fields.effectiveFrom} label="From" type="date" hint="Weeks run Monday to Sunday." />
      </div>
      <Button type="submit" variant="secondary">
        Set the share
      </Button>
    </Form>
  );
}

export function MoneyInForm({
  actionData,
  constraint,
  today,
  members,
  methods,
  idempotencyKey,
  locked,
}: {
  actionData: ActionData;
  constraint: FormConstraint;
  today: string;
  members: Option[];
  methods: Option[];
  idempotencyKey: string;
  locked: string | null;
}) {
  const [form, fields] = useServerForm<{ residentId: string; amount: string; method: string; receivedOn: string; memo: string }>({
    id: "money-in",
    lastResult: resultOf(actionData, "money-in"),
    constraint,
    defaultValue: { residentId: "", amount: "", method: "cash", receivedOn: today, memo: "" },
  });
  return (
    <Form method="post" {...form.props} className="space-y-3">
      <input type="hidden" name="intent" value="money-in" />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <SelectField field={fields.residentId} label="Member" placeholder="Choose…" options={members} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field field={fields.amount} label="Amount received" inputProps={money} />
        <Field field={fields.receivedOn} label="Received on" type="date" hint={locked ?? undefined} />
      </div>
      <SelectField field={fields.method} label="How it was paid" options={methods} />
      <Field field={fields.memo} label="Note (optional)" inputProps={{ autoComplete: "off" }} />
      <Button type="submit">Record money in</Button>
    </Form>
  );
}

export function ExpenseForm({ actionData, constraint, categories, idempotencyKey }: { actionData: ActionData; constraint: FormConstraint; categories: Option[]; idempotencyKey: string }) {
  const [form, fields] = useServerForm<{ payee: string; category: string; amount: string; memo: string; receiptReference: string }>({
    id: "expense",
    lastResult: resultOf(actionData, "expense"),
    constraint,
    defaultValue: { payee: "", category: "", amount: "", memo: "", receiptReference: "" },
  });
  return (
    <Form method="post" {...form.props} className="space-y-3">
      <input type="hidden" name="intent" value="expense" />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <Field field={fields.payee} label="Paid to" hint="The landlord, the utility, the store." inputProps={{ autoComplete: "off" }} />
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField field={fields.category} label="What for" placeholder="Choose…" options={categories} />
        <Field field={fields.amount} label="Amount" inputProps={money} />
      </div>
      <Field field={fields.memo} label="Note (optional)" inputProps={{ autoComplete: "off" }} />
      <Field field={fields.receiptReference} label="Receipt or invoice number (optional)" inputProps={{ autoComplete: "off" }} />
      <Button type="submit">Propose expense</Button>
    </Form>
  );
}

export function ApproveButton({ entryId, label }: { entryId: string; label: string }) {
  return (
    <Form method="post" className="mt-2">
      <input type="hidden" name="intent" value="approve" />
      <input type="hidden" name="entryId" value={entryId} />
      <Button type="submit">
        Approve<span className="sr-only"> {label}</span>
      </Button>
    </Form>
  );
}

export function ApproveShareButton({ rateId, label }: { rateId: string; label: string }) {
  return (
    <Form method="post" className="mt-1">
      <input type="hidden" name="intent" value="approve-share" />
      <input type="hidden" name="rateId" value={rateId} />
      <Button type="submit" variant="secondary">
        Approve<span className="sr-only"> the share of {label}</span>
      </Button>
    </Form>
  );
}

export function AuditForm({ actionData, constraint, months }: { actionData: ActionData; constraint: FormConstraint; months: Option[] }) {
  const [form, fields] = useServerForm<{ month: string; counted: string; note: string }>({
    id: "audit",
    lastResult: resultOf(actionData, "audit"),
    constraint,
    defaultValue: { month: months[0]?.value ?? "", counted: "", note: "" },
  });
  return (
    <Form method="post" {...form.props} className="space-y-3">
      <input type="hidden" name="intent" value="audit" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField field={fields.month} label="Month" options={months} />
        <Field field={fields.counted} label="Balance counted" hint="The bank statement or the cash box at the month's end." inputProps={money} />
      </div>
      <Field field={fields.note} label="Note (optional)" hint="For example, what explains a difference." inputProps={{ autoComplete: "off" }} />
      <Button type="submit">Prepare the audit</Button>
    </Form>
  );
}

export function SignForm({ auditId, month, actionData, constraint }: { auditId: string; month: string; actionData: ActionData; constraint: FormConstraint }) {
  const formId = `sign-${auditId}`;
  const [form, fields] = useServerForm<{ typedName: string }>({ id: formId, lastResult: resultOf(actionData, formId), constraint });
  return (
    <Form method="post" {...form.props} className="mt-2 space-y-2">
      <input type="hidden" name="intent" value="sign" />
      <input type="hidden" name="auditId" value={auditId} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <Field
        field={fields.typedName}
        label={<>Type your full name to sign<span className="sr-only"> the {month} audit</span></>}
        hint="Your name, the time and your device's address are kept with your signature."
        inputProps={{ autoComplete: "name" }}
      />
      <Button type="submit">
        Sign<span className="sr-only"> the {month} audit</span>
      </Button>
    </Form>
  );
}

/** Withdraw a pending proposal, with a reason every member reads (a second step behind "Withdraw…"; no JavaScript needed). */
export function WithdrawForm({ target, label, actionData, constraint }: { target: { entryId: string } | { rateId: string }; label: string; actionData: ActionData; constraint: FormConstraint }) {
  const [name, value] = "entryId" in target ? ["entryId", target.entryId] : ["rateId", target.rateId];
  const formId = `withdraw-${value}`;
  const [form, fields] = useServerForm<{ reason: string }>({ id: formId, lastResult: resultOf(actionData, formId), constraint });
  return (
    <details className="mt-2" open={Boolean(form.errors?.length || fields.reason.errors?.length)}>
      <summary className="cursor-pointer text-sm font-medium">
        Withdraw…<span className="sr-only"> {label}</span>
      </summary>
      <Form method="post" {...form.props} className="mt-2 space-y-2">
        <input type="hidden" name="intent" value="withdraw" />
        <input type="hidden" name={name} value={value} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field field={fields.reason} label={<>Why<span className="sr-only"> withdraw {label}</span></>} hint="Every member of the house reads this." inputProps={{ autoComplete: "off" }} />
        <Button type="submit" variant="secondary">
          Withdraw<span className="sr-only"> {label}</span>
        </Button>
      </Form>
    </details>
  );
}
