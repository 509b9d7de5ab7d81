import { Link } from "@remix-run/react";

/** Findings (ADR 053) on the pages of both sides: the finding, its evidence and history, and the lists. */

export type FindingCardData = {
  id: string;
  houseName: string;
  operatorName: string;
  certifierName: string;
  item: string;
  severity: string;
  summary: string;
  due: string;
  status: string;
  statusLabel: string;
  overdue: boolean;
  plan: string | null;
  planDue: string | null;
  evidence: { id: string; label: string; href: string; at: string }[];
  history: { id: string; change: string; detail: string | null; plan: string | null; planDue: string | null; note: string | null; who: string; at: string; atIso: string }[];
};

export type FindingListRow = {
  id: string;
  href: string;
  houseName: string;
  certifierName: string;
  item: string;
  severity: string;
  summary: string;
  due: string;
  statusLabel: string;
  overdue: boolean;
};

export function OverdueFlag({ overdue }: { overdue: boolean }) {
  return overdue ? <strong className="rounded bg-red-100 px-1.5 py-0.5 text-sm text-red-900" data-testid="overdue">Overdue</strong> : null;
}

export function FindingDetails({ f }: { f: FindingCardData }) {
  return (
    <section aria-labelledby="finding-details" className="space-y-3 rounded-lg border border-line bg-white p-4">
      <h2 id="finding-details" className="font-semibold">The finding</h2>
      <p className="whitespace-pre-line break-words" data-testid="finding-summary">{f.summary}</p>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-muted">Item</dt>
        <dd className="break-words">{f.item}</dd>
        <dt className="text-muted">House</dt>
        <dd>{f.houseName}</dd>
        <dt className="text-muted">Severity</dt>
        <dd data-testid="finding-severity">{f.severity}</dd>
        <dt className="text-muted">Due</dt>
        <dd data-testid="finding-due">{f.due} <OverdueFlag overdue={f.overdue} /></dd>
        <dt className="text-muted">Status</dt>
        <dd data-testid="finding-status">{f.statusLabel}</dd>
        <dt className="text-muted">Raised by</dt>
        <dd>{f.certifierName}</dd>
      </dl>
    </section>
  );
}

export function FindingPlan({ f }: { f: FindingCardData }) {
  return (
    <section aria-labelledby="finding-plan" className="space-y-3 rounded-lg border border-line bg-white p-4">
      <h2 id="finding-plan" className="font-semibold">Corrective action plan</h2>
      {f.plan ? (
        <>
          <p className="whitespace-pre-line break-words" data-testid="finding-plan">{f.plan}</p>
          <p className="text-sm"><span className="text-muted">Target date:</span> <span data-testid="finding-plan-due">{f.planDue}</span></p>
        </>
      ) : (
        <p className="text-muted">No plan yet.</p>
      )}
      <h3 className="font-medium">Evidence</h3>
      {f.evidence.length ? (
        <ul className="list-disc space-y-1 pl-5 text-sm" aria-label="Evidence files">
          {f.evidence.map((e) => (
            <li key={e.id}>
              <a href={e.href} download className="underline underline-offset-2">{e.label}<span className="sr-only"> (download)</span></a> <span className="text-muted">· {e.at}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-muted">No files attached.</p>
      )}
    </section>
  );
}

export function FindingHistory({ f }: { f: FindingCardData }) {
  return (
    <section aria-labelledby="finding-history" className="space-y-2 rounded-lg border border-line bg-white p-4">
      <h2 id="finding-history" className="font-semibold">History</h2>
      <ol className="space-y-2 text-sm" aria-label="Finding history">
        {f.history.map((e) => (
          <li key={e.id} className="border-l-2 border-line pl-3">
            <p className="font-medium">{e.change}</p>
            {e.detail ? <p className="text-muted">{e.detail}</p> : null}
            {e.plan ? <p className="whitespace-pre-line break-words">Plan: {e.plan}{e.planDue ? ` (by ${e.planDue})` : ""}</p> : null}
            {e.note ? <p className="whitespace-pre-line break-words">Note: {e.note}</p> : null}
            <p className="text-muted">{e.who}, <time dateTime={e.atIso}>{e.at}</time></p>
          </li>
        ))}
      </ol>
    </section>
  );
}

export function FilterNav({ links, label }: { links: { value: string; label: string; href: string; current: boolean }[]; label: string }) {
  return (
    <nav aria-label={label}>
      <ul className="flex flex-wrap gap-3">
        {links.map((l) => (
          <li key={l.value}>
            <Link to={l.href} aria-current={l.current ? "page" : undefined} className={`inline-flex min-h-11 items-center underline-offset-2 ${l.current ? "font-semibold" : "underline"}`}>{l.label}</Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A list of findings; `showHouse` groups nothing but names the house in each row. */
export function FindingList({ rows, showHouse, showBody }: { rows: FindingListRow[]; showHouse: boolean; showBody: boolean }) {
  return (
    <ul className="space-y-3" aria-label="Findings">
      {rows.map((r) => (
        <li key={r.id} className="rounded-lg border border-line bg-white p-4">
          <p className="font-medium">
            <Link to={r.href} className="underline underline-offset-2">{r.item}: {r.summary}</Link>
          </p>
          <p className="mt-1 text-sm">
            {[showHouse ? r.houseName : null, showBody ? r.certifierName : null, r.severity, `due ${r.due}`].filter(Boolean).join(" · ")} <OverdueFlag overdue={r.overdue} />
          </p>
          <p className="text-sm text-muted">{r.statusLabel}</p>
        </li>
      ))}
    </ul>
  );
}
