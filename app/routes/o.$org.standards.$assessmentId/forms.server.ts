import { z } from "zod";
import type { TenantContext } from "#app/db/tenant.server";
import { withTenant } from "#app/db/tenant.server";
import { AnswerInput } from "#app/domain/standards/schemas";
import { answerItem, submitAssessment } from "#app/domain/standards/assessments.server";
import { DomainError } from "#app/domain/errors.server";
import { intent, rowId, runIntent } from "#app/ui/forms.server";
import { redirectWithFlash } from "#app/ui/flash.server";
import { operatorReplyArm } from "#app/ui/review.server";

/** The self-assessment page's forms: one small POST per answer, submit (owners and admins), and answers in review threads (ADR 053). */
export const answerSchema = AnswerInput.extend({ intent: z.literal("answer") });
export const submitSchema = z.strictObject({ intent: z.literal("submit") });

export async function assessmentAction(request: Request, ctx: { tenant: TenantContext; canSubmit: boolean; base: string; orgSlug: string }, assessmentId: string) {
  const formData = await request.formData();
  return runIntent(formData, {
    answer: intent({
      schema: answerSchema,
      formId: (f) => `answer-${rowId(f, "itemId")}`,
      fields: ["answer", "notes"],
      run: async ({ intent: _i, ...input }) => {
        await withTenant(ctx.tenant, (tx) => answerItem(tx, assessmentId, input));
        return "Answer saved.";
      },
    }),
    reply: operatorReplyArm(ctx.tenant, ctx.orgSlug, assessmentId),
    submit: intent({
      schema: submitSchema,
      formId: "submit",
      fields: [],
      button: true,
      run: async () => {
        if (!ctx.canSubmit) throw new DomainError("forbidden", "Only an owner or administrator can submit the self-assessment.");
        await withTenant(ctx.tenant, (tx) => submitAssessment(tx, assessmentId));
        return redirectWithFlash(ctx.base, "submitted");
      },
    }),
  });
}
