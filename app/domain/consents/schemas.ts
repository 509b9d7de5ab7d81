import { z } from "zod";
import { id, optionalIsoDate, optionalText, text } from "#app/lib/fields";
import { DISCLOSURE_WHAT, EXPIRY_EVENTS, INFORMATION, PURPOSES, RECIPIENT_KINDS } from "./labels";

export * from "./labels";

const informationList = z
  .array(z.enum(INFORMATION, "Choose from the list."))
  .min(1, "Choose at least one kind of information.")
  .max(INFORMATION.length)
  .transform((v) => [...new Set(v)].sort((a, b) => INFORMATION.indexOf(a) - INFORMATION.indexOf(b)));

/** Who may receive: kind and name; the reference is derived from the name unless a caller gives its own. */
export const RecipientInput = z.strictObject({
  recipientKind: z.enum(RECIPIENT_KINDS, "Choose who may receive the information."),
  recipientName: text(200),
});

/** What staff fill in to prepare a consent for a resident to sign. */
export const ConsentFields = RecipientInput.extend({
  purpose: z.enum(PURPOSES, "Choose a purpose."),
  purposeDetail: optionalText(500),
  information: informationList,
  expiresOn: optionalIsoDate,
  expiryEvent: z
    .enum(EXPIRY_EVENTS, "Choose from the list.")
    .nullish()
    .or(z.literal("").transform(() => null)),
});
/** The rules across fields, for the domain's schema and a form's (which adds its intent). */
export const consentRules = <S extends z.ZodType<{ expiresOn?: string | null; expiryEvent?: string | null; purpose: string; purposeDetail?: string | null }>>(s: S) =>
  s
    .refine((v) => v.expiresOn || v.expiryEvent, { message: "Give an end date, an end event, or both.", path: ["expiresOn"] })
    .refine((v) => v.purpose !== "other" || v.purposeDetail, { message: "Describe the purpose.", path: ["purposeDetail"] });
export const ConsentInput = consentRules(ConsentFields);
export type ConsentInput = z.input<typeof ConsentFields>;

export const SignConsentInput = z.strictObject({ consentId: id, typedName: text(120) });
export type SignConsentInput = z.input<typeof SignConsentInput>;

/** A disclosure request (the gate's input). `recipientRef` lets a caller match a typed reference (`service:<uuid>`). */
export const DisclosureRequest = z.strictObject({
  residentId: id,
  what: z.enum(DISCLOSURE_WHAT),
  recipientKind: z.enum(RECIPIENT_KINDS, "Choose who will receive the information."),
  recipientName: text(200),
  recipientRef: z
    .string()
    .regex(/^[a-z]+:.{1,240}$/)
    .optional(),
  purpose: z.enum(PURPOSES, "Choose a purpose."),
  information: informationList,
});
export type DisclosureRequest = z.input<typeof DisclosureRequest>;

/** `named:<name>` with case, spaces and accents' forms folded: "Officer  J. Ruiz" = "officer j. ruiz". */
export function namedRef(name: string): string {
  return `named:${name.normalize("NFKC").trim().replace(/\s+/g, " ").toLocaleLowerCase("en-US")}`;
}
