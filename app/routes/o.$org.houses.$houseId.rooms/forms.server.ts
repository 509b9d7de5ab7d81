import { z } from "zod";
import { AddBedsInput, BedUpdateInput, RoomUpdateInput } from "#app/domain/houses/schemas";
import { id } from "#app/lib/fields";
import { formConstraint } from "#app/ui/constraint";

/** The rooms page's forms: the domain's input schemas plus each form's intent and row id, checked in the action only (ADR 029). */
export const addRoomSchema = RoomUpdateInput.extend({ intent: z.literal("add-room") });
export const updateRoomSchema = RoomUpdateInput.extend({ intent: z.literal("update-room"), roomId: id });
export const deleteRoomSchema = z.strictObject({ intent: z.literal("delete-room"), roomId: id });
export const addBedsSchema = AddBedsInput.extend({ intent: z.literal("add-beds") });
export const updateBedSchema = BedUpdateInput.extend({ intent: z.literal("update-bed"), bedId: id });
export const deleteBedSchema = z.strictObject({ intent: z.literal("delete-bed"), bedId: id });


/** The forms' HTML constraints, for the loader (the page ships no zod). */
export const roomConstraints = {
  addRoom: formConstraint(addRoomSchema),
  room: formConstraint(updateRoomSchema),
  addBeds: formConstraint(addBedsSchema),
  bed: formConstraint(updateBedSchema),
};
