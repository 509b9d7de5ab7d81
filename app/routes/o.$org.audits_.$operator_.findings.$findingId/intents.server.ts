import { z } from "zod";
import type { TenantContext } from "#app/db/tenant.server";
import { withTenant } from "#app/db/tenant.server";
import { decideFinding, editFinding } from "#app/domain/findings/certifier.server";
import { DecideFindingInput, EditFindingInput } from "#app/domain/findings/schemas";
import { NO_ACCESS } from "#app/ui/audits.server";
import { formConstraint } from "#app/ui/constraint";
import { intent, runIntent } from "#app/ui/forms.server";

/** The certifier's forms on a finding: accept or reopen a response (with a note), change severity, summary, due date. */
export const decideSchema = DecideFindingInput.extend({ intent: z.literal("decide") });
export const editSchema = EditFindingInput.extend({ intent: z.literal("edit") });
export const constraints = () => ({ decide: formConstraint(decideSchema), edit: formConstraint(editSchema) });

export async function findingAction(formData: FormData, tenant: TenantContext, slug: string, findingId: string) {
  return runIntent(formData, {
    decide: intent({
      schema: decideSchema,
      formId: "decide",
      fields: ["decision", "note"],
      notFoundMessage: NO_ACCESS,
      resetForm: true,
      run: async ({ intent: _intent, ...input }) => {
        const status = await withTenant(tenant, (tx) => decideFinding(tx, slug, findingId, input));
        return status === "accepted" ? "Plan accepted. The finding is closed." : "Finding reopened. The operator will be asked for a new plan.";
      },
    }),
    edit: intent({
      schema: editSchema,
      formId: "edit",
      fields: ["severity", "summary", "dueOn", "note"],
      notFoundMessage: NO_ACCESS,
      run: async ({ intent: _intent, ...input }) => {
        await withTenant(tenant, (tx) => editFinding(tx, slug, findingId, input));
        return "Finding saved.";
      },
    }),
  });
}
