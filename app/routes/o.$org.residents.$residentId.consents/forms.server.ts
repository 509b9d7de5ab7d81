import { z } from "zod";
import { ConsentFields, consentRules, INFORMATION, PURPOSES, RECIPIENT_KINDS } from "#app/domain/consents/schemas";
import { id, text } from "#app/lib/fields";

export const prepareSchema = consentRules(ConsentFields.extend({ intent: z.literal("prepare") }));

export const letterSchema = z.strictObject({
  intent: z.literal("letter"),
  recipientKind: z.enum(RECIPIENT_KINDS, "Choose who will receive the letter."),
  recipientName: text(200),
  purpose: z.enum(PURPOSES, "Choose a purpose."),
  information: z.array(z.enum(INFORMATION, "Choose from the list.")).min(1, "Choose at least one kind of information."),
});

export const revokeSchema = z.strictObject({ intent: z.literal("revoke"), consentId: id });

export const PREPARE_FIELDS = ["recipientKind", "recipientName", "purpose", "purposeDetail", "information", "expiresOn", "expiryEvent"] as const;
export const LETTER_FIELDS = ["recipientKind", "recipientName", "purpose", "information"] as const;

/** What a link may fill in on the prepare form (a referral's "prepare a consent" link); anything else is ignored. */
export const prefillSchema = z.object({
  recipientKind: z.enum(RECIPIENT_KINDS).optional().catch(undefined),
  recipientName: z.string().trim().max(200).optional().catch(undefined),
  purpose: z.enum(PURPOSES).optional().catch(undefined),
  information: z.enum(INFORMATION).optional().catch(undefined),
});
