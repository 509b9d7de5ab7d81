import type { CertifierHouse } from "#app/domain/certification/certification.server";
import { CERTIFICATION_STATUS_LABELS, CERTIFIER_TRANSITIONS } from "#app/domain/certification/labels";
import { LEVEL_LABELS, LEVELS } from "#app/domain/standards/labels";
import { formatDay } from "#app/lib/dates";
import { notFound } from "#app/lib/http.server";
import { certificationCard } from "#app/ui/certification.server";
import { formConstraint } from "#app/ui/constraint";
import { moveSchema } from "./forms.server";

/** The operator's slug in the address: anything else is not found (never a 500). */
export function operatorParam(params: { operator?: string }): string {
  const slug = params.operator ?? "";
  if (!/^[a-z0-9-]{1,48}$/.test(slug)) notFound("We couldn't find that house.");
  return slug;
}

/** The certifier's page in words: the house, its certification and the next steps offered. */
export function certifierPage(orgSlug: string, timeZone: string, h: CertifierHouse) {
  const c = h.certification;
  const next = CERTIFIER_TRANSITIONS[c?.status ?? "new"];
  return {
    operatorName: h.operator.name,
    operatorHref: `/o/${orgSlug}/audits/${h.operator.slug}`,
    inspectionsHref: `/o/${orgSlug}/audits/${h.operator.slug}/houses/${h.house.id}/inspections`,
    houseName: h.house.name,
    place: `${h.house.city}, ${h.house.region}`,
    canWrite: h.canWrite,
    certification: c ? certificationCard(c, timeZone) : null,
    today: formatDay(h.today),
    form: {
      constraint: formConstraint(moveSchema),
      statuses: next.map((s) => ({ value: s, label: CERTIFICATION_STATUS_LABELS[s] })),
      levels: LEVELS.map((l) => ({ value: String(l), label: LEVEL_LABELS[l]! })),
      defaults: { status: next[0], level: String(c?.level ?? 2), decidedOn: "", expiresOn: "", note: "" },
    },
  };
}
