import { z } from "zod";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { DomainError, parseInput } from "#app/domain/errors.server";
import { revokePayLinks } from "#app/domain/payments/pay-links.server";
import { id, optionalText } from "#app/lib/fields";
import { DEPOSIT_CHOICES } from "./deposit-choices";
import { heldDeposits, settleDeposit } from "./deposits.server";
import { PAYMENT_METHODS } from "./schemas";

/**
 * The money side of a discharge (ADR 031), run in the discharge's own transaction: the
 * resident's open pay links are revoked (family can no longer pay through them), and each
 * deposit still held is settled as the manager chose on the discharge form — applied to the
 * balance, refunded (with how it was paid back), or kept with a reason (nothing posted; the
 * reason is audited, and it can still be settled later on the resident's ledger page).
 */

export const DepositChoice = z
  .strictObject({
    depositId: id,
    settle: z.enum(DEPOSIT_CHOICES, "Choose what happens to the deposit."),
    method: z.enum(PAYMENT_METHODS, "Choose how it was paid back.").nullish(),
    reason: optionalText(200),
  })
  .superRefine((v, ctx) => {
    if (v.settle === "refund" && !v.method) ctx.addIssue({ code: "custom", path: ["method"], message: "Choose how it was paid back." });
    if (v.settle === "keep" && !v.reason) ctx.addIssue({ code: "custom", path: ["reason"], message: "Say why the deposit is kept." });
  });
export type DepositChoice = z.input<typeof DepositChoice>;

/**
 * Revoke the resident's open pay links and settle their held deposits as chosen. Every held
 * deposit needs a choice (409 otherwise: the page showed an older list); a choice for a
 * deposit that is not theirs or no longer held is refused (404/409). Returns what was done.
 */
export async function settleMoneyAtDischarge(tx: Tx, residentId: string, raw: DepositChoice[]) {
  const resident = parseInput(id, residentId);
  const choices = raw.map((c) => parseInput(DepositChoice, c));
  const held = await heldDeposits(tx, resident);
  for (const c of choices) if (!held.some((d) => d.id === c.depositId)) throw new DomainError("conflict", "That deposit is no longer held. Reload the page.");
  for (const d of held) if (!choices.some((c) => c.depositId === d.id)) throw new DomainError("conflict", "Choose what happens to every deposit held. Reload the page.");
  const revoked = await revokePayLinks(tx, resident);
  const settled: { depositId: string; settle: (typeof DEPOSIT_CHOICES)[number]; amountCents: number }[] = [];
  for (const c of choices) {
    const amountCents = held.find((d) => d.id === c.depositId)!.heldCents;
    if (c.settle === "keep") {
      await audit(tx, "ledger.deposit_kept", { type: "ledger_entry", id: c.depositId }, { residentId: resident, amountCents, reason: c.reason });
    } else {
      await settleDeposit(tx, { depositId: c.depositId, settle: c.settle, method: c.method, memo: c.reason }, { residentId: resident });
    }
    settled.push({ depositId: c.depositId, settle: c.settle, amountCents });
  }
  return { revoked, settled };
}
