import { z } from "zod";
import type { TenantContext } from "#app/db/tenant.server";
import { withTenant } from "#app/db/tenant.server";
import { cancelInspection, rescheduleInspection, scheduleInspection } from "#app/domain/inspections/inspections.server";
import { RescheduleInput, ScheduleInput } from "#app/domain/inspections/schemas";
import { formatDay } from "#app/lib/dates";
import { id } from "#app/lib/fields";
import { ask, confirmed } from "#app/ui/confirm.server";
import { formConstraint } from "#app/ui/constraint";
import { intent, rowId, runIntent } from "#app/ui/forms.server";

/** The certifier's inspection forms for one house: schedule, reschedule, cancel (two steps). */
export const scheduleSchema = ScheduleInput.extend({ intent: z.literal("schedule") });
export const rescheduleSchema = RescheduleInput.extend({ intent: z.literal("reschedule"), inspectionId: id });
export const cancelSchema = z.strictObject({ intent: z.literal("cancel"), inspectionId: id, confirmed: z.literal("yes").optional() });

export const constraints = () => ({ schedule: formConstraint(scheduleSchema), reschedule: formConstraint(rescheduleSchema) });

const FIELDS = ["assessmentId", "scheduledOn", "inspectorUserId", "note"];

export async function inspectionsAction(formData: FormData, tenant: TenantContext, slug: string, houseId: string) {
  return runIntent(formData, {
    schedule: intent({
      schema: scheduleSchema,
      formId: "schedule",
      fields: FIELDS,
      resetForm: true,
      run: async ({ intent: _i, ...input }) => {
        await withTenant(tenant, (tx) => scheduleInspection(tx, slug, houseId, input));
        return `Inspection scheduled for ${formatDay(input.scheduledOn)}.`;
      },
    }),
    reschedule: intent({
      schema: rescheduleSchema,
      formId: (f) => `reschedule-${rowId(f, "inspectionId")}`,
      fields: FIELDS,
      run: async ({ intent: _i, inspectionId, ...input }) => {
        await withTenant(tenant, (tx) => rescheduleInspection(tx, slug, houseId, inspectionId, input));
        return `Inspection moved to ${formatDay(input.scheduledOn)}.`;
      },
    }),
    cancel: intent({
      schema: cancelSchema,
      formId: (f) => `cancel-${rowId(f, "inspectionId")}`,
      button: true,
      run: async ({ inspectionId }) => {
        if (!confirmed(formData)) {
          return ask(`cancel-${inspectionId}`, {
            intent: "cancel",
            title: "Cancel this inspection?",
            body: "It stays on record as cancelled; nothing more can be recorded in it. Schedule a new one to visit later.",
            yes: "Yes, cancel the inspection",
            danger: true,
            fields: { inspectionId },
          });
        }
        await withTenant(tenant, (tx) => cancelInspection(tx, slug, houseId, inspectionId));
        return "Inspection cancelled.";
      },
    }),
  });
}
