import { z } from "zod";

/**
 * Money is integer cents, end to end (ADR 030): parsed from the text a person typed
 * without ever becoming a floating-point number, stored as bigint, summed in SQL,
 * formatted from integers. Pure: the forms use it in the browser too.
 */

/** The largest amount one entry may carry: $1,000,000.00. */
export const MAX_CENTS = 100_000_000;

// "1234", "1,234", "1234.5", "1,234.56", ".50", "$12" — digits with optional comma groups
// and at most two decimals. No sign: a negative amount is refused, not flipped.
const AMOUNT = /^\$?((?:\d{1,3}(?:,\d{3})+)|\d+)?(?:\.(\d{0,2}))?$/;

export type MoneyProblem = "empty" | "negative" | "format" | "decimals" | "zero" | "too_large";

export const MONEY_MESSAGES: Record<MoneyProblem, string> = {
  empty: "Enter an amount.",
  negative: "Enter the amount without a minus sign.",
  format: "Enter an amount like 125 or 1,234.50.",
  decimals: "Use at most two decimals (cents).",
  zero: "Enter an amount more than zero.",
  too_large: "That amount is too large (at most 1,000,000.00).",
};

/** Cents for a typed amount, or why it is not one. */
export function parseCents(input: string): { cents: number } | { problem: MoneyProblem } {
  // Only leading and trailing space is ignored: "12 34" is not 1234.
  const s = input.trim();
  if (s === "") return { problem: "empty" };
  if (s.startsWith("-") || s.startsWith("$-") || s.startsWith("(")) return { problem: "negative" };
  if (/^\$?[\d,]*\.\d{3,}$/.test(s)) return { problem: "decimals" };
  const m = AMOUNT.exec(s);
  if (!m || (m[1] === undefined && !m[2])) return { problem: "format" };
  const whole = (m[1] ?? "0").replace(/,/g, "").replace(/^0+(?=\d)/, "");
  // Compare digit strings before converting, so no huge number is ever built.
  if (whole.length > 7) return { problem: "too_large" };
  const cents = Number(whole) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  if (cents > MAX_CENTS) return { problem: "too_large" };
  if (cents === 0) return { problem: "zero" };
  return { cents };
}

/**
 * A zod field: typed text → integer cents (more than zero, at most MAX_CENTS). Cents that
 * were already parsed (a whole number: forms only ever send text) pass through unchanged,
 * so a domain function can check the value its route parsed with the same schema.
 */
export const money = z.union([z.string(), z.number()], { error: MONEY_MESSAGES.empty }).transform((value, ctx): number => {
  if (typeof value === "number") {
    if (Number.isSafeInteger(value) && value >= 1 && value <= MAX_CENTS) return value;
    ctx.addIssue({ code: "custom", message: MONEY_MESSAGES[Number.isInteger(value) ? (value > MAX_CENTS ? "too_large" : "zero") : "format"] });
    return z.NEVER;
  }
  const r = parseCents(value);
  if ("cents" in r) return r.cents;
  ctx.addIssue({ code: "custom", message: MONEY_MESSAGES[r.problem] });
  return z.NEVER;
});

/** Cents as an amount a person reads, e.g. "$1,234.56" or "−$12.00" (integer arithmetic only). */
export function formatCents(cents: number, currency = "USD"): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`Not a whole number of cents: ${cents}`);
  const abs = Math.abs(cents);
  const rest = abs % 100;
  const whole = String((abs - rest) / 100).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const sign = cents < 0 ? "−" : "";
  return `${sign}${currencySymbol(currency)}${whole}.${String(rest).padStart(2, "0")}`;
}

/** As formatCents, without a sign (for columns that say "charge" or "payment" themselves). */
export const formatAmount = (cents: number, currency = "USD") => formatCents(Math.abs(cents), currency);

/** Cents as the plain text a form field holds ("1234.50"). */
export function centsToInput(cents: number): string {
  const rest = Math.abs(cents) % 100;
  return `${cents < 0 ? "-" : ""}${(Math.abs(cents) - rest) / 100}.${String(rest).padStart(2, "0")}`;
}

const symbols = new Map<string, string>();
function currencySymbol(currency: string): string {
  let s = symbols.get(currency);
  if (s === undefined) {
    try {
      s = new Intl.NumberFormat("en-US", { style: "currency", currency }).formatToParts(0).find((p) => p.type === "currency")?.value ?? `${currency} `;
    } catch {
      s = `${currency} `;
    }
    if (/^[A-Z]{3}$/.test(s)) s = `${s} `;
    symbols.set(currency, s);
  }
  return s;
}
