import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { checkChore, generateRotation, requireAssignmentInHouse } from "#app/domain/chores/assignments.server";
import { setHouseOffice } from "#app/domain/chores/chores.server";
import { intent, rowId } from "#app/ui/forms.server";
import { formatDay } from "#app/lib/dates";
import { checkSchema, generateSchema, officeSchema } from "./forms.server";

/** What the chore board's forms do; each runs in one transaction (a refusal writes nothing). */
export function boardIntents(tenant: TenantContext, houseId: string) {
  return {
    generate: intent({
      schema: generateSchema,
      formId: "generate",
      fields: ["from", "days", "regenerate"],
      run: async ({ from, days, regenerate }) => {
        const r = await withTenant(tenant, (tx) => generateRotation(tx, { houseId, from, days, regenerate }));
        const span = `${formatDay(r.from)} to ${formatDay(r.to)}`;
        if (!r.created && !r.removed) return `The rotation for ${span} was already in place: nothing new to add.`;
        return regenerate
          ? `Rotation redone for ${span}: ${r.removed} untouched chores dealt again as ${r.created}.`
          : `Rotation ready for ${span}: ${r.created} chores assigned.`;
      },
    }),
    check: intent({
      schema: checkSchema,
      formId: (f) => `check-${rowId(f, "assignmentId")}`,
      fields: ["reason"],
      run: async ({ assignmentId, outcome, reason }) => {
        await withTenant(tenant, async (tx) => {
          await requireAssignmentInHouse(tx, houseId, assignmentId);
          await checkChore(tx, { assignmentId, outcome, reason });
        });
        return outcome === "verified" ? "Chore verified." : "Chore sent back. The resident can redo it.";
      },
    }),
    office: intent({
      schema: officeSchema,
      formId: "office",
      fields: ["residentId"],
      run: async ({ office, residentId }) => {
        const r = await withTenant(tenant, (tx) => setHouseOffice(tx, { houseId, office, residentId }));
        if (!r.changed) return "No change.";
        return residentId ? "Coordinator saved." : "The coordinator office is now empty.";
      },
    }),
  };
}
