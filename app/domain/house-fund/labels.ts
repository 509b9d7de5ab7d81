import type { HouseFundCategory, HouseFundMethod } from "#app/db/schema";

/** The house fund's values and labels (no zod: pages under the first-load JS budget import these). */

export const FUND_METHODS = ["cash", "money_order", "check", "bank_transfer"] as const satisfies readonly HouseFundMethod[];
export const FUND_METHOD_LABELS: Record<HouseFundMethod, string> = {
  cash: "Cash",
  money_order: "Money order",
  check: "Check",
  bank_transfer: "Bank or app transfer",
};

export const FUND_CATEGORIES = ["rent", "utilities", "supplies", "other"] as const satisfies readonly HouseFundCategory[];
export const FUND_CATEGORY_LABELS: Record<HouseFundCategory, string> = {
  rent: "Rent (to the landlord)",
  utilities: "Utilities",
  supplies: "House supplies",
  other: "Other",
};

/** How many officers approve an expense, and how many sign a month's audit (ADR 035). */
export const APPROVALS_NEEDED = 2;
export const AUDIT_SIGNATURES_NEEDED = 3;
