import { Link } from "@remix-run/react";
import { DataTable } from "#app/ui/data-table";
import { CountLink, ExpiringTable, TwoLines } from "#app/ui/dashboards";
import { Badge } from "#app/ui/occupancy";
import { EmptyState } from "#app/ui/page";

/** The operator's dashboard, in parts (ADR 058). Words come from view.server.ts. */

export type DashboardHouseView = {
  id: string; name: string;
  /** The latest self-assessment's readiness: overall, and per domain code the percentage. */
  assessment: { id: string; detail: string; overall: { percent: number; text: string }; domains: Record<string, number> } | null;
  findings: { open: number; overdue: number };
  checks: { overdue: number; dueSoon: number };
};
type DueRow = { id: string; houseName: string; href: string; when: string; expired: boolean };
export type DashboardView = {
  /** The org's address ("/o/slug"); each house's links are built from it. */
  base: string;
  houses: DashboardHouseView[];
  /** The domains of the houses' standards, by code, for the readiness table's columns. */
  domains: { code: string; label: string }[];
  totals: {
    houses: number; openFindings: number; overdueFindings: number; checksOverdue: number; checksDueSoon: number;
    documents: number; documentsExpired: number; certifications: number;
  };
  documents: { more: number; rows: (DueRow & { title: string; kind: string })[] };
  certifications: { more: number; rows: (DueRow & { certifier: string; detail: string })[] };
};

const standardsHref = (base: string, h: { id: string }) => `${base}/houses/${h.id}/standards`;
const safetyHref = (base: string, h: { id: string }) => `${base}/houses/${h.id}/safety`;

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

export function HouseTable({ base, houses }: { base: string; houses: DashboardHouseView[] }) {
  return (
    <DataTable
      caption="Each house: readiness, findings and safety checks"
      captionVisible
      rows={houses}
      rowKey={(h) => h.id}
      columns={[
        { header: "House", rowHeader: true, cell: (h) => <Link to={standardsHref(base, h)}>{h.name}</Link> },
        { header: "Ready", numeric: true, cell: (h) => (h.assessment ? `${h.assessment.overall.percent}%` : "No self-assessment") },
        { header: "Open findings", numeric: true, cell: (h) => <CountLink n={h.findings.open} href={standardsHref(base, h)} label={`open findings at ${h.name}`} name={`open-${h.id}`} /> },
        {
          header: "Past due",
          numeric: true,
          cell: (h) => <span data-count={`overdue-${h.id}`}>{h.findings.overdue ? <Badge tone="warn">{h.findings.overdue}<span className="sr-only"> findings past due at {h.name}</span></Badge> : "0"}</span>,
        },
        { header: "Checks overdue", numeric: true, cell: (h) => <CountLink n={h.checks.overdue} href={safetyHref(base, h)} label={`safety checks overdue at ${h.name}`} name={`checks-overdue-${h.id}`} /> },
        { header: "Checks due soon", numeric: true, cell: (h) => <CountLink n={h.checks.dueSoon} href={safetyHref(base, h)} label={`safety checks due within 7 days at ${h.name}`} name={`checks-due-${h.id}`} /> },
      ]}
    />
  );
}

/** A percentage whose number a test (and a reader) can find by its key. */
function Percent({ name, percent }: { name: string; percent: number }) {
  return <><span data-count={name}>{percent}</span>%</>;
}

/**
 * Readiness by domain, one row per house (the rule in words above it): the overall share with
 * its item counts, then each domain's share. A table, not a meter per house and domain: at 60
 * houses the meters were most of a 327 KB page (issue 15); the self-assessment has the detail.
 */
export function Readiness({ base, houses, domains, rule }: { base: string; houses: DashboardHouseView[]; domains: DashboardView["domains"]; rule: string }) {
  return (
    <section aria-labelledby="readiness-title" className="space-y-3">
      <h2 id="readiness-title" className="text-lg font-semibold">Readiness by domain</h2>
      <p className="text-sm text-muted">{rule}</p>
      <DataTable
        caption="Each house's readiness, overall and by domain of its latest self-assessment"
        rows={houses}
        rowKey={(h) => h.id}
        columns={[
          {
            header: "House",
            rowHeader: true,
            cell: (h) =>
              h.assessment ? (
                <TwoLines sub={h.assessment.detail}>
                  <Link to={`${base}/standards/${h.assessment.id}`}>{h.name}<span className="sr-only">: open the self-assessment</span></Link>
                </TwoLines>
              ) : (
                <TwoLines sub={<Link to={standardsHref(base, h)}>No self-assessment yet: start one<span className="sr-only"> for {h.name}</span></Link>}>{h.name}</TwoLines>
              ),
          },
          {
            header: "Overall",
            numeric: true,
            cell: (h) => (h.assessment ? <TwoLines sub={h.assessment.overall.text}><Percent name={`ready-${h.id}`} percent={h.assessment.overall.percent} /></TwoLines> : "–"),
          },
          ...domains.map((d) => ({
            header: d.label,
            numeric: true,
            cell: (h: DashboardHouseView) => {
              const p = h.assessment?.domains[d.code];
              return p === undefined ? "–" : <Percent name={`ready-${h.id}-${d.code}`} percent={p} />;
            },
          })),
        ]}
      />
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
