import { z } from "zod";
import { money } from "#app/domain/fees/money";

/** Stripe's smallest card charge (USD): 50 cents. */
export const MIN_ONLINE_CENTS = 50;

/**
 * The Pay form: the full balance, or an amount of it. An amount is parsed with `money`
 * (integer cents, no floats) and checked against the balance by the server (at most what
 * is owed: online payment settles dues, it does not build credit; ADR 032).
 */
export const PayInput = z.discriminatedUnion(
  "choice",
  [
    z.object({ choice: z.literal("full"), amount: z.string().optional() }),
    z.object({ choice: z.literal("amount"), amount: money }),
  ],
  { error: "Choose to pay the full balance or an amount." },
);
export type PayInput = z.input<typeof PayInput>;

/** How long a new family pay link works. */
export const PAY_LINK_DAYS = 30;

/** The Pay form as posted (the amount is checked by `amountToPay`, against the balance). */
export const PayForm = z.object({
  intent: z.literal("pay"),
  choice: z.enum(["full", "amount"], { error: "Choose to pay the full balance or an amount." }),
  amount: z.string().trim().max(20, "Enter an amount like 25 or 25.50.").optional(),
});

/** Making a family pay link (a button). */
export const PayLinkForm = z.object({ intent: z.literal("pay-link") });
export const PayLinksOffForm = z.object({ intent: z.literal("pay-links-off") });
