import type { ReactNode } from "react";
import type { FundView } from "./house-fund.server";
import { Card } from "./page";

/**
 * The house fund as every member sees it (ADR 035): the balance, the share, who is up to
 * date, expenses waiting for approval, the history and the monthly audits. Plain HTML, no
 * script; the officers' forms are passed in where they belong.
 */
type Pending = FundView["pending"][number];
type Audit = FundView["audits"][number];

type Proposal = FundView["shareProposals"][number];

export function FundOverview({ fund, approveShare, withdrawShare }: { fund: FundView; approveShare?: (p: Proposal) => ReactNode; withdrawShare?: (p: Proposal) => ReactNode }) {
  return (
    <Card title="The house fund">
      <p className="text-2xl font-semibold tabular-nums" data-testid="fund-balance">
        Balance {fund.balance}
      </p>
      <p className="mt-1 text-sm text-muted">
        {`Money in ${fund.totalIn}, expenses paid ${fund.totalOut}.`}
        {fund.pendingTotal ? ` ${fund.pendingTotal} in expenses waiting for approval.` : ""}
      </p>
      <p className="mt-2">{fund.share ? `Everyone's share: ${fund.share}.` : "The house hasn't set a weekly share yet."}</p>
      {fund.nextShare ? <p className="text-sm">{`Changing to ${fund.nextShare}.`}</p> : null}
      {fund.shareProposals.length ? (
        <ul className="mt-2 space-y-2 text-sm" aria-label="Proposed shares">
          {fund.shareProposals.map((p) => (
            <li key={p.id}>
              <p>{`Proposed: ${p.text}. Approved by ${p.approvals.length} of the ${fund.approvalsNeeded} officers needed: ${p.approvals.join("; ")}.`}</p>
              {approveShare && p.canApprove ? approveShare(p) : null}
              {withdrawShare && p.canWithdraw ? withdrawShare(p) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </Card>
  );
}

export function FundMembers({ fund }: { fund: FundView }) {
  return (
    <Card title="Shares">
      {fund.members.length === 0 ? (
        <p className="text-muted">Nobody lives in the house today.</p>
      ) : (
        <ul className="divide-y divide-line" aria-label="Shares">
          {fund.members.map((m) => (
            <li key={m.id} className="flex flex-wrap items-baseline justify-between gap-2 py-2">
              <span>
                <span className="font-medium">{m.name}</span>
                {m.office ? <span className="text-sm text-muted"> · {m.office}</span> : null}
                <span className="block text-sm text-muted">{`Paid ${m.paid} of ${m.owed}`}</span>
              </span>
              <span className={`tabular-nums ${m.behind ? "font-medium" : "text-muted"}`}>{m.standing}</span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

export function FundPending({ fund, approveForm, withdrawForm }: { fund: FundView; approveForm?: (e: Pending) => ReactNode; withdrawForm?: (e: Pending) => ReactNode }) {
  return (
    <Card title="Expenses waiting for approval">
      {fund.pending.length === 0 ? (
        <p className="text-muted">Nothing is waiting.</p>
      ) : (
        <ul className="space-y-3" aria-label="Expenses waiting for approval">
          {fund.pending.map((e) => (
            <li key={e.id} className="rounded-lg border border-line p-3">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <span className="font-medium">{e.title}</span>
                <span className="tabular-nums">{e.amount}</span>
              </div>
              {e.detail ? <p className="text-sm">{e.detail}</p> : null}
              <p className="text-sm text-muted">{`Proposed ${e.day}. Approved by ${e.approvals.length} of the ${fund.approvalsNeeded} officers it needs.`}</p>
              <ul className="text-sm">
                {e.approvals.map((a) => (
                  <li key={a}>{a}</li>
                ))}
              </ul>
              {e.canApprove && approveForm ? approveForm(e) : null}
              {e.canWithdraw && withdrawForm ? withdrawForm(e) : null}
            </li>
          ))}
        </ul>
      )}
      {fund.withdrawn.length ? (
        <>
          <h3 className="mt-4 font-semibold">Withdrawn</h3>
          <ul className="mt-1 space-y-2 text-sm" aria-label="Withdrawn proposals">
            {fund.withdrawn.map((w) => (
              <li key={w.id}>
                <span className="font-medium">{w.title}</span>
                <span className="block text-muted">{w.text}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Card>
  );
}

export function FundHistory({ fund }: { fund: FundView }) {
  return (
    <Card title="Money in and out">
      {fund.history.length === 0 ? (
        <p className="text-muted">Nothing yet.</p>
      ) : (
        <ul className="divide-y divide-line" aria-label="Money in and out">
          {fund.history.map((e) => (
            <li key={e.id} className="py-2">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <span>
                  <span className="font-medium">{e.title}</span> <span className="text-sm text-muted">{e.day}</span>
                </span>
                <span className="tabular-nums">{e.direction === "in" ? `+${e.amount}` : `−${e.amount}`}</span>
              </div>
              {e.detail ? <p className="text-sm">{e.detail}</p> : null}
              {e.direction === "out" ? <p className="text-sm text-muted">Approved: {e.approvals.join("; ")}</p> : null}
            </li>
          ))}
        </ul>
      )}
      <p className="mt-2 text-sm text-muted">The newest entries are shown; each month's audit has the full totals.</p>
    </Card>
  );
}

export function FundAudits({ fund, signForm }: { fund: FundView; signForm?: (a: Audit) => ReactNode }) {
  return (
    <Card title="Monthly audits">
      {fund.audits.length === 0 ? (
        <p className="text-muted">No audit yet.</p>
      ) : (
        <ul className="space-y-3" aria-label="Monthly audits">
          {fund.audits.map((a) => (
            <li key={a.id} className="rounded-lg border border-line p-3">
              <h3 className="font-semibold">
                {a.month}: {a.complete ? "complete" : `waiting for signatures (${a.signatures.length} of ${a.signaturesNeeded})`}
              </h3>
              <dl className="mt-1 grid grid-cols-2 gap-x-4 text-sm tabular-nums">
                <dt>Opening balance</dt>
                <dd>{a.opening}</dd>
                <dt>Money in</dt>
                <dd>{a.in}</dd>
                <dt>Expenses</dt>
                <dd>{a.out}</dd>
                <dt>Closing balance</dt>
                <dd>{a.closing}</dd>
                <dt>Counted (bank or cash)</dt>
                <dd>{a.counted}</dd>
                <dt>Difference</dt>
                <dd>{a.difference}</dd>
              </dl>
              {a.note ? <p className="mt-1 text-sm">{a.note}</p> : null}
              <p className="mt-1 text-sm text-muted">Prepared by {a.preparedBy}, treasurer.</p>
              <ul className="text-sm">
                {a.signatures.map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ul>
              {a.canSign && signForm ? signForm(a) : null}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
