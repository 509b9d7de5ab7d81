import { sql } from "kysely";
import { generateToken, hashToken } from "#app/lib/tokens.server";
import { inviteLink } from "#app/lib/links.server";
import type { Role } from "#app/db/schema";
import { enqueueEmail } from "#app/domain/outbox/outbox.server";
import { ROLE_LABELS } from "#app/domain/permissions";
import { enterInvite, type Tx } from "#app/db/tenant.server";
import { audit, auditAll } from "#app/domain/audit/audit.server";
import { DomainError } from "#app/domain/errors.server";
import { addMember, createUser, findUserByEmail, normalizeEmail } from "#app/domain/orgs/orgs.server";

export type InviteStatus = "pending" | "expired" | "revoked" | "used";

export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * The invitation email. A resident's never names the org (or anything that hints at
 * where someone lives): mailboxes are shared and previews are read over shoulders.
 */
function inviteEmail(input: { to: string; role: Role; from: { orgName: string; inviterName: string } | null; link: string }) {
  const intro =
    input.role === "resident" || !input.from
      ? "You've been invited to create an account on Hearth."
      : `${input.from.inviterName} has invited you to join ${input.from.orgName} on Hearth as ${ROLE_LABELS[input.role]}.`;
  return {
    to: input.to,
    subject: "Your Hearth invitation",
    text: [
      "Hello,",
      "",
      intro,
      "",
      "To accept, open this link:",
      input.link,
      "",
      "The link works once and expires in 7 days. If you weren't expecting this email, you can ignore it.",
      "",
      "— Hearth",
    ].join("\n"),
  };
}

/**
 * Issue an invitation, the one way for team members and residents alike: refuse an
 * address someone on the team already signs in with, revoke older pending invitations
 * to the same address (and, for a resident, to the same record), store a single-use
 * token's hash that expires in 7 days, audit it, and queue the email in the same
 * transaction. A resident's address never reaches the audit log (ids only).
 */
export async function issueInvite(
  tx: Tx,
  input: {
    orgId: string;
    email: string;
    role: Role;
    invitedBy: string;
    /** The resident record a portal invitation is for. */
    residentId?: string;
    /** Named in a staff invitation's email. */
    from: { orgName: string; inviterName: string } | null;
    /** What to say when the address already belongs to someone on the team. */
    memberExists: string;
    /** The houses a house manager or staff invitation assigns on acceptance (checked by the caller). */
    houseIds?: string[];
  },
): Promise<{ id: string; email: string }> {
  const email = normalizeEmail(input.email);
  const member = await tx
    .selectFrom("membership as m")
    .innerJoin("app_user as u", "u.id", "m.user_id")
    .select("m.id")
    .where("m.org_id", "=", input.orgId)
    .where(sql`lower(u.email)`, "=", email)
    .executeTakeFirst();
  if (member) throw new DomainError("conflict", input.memberExists, { field: "email" });

  const resident = input.role === "resident";
  const residentId = input.residentId;
  const replaced = await tx
    .updateTable("invite")
    .set({ revoked_at: sql<Date>`now()` })
    .where("org_id", "=", input.orgId)
    .where((eb) => (residentId ? eb.or([eb("resident_id", "=", residentId), eb(sql`lower(email)`, "=", email)]) : eb(sql`lower(email)`, "=", email)))
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .returning(["id"])
    .execute();
  await auditAll(tx, replaced.map((old) => ({ action: "invite.revoked", entity: { type: "invite", id: old.id }, data: { ...(residentId ? { residentId } : {}), reason: "replaced" } })));

  const token = generateToken();
  const invite = await tx
    .insertInto("invite")
    .values({
      org_id: input.orgId,
      email,
      role: input.role,
      resident_id: residentId ?? null,
      token_hash: hashToken(token),
      invited_by: input.invitedBy,
      expires_at: new Date(Date.now() + INVITE_TTL_MS),
    })
    .returning(["id"])
    .executeTakeFirstOrThrow();
  const houseIds = input.houseIds ?? [];
  if (houseIds.length > 0) {
    await tx
      .insertInto("invite_house")
      .values(houseIds.map((houseId) => ({ org_id: input.orgId, invite_id: invite.id, house_id: houseId })))
      .execute();
  }
  const data = resident
    ? { role: input.role, ...(residentId ? { residentId } : {}) }
    : { email, role: input.role, ...(houseIds.length ? { houseIds } : {}) };
  await audit(tx, "invite.sent", { type: "invite", id: invite.id }, data);
  await enqueueEmail(tx, inviteEmail({ to: email, role: input.role, from: resident ? null : input.from, link: inviteLink(token) }), {
    purpose: resident ? "portal_invitation" : "team_invitation",
  });
  return { id: invite.id, email };
}

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

  // The invitation's org and role, signed by the database from its token (migration 0021):
  // for the signed-in member accepting it, or for nobody yet (a new account).
  await enterInvite(tx, token, invitee.kind === "existing" ? invitee.userId : null).catch(async (error: unknown) => {
    // Used or revoked by someone else since the read above (two clicks at once): say so, as the claim below would.
    const now = await findInviteByToken(tx, token);
    if (!now || now.status !== "pending") throw inviteGone(!now ? "unknown" : now.status);
    throw error;
  });
  // Only the database claims an invitation (claim_invite, migration 0021): single use,
  // even under concurrent clicks.
  const claimed = (await sql<{ id: string | null }>`select claim_invite(${token}) as id`.execute(tx)).rows[0]?.id;
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
  await enterInvite(tx, token, userId);
  const membership = await addMember(tx, invite.orgId, userId, invite.role);
  // A portal invitation for a resident record: the new account becomes that resident's.
  if (invite.residentId && !(await linkInvitedResident(tx, { token, residentId: invite.residentId, userId }))) {
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

/**
 * While an invitation is being accepted (inside `acceptInvite`'s transaction, after the
 * membership was created): link the new member's account to the invited resident record.
 *
 * The invitee's own role (resident) cannot do this under RLS — the record is not theirs
 * until it is linked, and the self-update trigger forbids residents from touching
 * `user_id` — so the database does it (`link_invited_resident`, migration 0021): only for
 * a resident invitation claimed in this transaction, for the signed user, who must be the
 * invitation's address and a resident member of its org. No admin context is handed out.
 * Returns false, changing nothing, when the record is already linked to an account.
 */
export async function linkInvitedResident(
  tx: Tx,
  input: { token: string; residentId: string; userId: string },
): Promise<boolean> {
  const linked = (await sql<{ ok: boolean }>`select link_invited_resident(${input.token}, ${input.userId}::uuid) as ok`.execute(tx)).rows[0]?.ok === true;
  if (linked) await audit(tx, "resident.account_linked", { type: "resident", id: input.residentId }, { userId: input.userId });
  return linked;
}
