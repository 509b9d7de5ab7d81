import { formatCents } from "#app/domain/fees/money";
import { INSTALMENT_STATUS_LABELS, type PlanProgress } from "#app/domain/fees/plans";
import { formatDay } from "#app/lib/dates";
import type { MonthlyStatement } from "#app/domain/fees/statements.server";
import { LedgerEntryList, ledgerEntryView } from "./ledger-entries";
import type { PdfContent } from "./money-pdf.server";

/**
 * A monthly statement as a page and as a PDF (ADR 033), from one view: the same lines in
 * both. Print CSS hides the links and navigation.
 */

const balanceText = (cents: number, c: string) => (cents > 0 ? `${formatCents(cents, c)} owed` : cents < 0 ? `${formatCents(-cents, c)} in credit` : `${formatCents(0, c)} (all paid up)`);

export function planSummary(p: PlanProgress, c: string) {
  const status = p.complete ? "Complete" : p.onTrack ? "On track" : `Behind by ${formatCents(p.behindCents, c)}`;
  const next = p.next ? `Next: ${formatCents(p.next.amountCents - p.next.paidCents, c)} by ${formatDay(p.next.dueOn)}` : null;
  return { status, next, paid: `${formatCents(p.paidCents, c)} of ${formatCents(p.totalCents, c)} paid` };
}

export function statementView(s: MonthlyStatement, links: { pdfHref: string; back: string; receiptHref: (id: string) => string }) {
  const c = s.currency;
  return {
    back: links.back,
    pdfHref: links.pdfHref,
    title: `Statement for ${formatDay(s.first, "MMMM yyyy")}`,
    orgName: s.orgName,
    houseName: s.houseName,
    residentName: s.resident.name,
    period: `${formatDay(s.first)} – ${formatDay(s.last)}`,
    opening: balanceText(s.openingCents, c),
    closing: balanceText(s.closingCents, c),
    truncated: s.truncated,
    entries: s.entries.map((e) => ledgerEntryView(e, { currency: c, receiptHref: links.receiptHref, dayPattern: "MMM d", withMethod: true })),
    plan: s.plan
      ? {
          ...planSummary(s.plan.progress, c),
          instalments: s.plan.progress.instalments.map((i) => ({ seq: i.seq, due: formatDay(i.dueOn), amount: formatCents(i.amountCents, c), status: INSTALMENT_STATUS_LABELS[i.status] })),
        }
      : null,
  };
}
export type StatementView = ReturnType<typeof statementView>;

export function statementPdfContent(v: StatementView): PdfContent {
  return {
    title: `${v.title} - ${v.residentName}`,
    heading: `${v.orgName} - ${v.title}`,
    subheading: `${v.residentName}${v.houseName ? `, ${v.houseName}` : ""}`,
    fields: [
      ["Period", v.period],
      ["Opening balance", v.opening],
      ["Closing balance", v.closing],
      ...(v.plan ? ([["Payment plan", `${v.plan.status}; ${v.plan.paid}${v.plan.next ? `; ${v.plan.next}` : ""}`]] as [string, string][]) : []),
    ],
    table: { columns: ["Date", "What", "Details", "Amount"], widths: [60, 190, 170, 84], rows: v.entries.map((e) => [e.day, e.what, e.detail ?? "", e.amount]) },
    notes: [v.entries.length === 0 ? "No entries this month." : "", v.truncated ? "Only the first entries of the month are listed." : ""].filter(Boolean),
  };
}

export function StatementPage({ v }: { v: StatementView }) {
  return (
    <div className="printable mx-auto max-w-2xl space-y-4">
      <header className="space-y-1">
        <h1 className="text-xl font-semibold">{v.title}</h1>
        <p>
          {v.orgName}
          {v.houseName ? ` · ${v.houseName}` : ""} · {v.residentName}
        </p>
        <p className="print:hidden flex flex-wrap gap-4 text-sm">
          <a href={v.back}>Back</a>
          <a href={v.pdfHref} download>
            Download PDF
          </a>
          <span>To print, use your browser's Print.</span>
        </p>
      </header>
      <section aria-labelledby="statement-balances" className="rounded-lg border border-line bg-white p-4 print:border-0 print:p-0">
        <h2 id="statement-balances" className="font-semibold">
          {v.period}
        </h2>
        <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
          <dt className="text-muted">Opening balance</dt>
          <dd className="tabular-nums" data-testid="opening">
            {v.opening}
          </dd>
          <dt className="text-muted">Closing balance</dt>
          <dd className="tabular-nums font-semibold" data-testid="closing">
            {v.closing}
          </dd>
        </dl>
      </section>
      <section aria-labelledby="statement-entries" className="rounded-lg border border-line bg-white p-4 print:border-0 print:p-0">
        <h2 id="statement-entries" className="font-semibold">
          Entries
        </h2>
        <LedgerEntryList entries={v.entries} label="Entries this month" empty="No entries this month." />
        {v.truncated ? <p className="text-sm">Only the first entries of the month are listed; the PDF and the export hold the same.</p> : null}
      </section>
      {v.plan ? (
        <section aria-labelledby="statement-plan" className="rounded-lg border border-line bg-white p-4 print:border-0 print:p-0">
          <h2 id="statement-plan" className="font-semibold">
            Payment plan
          </h2>
          <p>
            {v.plan.status}. {v.plan.paid}.{v.plan.next ? ` ${v.plan.next}.` : ""}
          </p>
        </section>
      ) : null}
    </div>
  );
}
