import { z } from "zod";
import { SignConsentInput } from "#app/domain/consents/schemas";
import { id } from "#app/lib/fields";

/** The resident's consent page's forms, checked in the action only (ADR 029). */
export const signSchema = SignConsentInput.extend({ intent: z.literal("sign") });
export const revokeSchema = z.strictObject({ intent: z.literal("revoke"), consentId: id });
