import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import type { OrgKind, Role } from "#app/db/schema";
import { enterNewOrg, setTenantUser, type Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { DomainError } from "#app/domain/errors.server";


/** Sign-up with an email that already has an account. */
export const duplicateEmail = () =>
  new DomainError("conflict", "An account with this email already exists. Sign in instead, or reset your password.", { field: "email" });

export function normalizeEmail(email: string) {
  return email.trim().toLowerCase();
}

/** A URL slug from a name; uniqueness is handled by `createOrg`. */
function slugify(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
  return base || "org";
}

/** Candidate slugs for a name: the name, then -2 … -9, then a random suffix. */
function slugCandidates(name: string): string[] {
  const base = slugify(name).slice(0, 40).replace(/-+$/g, "") || "org";
  const numbered = Array.from({ length: 8 }, (_, i) => `${base}-${i + 2}`);
  return [base, ...numbered, `${base}-${randomBytes(4).toString("hex")}`];
}

export async function findUserByEmail(tx: Tx, email: string) {
  return tx
    .selectFrom("app_user")
    .select(["id", "email", "name", "disabled_at"])
    .where(sql`lower(email)`, "=", normalizeEmail(email))
    .executeTakeFirst();
}

/** Create a user. The password must already be hashed (outside any transaction). */
export async function createUser(tx: Tx, input: { email: string; name: string; passwordHash: string | null }) {
  if (await findUserByEmail(tx, input.email)) throw duplicateEmail();
  const user = await tx
    .insertInto("app_user")
    .values({ email: normalizeEmail(input.email), name: input.name, password_hash: input.passwordHash, password_changed_at: new Date() })
    .returning(["id", "email", "name"])
    .executeTakeFirstOrThrow();
  return user;
}

/**
 * Create an org with the given slug, or the first free one derived from its name. Other
 * orgs are not readable here (RLS: a signing-up visitor sees none), so a taken slug shows
 * up as a conflict on insert and the next candidate is tried.
 */
export async function createOrg(tx: Tx, input: { name: string; kind: OrgKind; timeZone: string; currency: string; slug?: string }) {
  for (const slug of input.slug ? [input.slug] : slugCandidates(input.name)) {
    const row = await tx
      .insertInto("org")
      .values({ name: input.name, slug, kind: input.kind, time_zone: input.timeZone, currency: input.currency })
      .onConflict((oc) => oc.column("slug").doNothing())
      .returning(["id", "slug", "name", "kind"])
      .executeTakeFirst();
    if (row) return row;
  }
  throw new Error("no free org slug");
}

/** Add a member to the transaction's current org (the caller has entered it). */
export async function addMember(tx: Tx, orgId: string, userId: string, role: Role) {
  const row = await tx
    .insertInto("membership")
    .values({ org_id: orgId, user_id: userId, role })
    .returning(["id"])
    .executeTakeFirstOrThrow();
  await audit(tx, "member.added", { type: "membership", id: row.id }, { userId, role });
  return row;
}

/** Sign-up: a new user who owns a new operator org, in one transaction. */
export async function signUpOperator(
  tx: Tx,
  input: { name: string; email: string; passwordHash: string; orgName: string; timeZone: string; currency: string },
) {
  const user = await createUser(tx, { email: input.email, name: input.name, passwordHash: input.passwordHash });
  const org = await createOrg(tx, { name: input.orgName, kind: "operator", timeZone: input.timeZone, currency: input.currency });
  await setTenantUser(tx, user.id);
  await enterNewOrg(tx, org.id);
  // New organisations ask owners and admins for two-step sign-in (a setting they can change).
  await tx.updateTable("org").set({ require_two_factor: true }).where("id", "=", org.id).execute();
  await addMember(tx, org.id, user.id, "owner");
  await audit(tx, "org.created", { type: "org", id: org.id }, { name: org.name });
  return { user, org };
}

/** The orgs a user belongs to (RLS lets a user see their own memberships). */
export async function listMyOrgs(tx: Tx, userId: string) {
  return tx
    .selectFrom("membership as m")
    .innerJoin("org as o", "o.id", "m.org_id")
    .select(["o.slug", "o.name", "o.kind", "m.role"])
    .where("m.user_id", "=", userId)
    .where("m.disabled_at", "is", null)
    .orderBy("o.name")
    .execute();
}

export async function getOrgSettings(tx: Tx, orgId: string) {
  return tx
    .selectFrom("org")
    .select(["name", "slug", "kind", "time_zone", "currency", "require_two_factor"])
    .where("id", "=", orgId)
    .executeTakeFirstOrThrow();
}

/** Rename the org or change its zone/currency. RLS only allows the current org. */
export async function updateOrgSettings(tx: Tx, orgId: string, input: { name: string; timeZone: string; currency: string }) {
  const before = await getOrgSettings(tx, orgId);
  await tx
    .updateTable("org")
    .set({ name: input.name, time_zone: input.timeZone, currency: input.currency })
    .where("id", "=", orgId)
    .executeTakeFirstOrThrow();
  const changed: Record<string, unknown> = {};
  if (before.name !== input.name) changed.name = { from: before.name, to: input.name };
  if (before.time_zone !== input.timeZone) changed.timeZone = { from: before.time_zone, to: input.timeZone };
  if (before.currency !== input.currency) changed.currency = { from: before.currency, to: input.currency };
  await audit(tx, "org.updated", { type: "org", id: orgId }, changed);
}

/**
 * Whether owners and admins must use two-step sign-in here. Owners only (the caller checks
 * the role; a trigger from migration 0014 refuses anyone else's change in the database).
 * Audited only when it changes.
 */
export async function setRequireTwoFactor(tx: Tx, orgId: string, required: boolean): Promise<{ changed: boolean }> {
  const before = await tx.selectFrom("org").select("require_two_factor").where("id", "=", orgId).executeTakeFirstOrThrow();
  if (before.require_two_factor === required) return { changed: false };
  await tx.updateTable("org").set({ require_two_factor: required }).where("id", "=", orgId).executeTakeFirstOrThrow();
  await audit(tx, "org.two_factor_requirement_changed", { type: "org", id: orgId }, { required });
  return { changed: true };
}
