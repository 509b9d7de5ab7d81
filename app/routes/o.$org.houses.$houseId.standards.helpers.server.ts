import { z } from "zod";
import type { TenantContext } from "#app/db/tenant.server";
import { withTenant } from "#app/db/tenant.server";
import { requestAppeal } from "#app/domain/certification/certification.server";
import { AppealInput } from "#app/domain/certification/schemas";
import { id } from "#app/lib/fields";
import { formConstraint } from "#app/ui/constraint";
import { intent, rowId, runIntent } from "#app/ui/forms.server";
import type { OperatorInspection } from "#app/domain/inspections/inspections.server";
import { INSPECTION_STATUS_LABELS, VERDICT_LABELS } from "#app/domain/inspections/labels";
import { formatDay } from "#app/lib/dates";
import type { InspectionCardData } from "#app/ui/inspections";

/** A house's Standards tab: the appeal of a denied certification (owners and admins; ADR 050). */
export const appealSchema = AppealInput.extend({ intent: z.literal("appeal"), certificationId: id });
export const appealConstraint = () => formConstraint(appealSchema);

export async function appealAction(formData: FormData, tenant: TenantContext, houseId: string) {
  return runIntent(formData, {
    appeal: intent({
      schema: appealSchema,
      formId: (f) => `appeal-${rowId(f, "certificationId")}`,
      fields: ["note"],
      run: async ({ certificationId, note }) => {
        await withTenant(tenant, (tx) => requestAppeal(tx, certificationId, { note }, houseId));
        return "Appeal requested. The certifying body will review the decision again.";
      },
    }),
  });
}

/** The house's inspections by certifying bodies in words (read-only; verdicts once completed; ADR 053). */
export function inspectionCards(rows: OperatorInspection[]): InspectionCardData[] {
  return rows.map((x) => ({
    id: x.id,
    title: `Inspection by ${x.certifierName}`,
    day: formatDay(x.scheduledOn),
    status: INSPECTION_STATUS_LABELS[x.status],
    verdicts: x.verdicts.map((v) => ({ code: v.code, text: v.text, verdict: VERDICT_LABELS[v.verdict], note: v.note })),
  }));
}

/** The house's findings in words for its tab (ADR 053): "2 open findings, 1 overdue". */
export function findingCountText({ open, overdue }: { open: number; overdue: number }): string {
  if (open === 0) return "No open findings";
  return `${open} open finding${open === 1 ? "" : "s"}${overdue ? `, ${overdue} overdue` : ""}`;
}
