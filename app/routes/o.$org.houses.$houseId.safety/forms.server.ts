import { z } from "zod";
import { CheckInput, ComplianceInput, LogInput } from "#app/domain/safety/schemas";
import { id } from "#app/lib/fields";

/** The safety tab's forms (the house from the URL; files arrive as uploads, not fields). */
export const addCheckSchema = CheckInput.omit({ houseId: true }).extend({ intent: z.literal("add-check") });
export const logSchema = LogInput.omit({ houseId: true }).extend({ intent: z.literal("log") });
export const documentSchema = ComplianceInput.omit({ houseId: true }).extend({ intent: z.literal("add-document") });
export const archiveCheckSchema = z.strictObject({ intent: z.literal("archive-check"), checkId: id });
export const archiveDocumentSchema = z.strictObject({ intent: z.literal("archive-document"), documentId: id });
