import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { createFeeSchedule, postDueCharges } from "#app/domain/fees/charges.server";
import { recordManualEntry, recordPayment } from "#app/domain/fees/ledger.server";
import { formatCents } from "#app/domain/fees/money";
import { intent, rowId } from "#app/ui/forms.server";
import { endFeeSchedule } from "#app/domain/fees/schedules.server";
import { formatDay } from "#app/lib/dates";
import { endScheduleSchema, entrySchema, paymentSchema, postSchema, scheduleSchema } from "./forms.server";

/** What the house ledger page's forms do (fees:write; RLS limits house managers to their houses). */
export function feeIntents(tenant: TenantContext, houseId: string, currency: string) {
  return {
    "record-payment": intent({
      schema: paymentSchema,
      formId: "payment",
      fields: ["residentId", "amount", "method", "payer", "reference", "receivedOn"],
      resetForm: true,
      run: async ({ intent: _i, ...input }) => {
        const paid = await withTenant(tenant, (tx) => recordPayment(tx, input, { houseId }));
        return paid.created
          ? `Payment of ${formatCents(input.amount, currency)} recorded. Receipt ${paid.receiptNumber}.`
          : `This payment was already recorded (receipt ${paid.receiptNumber}).`;
      },
    }),
    "record-entry": intent({
      schema: entrySchema,
      formId: "entry",
      fields: ["residentId", "kind", "amount", "reason"],
      resetForm: true,
      run: async ({ intent: _i, ...input }) => {
        await withTenant(tenant, (tx) => recordManualEntry(tx, input, { houseId }));
        return `${input.kind === "charge" ? "Charge" : "Credit"} of ${formatCents(input.amount, currency)} recorded.`;
      },
    }),
    "add-schedule": intent({
      schema: scheduleSchema,
      formId: "schedule",
      fields: ["name", "bedId", "cadence", "weekday", "monthDay", "amount", "isDeposit", "effectiveFrom", "effectiveTo"],
      resetForm: true,
      run: async ({ intent: _i, ...input }) => {
        await withTenant(tenant, (tx) => createFeeSchedule(tx, { ...input, houseId }));
        return `“${input.name}” added. Its charges are posted as they fall due, once each resident has acknowledged it.`;
      },
    }),
    "end-schedule": intent({
      schema: endScheduleSchema,
      formId: (formData) => `end-${rowId(formData, "scheduleId")}`,
      fields: ["lastDay"],
      run: async ({ intent: _i, ...input }) => {
        await withTenant(tenant, (tx) => endFeeSchedule(tx, input, { houseId }));
        return `The fee now ends on ${formatDay(input.lastDay)}.`;
      },
    }),
    "post-charges": intent({
      schema: postSchema,
      formId: "post-charges",
      button: true,
      run: async () => {
        const { posted } = await withTenant(tenant, (tx) => postDueCharges(tx, { houseId }));
        return posted === 0 ? "Everything due is already posted." : `${posted} ${posted === 1 ? "charge" : "charges"} posted.`;
      },
    }),
  };
}
