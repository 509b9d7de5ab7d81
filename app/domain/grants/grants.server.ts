import { sql } from "kysely";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { orgToday } from "#app/domain/dates.server";
import { DomainError, guardDb, notFound, parseInput } from "#app/domain/errors.server";
import { pageOf, PAGE_SIZE, type Cursor } from "#app/lib/pagination";
import type { GrantScope, GrantStatus } from "./labels";
import { GrantInput } from "./schemas";

/**
 * Audit grants, the operator's side (issue 13, capability 5; ADR 049): owners and admins
 * give a certifying body access to some houses for a while, with a scope, and may revoke it
 * at any time. Row-level security (0046) lets only them write; every change is audited.
 * What the grant opens is decided in the database by certifier_grant_covers().
 */

/** The SQL status of a grant `g` on the operator's today `today`. */
export const grantStatusSql = (today: ReturnType<typeof sql>) => sql<GrantStatus>`case
  when g.revoked_at is not null then 'revoked'
  when g.starts_on > ${today} then 'upcoming'
  when g.ends_on is not null and g.ends_on < ${today} then 'ended'
  else 'active' end`;

/** Certifying bodies a grant may name (certifier orgs, not the platform's built-in standards). */
export async function certifierOptions(tx: Tx): Promise<{ id: string; name: string }[]> {
  return tx
    .selectFrom("org")
    .select(["id", "name"])
    .where("kind", "=", "certifier")
    .where("slug", "<>", "hearth-standards")
    .orderBy("name")
    .limit(200)
    .execute();
}

export type GrantRow = {
  id: string; certifierName: string; scope: GrantScope; startsOn: string; endsOn: string | null; note: string | null;
  status: GrantStatus; revokedAt: Date | null; createdAt: Date; houses: { id: string; name: string }[];
};

/** The operator's grants, newest first, with their houses and status — one query, one keyset page (ADR 034's shape). */
export async function listGrants(tx: Tx, opts: { cursor?: Cursor; limit?: number } = {}): Promise<{ items: GrantRow[]; next: string | null }> {
  const limit = opts.limit ?? PAGE_SIZE;
  let q = tx
    .selectFrom("audit_grant as g")
    .innerJoin("org as c", "c.id", "g.certifier_org_id")
    .select([
      "g.id", "c.name as certifierName", "g.scope", sql<string>`g.starts_on::text`.as("startsOn"), sql<string | null>`g.ends_on::text`.as("endsOn"),
      "g.note", "g.revoked_at as revokedAt", "g.created_at as createdAt",
      grantStatusSql(orgToday()).as("status"),
      sql<{ id: string; name: string }[]>`coalesce((select json_agg(json_build_object('id', h.id, 'name', h.name) order by h.name)
        from audit_grant_house gh join house h on h.org_id = gh.org_id and h.id = gh.house_id
        where gh.org_id = g.org_id and gh.grant_id = g.id), '[]'::json)`.as("houses"),
    ])
    .where("g.org_id", "=", sql<string>`current_org_id()`);
  if (opts.cursor) {
    q = q.where(sql<boolean>`(g.created_at, g.id) < (select c.created_at, c.id from audit_grant c where c.org_id = current_org_id() and c.id = ${opts.cursor.after}::uuid)`);
  }
  const rows = await q.orderBy("g.created_at", "desc").orderBy("g.id", "desc").limit(limit + 1).execute();
  return pageOf(rows, limit);
}

/** Issue a grant: the certifier, the houses (all visible to the caller), scope and days. */
export async function issueGrant(tx: Tx, raw: GrantInput): Promise<{ id: string }> {
  const input = parseInput(GrantInput, raw);
  const houseIds = [...new Set(input.houseIds)];
  if (input.endsOn && input.endsOn < input.startsOn) {
    throw new DomainError("invalid", "The last day can't be before the first day.", { field: "endsOn" });
  }
  const certifier = await tx
    .selectFrom("org").select("id")
    .where("id", "=", input.certifierOrgId).where("kind", "=", "certifier").where("slug", "<>", "hearth-standards")
    .executeTakeFirst();
  if (!certifier) throw new DomainError("invalid", "Choose a certifying body from the list.", { field: "certifierOrgId" });
  const houses = await tx
    .selectFrom("house").select(sql<number>`count(*)::int`.as("n"))
    .where("org_id", "=", sql<string>`current_org_id()`).where("id", "in", houseIds)
    .executeTakeFirstOrThrow();
  if (houses.n !== houseIds.length) throw new DomainError("invalid", "Choose houses from the list.", { field: "houseIds" });
  const created = await guardDb(
    tx.insertInto("audit_grant")
      .values({
        org_id: sql<string>`current_org_id()`, certifier_org_id: input.certifierOrgId, scope: input.scope,
        starts_on: input.startsOn, ends_on: input.endsOn ?? null, note: input.note ?? null,
      })
      .returning("id")
      .executeTakeFirstOrThrow(),
  );
  await guardDb(
    tx.insertInto("audit_grant_house")
      .values(houseIds.map((houseId) => ({ org_id: sql<string>`current_org_id()`, grant_id: created.id, house_id: houseId })))
      .execute(),
  );
  await audit(tx, "audit_grant.issued", { type: "audit_grant", id: created.id }, {
    certifierOrgId: input.certifierOrgId, houseIds, scope: input.scope, startsOn: input.startsOn, endsOn: input.endsOn ?? null,
  });
  return created;
}

/** The grant's head, for the revocation question. */
export async function getGrant(tx: Tx, grantId: string): Promise<{ id: string; certifierName: string; status: GrantStatus }> {
  const row = await tx
    .selectFrom("audit_grant as g")
    .innerJoin("org as c", "c.id", "g.certifier_org_id")
    .select(["g.id", "c.name as certifierName", grantStatusSql(orgToday()).as("status")])
    .where("g.org_id", "=", sql<string>`current_org_id()`).where("g.id", "=", grantId)
    .executeTakeFirst();
  if (!row) throw notFound("Grant");
  return row;
}

/** Revoke a grant now: the certifier loses access at once, everywhere (certifier_grant_covers). */
export async function revokeGrant(tx: Tx, grantId: string): Promise<{ certifierName: string }> {
  const grant = await getGrant(tx, grantId);
  if (grant.status === "revoked") throw new DomainError("conflict", "That grant was already revoked.");
  await guardDb(
    tx.updateTable("audit_grant")
      .set({ revoked_at: sql`now()`, revoked_by: sql`current_app_user_id()` })
      .where("org_id", "=", sql<string>`current_org_id()`).where("id", "=", grantId).where("revoked_at", "is", null)
      .execute(),
  );
  await audit(tx, "audit_grant.revoked", { type: "audit_grant", id: grantId });
  return { certifierName: grant.certifierName };
}
