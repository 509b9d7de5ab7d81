import type { SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { FormErrors } from "#app/ui/choices";
import type { FormConstraint } from "#app/ui/constraint";
import { Button, Field, SelectField } from "#app/ui/form";
import { usePostAction } from "#app/ui/post-action";
import { useServerForm } from "#app/ui/server-form";

/**
 * Agreeing and ending a payment plan (ADR 033), checked in the action only (ADR 029):
 * the page ships no zod. "N instalments of X every week/two weeks/month from a day"; the
 * last instalment takes the remainder so the sum is the amount exactly.
 */
type Option = { value: string; label: string };
type Result = SubmissionResult<string[]> | null;

export function PlanForm({ residentId, amount, today, lastResult, constraint, everyOptions }: { residentId: string; amount: string; today: string; lastResult: Result; constraint: FormConstraint; everyOptions: Option[] }) {
  const action = usePostAction();
  const [form, fields] = useServerForm<{ residentId: string; amount: string; count: string; instalment: string; every: string; firstDue: string; note: string }>({
    id: "plan",
    lastResult,
    constraint,
    defaultValue: { residentId, amount, count: "4", instalment: "", every: "week", firstDue: today, note: "" },
  });
  return (
    <Form method="post" action={action} {...form.props} className="space-y-3">
      <input type="hidden" name="intent" value="agree-plan" />
      <input type="hidden" name="residentId" value={residentId} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field field={fields.amount} label="Amount covered" hint="The balance today, unless you agreed otherwise." inputProps={{ inputMode: "decimal", autoComplete: "off", maxLength: 20 }} />
        <Field field={fields.count} label="Number of instalments" type="number" inputProps={{ inputMode: "numeric" }} />
        <Field field={fields.instalment} label="Each instalment (optional)" hint="Leave empty to split evenly; the last takes what is left." inputProps={{ inputMode: "decimal", autoComplete: "off", maxLength: 20 }} />
        <SelectField field={fields.every} label="How often" options={everyOptions} />
        <Field field={fields.firstDue} label="First instalment due" type="date" />
      </div>
      <Field field={fields.note} label="Note (optional)" hint="What was agreed; the resident sees it." inputProps={{ autoComplete: "off" }} />
      <Button type="submit">Agree the plan</Button>
    </Form>
  );
}

export function EndPlanForm({ planId, lastResult, constraint }: { planId: string; lastResult: Result; constraint: FormConstraint }) {
  const action = usePostAction();
  const [form, fields] = useServerForm<{ planId: string; reason: string }>({ id: "end-plan", lastResult, constraint, defaultValue: { planId, reason: "" } });
  return (
    <Form method="post" action={action} {...form.props} className="space-y-3">
      <input type="hidden" name="intent" value="end-plan" />
      <input type="hidden" name="planId" value={planId} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <Field field={fields.reason} label="Why the plan ends" hint="For example: paid in full, or a new plan was agreed." inputProps={{ autoComplete: "off" }} />
      <Button type="submit" variant="secondary">
        End the plan
      </Button>
    </Form>
  );
}

/** A plan's progress, for staff and for the resident. */
export function PlanProgressView({ plan }: { plan: { status: string; paid: string; next: string | null; note: string | null; instalments: { seq: number; due: string; amount: string; status: string }[] } }) {
  return (
    <div className="space-y-2">
      <p className="font-medium" data-testid="plan-status">
        {plan.status}
      </p>
      <p>
        {plan.paid}.{plan.next ? ` ${plan.next}.` : ""}
      </p>
      {plan.note ? <p className="text-sm">{plan.note}</p> : null}
      <ol className="divide-y divide-line text-sm" aria-label="Instalments">
        {plan.instalments.map((i) => (
          <li key={i.seq} className="flex flex-wrap justify-between gap-2 py-1">
            <span>
              {i.due}: <span className="tabular-nums">{i.amount}</span>
            </span>
            <span>{i.status}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
