import { sql } from "kysely";
import { assignableRoles, ROLE_LABELS } from "#app/domain/permissions";
import { invalidateUserSessions } from "#app/domain/accounts/sessions.server";
import type { OrgKind, Role } from "#app/db/schema";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { DomainError } from "#app/domain/errors.server";
import { normalizeEmail } from "#app/domain/orgs/orgs.server";
import { issueInvite } from "./invites.server";


/** The role an org cannot be left without: the last one holding it can't be removed or demoted. */
const TOP_ROLE: Record<OrgKind, Role> = { operator: "owner", certifier: "certifier_admin" };
const TOP_ROLE_NOUN: Record<OrgKind, string> = { operator: "an owner", certifier: "a certifier administrator" };


/** Who is acting: the signed-in member, as established by requireOrg. */
export type Actor = {
  userId: string;
  userName: string;
  membershipId: string;
  role: Role;
  org: { id: string; name: string; kind: OrgKind };
};

/**
 * Staff members and pending staff invitations of the transaction's org (RLS keeps it to
 * that org). Residents are not team members: their accounts and portal invitations
 * appear on their resident record only (and RLS hides them from house-scoped roles).
 */
export async function listTeam(tx: Tx, orgId: string) {
  const members = await tx
    .selectFrom("membership as m")
    .innerJoin("app_user as u", "u.id", "m.user_id")
    .select(["m.id", "m.role", "m.user_id as userId", "u.name", "u.email", "m.disabled_at as disabledAt"])
    .where("m.org_id", "=", orgId)
    .where("m.role", "<>", "resident")
    .orderBy("u.name")
    .orderBy("m.id")
    .execute();
  const invites = await tx
    .selectFrom("invite as i")
    .select((eb) => [
      "i.id",
      "i.email",
      "i.role",
      "i.created_at as createdAt",
      "i.expires_at as expiresAt",
      // The houses the invitation assigns, by name.
      eb
        .selectFrom("invite_house as ih")
        .innerJoin("house as h", (j) => j.onRef("h.org_id", "=", "ih.org_id").onRef("h.id", "=", "ih.house_id"))
        .select(sql<string[]>`coalesce(array_agg(h.name order by lower(h.name)), '{}')`.as("names"))
        .whereRef("ih.org_id", "=", "i.org_id")
        .whereRef("ih.invite_id", "=", "i.id")
        .as("houseNames"),
    ])
    .where("i.org_id", "=", orgId)
    .where("i.role", "<>", "resident")
    .where("i.accepted_at", "is", null)
    .where("i.revoked_at", "is", null)
    .where("i.expires_at", ">", sql<Date>`now()`)
    .orderBy("i.created_at", "desc")
    .execute();
  return { members, invites: invites.map((i) => ({ ...i, houseNames: i.houseNames ?? [] })) };
}

/** Roles whose work is limited to the houses they are assigned to (chosen when inviting). */
export const HOUSE_ROLES: readonly Role[] = ["house_manager", "staff"];

/** May `actor` change or remove a member holding `targetRole`? Only top-role members touch top-role members. */
export function canActOn(actor: Pick<Actor, "role" | "org">, targetRole: Role) {
  const top = TOP_ROLE[actor.org.kind];
  return targetRole !== top || actor.role === top;
}

/**
 * Invite someone by email: a single-use token (only its hash is stored) that expires in
 * 7 days, and an email queued in the same transaction. A newer invitation to the same
 * address replaces any older pending one.
 */
export async function createInvite(tx: Tx, actor: Actor, input: { email: string; role: Role; houseIds?: string[] }) {
  const email = normalizeEmail(input.email);
  if (!assignableRoles(actor.role, actor.org.kind).includes(input.role)) {
    throw new DomainError("invalid", "Choose a role you can assign.", { field: "role" });
  }
  const houseIds = [...new Set(input.houseIds ?? [])];
  if (houseIds.length > 0 && !HOUSE_ROLES.includes(input.role)) {
    throw new DomainError("invalid", "Houses are chosen only for house managers and staff. Clear the houses, or choose one of those roles.", {
      field: "houseIds",
    });
  }
  if (houseIds.length > 0) {
    const found = await tx.selectFrom("house").select("id").where("id", "in", houseIds).where("status", "=", "active").execute();
    if (found.length !== houseIds.length) throw new DomainError("invalid", "Choose houses from the list.", { field: "houseIds" });
  }
  return issueInvite(tx, {
    orgId: actor.org.id,
    email,
    role: input.role,
    invitedBy: actor.userId,
    from: { orgName: actor.org.name, inviterName: actor.userName },
    memberExists: "This person is already a member of your team.",
    houseIds,
  });
}

export async function revokeInvite(tx: Tx, actor: Actor, inviteId: string) {
  const revoked = await tx
    .updateTable("invite")
    .set({ revoked_at: sql<Date>`now()` })
    .where("id", "=", inviteId)
    .where("org_id", "=", actor.org.id)
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .returning(["id", "email", "role", "resident_id as residentId"])
    .executeTakeFirst();
  if (!revoked) throw new DomainError("not_found", "That invitation is no longer pending.");
  await audit(tx, "invite.revoked", { type: "invite", id: revoked.id }, {
    role: revoked.role,
    ...(revoked.residentId ? { residentId: revoked.residentId } : {}),
  });
  return revoked;
}

