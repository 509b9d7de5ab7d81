import { z } from "zod";
import { text } from "#app/lib/fields";

/** The resident page's forms: a staff note, and a portal invitation (a button); checked in the action only (ADR 029). */
export const noteSchema = z.strictObject({ intent: z.literal("add-note"), body: text(4000) });
export const inviteSchema = z.strictObject({ intent: z.literal("invite") });
export const NOTE_MESSAGES = { body: "Write the note first." };
