import { z } from "zod";
import type { TenantContext } from "#app/db/tenant.server";
import { withTenant } from "#app/db/tenant.server";
import { addItem, getStandardHead, publishDraft, renameHeading } from "#app/domain/standards/editor.server";
import { cloneStandard } from "#app/domain/standards/standards.server";
import { HeadingInput } from "#app/domain/standards/schemas";
import { ask, dryRun } from "#app/ui/confirm.server";
import { redirectWithFlash } from "#app/ui/flash.server";
import { intent, rowId, runIntent } from "#app/ui/forms.server";
import { addItemSchema, ITEM_FIELDS, newVersionSchema } from "#app/ui/library.server";

/** The standard page's forms (ADR 059), checked in the action only. */
export const headingSchema = HeadingInput.extend({ intent: z.literal("heading") });
const publishSchema = z.strictObject({ intent: z.literal("publish"), confirmed: z.literal("yes").optional() });

export async function standardAction(request: Request, tenant: TenantContext, orgSlug: string, standardId: string) {
  const here = `/o/${orgSlug}/library/${standardId}`;
  return runIntent(await request.formData(), {
    heading: intent({
      schema: headingSchema,
      formId: (f) => `heading-${rowId(f, "kind")}-${rowId(f, "code")}`,
      fields: ["title"],
      run: async ({ intent: _i, ...input }) => {
        await withTenant(tenant, (tx) => renameHeading(tx, standardId, input));
        return "Heading renamed.";
      },
    }),
    "add-item": intent({
      schema: addItemSchema,
      formId: "add-item",
      fields: ITEM_FIELDS,
      resetForm: true,
      run: async ({ intent: _i, ...input }) => {
        const { code } = await withTenant(tenant, (tx) => addItem(tx, standardId, input));
        return `Item ${code} added.`;
      },
    }),
    publish: intent({
      schema: publishSchema,
      formId: "publish",
      button: true,
      run: async ({ confirmed }) => {
        if (confirmed !== "yes") {
          await dryRun(tenant, (tx) => publishDraft(tx, standardId));
          const s = await withTenant(tenant, (tx) => getStandardHead(tx, standardId));
          return ask("publish", {
            intent: "publish",
            title: `Publish ${s.name} ${s.version}?`,
            body: "Every operator can then start self-assessments on it, and it can never change again. To change it later, you start a new version.",
            yes: "Yes, publish",
            danger: false,
            fields: {},
          });
        }
        await withTenant(tenant, (tx) => publishDraft(tx, standardId));
        return redirectWithFlash(here, "published");
      },
    }),
    "new-version": intent({
      schema: newVersionSchema,
      formId: "new-version",
      fields: ["version"],
      run: async ({ standardOrgId, version }) => {
        const { id } = await withTenant(tenant, (tx) => cloneStandard(tx, { standardOrgId, standardId, version }));
        return redirectWithFlash(`/o/${orgSlug}/library/${id}`, "created");
      },
    }),
  });
}
