import { sql } from "kysely";
import type { Tx } from "#app/db/tenant.server";
import { EMAIL_PURPOSES, type EmailPurpose } from "./outbox.server";

/**
 * Messages the outbox worker gave up on (status `dead`: a permanent refusal, or too many
 * failed attempts), as the org's owners and admins see them. RLS (migration 0014) lets
 * them read only their org's rows and only the columns below — never the payload, which
 * the worker redacted when the job died (its links would still work). A dead message is
 * not sent again from here: whoever started it starts it again (a new invitation, a new
 * reset link); maintenance purges it OUTBOX_RETENTION_DAYS after it died.
 */
export type DeadLetter = {
  id: number;
  purpose: string;
  recipient: string;
  attempts: number;
  lastError: string | null;
  queuedAt: Date;
};

const LIST_LIMIT = 100;

const purposeLabel = (p: string | null) => (p && p in EMAIL_PURPOSES ? EMAIL_PURPOSES[p as EmailPurpose] : "Email");

export async function listDeadLetters(tx: Tx, orgId: string): Promise<{ items: DeadLetter[]; total: number }> {
  const rows = await tx
    .selectFrom("outbox")
    .select(["id", "purpose", "recipient_mask", "attempts", "last_error", "created_at"])
    .select(sql<number>`(count(*) over ())::int`.as("total"))
    .where("org_id", "=", orgId)
    .where("status", "=", "dead")
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(LIST_LIMIT)
    .execute();
  return {
    total: rows[0]?.total ?? 0,
    items: rows.map((r) => ({
      id: r.id,
      purpose: purposeLabel(r.purpose),
      recipient: r.recipient_mask ?? "(address not recorded)",
      attempts: r.attempts,
      lastError: r.last_error,
      queuedAt: r.created_at,
    })),
  };
}

export async function countDeadLetters(tx: Tx, orgId: string): Promise<number> {
  const row = await tx
    .selectFrom("outbox")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("org_id", "=", orgId)
    .where("status", "=", "dead")
    .executeTakeFirstOrThrow();
  return row.n;
}
