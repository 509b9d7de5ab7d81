/**
 * Review threads' words (ADR 053), zod-free so pages held to the first-load budget may import
 * them. A certifying body writes comments and clarification requests; the operator writes
 * comments and replies (the database's policy enforces the same split).
 */
export const CERTIFIER_KINDS = ["comment", "clarification"] as const;
export const OPERATOR_KINDS = ["reply", "comment"] as const;
export type CertifierKind = (typeof CERTIFIER_KINDS)[number];
export type OperatorKind = (typeof OPERATOR_KINDS)[number];

export const THREAD_KIND_LABELS: Record<"comment" | "clarification" | "reply", string> = {
  comment: "Comment",
  clarification: "Clarification requested",
  reply: "Answer",
};

/** "3 items await the operator's answer" / "1 item awaits …". */
export function awaitingWords(n: number, whose: string): string {
  return `${n} ${n === 1 ? "item awaits" : "items await"} ${whose} answer`;
}
