import type { Tx } from "#app/db/tenant.server";

const SECRET_KEYS = /pass|token|secret|hash|cookie|authorization/i;

function scrub(value: unknown, depth = 0): unknown {
  if (depth > 4 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEYS.test(k) ? "[redacted]" : scrub(v, depth + 1);
  return out;
}

/**
 * Append one audit event in the caller's transaction. Org, actor, request id and IP
 * come from the transaction's settings (set by withTenant), so callers cannot forge them.
 */
export async function audit(
  tx: Tx,
  action: string,
  entity?: { type: string; id: string | number | null } | null,
  data: Record<string, unknown> = {},
) {
  await auditAll(tx, [{ action, entity, data }]);
}

export type AuditEntry = { action: string; entity?: { type: string; id: string | number | null } | null; data?: Record<string, unknown> };

/** Append several audit events in one statement (e.g. a page that reads two records at once). */
export async function auditAll(tx: Tx, entries: AuditEntry[]) {
  if (entries.length === 0) return;
  await tx
    .insertInto("audit_event")
    .values(
      entries.map(({ action, entity, data = {} }) => ({
        action,
        entity_type: entity?.type ?? null,
        entity_id: entity?.id == null ? null : String(entity.id),
        data: JSON.stringify(scrub(data)),
      })),
    )
    .execute();
}
