import { sql } from "kysely";
import { z } from "zod";
import type { Tx } from "#app/db/tenant.server";
import { maskEmail } from "#app/lib/mask";

export const emailPayload = z.object({
  to: z.string().email(),
  subject: z.string().min(1).max(200),
  text: z.string().min(1),
});
export type EmailPayload = z.infer<typeof emailPayload>;

/** What a message is for, as owners and admins see it when it could not be sent. */
export const EMAIL_PURPOSES = {
  team_invitation: "Team invitation",
  portal_invitation: "Resident portal invitation",
  password_reset: "Password reset",
  sign_up: "Sign-up confirmation",
  sign_in_alert: "Sign-in warning",
  document_to_sign: "House document to sign",
  schedule_change: "Session moved or cancelled",
  payment_reminder: "Payment reminder",
  compliance_reminder: "House document expiry reminder",
  certification_reminder: "Certification renewal reminder",
  finding_notice: "Finding about a house's standards",
  review_clarification: "Clarification requested by a certifying body",
  review_reply: "Answer to a clarification request",
} as const;
export type EmailPurpose = keyof typeof EMAIL_PURPOSES;

/**
 * Queue an email in the caller's transaction: it is sent only if the change commits.
 * Subjects and bodies must not reveal that someone lives in a recovery residence. The
 * recipient is also stored masked, with the purpose, for the list of messages that could
 * not be sent (owners and admins never read the payload).
 */
export async function enqueueEmail(tx: Tx, email: EmailPayload, opts: { dedupeKey?: string; purpose?: EmailPurpose } = {}) {
  const payload = emailPayload.parse(email);
  await tx
    .insertInto("outbox")
    .values({
      org_id: sql<string | null>`current_org_id()`,
      kind: "email",
      payload: JSON.stringify(payload),
      dedupe_key: opts.dedupeKey ?? null,
      recipient_mask: maskEmail(payload.to),
      purpose: opts.purpose ?? null,
    })
    // No conflict target: the app role may insert but not read the outbox, and
    // dedupe_key is the only unique constraint a new row can meet.
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Queue several emails in one statement (e.g. everyone a new house document applies to). */
export async function enqueueEmails(tx: Tx, emails: { email: EmailPayload; dedupeKey?: string }[], opts: { purpose?: EmailPurpose } = {}) {
  if (!emails.length) return;
  await tx
    .insertInto("outbox")
    .values(
      emails.map(({ email, dedupeKey }) => {
        const payload = emailPayload.parse(email);
        return {
          org_id: sql<string | null>`current_org_id()`,
          kind: "email",
          payload: JSON.stringify(payload),
          dedupe_key: dedupeKey ?? null,
          recipient_mask: maskEmail(payload.to),
          purpose: opts.purpose ?? null,
        };
      }),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
}
