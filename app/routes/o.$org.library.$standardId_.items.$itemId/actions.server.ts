import type { TenantContext } from "#app/db/tenant.server";
import { withTenant } from "#app/db/tenant.server";
import { deleteItem, getEditorItem, updateItem } from "#app/domain/standards/editor.server";
import { ask, dryRun } from "#app/ui/confirm.server";
import { redirectWithFlash } from "#app/ui/flash.server";
import { intent, runIntent } from "#app/ui/forms.server";
import { deleteItemSchema, editItemSchema, ITEM_FIELDS } from "#app/ui/library.server";

/** The item page's forms (ADR 059): save the item; delete it (asked first). */
export async function itemAction(request: Request, tenant: TenantContext, orgSlug: string, standardId: string, itemId: string) {
  return runIntent(await request.formData(), {
    "save-item": intent({
      schema: editItemSchema,
      formId: "item",
      fields: ITEM_FIELDS,
      run: async ({ intent: _i, ...input }) => {
        const { code } = await withTenant(tenant, (tx) => updateItem(tx, standardId, itemId, input));
        return `Item ${code} saved.`;
      },
    }),
    "delete-item": intent({
      schema: deleteItemSchema,
      formId: "delete-item",
      button: true,
      run: async ({ confirmed }) => {
        if (confirmed !== "yes") {
          await dryRun(tenant, (tx) => deleteItem(tx, standardId, itemId));
          const { item } = await withTenant(tenant, (tx) => getEditorItem(tx, standardId, itemId));
          return ask("delete-item", {
            intent: "delete-item",
            title: `Delete item ${item.code}?`,
            body: "It leaves this draft. Self-assessments already started on other versions keep their items.",
            yes: "Yes, delete the item",
            danger: true,
            fields: {},
          });
        }
        const { code } = await withTenant(tenant, (tx) => deleteItem(tx, standardId, itemId));
        const domain = code.split(".")[0]!;
        return redirectWithFlash(`/o/${orgSlug}/library/${standardId}?domain=${domain}`, "deleted");
      },
    }),
  });
}
