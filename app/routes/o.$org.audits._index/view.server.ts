import { CERTIFICATION_STATUSES, CERTIFICATION_STATUS_LABELS } from "#app/domain/certification/labels";
import type { CertifierDashboard } from "#app/domain/dashboards/certifier.server";
import type { PipelineOperator } from "#app/domain/grants/certifier.server";
import { LEVEL_LABELS } from "#app/domain/standards/labels";
import { formatDay } from "#app/lib/dates";
import { ASSESSMENT_STATUS_WORDS } from "#app/ui/audits.server";
import type { PipelineFilter } from "./filter.server";
import type { CertifierDashboardView, PipelineView } from "./parts";

/** The certifier's pipeline page in words (ADR 049, ADR 058): the dashboard's panels and the (filtered) list of houses. */

export const NO_CERTIFICATION = "No certification yet";
const statusLabel = (s: string) => (s === "none" ? NO_CERTIFICATION : CERTIFICATION_STATUS_LABELS[s as keyof typeof CERTIFICATION_STATUS_LABELS]);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function dashboardView(orgSlug: string, d: CertifierDashboard, filter: PipelineFilter): CertifierDashboardView {
  const base = `/o/${orgSlug}/audits`;
  const statuses = (["none", ...CERTIFICATION_STATUSES] as const)
    .map((s) => ({ status: s, label: statusLabel(s), count: d.statuses[s] ?? 0, href: `${base}?status=${s}`, current: filter === s }))
    .filter((s) => s.count > 0 || s.current);
  return {
    statuses,
    filter: filter ? { label: statusLabel(filter), clearHref: base } : null,
    month: `${formatDay(d.month.first, "MMMM yyyy")}`,
    inspections: [
      { key: "scheduled", label: "Scheduled", value: d.inspections.scheduled ?? 0 },
      { key: "in_progress", label: "In progress", value: d.inspections.in_progress ?? 0 },
      { key: "completed", label: "Completed", value: d.inspections.completed ?? 0 },
    ],
    cancelled: d.inspections.cancelled ?? 0,
    overdue: d.overdue.map((o) => ({
      id: o.orgId, name: o.name, href: `${base}/${o.slug}`, count: o.overdue,
      oldest: `${formatDay(o.oldestDueOn)} (${plural(o.daysPastDue, "day")} past due)`,
    })),
    expiring: {
      more: d.expiring.total - d.expiring.rows.length,
      rows: d.expiring.rows.map((x) => ({
        id: x.id, houseName: x.houseName, operatorName: x.operatorName,
        href: `${base}/${x.operatorSlug}/houses/${x.houseId}/certification`,
        detail: `${LEVEL_LABELS[x.level] ?? ""} · ${CERTIFICATION_STATUS_LABELS[x.status]}`,
        when: x.expired ? `Expired ${formatDay(x.expiresOn)}` : `Expires ${formatDay(x.expiresOn)}`, expired: x.expired,
      })),
    },
  };
}

/** The page of operators in words; the filter was applied in the query (ADR 061): each operator has a house to show. */
export function pipelineView(operators: PipelineOperator[]): PipelineView[] {
  const until = (d: string | null) => (d ? `until ${formatDay(d)}` : "until revoked");
  return operators.map((o) => ({
    id: o.orgId, slug: o.slug, name: o.name, until: until(o.endsOn),
    houses: o.houses.map((h) => ({
      id: h.id, name: h.name, level: h.narrLevel ? LEVEL_LABELS[h.narrLevel] ?? null : null,
      until: h.endsOn === o.endsOn ? null : until(h.endsOn),
      certification: statusLabel(h.certification?.status ?? "none"),
      assessment: h.assessment
        ? {
            id: h.assessment.id,
            status: ASSESSMENT_STATUS_WORDS[h.assessment.status],
            detail: `${h.assessment.standardLabel} · ${LEVEL_LABELS[h.assessment.level]} · ${h.assessment.answered} of ${h.assessment.items} answered`
              + (h.assessment.submittedAt ? ` · submitted ${formatDay(h.assessment.submittedAt.slice(0, 10))}` : ""),
          }
        : null,
    })),
  }));
}
