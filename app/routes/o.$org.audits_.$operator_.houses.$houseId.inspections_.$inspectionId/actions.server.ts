import { z } from "zod";
import type { TenantContext } from "#app/db/tenant.server";
import { withTenant } from "#app/db/tenant.server";
import { DomainError } from "#app/domain/errors.server";
import { keepOrForget, storeUpload } from "#app/domain/files/files.server";
import { addInspectionPhoto, completeInspection, photoTarget, startInspection } from "#app/domain/inspections/inspections.server";
import { PhotoInput } from "#app/domain/inspections/schemas";
import { ask, confirmed } from "#app/ui/confirm.server";
import { redirectWithFlash } from "#app/ui/flash.server";
import { intent, rowId, runIntent } from "#app/ui/forms.server";
import { readUploadForm } from "#app/ui/uploads.server";

/**
 * Inspection mode's actions: start, complete (two steps; each not-met verdict becomes a
 * finding), a photo per item (multipart, type from the bytes) — and the verdict, which is
 * its own small POST to `…/verdict` (`verdictAction`): JSON for the page's script, a redirect
 * back to the item's anchor without JavaScript.
 */
export type Target = { tenant: TenantContext; slug: string; houseId: string; inspectionId: string; pageHref: string };

const buttonSchema = (name: string) => z.strictObject({ intent: z.literal(name), confirmed: z.literal("yes").optional() });
export const photoSchema = PhotoInput.extend({ intent: z.literal("photo") });


export const FLASHES = ["started", "completed", "photo-added", "verdict-saved", "verdict-refused"] as const;

/** The page's address with an item open and in view. */
export const itemHref = (pageHref: string, itemId: string | null) => (itemId ? `${pageHref}?at=${itemId}#item-${itemId}` : pageHref);

export async function modeAction(request: Request, t: Target) {
  const upload = await readUploadForm(request, ["photo"]);
  try {
    const formData = upload.formData;
    return await runIntent(formData, {
      start: intent({
        schema: buttonSchema("start"),
        formId: "start",
        button: true,
        run: async () => {
          await withTenant(t.tenant, (tx) => startInspection(tx, t.slug, t.houseId, t.inspectionId));
          return redirectWithFlash(t.pageHref, "started");
        },
      }),
      complete: intent({
        schema: buttonSchema("complete"),
        formId: "complete",
        button: true,
        run: async () => {
          if (!confirmed(formData)) {
            return ask("complete", {
              intent: "complete",
              title: "Complete this inspection?",
              body: "Verdicts are then locked. Each item recorded as not met becomes a finding for the operator to answer, due in 30 days.",
              yes: "Yes, complete the inspection",
              danger: false,
              fields: {},
            });
          }
          await withTenant(t.tenant, (tx) => completeInspection(tx, t.slug, t.houseId, t.inspectionId));
          return redirectWithFlash(t.pageHref, "completed");
        },
      }),
      photo: intent({
        schema: photoSchema,
        formId: (f) => `photo-${rowId(f, "itemId")}`,
        fields: ["photo", "caption"],
        run: async ({ intent: _i, ...input }) => {
          const target = await withTenant(t.tenant, (tx) => photoTarget(tx, t.slug, t.houseId, t.inspectionId, input));
          const staged = upload.files.photo;
          if (!staged) throw new DomainError("invalid", "Choose the photo to upload.", { field: "photo" });
          const stored = await storeUpload(target.operatorOrgId, staged, { field: "photo" });
          await keepOrForget(stored, () => withTenant(t.tenant, (tx) => addInspectionPhoto(tx, t.slug, t.houseId, t.inspectionId, stored, input)));
          return redirectWithFlash(itemHref(t.pageHref, input.itemId), "photo-added");
        },
      }),
    });
  } finally {
    await upload.cleanup();
  }
}

