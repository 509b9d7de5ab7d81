import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { addBeds, createRoom, deleteBed, deleteRoom, updateBed, updateRoom } from "#app/domain/houses/layout.server";
import { requireBedInHouse, requireRoomInHouse } from "#app/domain/houses/scope.server";
import { BED_STATUS_INTENT } from "#app/ui/bed-status-form";
import { bedStatusIntent } from "#app/ui/bed-status.server";
import { intent, rowId } from "#app/ui/forms.server";
import { count } from "./forms";
import { addBedsSchema, addRoomSchema, deleteBedSchema, deleteRoomSchema, updateBedSchema, updateRoomSchema } from "./forms.server";

/**
 * What the rooms page's forms do, one arm per intent. Every arm on a room or bed first
 * checks it belongs to this house (RLS already limits a house manager to their houses),
 * and runs in one transaction, so a refused change writes nothing.
 */
export function roomIntents(tenant: TenantContext, houseId: string) {
  return {
    "add-room": intent({
      schema: addRoomSchema,
      formId: "add-room",
      fields: ["name", "sizeSqFt"],
      resetForm: true,
      run: async ({ name, sizeSqFt }) => {
        await withTenant(tenant, (tx) => createRoom(tx, { houseId, name, sizeSqFt }));
        return `${name} added. Now add its beds.`;
      },
    }),
    "update-room": intent({
      schema: updateRoomSchema,
      formId: (f) => `room-${rowId(f, "roomId")}`,
      fields: ["name", "sizeSqFt"],
      run: async ({ roomId, name, sizeSqFt }) => {
        await withTenant(tenant, async (tx) => {
          await requireRoomInHouse(tx, houseId, roomId);
          await updateRoom(tx, roomId, { name, sizeSqFt });
        });
        return `${name} saved.`;
      },
    }),
    "delete-room": intent({
      schema: deleteRoomSchema,
      formId: (f) => `delete-room-${rowId(f, "roomId")}`,
      button: true,
      run: async ({ roomId }) => {
        await withTenant(tenant, async (tx) => {
          await requireRoomInHouse(tx, houseId, roomId);
          await deleteRoom(tx, roomId);
        });
        return "The room and its beds were removed.";
      },
    }),
    "add-beds": intent({
      schema: addBedsSchema,
      formId: (f) => `add-beds-${rowId(f, "roomId")}`,
      fields: ["count", "labelStyle", "kind", "accessible"],
      resetForm: true,
      run: async ({ intent: _intent, ...input }) => {
        const beds = await withTenant(tenant, async (tx) => {
          await requireRoomInHouse(tx, houseId, input.roomId);
          return addBeds(tx, input);
        });
        return `Added ${count(beds.length, "bed")}: ${beds.map((b) => b.label).join(", ")}.`;
      },
    }),
    "update-bed": intent({
      schema: updateBedSchema,
      formId: (f) => `bed-${rowId(f, "bedId")}`,
      fields: ["label", "kind", "accessible"],
      run: async ({ bedId, label, kind, accessible }) => {
        await withTenant(tenant, async (tx) => {
          await requireBedInHouse(tx, houseId, bedId);
          await updateBed(tx, bedId, { label, kind, accessible });
        });
        return `Bed ${label} saved.`;
      },
    }),
    [BED_STATUS_INTENT]: bedStatusIntent(tenant, houseId),
    "delete-bed": intent({
      schema: deleteBedSchema,
      formId: (f) => `delete-bed-${rowId(f, "bedId")}`,
      button: true,
      run: async ({ bedId }) => {
        await withTenant(tenant, async (tx) => {
          await requireBedInHouse(tx, houseId, bedId);
          await deleteBed(tx, bedId);
        });
        return "The bed was removed.";
      },
    }),
  };
}
