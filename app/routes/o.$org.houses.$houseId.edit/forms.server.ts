import { z } from "zod";
import { id } from "#app/lib/fields";

/** The house page's archive and staff forms, checked in the action only (ADR 029). */
export const statusSchema = z.strictObject({ intent: z.literal("set-house-status"), status: z.enum(["active", "inactive"]) });
export const staffSchema = z.strictObject({ intent: z.literal("set-house-staff"), membershipIds: z.array(id).max(500) });
