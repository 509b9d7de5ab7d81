import { Link } from "@remix-run/react";
import { DataTable } from "#app/ui/data-table";
import { CountLink, ExpiringTable, Meter, TwoLines } from "#app/ui/dashboards";
import { Badge } from "#app/ui/occupancy";
import { Card, EmptyState } from "#app/ui/page";

/** The operator's dashboard, in parts (ADR 058). Words come from view.server.ts. */

type Bar = { percent: number; text: string };
export type DashboardHouseView = {
  id: string; name: string; standardsHref: string; safetyHref: string;
  assessment: { href: string; detail: string; overall: Bar; domains: (Bar & { code: string; label: string })[] } | null;
  findings: { open: number; overdue: number };
  checks: { overdue: number; dueSoon: number };
};
type DueRow = { id: string; houseName: string; href: string; when: string; expired: boolean };
export type DashboardView = {
  houses: DashboardHouseView[];
  totals: {
    houses: number; openFindings: number; overdueFindings: number; checksOverdue: number; checksDueSoon: number;
    documents: number; documentsExpired: number; certifications: number;
  };
  documents: { more: number; rows: (DueRow & { title: string; kind: string })[] };
  certifications: { more: number; rows: (DueRow & { certifier: string; detail: string })[] };
};

export function Summary({ totals }: { totals: DashboardView["totals"] }) {
  const items = [
    { key: "open-findings", label: "Open findings", value: totals.openFindings, hint: `${totals.overdueFindings} past due` },
    { key: "checks-overdue", label: "Safety checks", value: totals.checksOverdue, hint: `overdue · ${totals.checksDueSoon} due within 7 days` },
    { key: "documents", label: "Documents", value: totals.documents, hint: `expired or due within 60 days · ${totals.documentsExpired} expired` },
    { key: "certifications", label: "Certifications", value: totals.certifications, hint: "expire within 90 days" },
  ];
  return (
    <dl aria-label="What needs attention" className="grid grid-cols-2 gap-2 sm:grid-cols-4">
      {items.map((s) => (
        <div key={s.label} className="rounded-lg border border-line bg-white px-3 py-2">
          <dt className="text-sm text-muted">{s.label}</dt>
          <dd className="text-2xl font-semibold tabular-nums" data-count={s.key}>{s.value}</dd>
          <dd className="text-xs text-muted">{s.hint}</dd>
        </div>
      ))}
    </dl>
  );
}

export function HouseTable({ houses }: { houses: DashboardHouseView[] }) {
  return (
    <DataTable
      caption="Each house: readiness, findings and safety checks"
      captionVisible
      rows={houses}
      rowKey={(h) => h.id}
      columns={[
        { header: "House", rowHeader: true, cell: (h) => <Link to={h.standardsHref}>{h.name}</Link> },
        { header: "Ready", numeric: true, cell: (h) => (h.assessment ? `${h.assessment.overall.percent}%` : "No self-assessment") },
        { header: "Open findings", numeric: true, cell: (h) => <CountLink n={h.findings.open} href={h.standardsHref} label={`open findings at ${h.name}`} name={`open-${h.id}`} /> },
        {
          header: "Past due",
          numeric: true,
          cell: (h) => <span data-count={`overdue-${h.id}`}>{h.findings.overdue ? <Badge tone="warn">{h.findings.overdue}<span className="sr-only"> findings past due at {h.name}</span></Badge> : "0"}</span>,
        },
        { header: "Checks overdue", numeric: true, cell: (h) => <CountLink n={h.checks.overdue} href={h.safetyHref} label={`safety checks overdue at ${h.name}`} name={`checks-overdue-${h.id}`} /> },
        { header: "Checks due soon", numeric: true, cell: (h) => <CountLink n={h.checks.dueSoon} href={h.safetyHref} label={`safety checks due within 7 days at ${h.name}`} name={`checks-due-${h.id}`} /> },
      ]}
    />
  );
}

export function Readiness({ houses, rule }: { houses: DashboardHouseView[]; rule: string }) {
  return (
    <section aria-labelledby="readiness-title" className="space-y-3">
      <h2 id="readiness-title" className="text-lg font-semibold">Readiness by domain</h2>
      <p className="text-sm text-muted">{rule}</p>
      <ul className="space-y-4">
        {houses.map((h) => (
          <li key={h.id}>
            <Card title={h.name} headingLevel={3}>
              {h.assessment ? (
                <div className="space-y-2">
                  <p className="text-sm text-muted">{h.assessment.detail}</p>
                  <Meter id={`ready-${h.id}`} label="Overall" {...h.assessment.overall} />
                  {h.assessment.domains.map((d) => (
                    <Meter key={d.code} id={`ready-${h.id}-${d.code}`} label={d.label} percent={d.percent} text={d.text} />
                  ))}
                  <p>
                    <Link className="font-medium text-brand-700 underline underline-offset-2" to={h.assessment.href}>
                      Open the self-assessment<span className="sr-only"> for {h.name}</span>
                    </Link>
                  </p>
                </div>
              ) : (
                <p className="text-sm">
                  No self-assessment yet. <Link to={h.standardsHref}>Start one from the house's Standards tab<span className="sr-only"> ({h.name})</span></Link>.
                </p>
              )}
            </Card>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function Documents({ data }: { data: DashboardView["documents"] }) {
  return (
    <ExpiringTable
      caption="Compliance documents expired or expiring within 60 days"
      rows={data.rows}
      more={data.more}
      moreText={`And ${data.more} more: see each house's Safety tab.`}
      empty={<EmptyState title="No compliance document expires within 60 days">Documents with an expiry appear here 60 days ahead, and stay once expired until replaced.</EmptyState>}
      columns={[
        { header: "Document", rowHeader: true, cell: (r) => <TwoLines sub={r.kind}>{r.title}</TwoLines> },
        { header: "House", cell: (r) => <Link to={r.href}>{r.houseName}<span className="sr-only"> safety and compliance</span></Link> },
      ]}
    />
  );
}

export function Certifications({ data }: { data: DashboardView["certifications"] }) {
  return (
    <ExpiringTable
      caption="Certifications expiring within 90 days"
      rows={data.rows}
      more={data.more}
      moreText={`And ${data.more} more: see each house's Standards tab.`}
      empty={<EmptyState title="No certification expires within 90 days">A certification appears here 90 days before it expires, so the renewal can start in good time.</EmptyState>}
      columns={[
        { header: "House", rowHeader: true, cell: (r) => <Link to={r.href}>{r.houseName}</Link> },
        { header: "Certifying body", cell: (r) => <TwoLines sub={r.detail}>{r.certifier}</TwoLines> },
      ]}
    />
  );
}
