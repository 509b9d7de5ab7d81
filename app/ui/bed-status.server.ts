import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { setBedStatus } from "#app/domain/houses/layout.server";
import { BED_STATUS_LABELS } from "#app/domain/houses/schemas";
import { requireBedInHouse } from "#app/domain/houses/scope.server";
import { bedStatusFormId, bedStatusSchema } from "./bed-status-form";
import { intent, rowId } from "./forms.server";

/** The bed status form's work, the same on the house board and the rooms page. */
export const bedStatusIntent = (tenant: TenantContext, houseId: string) =>
  intent({
    schema: bedStatusSchema,
    formId: (f) => bedStatusFormId(rowId(f, "bedId")),
    fields: ["status", "reason"],
    run: async ({ bedId, status, reason }) => {
      await withTenant(tenant, async (tx) => {
        await requireBedInHouse(tx, houseId, bedId);
        await setBedStatus(tx, { bedId, status, reason });
      });
      return `Bed status changed to ${BED_STATUS_LABELS[status].toLowerCase()}.`;
    },
  });
