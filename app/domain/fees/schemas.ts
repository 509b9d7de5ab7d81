import { z } from "zod";
import { isoDate, optionalIsoDate } from "#app/lib/dates";
import { id, optionalId, optionalText, text } from "#app/lib/fields";
import { money } from "./money";

/** Input schemas and labels for fees, the ledger and payments (pure: forms use them too). */

export * from "./labels";
import { FEE_CADENCES, PAYMENT_METHODS, PAYMENT_PAYERS } from "./labels";

const reason = text(200);

/** A fee schedule: org-wide (no house), a house's, or one bed's. */
export const FeeScheduleFields = z
  .object({
    houseId: optionalId,
    bedId: optionalId,
    name: text(80),
    cadence: z.enum(FEE_CADENCES, "Choose how often."),
    weekday: z.number("Choose a weekday.").int().min(1, "Choose a weekday.").max(7, "Choose a weekday.").nullish(),
    monthDay: z.number("Choose a day of the month.").int("Choose a day from 1 to 31.").min(1, "Choose a day from 1 to 31.").max(31, "Choose a day from 1 to 31.").nullish(),
    amount: money,
    isDeposit: z.boolean().default(false),
    effectiveFrom: isoDate,
    effectiveTo: optionalIsoDate,
  })
  .strict();

/** The rules across a schedule's fields (shared by the domain and the form). */
export function scheduleProblems(v: z.output<typeof FeeScheduleFields>, ctx: z.RefinementCtx) {
  if ((v.cadence === "weekly" || v.cadence === "biweekly") && !v.weekday) ctx.addIssue({ code: "custom", path: ["weekday"], message: "Choose a weekday." });
  if (v.cadence === "monthly" && !v.monthDay) ctx.addIssue({ code: "custom", path: ["monthDay"], message: "Choose a day of the month." });
  if (v.effectiveTo && v.effectiveTo < v.effectiveFrom) ctx.addIssue({ code: "custom", path: ["effectiveTo"], message: "The last day can't be before the first." });
  if (v.isDeposit && v.cadence !== "once") ctx.addIssue({ code: "custom", path: ["isDeposit"], message: "A deposit is charged one time." });
  if (v.bedId && !v.houseId) ctx.addIssue({ code: "custom", path: ["bedId"], message: "Choose the bed's house." });
}

export const FeeScheduleInput = FeeScheduleFields.superRefine(scheduleProblems);
export type FeeScheduleInput = z.input<typeof FeeScheduleInput>;

/** A manual charge or credit, with a reason. */
export const ManualEntryInput = z
  .object({
    residentId: id,
    kind: z.enum(["charge", "credit"], "Choose charge or credit."),
    amount: money,
    reason,
  })
  .strict();
export type ManualEntryInput = z.input<typeof ManualEntryInput>;

/** A payment taken by hand: cash, money order, check, or a card taken elsewhere. */
export const PaymentInput = z
  .object({
    residentId: id,
    amount: money,
    method: z.enum(PAYMENT_METHODS, "Choose how it was paid."),
    payer: z.enum(PAYMENT_PAYERS, "Choose who paid."),
    reference: optionalText(60),
    receivedOn: isoDate,
    idempotencyKey: id,
  })
  .strict();
export type PaymentInput = z.input<typeof PaymentInput>;

export const ReversalInput = z.object({ entryId: id, reason }).strict();
export type ReversalInput = z.input<typeof ReversalInput>;

export const RefundInput = z.object({ paymentId: id, amount: money, reason }).strict();
export type RefundInput = z.input<typeof RefundInput>;

/** End a schedule: its last day (inclusive), ADR 031. */
export const EndScheduleInput = z.object({ scheduleId: id, lastDay: isoDate }).strict();
export type EndScheduleInput = z.input<typeof EndScheduleInput>;

/** What to do with a held deposit at discharge: apply it to the balance, or refund it (ADR 031). */
export const DEPOSIT_SETTLEMENTS = ["apply", "refund"] as const;
export const SettleDepositInput = z
  .object({
    depositId: id,
    settle: z.enum(DEPOSIT_SETTLEMENTS, "Choose apply or refund."),
    method: z.enum(PAYMENT_METHODS, "Choose how it was paid back.").nullish(),
    memo: optionalText(200),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.settle === "refund" && !v.method) ctx.addIssue({ code: "custom", path: ["method"], message: "Choose how it was paid back." });
  });
export type SettleDepositInput = z.input<typeof SettleDepositInput>;
