import { formatCents } from "#app/domain/fees/money";
import type { paymentReceipt } from "#app/domain/fees/queries.server";
import { PAYMENT_METHOD_LABELS, PAYMENT_PAYER_LABELS } from "#app/domain/fees/labels";
import { formatDay, formatInZone } from "#app/lib/dates";
import type { PdfContent } from "./money-pdf.server";

/** A receipt as its page and its PDF show it (ADR 033): one view, the same lines in both. */
export function receiptView(r: Awaited<ReturnType<typeof paymentReceipt>>, links: { back: string; pdfHref: string }) {
  const balanceAfter = r.balanceAfterCents > 0 ? `${formatCents(r.balanceAfterCents, r.currency)} owed` : r.balanceAfterCents < 0 ? `${formatCents(-r.balanceAfterCents, r.currency)} in credit` : "All paid up";
  return {
    ...links,
    number: r.receiptNumber,
    orgName: r.orgName,
    houseName: r.houseName,
    houseAddress: r.houseAddress,
    residentName: r.residentName,
    amount: formatCents(-r.amountCents, r.currency),
    receivedOn: formatDay(r.receivedOn),
    method: r.method ? PAYMENT_METHOD_LABELS[r.method] : "",
    payer: r.payer ? PAYMENT_PAYER_LABELS[r.payer] : "",
    reference: r.reference,
    forWhat: `Fees and rent for ${r.residentName} at ${r.houseName}`,
    balanceAfter,
    recordedAt: formatInZone(r.recordedAt, r.timeZone),
    refunded: r.refundedCents ? formatCents(r.refundedCents, r.currency) : null,
    reversed: r.reversed,
  };
}
export type ReceiptView = ReturnType<typeof receiptView>;

export function receiptPdfContent(v: ReceiptView): PdfContent {
  return {
    title: `Receipt ${v.number}`,
    heading: `${v.orgName} - Receipt ${v.number}`,
    subheading: `${v.houseName}, ${v.houseAddress}`,
    fields: [
      ["Receipt number", String(v.number)],
      ["Received from", `${v.payer} for ${v.residentName}`],
      ["Amount", v.amount],
      ["Received on", v.receivedOn],
      ["Paid by", `${v.method}${v.reference ? ` (${v.reference})` : ""}`],
      ["For", v.forWhat],
      ["Balance after this payment", v.balanceAfter],
      ["Recorded", v.recordedAt],
    ],
    notes: [v.refunded ? `Refunded since: ${v.refunded}.` : "", v.reversed ? "This payment was later corrected (entered by mistake)." : ""].filter(Boolean),
  };
}
