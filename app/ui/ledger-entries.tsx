import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { LedgerRow } from "#app/domain/fees/ledger-rows.server";
import { formatCents } from "#app/domain/fees/money";
import { ENTRY_KIND_LABELS, PAYMENT_METHOD_LABELS } from "#app/domain/fees/labels";
import { formatDay } from "#app/lib/dates";

/**
 * One list of ledger entries (ADR 033) for every page that lists them: the resident's
 * "My dues", a house's resident ledger and a monthly statement (its page; its PDF takes the
 * same lines). `ledgerEntryView` turns a row of `ledgerRows` into the words shown;
 * `LedgerEntryList` shows them, a receipt link under each payment (hidden in print), and
 * whatever the page adds under an entry (`children`, e.g. the manager's correction form).
 */

export type LedgerEntryView = {
  id: string;
  day: string;
  what: string;
  detail: string | null;
  amount: string;
  receiptHref: string | null;
  /** A later entry reverses or refunds this one (shown only where `markCorrected` asked). */
  corrected: boolean;
};

type ViewRow = Pick<LedgerRow, "id" | "kind" | "amountCents" | "effectiveOn" | "memo" | "periodStart" | "periodEnd" | "receiptNumber" | "method"> & { corrected?: boolean };

export function ledgerEntryView(
  e: ViewRow,
  opts: { currency: string; receiptHref: (id: string) => string; dayPattern?: string; withMethod?: boolean; markCorrected?: boolean },
): LedgerEntryView {
  const method = opts.withMethod && e.method ? ` (${PAYMENT_METHOD_LABELS[e.method]})` : "";
  return {
    id: e.id,
    day: formatDay(e.effectiveOn, opts.dayPattern),
    what: e.kind === "payment" && e.receiptNumber ? `Payment, receipt ${e.receiptNumber}${method}` : ENTRY_KIND_LABELS[e.kind],
    detail: e.memo ?? (e.periodStart && e.periodEnd ? `${formatDay(e.periodStart, "MMM d")} – ${formatDay(e.periodEnd, "MMM d, yyyy")}` : null),
    amount: formatCents(e.amountCents, opts.currency),
    receiptHref: e.kind === "payment" ? opts.receiptHref(e.id) : null,
    corrected: Boolean(opts.markCorrected && e.corrected),
  };
}

export function LedgerEntryList<E extends LedgerEntryView>({
  entries,
  label,
  empty,
  receiptLabel = "Receipt",
  children,
}: {
  entries: E[];
  /** The list's accessible name. */
  label: string;
  /** What is said when there are no entries. */
  empty: string;
  receiptLabel?: string;
  /** More under an entry (after its receipt link and "corrected" note). */
  children?: (entry: E) => ReactNode;
}) {
  if (entries.length === 0) return <p className="text-muted">{empty}</p>;
  return (
    <ul className="divide-y divide-line" aria-label={label}>
      {entries.map((e) => (
        <li key={e.id} className="py-2">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <span>
              <span className="font-medium">{e.what}</span> <span className="text-sm text-muted">{e.day}</span>
            </span>
            <span className="tabular-nums">{e.amount}</span>
          </div>
          {e.detail ? <p className="text-sm">{e.detail}</p> : null}
          {e.receiptHref ? (
            <p className="print:hidden text-sm">
              <Link to={e.receiptHref}>{receiptLabel}</Link>
            </p>
          ) : null}
          {e.corrected ? <p className="text-sm text-muted">Corrected or refunded</p> : null}
          {children?.(e)}
        </li>
      ))}
    </ul>
  );
}
