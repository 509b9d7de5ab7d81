import { z } from "zod";
import type { TenantContext } from "#app/db/tenant.server";
import { withTenant } from "#app/db/tenant.server";
import { addCertifierComment, addOperatorComment, threadsByBody, type ThreadEntry } from "#app/domain/review/threads.server";
import { CertifierCommentInput, OperatorCommentInput, THREAD_KIND_LABELS } from "#app/domain/review/schemas";
import { formatInZone } from "#app/lib/dates";
import { formConstraint } from "#app/ui/constraint";
import { intent } from "#app/ui/forms.server";
import type { BodyThreadView, ThreadEntryView } from "#app/ui/threads";

/**
 * The review threads' page kit (ADR 053), shared by the certifier's assessment page and the
 * operator's assessment and item pages: thread entries in words (who, which org, when, in the
 * operator's zone), and the forms' intent arms. The schemas stay here (server only): the
 * pages are held to the first-load budget and check these forms on the server.
 */
export const certifierCommentSchema = CertifierCommentInput.extend({ intent: z.literal("comment") });
export const operatorCommentSchema = OperatorCommentInput.extend({ intent: z.literal("reply") });
export const certifierCommentConstraint = () => formConstraint(certifierCommentSchema);
export const operatorCommentConstraint = () => formConstraint(operatorCommentSchema);

export function entryViews(entries: ThreadEntry[], timeZone: string): ThreadEntryView[] {
  return entries.map((e) => ({
    id: e.id,
    kind: e.kind,
    kindLabel: THREAD_KIND_LABELS[e.kind],
    body: e.body,
    who: e.authorName ?? "Someone",
    org: e.authorOrgName ?? "",
    when: formatInZone(e.at, timeZone),
    fromBody: e.fromBody,
  }));
}

/** The operator's view of an item's threads: one per certifying body, open ones first. */
export function bodyThreadViews(entries: ThreadEntry[], openBodies: string[], timeZone: string): BodyThreadView[] {
  return threadsByBody(entries, openBodies)
    .sort((a, b) => Number(b.open) - Number(a.open))
    .map((t) => ({ certifierOrgId: t.certifierOrgId, certifierName: t.certifierName, open: t.open, entries: entryViews(t.entries, timeZone) }));
}

export const certifierFormId = (itemId: string) => `comment-${itemId}`;
export const operatorFormId = (itemId: string, certifierOrgId: string) => `reply-${itemId}-${certifierOrgId}`;
const part = (formData: FormData, key: string) => String(formData.get(key) ?? "").slice(0, 40);

/** The certifier's arm: a comment or a clarification request on one item. */
export function certifierCommentArm(tenant: TenantContext, operatorSlug: string, assessmentId: string) {
  return intent({
    schema: certifierCommentSchema,
    formId: (f) => certifierFormId(part(f, "itemId")),
    fields: ["body", "kind"],
    resetForm: true,
    run: async ({ intent: _i, ...input }) => {
      await withTenant(tenant, (tx) => addCertifierComment(tx, operatorSlug, assessmentId, input));
      return input.kind === "clarification" ? "Clarification requested. The operator has been told by email." : "Comment added.";
    },
  });
}

/** The operator's arm: an answer (reply) or a comment in one body's thread on one item. */
export function operatorReplyArm(tenant: TenantContext, operatorSlug: string, assessmentId: string) {
  return intent({
    schema: operatorCommentSchema,
    formId: (f) => operatorFormId(part(f, "itemId"), part(f, "certifierOrgId")),
    fields: ["body", "kind"],
    resetForm: true,
    run: async ({ intent: _i, ...input }) => {
      await withTenant(tenant, (tx) => addOperatorComment(tx, assessmentId, input, { operatorSlug }));
      return input.kind === "reply" ? "Answer sent." : "Comment added.";
    },
  });
}
