import type { InspectionMode } from "#app/domain/inspections/inspections.server";
import { INSPECTION_STATUS_LABELS, VERDICT_LABELS, VERDICTS } from "#app/domain/inspections/labels";
import { ANSWER_LABELS } from "#app/domain/standards/labels";
import { formatDay, formatInZone } from "#app/lib/dates";

/** Inspection mode in words: the visit, items grouped by domain with the operator's answer, the verdict and photos. */
export function modeView(orgSlug: string, timeZone: string, m: InspectionMode, openItemId: string | null) {
  const base = `/o/${orgSlug}/audits/${m.operator.slug}`;
  const listHref = `${base}/houses/${m.house.id}/inspections`;
  const pageHref = `${listHref}/${m.inspection.id}`;
  const editable = m.canWrite && m.inspection.status === "in_progress";
  const domains: { code: string; title: string; recorded: number; open: boolean; items: ReturnType<typeof itemView>[] }[] = [];
  function itemView(i: InspectionMode["items"][number]) {
    return {
      id: i.id,
      code: i.code,
      text: i.text,
      answer: i.answer ? ANSWER_LABELS[i.answer] : "Not answered",
      notes: i.notes,
      verdict: i.verdict,
      verdictLabel: i.verdict ? VERDICT_LABELS[i.verdict] : null,
      verdictNote: i.verdictNote,
      savedAt: i.recordedAt ? formatInZone(i.recordedAt, timeZone, "h:mm a") : null,
      photos: i.photos.map((p) => ({ id: p.id, href: `${base}/files/${p.fileId}`, label: p.caption ?? p.name })),
    };
  }
  for (const i of m.items) {
    let d = domains.at(-1);
    if (!d || d.code !== i.domainCode) domains.push((d = { code: i.domainCode, title: i.domainTitle, recorded: 0, open: false, items: [] }));
    d.items.push(itemView(i));
    if (i.verdict) d.recorded++;
    if (i.id === openItemId) d.open = true;
  }
  const recorded = m.items.filter((i) => i.verdict).length;
  return {
    title: `Inspection: ${m.house.name}`,
    operatorName: m.operator.name,
    listHref,
    pageHref,
    verdictHref: `${pageHref}/verdict`,
    status: m.inspection.status,
    statusLabel: INSPECTION_STATUS_LABELS[m.inspection.status],
    day: formatDay(m.inspection.scheduledOn),
    assessmentLabel: m.inspection.assessmentLabel,
    inspectorName: m.inspection.inspectorName,
    note: m.inspection.note,
    findings: m.inspection.findings,
    completedAt: m.inspection.completedAt ? formatInZone(m.inspection.completedAt, timeZone) : null,
    canStart: m.canWrite && m.inspection.status === "scheduled",
    editable,
    progress: `${recorded} of ${m.items.length} recorded`,
    verdicts: VERDICTS.map((v) => ({ value: v, label: VERDICT_LABELS[v] })),
    domains,
  };
}
