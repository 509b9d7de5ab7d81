import type { SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { FormErrors } from "./choices";
import type { FormConstraint } from "./constraint";
import { Button, Field } from "./form";
import { RadioGroupField } from "./form-controls";
import { useServerForm } from "./server-form";

/**
 * "Pay" (ADR 032): the full balance or an amount of it, then Stripe Checkout. Checked on
 * the server only (`PayForm`, then `amountToPay`); a plain form post without JavaScript,
 * answered with a 303 to Checkout.
 */
export const PAY_FORM_ID = "pay";

export function PayForm({
  balance,
  constraint,
  lastResult,
  action,
}: {
  balance: string;
  constraint: FormConstraint;
  lastResult: SubmissionResult<string[]> | null | undefined;
  action?: string;
}) {
  const [form, fields] = useServerForm<{ intent: string; choice: string; amount: string }>({
    id: PAY_FORM_ID,
    lastResult,
    constraint,
    defaultValue: { choice: "full", amount: "" },
  });
  return (
    <Form method="post" action={action} {...form.props} className="mt-3 space-y-3">
      <input type="hidden" name="intent" value="pay" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <RadioGroupField
        field={fields.choice}
        legend="How much"
        options={[
          { value: "full", label: `The full balance (${balance})` },
          { value: "amount", label: "Another amount" },
        ]}
      />
      <Field field={fields.amount} label="Amount, if another amount" hint="For example 25 or 25.50." inputProps={{ inputMode: "decimal", autoComplete: "off" }} />
      <Button type="submit">Pay online</Button>
      <p className="text-sm text-muted">You go to Stripe's secure page to pay by card; Hearth never sees your card.</p>
    </Form>
  );
}
