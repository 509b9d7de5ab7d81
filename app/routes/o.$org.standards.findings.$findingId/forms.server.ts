import { z } from "zod";
import type { TenantContext } from "#app/db/tenant.server";
import { withTenant } from "#app/db/tenant.server";
import { keepOrForget, recordFile, storeUpload } from "#app/domain/files/files.server";
import { addFindingEvidence, answerFinding } from "#app/domain/findings/operator.server";
import { AnswerFindingInput } from "#app/domain/findings/schemas";
import { optionalText } from "#app/lib/fields";
import { formConstraint } from "#app/ui/constraint";
import { intent, runIntent } from "#app/ui/forms.server";
import { readUploadForm } from "#app/ui/uploads.server";

/**
 * The operator's answer to a finding (ADR 053): the corrective action plan and target date,
 * and optionally a file as evidence (type from its bytes, size-limited; ADR 044). The upload
 * is checked and stored before the transaction and deleted again if the answer is refused, so
 * a refused form leaves nothing behind.
 */
export const answerSchema = AnswerFindingInput.extend({ intent: z.literal("answer"), evidenceLabel: optionalText(200) });
export const answerConstraint = () => formConstraint(answerSchema);

export async function answerAction(request: Request, ctx: { tenant: TenantContext; orgId: string }, findingId: string) {
  const upload = await readUploadForm(request, ["evidence"]);
  try {
    return await runIntent(upload.formData, {
      answer: intent({
        schema: answerSchema,
        formId: "answer",
        fields: ["plan", "planDueOn", "evidenceLabel", "evidence"],
        run: async ({ plan, planDueOn, evidenceLabel }) => {
          const staged = upload.files.evidence;
          const stored = staged ? await storeUpload(ctx.orgId, staged, { field: "evidence" }) : null;
          await keepOrForget(stored, () =>
            withTenant(ctx.tenant, async (tx) => {
              const { houseId } = await answerFinding(tx, findingId, { plan, planDueOn });
              if (stored) {
                const fileId = await recordFile(tx, stored, { houseId });
                await addFindingEvidence(tx, findingId, { fileId, label: evidenceLabel ?? stored.originalName.slice(0, 200) });
              }
            }),
          );
          return `Plan sent${stored ? " with the file" : ""}. The certifying body will review it.`;
        },
      }),
    });
  } finally {
    await upload.cleanup();
  }
}
