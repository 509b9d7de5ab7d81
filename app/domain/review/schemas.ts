import { z } from "zod";
import { id, text } from "#app/lib/fields";
import { CERTIFIER_KINDS, OPERATOR_KINDS } from "./labels";

export * from "./labels";

/** A thread entry's text: what both sides write (assessment_comment_body_check: 1–2000). */
const body = text(2000);

/** A certifying body's comment or clarification request on one item (ADR 053). */
export const CertifierCommentInput = z.strictObject({
  itemId: id,
  kind: z.enum(CERTIFIER_KINDS, "Choose a comment or a request for clarification."),
  body,
});
export type CertifierCommentInput = z.input<typeof CertifierCommentInput>;

/** The operator's reply or comment in one certifying body's thread on one item. */
export const OperatorCommentInput = z.strictObject({
  itemId: id,
  certifierOrgId: id,
  kind: z.enum(OPERATOR_KINDS, "Choose an answer or a comment."),
  body,
});
export type OperatorCommentInput = z.input<typeof OperatorCommentInput>;