/**
 * Load the member to act on, after locking every top-role membership of the org, so
 * two concurrent demotions cannot both see "another owner remains".
 */
async function lockTarget(tx: Tx, actor: Actor, membershipId: string) {
  const top = TOP_ROLE[actor.org.kind];
  const tops = await tx
    .selectFrom("membership")
    .select(["id"])
    .where("org_id", "=", actor.org.id)
    .where("role", "=", top)
    .forUpdate()
    .execute();
  // Read first, lock second: FOR UPDATE also applies the update policy, which hides a
  // top-role member from an admin (RLS, 0006), and that deserves a 403, not a 404.
  const seen = await tx.selectFrom("membership").select(["id", "role"]).where("id", "=", membershipId).where("org_id", "=", actor.org.id).executeTakeFirst();
  if (seen && !canActOn(actor, seen.role)) {
    const noun = TOP_ROLE_NOUN[actor.org.kind];
    throw new DomainError("forbidden", `Only ${noun} can change or remove ${noun}.`);
  }
  const target = await tx
    .selectFrom("membership as m")
    .innerJoin("app_user as u", "u.id", "m.user_id")
    .select(["m.id", "m.role", "m.user_id as userId", "u.name"])
    .where("m.id", "=", membershipId)
    .where("m.org_id", "=", actor.org.id)
    .forUpdate("m")
    .executeTakeFirst();
  if (!target) throw new DomainError("not_found", "That member is no longer on your team.");
  if (!canActOn(actor, target.role)) {
    const noun = TOP_ROLE_NOUN[actor.org.kind];
    throw new DomainError("forbidden", `Only ${noun} can change or remove ${noun}.`);
  }
  const isLastTop = target.role === top && tops.length <= 1;
  return { target, top, isLastTop };
}

export async function changeMemberRole(tx: Tx, actor: Actor, input: { membershipId: string; role: Role }) {
  if (input.membershipId === actor.membershipId) {
    throw new DomainError("invalid", "You can't change your own role. Ask another administrator.", { field: "role" });
  }
  if (!assignableRoles(actor.role, actor.org.kind).includes(input.role)) {
    throw new DomainError("invalid", "Choose a role you can assign.", { field: "role" });
  }
  const { target, top, isLastTop } = await lockTarget(tx, actor, input.membershipId);
  if (target.role === input.role) return { changed: false, name: target.name, from: target.role };
  if (isLastTop && input.role !== top) {
    throw new DomainError("conflict", `${target.name} is the only ${ROLE_LABELS[top].toLowerCase()}. Make someone else ${TOP_ROLE_NOUN[actor.org.kind]} first.`, { field: "role" });
  }
  await tx.updateTable("membership").set({ role: input.role }).where("id", "=", target.id).execute();
  await audit(tx, "member.role_changed", { type: "membership", id: target.id }, { userId: target.userId, from: target.role, to: input.role });
  return { changed: true, name: target.name, from: target.role };
}

export async function removeMember(tx: Tx, actor: Actor, membershipId: string) {
  if (membershipId === actor.membershipId) {
    throw new DomainError("invalid", "You can't remove yourself. Ask another administrator.");
  }
  const { target, top, isLastTop } = await lockTarget(tx, actor, membershipId);
  if (isLastTop) {
    throw new DomainError("conflict", `${target.name} is the only ${ROLE_LABELS[top].toLowerCase()} and can't be removed. Make someone else ${TOP_ROLE_NOUN[actor.org.kind]} first.`);
  }
  await tx.deleteFrom("membership").where("id", "=", target.id).execute();
  // Off-boarding takes effect now: every session of the person ends (they sign in again
  // for any other org they belong to).
  await invalidateUserSessions(tx, target.userId);
  await audit(tx, "member.removed", { type: "membership", id: target.id }, { userId: target.userId, role: target.role });
  return { name: target.name };
}

/**
 * Switch a member's access to this org off (or back on) without removing them: they keep
 * their place on the team, their sessions end at once, and the org refuses them until an
 * owner or administrator enables them again.
 */
export async function setMemberDisabled(tx: Tx, actor: Actor, input: { membershipId: string; disabled: boolean }) {
  if (input.membershipId === actor.membershipId) {
    throw new DomainError("invalid", "You can't disable your own access. Ask another administrator.");
  }
  const { target, top, isLastTop } = await lockTarget(tx, actor, input.membershipId);
  if (input.disabled && isLastTop) {
    throw new DomainError("conflict", `${target.name} is the only ${ROLE_LABELS[top].toLowerCase()} and can't be disabled. Make someone else ${TOP_ROLE_NOUN[actor.org.kind]} first.`);
  }
  await tx
    .updateTable("membership")
    .set({ disabled_at: input.disabled ? sql<Date>`now()` : null })
    .where("id", "=", target.id)
    .execute();
  if (input.disabled) await invalidateUserSessions(tx, target.userId);
  await audit(tx, input.disabled ? "member.disabled" : "member.enabled", { type: "membership", id: target.id }, { userId: target.userId });
  return { name: target.name };
}
