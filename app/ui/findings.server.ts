import { z } from "zod";
import { FindingFilterInput } from "#app/domain/findings/schemas";
import { cursorParam } from "#app/lib/cursor.server";
import { id } from "#app/lib/fields";
import { badRequest } from "#app/lib/http.server";
import type { FindingRow, FindingView } from "#app/domain/findings/findings.server";
import { FINDING_FILTER_LABELS, FINDING_FILTERS, FINDING_STATUS_LABELS, SEVERITY_LABELS, type FindingFilter } from "#app/domain/findings/labels";
import { formatDateTime, formatDay } from "#app/lib/dates";
import type { FindingCardData, FindingListRow } from "#app/ui/findings";

/** Findings in words for the pages of both sides (ADR 053). `fileHref` gives an evidence file's download address. */
export function findingCard(f: FindingView, timeZone: string, fileHref: (fileId: string) => string): FindingCardData {
  return {
    id: f.id,
    houseName: f.houseName,
    operatorName: f.operatorName,
    certifierName: f.certifierName,
    item: `${f.itemCode} ${f.itemText}`,
    severity: SEVERITY_LABELS[f.severity],
    summary: f.summary,
    due: formatDay(f.dueOn),
    status: f.status,
    statusLabel: FINDING_STATUS_LABELS[f.status],
    overdue: f.overdue,
    plan: f.plan,
    planDue: f.planDueOn ? formatDay(f.planDueOn) : null,
    evidence: f.evidence.map((e) => ({ id: e.id, label: e.label, href: fileHref(e.fileId), at: formatDateTime(e.at, timeZone) })),
    history: f.history.map((e) => ({
      id: e.id,
      change: !e.fromStatus
        ? `Raised: ${SEVERITY_LABELS[e.severity].toLowerCase()}, due ${formatDay(e.dueOn)}`
        : e.fromStatus === e.toStatus
          ? `Changed (${FINDING_STATUS_LABELS[e.toStatus].toLowerCase()})`
          : `${FINDING_STATUS_LABELS[e.fromStatus]} → ${FINDING_STATUS_LABELS[e.toStatus]}`,
      detail: e.fromStatus ? `${SEVERITY_LABELS[e.severity]}, due ${formatDay(e.dueOn)}` : null,
      plan: e.toStatus === "responded" ? e.plan : null,
      planDue: e.toStatus === "responded" && e.planDueOn ? formatDay(e.planDueOn) : null,
      note: e.note,
      who: e.actorName ? `${e.actorName}${e.actorOrgName ? ` (${e.actorOrgName})` : ""}` : "Hearth",
      at: formatDateTime(e.at, timeZone),
      atIso: new Date(e.at).toISOString(),
    })),
  };
}

export function findingRows(rows: FindingRow[], href: (id: string) => string): FindingListRow[] {
  return rows.map((r) => ({
    id: r.id,
    href: href(r.id),
    houseName: r.houseName,
    certifierName: r.certifierName,
    item: r.itemCode,
    severity: SEVERITY_LABELS[r.severity],
    summary: r.summary.length > 140 ? `${r.summary.slice(0, 137)}…` : r.summary,
    due: formatDay(r.dueOn),
    statusLabel: FINDING_STATUS_LABELS[r.status],
    overdue: r.overdue,
  }));
}

/** The filter links of a list: each filter's address and whether it is the one shown. */
export function filterLinks(current: FindingFilter, extra: Record<string, string> = {}) {
  return FINDING_FILTERS.map((f) => ({ value: f, label: FINDING_FILTER_LABELS[f], href: `?${new URLSearchParams({ ...extra, filter: f }).toString()}`, current: f === current }));
}

const findingsQuery = z.strictObject({ filter: FindingFilterInput, house: id.optional(), cursor: cursorParam.optional() });

/** A findings list's address: filter (open by default), an optional house and the page cursor; anything else is a 400. */
export function findingsQueryOf(request: Request) {
  const parsed = findingsQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) badRequest("That list address isn't valid. Choose a filter from the list.");
  return parsed.data;
}
