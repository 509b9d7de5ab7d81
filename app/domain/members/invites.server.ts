import { sql } from "kysely";
import { hashToken } from "#app/lib/tokens.server";
import { setTenantOrg, setTenantUser, type Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { DomainError } from "#app/domain/errors.server";
import { addMember, createUser, findUserByEmail, normalizeEmail } from "#app/domain/orgs/orgs.server";
import { linkInvitedResident } from "#app/domain/residents/portal-invite.server";

export type InviteStatus = "pending" | "expired" | "revoked" | "used";

/**
 * The token is unknown, or the invite behind it can no longer be used: a `gone` refusal
 * whose `detail` says why, for the invite page to choose its words. Nothing was written.
 */
export const inviteGone = (reason: InviteStatus | "unknown") =>
  reason === "unknown"
    ? new DomainError("not_found", "We couldn't find this invitation.", { detail: reason })
    : new DomainError("gone", "This invitation can no longer be used.", { detail: reason });

/**
 * Find an invite by its token. The visitor is in no org yet: the `invite_by_token`
 * policy lets the holder of the token read that one row once `app.token_hash` is set
 * (transaction-local, like every other setting).
 */
export async function findInviteByToken(tx: Tx, token: string) {
  const tokenHash = hashToken(token);
  await sql`select set_config('app.token_hash', ${tokenHash}, true)`.execute(tx);
  const row = await tx
    .selectFrom("invite as i")
    .innerJoin("org as o", "o.id", "i.org_id")
    .select([
      "i.id",
      "i.org_id as orgId",
      "i.email",
      "i.role",
      "i.expires_at as expiresAt",
      "i.accepted_at as acceptedAt",
      "i.revoked_at as revokedAt",
      "i.resident_id as residentId",
      "o.name as orgName",
      "o.slug as orgSlug",
    ])
    .where("i.token_hash", "=", tokenHash)
    .executeTakeFirst();
  if (!row) return null;
  const status: InviteStatus = row.acceptedAt
    ? "used"
    : row.revokedAt
      ? "revoked"
      : row.expiresAt.getTime() <= Date.now()
        ? "expired"
        : "pending";
  const account = await findUserByEmail(tx, row.email);
  return { ...row, status, accountExists: Boolean(account) };
}

export type Invitee =
  | { kind: "new"; name: string; passwordHash: string }
  | { kind: "existing"; userId: string; email: string };

/**
 * Accept an invite: claim it (single use, even under concurrent clicks), create the
 * user if needed, add the membership, audit. Everything happens in the caller's
 * transaction, so any refusal thrown here leaves no trace.
 */
export async function acceptInvite(tx: Tx, token: string, invitee: Invitee) {
  const invite = await findInviteByToken(tx, token);
  if (!invite) throw inviteGone("unknown");
  if (invite.status !== "pending") throw inviteGone(invite.status);

  await setTenantOrg(tx, invite.orgId, invite.role);
  const claimed = await tx
    .updateTable("invite")
    .set({ accepted_at: sql<Date>`now()` })
    .where("id", "=", invite.id)
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", sql<Date>`now()`)
    .returning(["id"])
    .executeTakeFirst();
  if (!claimed) {
    // Someone else used or revoked it between our read and our claim.
    const now = await findInviteByToken(tx, token);
    throw inviteGone(!now ? "unknown" : now.status === "pending" ? "used" : now.status);
  }

  let userId: string;
  if (invitee.kind === "new") {
    if (invite.accountExists) {
      throw new DomainError("conflict", "An account already exists for this email address. Sign in to accept the invitation.");
    }
    userId = (await createUser(tx, { email: invite.email, name: invitee.name, passwordHash: invitee.passwordHash })).id;
  } else {
    if (normalizeEmail(invitee.email) !== normalizeEmail(invite.email)) {
      throw new DomainError("forbidden", "This invitation was sent to a different email address.");
    }
    userId = invitee.userId;
    const already = await tx
      .selectFrom("membership")
      .select("id")
      .where("org_id", "=", invite.orgId)
      .where("user_id", "=", userId)
      .executeTakeFirst();
    if (already) throw new DomainError("conflict", `You're already a member of ${invite.orgName}.`);
  }
  await setTenantUser(tx, userId);
  const membership = await addMember(tx, invite.orgId, userId, invite.role);
  // A portal invitation for a resident record: the new account becomes that resident's.
  if (invite.residentId && !(await linkInvitedResident(tx, { orgId: invite.orgId, residentId: invite.residentId, userId, role: invite.role }))) {
    throw new DomainError("conflict", "This invitation can no longer be used. Ask for a new one.");
  }
  // A house manager or staff invitation names their houses: assign them now (RLS lets the
  // invitee do exactly this, with the token, in this transaction).
  const houses = await tx
    .insertInto("membership_house")
    .columns(["org_id", "membership_id", "house_id"])
    .expression(
      tx
        .selectFrom("invite_house")
        .select(["org_id", sql<string>`${membership.id}::uuid`.as("membership_id"), "house_id"])
        .where("invite_id", "=", invite.id),
    )
    .returning("house_id")
    .execute();
  await audit(tx, "invite.accepted", { type: "invite", id: invite.id }, {
    userId,
    role: invite.role,
    newAccount: invitee.kind === "new",
    ...(houses.length ? { houseIds: houses.map((h) => h.house_id) } : {}),
  });
  return { userId, membershipId: membership.id, orgSlug: invite.orgSlug };
}
