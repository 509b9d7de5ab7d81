import { z } from "zod";
import { ApproveInput, ApproveShareInput, AuditInput, ExpenseInput, MoneyInInput, ShareInput, SignAuditInput, WithdrawFields } from "#app/domain/house-fund/schemas";

/** The house fund's forms (the resident's page): the domain's schemas without the house (the server knows it) plus each form's intent. */
export const shareSchema = ShareInput.omit({ houseId: true }).extend({ intent: z.literal("share") });
export const moneyInSchema = MoneyInInput.omit({ houseId: true }).extend({ intent: z.literal("money-in") });
export const expenseSchema = ExpenseInput.omit({ houseId: true }).extend({ intent: z.literal("expense") });
export const approveSchema = ApproveInput.omit({ houseId: true }).extend({ intent: z.literal("approve") });
export const auditSchema = AuditInput.omit({ houseId: true }).extend({ intent: z.literal("audit") });
export const signSchema = SignAuditInput.omit({ houseId: true }).extend({ intent: z.literal("sign") });
export const approveShareSchema = ApproveShareInput.omit({ houseId: true }).extend({ intent: z.literal("approve-share") });
/** Withdraw a pending expense or share proposal: the reason, and the one id the button carries. */
export const withdrawSchema = WithdrawFields.omit({ houseId: true }).extend({ intent: z.literal("withdraw") });
