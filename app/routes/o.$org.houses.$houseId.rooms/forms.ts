import { z } from "zod";
import { AddBedsInput, BedUpdateInput, RoomUpdateInput } from "#app/domain/houses/schemas";
import { id } from "#app/lib/fields";

/** The rooms page's forms: the domain's input schemas plus each form's intent and row id. */
export const addRoomSchema = RoomUpdateInput.extend({ intent: z.literal("add-room") });
export const updateRoomSchema = RoomUpdateInput.extend({ intent: z.literal("update-room"), roomId: id });
export const deleteRoomSchema = z.strictObject({ intent: z.literal("delete-room"), roomId: id });
export const addBedsSchema = AddBedsInput.extend({ intent: z.literal("add-beds") });
export const updateBedSchema = BedUpdateInput.extend({ intent: z.literal("update-bed"), bedId: id });
export const deleteBedSchema = z.strictObject({ intent: z.literal("delete-bed"), bedId: id });

export const KIND_OPTIONS = [
  { value: "adult", label: "Adult (counts toward capacity)" },
  { value: "child", label: "Child (families; not counted)" },
];

/** "1 room", "3 beds". */
export const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
