import type { HouseOfficeKind } from "#app/db/schema";
import { OFFICE_LABELS } from "#app/domain/chores/labels";
import { formatCents } from "#app/domain/fees/money";
import { isApproved, isComplete, type Fund, type FundWithdrawal } from "#app/domain/house-fund/fund.server";
import { APPROVALS_NEEDED, AUDIT_SIGNATURES_NEEDED, FUND_CATEGORY_LABELS, FUND_METHOD_LABELS } from "#app/domain/house-fund/labels";
import { formatDateTime, formatDay } from "#app/lib/dates";

/**
 * The house fund as people read it (ADR 035): amounts formatted from integer cents,
 * housemates by first name, officers by office. The same for the resident's page and the
 * staff tab; `me` marks what the signed-in officer may still do.
 */
export type FundView = ReturnType<typeof presentFund>;

export function presentFund(fund: Fund, opts: { currency: string; timeZone: string; me?: { residentId: string; office: HouseOfficeKind | null } | null }) {
  const c = opts.currency;
  const money = (cents: number) => formatCents(cents, c);
  const names = new Map(fund.members.map((m) => [m.residentId, m.firstName]));
  const who = (id: string | null) => (id ? (names.get(id) ?? "A former member") : "Someone");
  const meId = opts.me?.residentId ?? null;
  const officer = Boolean(opts.me?.office);
  const officers = new Set(fund.members.filter((m) => m.office).map((m) => m.residentId));
  // The proposer withdraws their own proposal; any officer may once the proposer holds no office (0038).
  const mayWithdraw = (proposer: string | null) => officer && (proposer === meId || !proposer || !officers.has(proposer));
  const withdrawal = (w: FundWithdrawal) => `Withdrawn by the ${OFFICE_LABELS[w.office].toLowerCase()} (${who(w.residentId)}), ${formatDateTime(w.withdrawnAt, opts.timeZone)}: ${w.reason}`;
  const entry = (e: Fund["entries"][number]) => ({
    id: e.id,
    direction: e.direction,
    amount: money(e.amountCents),
    day: formatDay(e.effectiveOn),
    title: e.direction === "in" ? `Share from ${who(e.residentId)}` : `${e.payee} · ${e.category ? FUND_CATEGORY_LABELS[e.category] : ""}`,
    detail: [e.direction === "in" && e.method ? FUND_METHOD_LABELS[e.method] : null, e.memo, e.receiptReference ? `Receipt ${e.receiptReference}` : null].filter(Boolean).join(" · ") || null,
    approved: isApproved(e),
    withdrawn: e.withdrawn ? withdrawal(e.withdrawn) : null,
    canWithdraw: e.direction === "out" && !e.withdrawn && !isApproved(e) && mayWithdraw(e.recordedBy),
    approvals: e.approvals.map((a) => `${OFFICE_LABELS[a.office]} (${who(a.residentId)}), ${formatDateTime(a.approvedAt, opts.timeZone)}`),
    canApprove: officer && e.direction === "out" && !e.withdrawn && !isApproved(e) && !e.approvals.some((a) => a.residentId === meId),
  });
  const entries = fund.entries.map(entry);
  return {
    balance: money(fund.balanceCents),
    totalIn: money(fund.inCents),
    totalOut: money(fund.outCents),
    pendingTotal: fund.pendingCents ? money(fund.pendingCents) : null,
    share: fund.share ? `${money(fund.share.amountCents)} a week, from ${formatDay(fund.share.effectiveFrom)}` : null,
    nextShare: fund.nextShare ? `${money(fund.nextShare.amountCents)} a week from ${formatDay(fund.nextShare.effectiveFrom)}` : null,
    shareProposals: fund.shareProposals.map((p) => ({
      id: p.id,
      text: `${money(p.amountCents)} a week from ${formatDay(p.effectiveFrom)}`,
      approvals: p.approvals.map((a) => `${OFFICE_LABELS[a.office]} (${who(a.residentId)}), ${formatDateTime(a.approvedAt, opts.timeZone)}`),
      canApprove: officer && !p.approvals.some((a) => a.residentId === meId),
      canWithdraw: mayWithdraw(p.proposedBy),
    })),
    approvalsNeeded: APPROVALS_NEEDED,
    members: fund.members.map((m) => {
      const diff = m.paidCents - m.owedCents;
      return {
        id: m.residentId,
        name: m.firstName,
        office: m.office ? OFFICE_LABELS[m.office] : null,
        owed: money(m.owedCents),
        paid: money(m.paidCents),
        standing: diff === 0 ? "Up to date" : diff > 0 ? `Ahead ${money(diff)}` : `Behind ${money(-diff)}`,
        behind: diff < 0,
      };
    }),
    pending: entries.filter((e) => e.direction === "out" && !e.approved && !e.withdrawn),
    withdrawn: [
      ...entries.filter((e) => e.withdrawn).map((e) => ({ id: e.id, title: `${e.title}, ${e.amount}`, text: e.withdrawn! })),
      ...fund.withdrawnShares.map((p) => ({
        id: p.id,
        title: `Share of ${money(p.amountCents)} a week from ${formatDay(p.effectiveFrom)}`,
        text: withdrawal(p.withdrawn),
      })),
    ],
    history: entries.filter((e) => e.direction === "in" || e.approved),
    audits: fund.audits.map((a) => {
      const signedByMe = a.signatures.some((s) => s.residentId === meId);
      return {
        id: a.id,
        month: formatDay(a.month, "MMMM yyyy"),
        opening: money(a.openingCents),
        in: money(a.inCents),
        out: money(a.outCents),
        closing: money(a.closingCents),
        counted: money(a.countedCents),
        difference: a.countedCents === a.closingCents ? "None: the count matches." : money(a.countedCents - a.closingCents),
        note: a.note,
        preparedBy: who(a.preparedBy),
        complete: isComplete(a),
        signaturesNeeded: AUDIT_SIGNATURES_NEEDED,
        signatures: a.signatures.map((s) => `${OFFICE_LABELS[s.office]}: signed “${s.typedName}”, ${formatDateTime(s.signedAt, opts.timeZone)}`),
        canSign: officer && !isComplete(a) && !signedByMe,
      };
    }),
  };
}
