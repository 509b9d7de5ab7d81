import { z } from "zod";
import { ServiceInput } from "#app/domain/services/schemas";
import { formConstraint } from "./constraint";

/** The add/edit form for a directory entry: the domain's schema plus the intent. */
export const serviceFormSchema = ServiceInput.and(z.object({ intent: z.literal("save-service") }));
export const SERVICE_FIELDS = Object.keys(ServiceInput.shape);
/** The form's HTML constraints, for the loader (the page ships no zod: ADR 029). */
export const serviceConstraint = () => formConstraint(ServiceInput);
