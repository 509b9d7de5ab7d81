import { sql } from "kysely";
import { z } from "zod";
import type { Tx } from "#app/db/tenant.server";

export const emailPayload = z.object({
  to: z.string().email(),
  subject: z.string().min(1).max(200),
  text: z.string().min(1),
});
export type EmailPayload = z.infer<typeof emailPayload>;

/**
 * Queue an email in the caller's transaction: it is sent only if the change commits.
 * Subjects and bodies must not reveal that someone lives in a recovery residence.
 */
export async function enqueueEmail(tx: Tx, email: EmailPayload, opts: { dedupeKey?: string } = {}) {
  const payload = emailPayload.parse(email);
  await tx
    .insertInto("outbox")
    .values({
      org_id: sql<string | null>`current_org_id()`,
      kind: "email",
      payload: JSON.stringify(payload),
      dedupe_key: opts.dedupeKey ?? null,
    })
    // No conflict target: the app role may insert but not read the outbox, and
    // dedupe_key is the only unique constraint a new row can meet.
    .onConflict((oc) => oc.doNothing())
    .execute();
}
