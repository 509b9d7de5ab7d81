import { z } from "zod";
import type { TenantContext } from "#app/db/tenant.server";
import { withTenant } from "#app/db/tenant.server";
import { listAssessments, startAssessment, type AssessmentSummary } from "#app/domain/standards/assessments.server";
import { listStartableStandards } from "#app/domain/standards/standards.server";
import { listHouseNames } from "#app/domain/houses/houses.server";
import { ASSESSMENT_STATUSES, BUILT_IN_STANDARDS_ORG, LEVEL_LABELS, LEVELS } from "#app/domain/standards/labels";
import { formConstraint } from "#app/ui/constraint";
import { intent, runIntent } from "#app/ui/forms.server";
import { redirectWithFlash } from "#app/ui/flash.server";
import { id } from "#app/lib/fields";
import { DomainError } from "#app/domain/errors.server";
import type { AssessmentRow, StartFormData } from "#app/ui/standards";

/**
 * The start form (shared by the org's Standards page and a house's Standards tab): the whole
 * organisation (owners and admins) or one house, a published standard version, a level.
 */
export const startSchema = z.strictObject({
  intent: z.literal("start"),
  houseId: z.union([id, z.literal("org")], "Choose a house or the whole organisation."),
  standard: z.string().regex(/^[0-9a-f-]{36}:[0-9a-f-]{36}$/, "Choose a standard."),
  level: z.coerce.number("Choose a level.").int().min(1, "Choose a level from I to IV.").max(4, "Choose a level from I to IV."),
});

const STATUS_LABELS: Record<(typeof ASSESSMENT_STATUSES)[number], string> = { draft: "in progress", submitted: "submitted for review" };

export function assessmentRows(orgSlug: string, rows: AssessmentSummary[]): AssessmentRow[] {
  return rows.map((a) => ({
    id: a.id, href: `/o/${orgSlug}/standards/${a.id}`, houseName: a.houseName, standardLabel: a.standardLabel,
    levelLabel: LEVEL_LABELS[a.level]!, statusLabel: STATUS_LABELS[a.status], items: a.items, answered: a.answered, met: a.met, domains: a.domains,
  }));
}

/** What the start form offers: one query for houses, one for standards. */
export async function startFormData(
  tenant: TenantContext, orgSlug: string, opts: { wholeOrg: boolean; houseId?: string; level?: number },
): Promise<Omit<StartFormData, "constraint"> & { constraint: ReturnType<typeof formConstraint> }> {
  return withTenant(tenant, async (tx) => {
    const houses = opts.houseId ? [] : (await listHouseNames(tx)).filter((h) => !h.archived);
    // The newest published version of each standard (the built-in one first, then every certifier's); the built-in is the default.
    const published = await listStartableStandards(tx);
    const standards = [...published.filter((s) => s.orgId === BUILT_IN_STANDARDS_ORG), ...published.filter((s) => s.orgId !== BUILT_IN_STANDARDS_ORG)];
    return {
      action: `/o/${orgSlug}/standards?index`,
      houses: opts.houseId
        ? [{ value: opts.houseId, label: "This house" }]
        : [...(opts.wholeOrg ? [{ value: "org", label: "The whole organisation" }] : []), ...houses.map((h) => ({ value: h.id, label: h.name }))],
      standards: standards.map((s) => ({ value: `${s.orgId}:${s.id}`, label: `${s.name} ${s.version} — ${s.publisher} (${s.items} items)` })),
      levels: LEVELS.map((l) => ({ value: String(l), label: LEVEL_LABELS[l]! })),
      defaults: { houseId: opts.houseId, level: opts.level ? String(opts.level) : "2", standard: standards[0] ? `${standards[0].orgId}:${standards[0].id}` : undefined },
      constraint: formConstraint(startSchema),
    };
  });
}

export async function startAction(request: Request, tenant: TenantContext, orgSlug: string, wholeOrg: boolean) {
  const formData = await request.formData();
  return runIntent(formData, {
    start: intent({
      schema: startSchema,
      formId: "start",
      fields: ["houseId", "standard", "level"],
      run: async ({ houseId, standard, level }) => {
        if (houseId === "org" && !wholeOrg) throw new DomainError("forbidden", "Only an owner or administrator can assess the whole organisation.", { field: "houseId" });
        const [standardOrgId, standardId] = standard.split(":") as [string, string];
        const { id: assessmentId } = await withTenant(tenant, (tx) =>
          startAssessment(tx, { houseId: houseId === "org" ? null : houseId, standardOrgId, standardId, level }),
        );
        return redirectWithFlash(`/o/${orgSlug}/standards/${assessmentId}`, "started");
      },
    }),
  });
}

export { listAssessments };
