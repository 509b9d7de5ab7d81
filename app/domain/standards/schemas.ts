import { z } from "zod";
import { INFORMATION } from "#app/domain/consents/labels";
import { id, optionalId, optionalText, text } from "#app/lib/fields";
import { ANSWERS, APPLICABILITY, AUTO_CHECKS } from "./labels";

export * from "./labels";

/** Input schemas for standards and self-assessments (pure: forms use them too). */

const level = z.coerce.number("Choose a level.").int("Choose a level.").min(1, "Choose a level from I to IV.").max(4, "Choose a level from I to IV.");

export const versionField = z.string().trim().max(20, "Use letters, digits, dots and dashes (up to 20).").regex(/^[0-9A-Za-z.-]{1,20}$/, "Use letters, digits, dots and dashes (up to 20).");
/** Clone a readable standard into a new draft: name and publisher default to the source's name and the certifier's name. */
export const CloneInput = z.strictObject({
  standardOrgId: id,
  standardId: id,
  version: versionField,
  name: optionalText(120),
  publisher: optionalText(120),
});
export type CloneInput = z.input<typeof CloneInput>;

const applicability = z.enum(APPLICABILITY, "Choose required, recommended or not applicable.");
export const ITEM_CODE = /^[1-9][0-9]?\.[A-Z]\.[1-9][0-9]?\.[a-z]{1,2}$/;
const itemFields = {
  text: text(1000),
  guidance: optionalText(2000),
  evidenceHint: optionalText(500),
  level1: applicability,
  level2: applicability,
  level3: applicability,
  level4: applicability,
  autoCheck: z.enum(AUTO_CHECKS, "Choose an automatic check from the list.").nullish(),
};
/** An item's wording and applicability (the editor's form; the code never changes). */
export const ItemEditInput = z.strictObject(itemFields);
export type ItemEditInput = z.input<typeof ItemEditInput>;
const itemCode = z.string().trim().max(8, "Write the code like 2.F.17.d.").regex(ITEM_CODE, "Write the code like 2.F.17.d.");
/** An item with its code (`saveStandardItem`): the editor's fields and the code, one message per rule. */
export const ItemInput = z.strictObject({ code: itemCode, ...itemFields });
export type ItemInput = z.input<typeof ItemInput>;
/** A new (state-specific) item: its code names an existing domain, principle and standard of the version. */
export const ItemAddInput = ItemInput;
export type ItemAddInput = ItemInput;
export const HeadingInput = z.strictObject({
  kind: z.enum(["domain", "principle", "section"], "Choose a heading."),
  code: z.string().trim().max(3, "Choose a heading.").regex(/^[0-9A-Z]{1,3}$/, "Choose a heading."),
  title: text(200),
});
export type HeadingInput = z.input<typeof HeadingInput>;

/** A heading's code by kind: domains and standards are numbered (1–99), principles lettered (A–Z), as item codes write them. */
export const HEADING_CODES = {
  domain: { pattern: /^[1-9][0-9]?$/, message: "Number the domain from 1 to 99." },
  principle: { pattern: /^[A-Z]$/, message: "Name the principle with one capital letter, like K." },
  section: { pattern: /^[1-9][0-9]?$/, message: "Number the standard from 1 to 99, like 32." },
} as const;
const headingKind = z.enum(["domain", "principle", "section"], "Choose a heading.");
/** A new domain, principle (under a domain) or standard (under a principle) of a draft (ADR 061). */
export const headingAddFields = {
  kind: headingKind,
  parentCode: z.preprocess((v) => (v === "" ? null : v), z.string().trim().max(3, "Choose where it goes.").regex(/^[0-9A-Z]{1,3}$/, "Choose where it goes.").nullish()),
  code: z.string().trim().max(3, "Use at most 3 characters."),
  title: text(200),
};
/** The code's shape by kind and the parent a principle or standard needs (forms add their intent to the fields, then this). */
export const headingAddRule = (v: { kind: keyof typeof HEADING_CODES; parentCode?: string | null; code: string }, ctx: z.RefinementCtx) => {
  const rule = HEADING_CODES[v.kind];
  if (!rule.pattern.test(v.code)) ctx.addIssue({ code: "custom", message: rule.message, path: ["code"] });
  if (v.kind !== "domain" && !v.parentCode) ctx.addIssue({ code: "custom", message: "Choose where it goes.", path: ["parentCode"] });
};
export const HeadingAddInput = z.strictObject(headingAddFields).superRefine(headingAddRule);
export type HeadingAddInput = z.input<typeof HeadingAddInput>;
/** A heading to delete: its kind and code (the draft's own). */
export const HeadingRefInput = z.strictObject({
  kind: headingKind,
  code: z.string().trim().max(3, "Choose a heading.").regex(/^[0-9A-Z]{1,3}$/, "Choose a heading."),
});
export type HeadingRefInput = z.input<typeof HeadingRefInput>;

export const StartInput = z.strictObject({
  houseId: id.nullable(),
  standardOrgId: id,
  standardId: id,
  level,
});
export type StartInput = z.input<typeof StartInput>;

export const AnswerInput = z.strictObject({
  itemId: id,
  answer: z.enum(ANSWERS, "Choose an answer."),
  notes: optionalText(2000),
});
export type AnswerInput = z.input<typeof AnswerInput>;

/**
 * Evidence about one resident, shareable with a certifier under the resident's consent (ADR 054):
 * the resident and the kind of information it shows, both or neither.
 */
export const evidenceSharingFields = {
  sharedResidentId: optionalId,
  sharedInformation: z.preprocess((v) => (v === "" ? null : v), z.enum(INFORMATION, "Choose from the list.").nullish()),
};
export const sharingRules = <S extends z.ZodType<{ sharedResidentId?: string | null; sharedInformation?: string | null }>>(s: S) =>
  s
    .refine((v) => !v.sharedResidentId || v.sharedInformation, { message: "Choose what it shows about the resident.", path: ["sharedInformation"] })
    .refine((v) => v.sharedResidentId || !v.sharedInformation, { message: "Choose the resident it is about.", path: ["sharedResidentId"] });
export type EvidenceSharing = { sharedResidentId?: string | null; sharedInformation?: (typeof INFORMATION)[number] | null };

export const LinkEvidenceFields = z.strictObject({
  itemId: id,
  label: text(200),
  linkPath: z.string().trim().max(500, "Use at most 500 characters.").regex(/^\/o\/[a-z0-9-]+\/[A-Za-z0-9/_.?=&-]{1,400}$/, "Link to a page in Hearth (starting with /o/)."),
  ...evidenceSharingFields,
});
export const LinkEvidenceInput = sharingRules(LinkEvidenceFields);
export type LinkEvidenceInput = z.input<typeof LinkEvidenceFields>;
