import type { InspectionsPage } from "#app/domain/inspections/inspections.server";
import { INSPECTION_STATUS_LABELS } from "#app/domain/inspections/labels";
import { formatDay, formatInZone } from "#app/lib/dates";
import { constraints } from "./forms.server";

/** The certifier's inspections page in words: the house, its inspections and the forms' choices. */
export function inspectionsView(orgSlug: string, timeZone: string, p: InspectionsPage) {
  const base = `/o/${orgSlug}/audits/${p.operator.slug}/houses/${p.house.id}`;
  const assessments = p.assessments.map((a) => ({ value: a.id, label: `${a.label}${a.submittedAt ? ` · submitted ${formatInZone(a.submittedAt, timeZone, "MMM d, yyyy")}` : ""}` }));
  const inspectors = p.inspectors.map((u) => ({ value: u.id, label: u.name }));
  return {
    operatorName: p.operator.name,
    operatorHref: `/o/${orgSlug}/audits/${p.operator.slug}`,
    certificationHref: `${base}/certification`,
    selfHref: `${base}/inspections`,
    houseName: p.house.name,
    place: `${p.house.city}, ${p.house.region}`,
    canWrite: p.canWrite,
    assessments,
    inspectors,
    constraints: constraints(),
    scheduleDefaults: { assessmentId: assessments[0]?.value ?? "", scheduledOn: p.house.today, inspectorUserId: "", note: "" },
    inspections: p.inspections.map((x) => ({
      id: x.id,
      href: `${base}/inspections/${x.id}`,
      status: x.status,
      statusLabel: INSPECTION_STATUS_LABELS[x.status],
      day: formatDay(x.scheduledOn),
      assessmentLabel: x.assessmentLabel,
      inspectorName: x.inspectorName,
      note: x.note,
      progress: `${x.verdicts} of ${x.items} recorded`,
      findings: x.findings,
      canReschedule: p.canWrite && x.status === "scheduled",
      canCancel: p.canWrite && (x.status === "scheduled" || x.status === "in_progress"),
      defaults: { scheduledOn: x.scheduledOn, inspectorUserId: x.inspectorUserId ?? "", note: x.note ?? "" },
    })),
  };
}
