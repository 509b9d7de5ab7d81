import { describe, expect, it } from "vitest";
import { formatCents } from "#app/domain/fees/money";
import { ledgerEntryView } from "./ledger-entries";

// The one rendering of ledger entries keeps each page's words: "My dues" and the resident
// ledger show the full day, the statement the day of the month and how a payment was made;
// only the manager's ledger marks corrected entries.
const receiptHref = (id: string) => `/o/riverside/receipts/${id}`;
const payment = { id: "p1", kind: "payment" as const, amountCents: -1234, effectiveOn: "2026-11-20", memo: null, periodStart: null, periodEnd: null, receiptNumber: 17, method: "cash" as const, corrected: true };
const charge = { id: "c1", kind: "charge" as const, amountCents: 7000, effectiveOn: "2026-11-23", memo: null, periodStart: "2026-11-23", periodEnd: "2026-11-30", receiptNumber: null, method: null, corrected: false };

describe("ledgerEntryView", () => {
  it("My dues and the resident ledger: the full day, the receipt, no payment method", () => {
    expect(ledgerEntryView(payment, { currency: "USD", receiptHref })).toEqual({
      id: "p1",
      day: "Nov 20, 2026",
      what: "Payment, receipt 17",
      detail: null,
      amount: formatCents(-1234, "USD"),
      receiptHref: "/o/riverside/receipts/p1",
      corrected: false,
    });
    expect(ledgerEntryView(payment, { currency: "USD", receiptHref, markCorrected: true }).corrected).toBe(true);
  });

  it("a statement: the day of the month and how a payment was made", () => {
    const v = ledgerEntryView(payment, { currency: "USD", receiptHref, dayPattern: "MMM d", withMethod: true });
    expect([v.day, v.what]).toEqual(["Nov 20", "Payment, receipt 17 (Cash)"]);
  });

  it("a charge: its period as the detail, no receipt; a memo wins over the period", () => {
    const v = ledgerEntryView(charge, { currency: "USD", receiptHref });
    expect([v.what, v.detail, v.amount, v.receiptHref]).toEqual(["Charge", "Nov 23 – Nov 30, 2026", "$70.00", null]);
    expect(ledgerEntryView({ ...charge, memo: "Replacement key" }, { currency: "USD", receiptHref }).detail).toBe("Replacement key");
  });
});
