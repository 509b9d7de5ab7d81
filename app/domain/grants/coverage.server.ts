import { sql } from "kysely";
import type { Tx } from "#app/db/tenant.server";
import { DomainError } from "#app/domain/errors.server";

/**
 * The one way a certifier's domain code (certification, inspections, findings, review) names an
 * operator's house and logs what it did there (ADR 049, 053). The database decides through
 * certifier_grant_covers(); these helpers only ask it once per request and answer the same
 * "not found" for no such operator, no grant, an ended or a revoked one.
 */

export type CoveredOperator = { id: string; name: string; slug: string; writes: boolean };

/** The operator (by slug) and whether an active grant of the caller's body covers the house: reads ('review') or also writes ('certification'). */
export async function houseCoverage(tx: Tx, operatorSlug: string, houseId: string, notFoundMessage = "House not found."): Promise<CoveredOperator> {
  const { rows } = await sql<{ id: string; name: string; slug: string; reads: boolean; writes: boolean }>`
    select o.id, o.name, o.slug,
      certifier_grant_covers(o.id, ${houseId}::uuid, 'review') as reads,
      certifier_grant_covers(o.id, ${houseId}::uuid, 'certification') as writes
    from org o where o.slug = ${operatorSlug} and o.kind = 'operator'`.execute(tx);
  const row = rows[0];
  if (!row?.reads) throw new DomainError("not_found", notFoundMessage);
  return { id: row.id, name: row.name, slug: row.slug, writes: row.writes };
}

/** Writing needs the certification scope: a review grant reads, and a write is answered as if nothing were there. */
export async function houseWriter(tx: Tx, operatorSlug: string, houseId: string, notFoundMessage = "House not found."): Promise<CoveredOperator> {
  const op = await houseCoverage(tx, operatorSlug, houseId, notFoundMessage);
  if (!op.writes) throw new DomainError("not_found", notFoundMessage);
  return op;
}

/** A certifier's read or write of an operator's rows, in both orgs' audit logs (certifier_audit, migration 0046). */
export async function certifierAudit(tx: Tx, operatorOrgId: string, action: string, entityType: string, entityId: string, data: Record<string, unknown>) {
  await sql`select certifier_audit(${operatorOrgId}::uuid, ${action}, ${entityType}, ${entityId}, ${JSON.stringify(data)}::jsonb)`.execute(tx);
}
