import { CERTIFICATION_STATUS_LABELS } from "#app/domain/certification/labels";
import type { OperatorDashboard } from "#app/domain/dashboards/operator.server";
import { readiness, sumCounts } from "#app/domain/dashboards/readiness";
import { COMPLIANCE_KIND_LABELS } from "#app/domain/safety/labels";
import { LEVEL_LABELS } from "#app/domain/standards/labels";
import { daysBetween, formatDay } from "#app/lib/dates";
import type { DashboardView } from "./parts";

/** The operator's dashboard in words (ADR 058): what the page shows, and nothing else. */

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function when(expiresOn: string, today: string, expired: boolean): string {
  const n = daysBetween(today, expiresOn);
  if (expired) return `Expired ${formatDay(expiresOn)} (${plural(-n, "day")} ago)`;
  if (n === 0) return `Expires today, ${formatDay(expiresOn)}`;
  return `Expires ${formatDay(expiresOn)} (in ${plural(n, "day")})`;
}

export function dashboardView(orgSlug: string, d: OperatorDashboard): DashboardView {
  const o = `/o/${orgSlug}`;
  const todayOf = new Map(d.houses.map((h) => [h.id, h.today]));
  // Per house only numbers and ids: the links are built in the page from `base` (issue 15:
  // every href and domain title repeated per house was most of a 60-house page's bytes).
  const domains = new Map<string, string>();
  const houses = d.houses.map((h) => {
    const a = h.assessment;
    const total = a ? readiness(sumCounts(a.domains)) : null;
    for (const dm of a?.domains ?? []) if (!domains.has(dm.code)) domains.set(dm.code, `${dm.code}. ${dm.title}`);
    return {
      id: h.id,
      name: h.name,
      assessment: a && total
        ? {
            id: a.id,
            detail: `${a.standardLabel} · ${LEVEL_LABELS[a.level] ?? ""} · ${a.status === "submitted" ? "submitted for review" : "in progress"} · ${total.answered} of ${total.items} answered`,
            overall: { percent: total.percent, text: `${total.met} of ${total.applicable} items met · ${total.requiredMet} of ${total.requiredApplicable} required` },
            domains: Object.fromEntries(a.domains.map((dm) => [dm.code, readiness(dm).percent])),
          }
        : null,
      findings: h.findings,
      checks: h.checks,
    };
  });
  const sum = (f: (h: (typeof d.houses)[number]) => number) => d.houses.reduce((n, h) => n + f(h), 0);
  return {
    base: o,
    houses,
    domains: [...domains].sort(([x], [y]) => x.localeCompare(y)).map(([code, label]) => ({ code, label })),
    totals: {
      houses: d.houses.length,
      openFindings: sum((h) => h.findings.open),
      overdueFindings: sum((h) => h.findings.overdue),
      checksOverdue: sum((h) => h.checks.overdue),
      checksDueSoon: sum((h) => h.checks.dueSoon),
      documents: d.documents.total,
      documentsExpired: d.documents.expired,
      certifications: d.certifications.total,
    },
    documents: {
      more: d.documents.total - d.documents.rows.length,
      rows: d.documents.rows.map((x) => ({
        id: x.id, houseName: x.houseName, href: `${o}/houses/${x.houseId}/safety`, title: x.title, kind: COMPLIANCE_KIND_LABELS[x.kind],
        when: when(x.expiresOn, todayOf.get(x.houseId) ?? x.expiresOn, x.expired), expired: x.expired,
      })),
    },
    certifications: {
      more: d.certifications.total - d.certifications.rows.length,
      rows: d.certifications.rows.map((x) => ({
        id: x.id, houseName: x.houseName, href: `${o}/houses/${x.houseId}/standards`, certifier: x.certifier,
        detail: `${LEVEL_LABELS[x.level] ?? ""} · ${CERTIFICATION_STATUS_LABELS[x.status]}`,
        when: when(x.expiresOn, todayOf.get(x.houseId) ?? x.expiresOn, x.expired), expired: x.expired,
      })),
    },
  };
}
