import { z } from "zod";
import type { TenantContext } from "#app/db/tenant.server";
import { withTenant } from "#app/db/tenant.server";
import { keepOrForget, recordFile, storeUpload } from "#app/domain/files/files.server";
import { addFileEvidence, addLinkEvidence, evidenceTarget, removeEvidence } from "#app/domain/standards/assessments.server";
import { evidenceSharingFields, LinkEvidenceFields, sharingRules } from "#app/domain/standards/schemas";
import { DomainError } from "#app/domain/errors.server";
import { id, text } from "#app/lib/fields";
import { intent, runIntent } from "#app/ui/forms.server";
import { operatorReplyArm } from "#app/ui/review.server";
import { readUploadForm } from "#app/ui/uploads.server";

/**
 * An item's forms: evidence — an upload (type from the bytes, size-limited; ADR 044) or a link
 * to an in-app record, either of which may name the resident it is about, shareable with a
 * certifier under their consent (ADR 054) — and, once submitted, answers in the review threads (ADR 053).
 */
export const uploadSchema = sharingRules(z.strictObject({ intent: z.literal("upload"), label: text(200), ...evidenceSharingFields }));
export const linkSchema = sharingRules(LinkEvidenceFields.omit({ itemId: true }).extend({ intent: z.literal("link") }));
const SHARING_FIELDS = ["sharedResidentId", "sharedInformation"];
export const removeSchema = z.strictObject({ intent: z.literal("remove"), evidenceId: id });

export async function evidenceAction(request: Request, ctx: { tenant: TenantContext; orgId: string; orgSlug: string }, assessmentId: string, itemId: string) {
  const upload = await readUploadForm(request, ["file"]);
  try {
    return await runIntent(upload.formData, {
      upload: intent({
        schema: uploadSchema,
        formId: "upload",
        fields: ["label", "file", ...SHARING_FIELDS],
        resetForm: true,
        run: async ({ label, sharedResidentId, sharedInformation }) => {
          const { houseId } = await withTenant(ctx.tenant, (tx) => evidenceTarget(tx, assessmentId, itemId));
          const staged = upload.files.file;
          if (!staged) throw new DomainError("invalid", "Choose the file to upload.", { field: "file" });
          const stored = await storeUpload(ctx.orgId, staged, { field: "file" });
          await keepOrForget(stored, () =>
            withTenant(ctx.tenant, async (tx) => {
              const fileId = await recordFile(tx, stored, { houseId });
              await addFileEvidence(tx, assessmentId, { itemId, fileId, label, sharedResidentId, sharedInformation });
            }),
          );
          return `${label} attached.`;
        },
      }),
      remove: intent({
        schema: removeSchema,
        formId: "remove",
        fields: [],
        run: async ({ evidenceId }) => {
          const { label } = await withTenant(ctx.tenant, (tx) => removeEvidence(tx, assessmentId, { itemId, evidenceId }));
          return `${label} removed.`;
        },
      }),
      reply: operatorReplyArm(ctx.tenant, ctx.orgSlug, assessmentId),
      link: intent({
        schema: linkSchema,
        formId: "link",
        fields: ["label", "linkPath", ...SHARING_FIELDS],
        resetForm: true,
        run: async ({ intent: _i, ...input }) => {
          await withTenant(ctx.tenant, (tx) => addLinkEvidence(tx, assessmentId, ctx.orgSlug, { ...input, itemId }));
          return `${input.label} linked.`;
        },
      }),
    });
  } finally {
    await upload.cleanup();
  }
}
