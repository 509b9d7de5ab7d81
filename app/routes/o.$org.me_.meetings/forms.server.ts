import { z } from "zod";
import { MeetingLogInput } from "#app/domain/sessions/schemas";
import { id } from "#app/lib/fields";

/** The resident's meeting forms, checked in the action only: the page ships no zod (first-load JS budget, ADR 029). */
export const logSchema = MeetingLogInput.extend({ intent: z.literal("log-meeting") });
export const deleteSchema = z.strictObject({ intent: z.literal("delete-meeting"), meetingId: id });
