import { sql } from "kysely";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { DomainError } from "#app/domain/errors.server";
import { EMAIL_PURPOSES, type EmailPurpose } from "./outbox.server";

/**
 * Messages the outbox worker gave up on (status `dead`: a permanent refusal, or too many
 * failed attempts), as the org's owners and admins see them. RLS (migration 0014) lets
 * them read only their org's rows and only the columns below — never the payload — and
 * move a dead job back to pending, nothing else.
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

/** Queue a dead message again (fresh attempts, due now). Audited with its id and purpose. */
export async function retryDeadLetter(tx: Tx, orgId: string, id: number): Promise<void> {
  const row = await tx
    .updateTable("outbox")
    .set({ status: "pending", attempts: 0, run_after: sql<Date>`now()`, last_error: null })
    .where("id", "=", id)
    .where("org_id", "=", orgId)
    .where("status", "=", "dead")
    .returning(["id", "purpose"])
    .executeTakeFirst();
  if (!row) throw new DomainError("not_found", "That message is no longer waiting: it may have been queued again already.");
  await audit(tx, "outbox.retried", { type: "outbox", id: row.id }, { purpose: row.purpose });
}
