import type { CertificationView } from "#app/domain/certification/certification.server";
import { CERTIFICATION_STATUS_LABELS } from "#app/domain/certification/labels";
import { LEVEL_LABELS } from "#app/domain/standards/labels";
import { formatDateTime, formatDay } from "#app/lib/dates";
import type { CertificationCardData } from "#app/ui/certification";

/** A certification in words for the pages (the certifier's page and the house's Standards tab). */
export function certificationCard(c: CertificationView, timeZone: string): CertificationCardData {
  return {
    id: c.id,
    certifierName: c.certifierName,
    status: c.status,
    statusLabel: CERTIFICATION_STATUS_LABELS[c.status],
    levelLabel: LEVEL_LABELS[c.level] ?? `Level ${c.level}`,
    decided: c.decidedOn ? formatDay(c.decidedOn) : null,
    expires: c.expiresOn ? formatDay(c.expiresOn) : null,
    verifyHref: c.firstCertifiedOn ? `/verify/${c.publicToken}` : null,
    history: c.history.map((e) => ({
      id: e.id,
      change: e.fromStatus
        ? `${CERTIFICATION_STATUS_LABELS[e.fromStatus]} → ${CERTIFICATION_STATUS_LABELS[e.toStatus]}`
        : `Started: ${CERTIFICATION_STATUS_LABELS[e.toStatus]}`,
      level: LEVEL_LABELS[e.level] ?? `Level ${e.level}`,
      dates: [e.decidedOn ? `decided ${formatDay(e.decidedOn)}` : null, e.expiresOn ? `expires ${formatDay(e.expiresOn)}` : null].filter(Boolean).join(", "),
      note: e.note,
      who: e.actorName ? `${e.actorName}${e.actorOrgName ? ` (${e.actorOrgName})` : ""}` : "Hearth (automatic)",
      at: formatDateTime(e.at, timeZone),
      atIso: new Date(e.at).toISOString(),
    })),
  };
}
