import { z } from "zod";
import { documentKind, DraftRef, SaveDraftInput, SignInput } from "#app/domain/documents/schemas";

/** The house documents' forms (org defaults and a house's own): the domain's schemas plus each form's intent. */
export const saveDraftSchema = SaveDraftInput.extend({ intent: z.literal("save-draft") });
/** Publishing is asked first (every current resident is asked to sign again); the answer posts `confirmed=yes`. */
export const publishSchema = SaveDraftInput.extend({ intent: z.literal("publish"), confirmed: z.literal("yes").optional() });
/** What the browser checks before either button posts the editor. */
export const editorSchema = SaveDraftInput.extend({ intent: z.enum(["save-draft", "publish"]) });
export const discardDraftSchema = DraftRef.extend({ intent: z.literal("discard-draft"), kind: documentKind });

/** A resident's signature form. */
export const signSchema = SignInput;

export { discardFormId, editorFormId } from "./documents";
