import { z } from "zod";
import { money } from "#app/domain/fees/money";
import { isoDate } from "#app/lib/dates";
import { id, optionalText, plain, text } from "#app/lib/fields";
import { FUND_CATEGORIES, FUND_METHODS } from "./labels";

export { FUND_CATEGORIES, FUND_CATEGORY_LABELS, FUND_METHODS, FUND_METHOD_LABELS } from "./labels";

/** Input schemas of the house fund (pure: the forms' actions use them too). Money in integer cents (ADR 030). */

/** The weekly share every member pays, from a day. */
export const ShareInput = z.strictObject({
  houseId: id,
  amount: money,
  effectiveFrom: isoDate,
});
export type ShareInput = z.input<typeof ShareInput>;

/** Money in: a member's share, received by the treasurer. */
export const MoneyInInput = z.strictObject({
  houseId: id,
  residentId: id,
  amount: money,
  method: z.enum(FUND_METHODS, "Choose how it was paid."),
  receivedOn: isoDate,
  memo: optionalText(200),
  idempotencyKey: id,
});
export type MoneyInInput = z.input<typeof MoneyInInput>;

/** Money out: an expense an officer proposes (in effect after two officers approve). */
export const ExpenseInput = z.strictObject({
  houseId: id,
  payee: text(120),
  category: z.enum(FUND_CATEGORIES, "Choose what it is for."),
  amount: money,
  memo: optionalText(200),
  receiptReference: optionalText(60),
  idempotencyKey: id,
});
export type ExpenseInput = z.input<typeof ExpenseInput>;

export const ApproveInput = z.strictObject({ houseId: id, entryId: id });
export type ApproveInput = z.input<typeof ApproveInput>;

/** An officer approves a share another officer proposed (in force at two). */
export const ApproveShareInput = z.strictObject({ houseId: id, rateId: id });
export type ApproveShareInput = z.input<typeof ApproveShareInput>;

/** An officer withdraws a pending expense (entryId) or share proposal (rateId), with a reason every member reads. */
export const WithdrawFields = z.strictObject({
  houseId: id,
  entryId: id.optional(),
  rateId: id.optional(),
  reason: text(200),
});
export const WithdrawInput = WithdrawFields.refine((v) => Boolean(v.entryId) !== Boolean(v.rateId), { message: "Choose one proposal to withdraw." });
export type WithdrawInput = z.input<typeof WithdrawInput>;

/** A finished month (YYYY-MM) and the balance the officers counted (bank statement or cash box). */
export const AuditInput = z.strictObject({
  houseId: id,
  month: plain(z.string().trim().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Choose a month, like 2026-10.")),
  counted: money.or(z.literal("0").transform(() => 0)),
  note: optionalText(500),
});
export type AuditInput = z.input<typeof AuditInput>;

export const SignAuditInput = z.strictObject({
  houseId: id,
  auditId: id,
  typedName: plain(z.string().trim().min(1, "Type your full name to sign.").max(120, "Use at most 120 characters.")),
});
export type SignAuditInput = z.input<typeof SignAuditInput>;
