import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { setBedStatus } from "#app/domain/houses/layout.server";
import { BED_STATUS_LABELS, BED_STATUSES } from "#app/domain/houses/labels";
import { requireBedInHouse } from "#app/domain/houses/scope.server";
import { id, optionalText } from "#app/lib/fields";
import { z } from "zod";
import { BED_STATUS_INTENT, bedStatusFormId } from "./bed-status-form";
import { formConstraint } from "./constraint";
import { intent, rowId } from "./forms.server";

export const bedStatusSchema = z
  .strictObject({
    intent: z.literal(BED_STATUS_INTENT),
    bedId: id,
    status: z.enum(BED_STATUSES, "Choose a status."),
    reason: optionalText(200),
  })
  .refine((v) => v.status !== "out_of_service" || v.reason !== null, {
    message: "Give a reason when taking a bed out of service.",
    path: ["reason"],
  });

/** The form's HTML constraints, for the loaders of the pages that show it (BedStatusForm ships no zod). */
export const bedStatusConstraint = formConstraint(bedStatusSchema);

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
