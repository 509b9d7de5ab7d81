import type { FeeCadence, LedgerEntryKind, PaymentMethod, PaymentPayer } from "#app/db/schema";

/** Fees' value lists and the words people read (zod-free: pages held to the first-load budget import it). */

export const FEE_CADENCES = ["weekly", "biweekly", "monthly", "once"] as const satisfies readonly FeeCadence[];
export const FEE_CADENCE_LABELS: Record<FeeCadence, string> = {
  weekly: "Every week",
  biweekly: "Every two weeks",
  monthly: "Every month",
  once: "One time",
};

export const ENTRY_KINDS = ["charge", "deposit", "payment", "credit", "refund", "reversal", "deposit_release", "payout"] as const satisfies readonly LedgerEntryKind[];
export const ENTRY_KIND_LABELS: Record<LedgerEntryKind, string> = {
  charge: "Charge",
  deposit: "Deposit",
  payment: "Payment",
  credit: "Credit",
  refund: "Refund",
  reversal: "Correction",
  deposit_release: "Deposit released",
  payout: "Paid back",
};

export const PAYMENT_METHODS = ["cash", "money_order", "check", "card_elsewhere"] as const satisfies readonly PaymentMethod[];
/** Every method a ledger payment may carry: the manual ones, and 'online' (written only by Stripe's webhook; ADR 032). */
export const LEDGER_PAYMENT_METHODS = [...PAYMENT_METHODS, "online"] as const satisfies readonly PaymentMethod[];
export const PAYMENT_METHOD_LABELS: Record<PaymentMethod, string> = {
  cash: "Cash",
  money_order: "Money order",
  check: "Check",
  card_elsewhere: "Card (taken elsewhere)",
  online: "Online (card)",
};

export const PAYMENT_PAYERS = ["resident", "family", "voucher_or_grant", "employer"] as const satisfies readonly PaymentPayer[];
export const PAYMENT_PAYER_LABELS: Record<PaymentPayer, string> = {
  resident: "The resident",
  family: "Family or a friend",
  voucher_or_grant: "A voucher or grant program",
  employer: "An employer",
};

export const WEEKDAY_LABELS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;
