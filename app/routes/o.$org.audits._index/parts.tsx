import { Link } from "@remix-run/react";
import { DataTable } from "#app/ui/data-table";
import { ExpiringTable, TwoLines } from "#app/ui/dashboards";
import { Card, EmptyState } from "#app/ui/page";

/** The certifier's pipeline page, in parts (ADR 049, ADR 058). Words come from view.server.ts. */

export type CertifierDashboardView = {
  statuses: { status: string; label: string; count: number; href: string; current: boolean }[];
  filter: { label: string; clearHref: string } | null;
  month: string;
  inspections: { key: string; label: string; value: number }[];
  cancelled: number;
  overdue: { id: string; name: string; href: string; count: number; oldest: string }[];
  expiring: { more: number; rows: { id: string; houseName: string; operatorName: string; href: string; detail: string; when: string; expired: boolean }[] };
};

/**
 * A page of operators in words. Links are built here from the ids (`base` + the operator's
 * slug), not sent per house in the loader data: the page names up to 20 operators and their
 * houses, and each house's two addresses were half of its data (issue 13's speed).
 */
export type PipelineView = {
  id: string; slug: string; name: string; until: string;
  houses: {
    id: string; name: string; level: string | null;
    /** The house's own access end, when it differs from the operator's. */
    until: string | null;
    certification: string;
    assessment: { id: string; status: string; detail: string } | null;
  }[];
};

export function Dashboard({ d }: { d: CertifierDashboardView }) {
  return (
    <div className="grid gap-6 lg:grid-cols-2 lg:items-start">
      <Card title="Pipeline by certification status">
        {d.statuses.length === 0 ? (
          <p className="text-sm text-muted">No house is covered by an active grant.</p>
        ) : (
          <DataTable
            caption="Covered houses by certification status; each number opens the list of those houses"
            framed={false}
            rows={d.statuses}
            rowKey={(s) => s.status}
            columns={[
              { header: "Status", rowHeader: true, cell: (s) => s.label },
              {
                header: "Houses",
                numeric: true,
                cell: (s) => (
                  <Link to={s.href} aria-current={s.current ? "page" : undefined} className="font-semibold tabular-nums" data-count={`status-${s.status}`}>
                    {s.count}
                    <span className="sr-only"> {s.count === 1 ? "house" : "houses"}: {s.label}</span>
                  </Link>
                ),
              },
            ]}
          />
        )}
      </Card>
      <Card title={`Inspections in ${d.month}`}>
        <dl aria-label={`Inspections scheduled in ${d.month}`} className="grid grid-cols-3 gap-2">
          {d.inspections.map((s) => (
            <div key={s.label} className="rounded-lg border border-line px-3 py-2">
              <dt className="text-sm text-muted">{s.label}</dt>
              <dd className="text-2xl font-semibold tabular-nums" data-count={`inspections-${s.key}`}>{s.value}</dd>
            </div>
          ))}
        </dl>
        <p className="mt-2 text-sm text-muted">
          Visits scheduled for a day this month, in your organisation's time zone{d.cancelled ? `; ${d.cancelled} cancelled` : ""}.
        </p>
      </Card>
      <Card title="Corrective actions past due">
        {d.overdue.length === 0 ? (
          <p className="text-sm text-muted">No finding is past its due date.</p>
        ) : (
          <DataTable
            caption="Findings not yet accepted and past their due date, by operator"
            framed={false}
            rows={d.overdue}
            rowKey={(o) => o.id}
            columns={[
              { header: "Operator", rowHeader: true, cell: (o) => <Link to={o.href}>{o.name}</Link> },
              { header: "Past due", numeric: true, cell: (o) => <span data-count={`overdue-${o.id}`}>{o.count}</span> },
              { header: "Oldest due date", cell: (o) => o.oldest },
            ]}
          />
        )}
      </Card>
      <Card title="Certifications expiring within 90 days">
        <ExpiringTable
          caption="Houses whose certification expires within 90 days"
          framed={false}
          rows={d.expiring.rows}
          more={d.expiring.more}
          empty={<p className="text-sm text-muted">No certification you granted expires within 90 days.</p>}
          columns={[
            { header: "House", rowHeader: true, cell: (r) => <TwoLines sub={r.operatorName}><Link to={r.href}>{r.houseName}</Link></TwoLines> },
            { header: "Certification", cell: (r) => r.detail },
          ]}
        />
      </Card>
    </div>
  );
}

export function Pipeline({ base, operators, filtered }: { base: string; operators: PipelineView[]; filtered: boolean }) {
  if (operators.length === 0) {
    return filtered ? (
      <EmptyState title="No house has this status">Choose another status, or show every house.</EmptyState>
    ) : (
      <EmptyState title="No operator has given you access yet">When an operator grants your organisation access, its houses appear here.</EmptyState>
    );
  }
  return (
    <>
      {operators.map((o) => (
        <Card key={o.id} title={o.name}>
          <p className="text-sm text-muted" data-operator={o.id}>Access {o.until}. <Link to={`${base}/${o.slug}`}>Grants and houses<span className="sr-only"> of {o.name}</span></Link></p>
          <ul className="mt-3 divide-y divide-line text-sm [&>li]:py-3">
            {o.houses.map((h) => (
              <li key={h.id}>
                <h3 className="text-base font-semibold">{h.name}</h3>
                {h.level || h.until ? <p className="text-muted">{[h.level, h.until ? `access ${h.until}` : null].filter(Boolean).join(" · ")}</p> : null}
                <p>
                  Certification: <Link to={`${base}/${o.slug}/houses/${h.id}/certification`}>{h.certification}<span className="sr-only"> — {h.name}</span></Link>
                </p>
                {h.assessment ? (
                  <p>
                    <Link to={`${base}/${o.slug}/assessments/${h.assessment.id}`}>{h.assessment.status}<span className="sr-only"> — {h.name}</span></Link>
                    <span className="block text-muted">{h.assessment.detail}</span>
                  </p>
                ) : (
                  <p>No self-assessment yet.</p>
                )}
              </li>
            ))}
          </ul>
        </Card>
      ))}
    </>
  );
}
