import { z } from "zod";
import type { DocumentKind } from "#app/db/schema";
import { id, plain } from "#app/lib/fields";

/** House documents: kinds, labels and input schemas (pure: usable by forms too). */

export const DOCUMENT_KINDS = ["house_rules", "resident_rights", "grievance_procedure", "good_neighbour"] as const satisfies readonly DocumentKind[];

export const DOCUMENT_KIND_LABELS: Record<DocumentKind, string> = {
  house_rules: "House rules",
  resident_rights: "Resident rights and responsibilities",
  grievance_procedure: "Grievance procedure",
  good_neighbour: "Good-neighbour policy",
};

export const MAX_BODY = 50_000;

/** Markdown text: kept exactly as written (the hash is of these bytes), only trailing space trimmed. */
export const documentBody = plain(
  z
    .string()
    .transform((v) => v.replace(/\r\n?/g, "\n").trimEnd())
    .pipe(z.string().min(1, "Write the document's text.").max(MAX_BODY, `Use at most ${MAX_BODY.toLocaleString("en-US")} characters.`)),
);

export const documentKind = z.enum(DOCUMENT_KINDS, "Choose a kind of document.");

/** Save a draft of one kind, for a house (houseId) or the org's default (houseId null). */
export const SaveDraftInput = z.strictObject({ kind: documentKind, body: documentBody });
export type SaveDraftInput = z.infer<typeof SaveDraftInput>;

export const DraftRef = z.strictObject({ draftId: id });

/** A resident's e-signature: the version they read and their full name as typed. */
export const SignInput = z.strictObject({
  versionId: id,
  typedName: plain(z.string().trim().min(1, "Type your full name to sign.").max(120, "Use at most 120 characters.")),
});
export type SignInput = z.infer<typeof SignInput>;

/** Names compared for a signature: case, accents' case, and runs of spaces do not matter. */
export const sameName = (a: string, b: string) => {
  const norm = (s: string) => s.normalize("NFKC").trim().replace(/\s+/g, " ").toLocaleLowerCase("en-US");
  return norm(a) === norm(b);
};
