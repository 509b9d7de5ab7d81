import { z } from "zod";
import type { TenantContext } from "#app/db/tenant.server";
import { withTenant } from "#app/db/tenant.server";
import { addHeading, addItem, deleteHeading, getStandardHead, publishDraft, renameHeading } from "#app/domain/standards/editor.server";
import { cloneStandard } from "#app/domain/standards/standards.server";
import { headingAddFields, headingAddRule, HeadingInput, HeadingRefInput } from "#app/domain/standards/schemas";
import { ask, dryRun } from "#app/ui/confirm.server";
import { redirectWithFlash } from "#app/ui/flash.server";
import { intent, rowId, runIntent } from "#app/ui/forms.server";
import { addItemSchema, ITEM_FIELDS, newVersionSchema } from "#app/ui/library.server";

/** The standard page's forms (ADR 059), checked in the action only. */
export const headingSchema = HeadingInput.extend({ intent: z.literal("heading") });
export const addHeadingSchema = z.strictObject({ ...headingAddFields, intent: z.literal("add-heading") }).superRefine(headingAddRule);
const deleteHeadingSchema = HeadingRefInput.extend({ intent: z.literal("delete-heading") });
const KIND_WORDS = { domain: "Domain", principle: "Principle", section: "Standard" } as const;
/** The add form of a heading kind under a parent: one per place on the page. */
export const addHeadingFormId = (kind: string, parentCode: string | null | undefined) => `add-${kind}-${parentCode || "top"}`;
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
    "add-heading": intent({
      schema: addHeadingSchema,
      formId: (f) => addHeadingFormId(rowId(f, "kind"), rowId(f, "parentCode")),
      fields: ["code", "title", "parentCode"],
      resetForm: true,
      run: async ({ intent: _i, ...input }) => {
        const { kind, code } = await withTenant(tenant, (tx) => addHeading(tx, standardId, input));
        return `${KIND_WORDS[kind as keyof typeof KIND_WORDS]} ${code} added.`;
      },
    }),
    "delete-heading": intent({
      schema: deleteHeadingSchema,
      formId: (f) => `delete-${rowId(f, "kind")}-${rowId(f, "code")}`,
      button: true,
      run: async ({ intent: _i, ...input }) => {
        const { kind, code } = await withTenant(tenant, (tx) => deleteHeading(tx, standardId, input));
        return `${KIND_WORDS[kind as keyof typeof KIND_WORDS]} ${code} deleted.`;
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
