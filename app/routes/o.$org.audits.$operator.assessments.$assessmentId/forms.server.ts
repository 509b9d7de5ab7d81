import type { TenantContext } from "#app/db/tenant.server";
import { runIntent } from "#app/ui/forms.server";
import { certifierCommentArm } from "#app/ui/review.server";

/** The certifier's assessment page's one form (ADR 053): a comment or a clarification request on an item. */
export async function certifierAssessmentAction(request: Request, tenant: TenantContext, operatorSlug: string, assessmentId: string) {
  const formData = await request.formData();
  return runIntent(formData, { comment: certifierCommentArm(tenant, operatorSlug, assessmentId) });
}
