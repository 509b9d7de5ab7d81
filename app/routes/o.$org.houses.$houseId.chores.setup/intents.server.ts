import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { archiveChore, createChore, requireChoreHouse, requireChoreInHouse, updateChore } from "#app/domain/chores/chores.server";
import { intent, rowId } from "#app/ui/forms.server";
import { addChoreSchema, archiveChoreSchema, CHORE_FIELDS, updateChoreSchema } from "./forms.server";

/** What the chore set-up forms do; every arm on a chore first checks it is this house's. */
export function setupIntents(tenant: TenantContext, houseId: string) {
  return {
    "add-chore": intent({
      schema: addChoreSchema,
      formId: "add-chore",
      fields: CHORE_FIELDS,
      resetForm: true,
      run: async ({ intent: _intent, ...input }) => {
        await withTenant(tenant, async (tx) => {
          await requireChoreHouse(tx, houseId);
          await createChore(tx, { ...input, houseId });
        });
        return `${input.name} added. It is shared out from the next rotation you generate.`;
      },
    }),
    "update-chore": intent({
      schema: updateChoreSchema,
      formId: (f) => `chore-${rowId(f, "choreId")}`,
      fields: CHORE_FIELDS,
      run: async ({ intent: _intent, choreId, ...input }) => {
        await withTenant(tenant, async (tx) => {
          await requireChoreInHouse(tx, houseId, choreId);
          await updateChore(tx, choreId, { ...input, houseId });
        });
        return `${input.name} saved.`;
      },
    }),
    "archive-chore": intent({
      schema: archiveChoreSchema,
      formId: (f) => `archive-${rowId(f, "choreId")}`,
      button: true,
      run: async ({ choreId }) => {
        await withTenant(tenant, async (tx) => {
          await requireChoreInHouse(tx, houseId, choreId);
          await archiveChore(tx, houseId, choreId);
        });
        return "Chore archived. Its chores still to do from today on were removed; its history stays.";
      },
    }),
  };
}
