import { sql } from "kysely";
import { generateToken, hashToken } from "#app/lib/tokens.server";
import { config } from "#app/config.server";
import { setTenantOrg, type Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { DomainError, notFound, parseInput } from "#app/domain/errors.server";
import { INVITE_TTL_MS } from "#app/domain/members/members.server";
import { normalizeEmail } from "#app/domain/orgs/orgs.server";
import { enqueueEmail } from "#app/domain/outbox/outbox.server";
import { id as idSchema } from "#app/lib/fields";
import { linkResidentAccount } from "./residents.server";

/**
 * Inviting a resident to the portal: an ordinary resident-role invitation (hashed
 * single-use token, 7 days, email through the outbox) that also names the resident
 * record, so accepting it links the new account to that record
 * (`linkInvitedResident`, called from `acceptInvite`).
 *
 * Who may invite: anyone with `residents:write` (owner, admin, and house managers for
 * residents of their houses — RLS decides which residents they can see). The invitation
 * can only ever grant the resident role, for that one record, so it does not need
 * `members:manage`, which guards staff roles.
 */

/**
 * The email never names the organisation or hints at where the person lives: mailboxes
 * are shared and previews are read over shoulders (same wording as team invitations to
 * residents in members.server.ts).
 */
function residentInviteEmail(to: string, link: string) {
  return {
    to,
    subject: "Your Hearth invitation",
    text: [
      "Hello,",
      "",
      "You've been invited to create an account on Hearth.",
      "",
      "To accept, open this link:",
      link,
      "",
      "The link works once and expires in 7 days. If you weren't expecting this email, you can ignore it.",
      "",
      "— Hearth",
    ].join("\n"),
  };
}

/**
 * Send (or re-send) a portal invitation to the resident's email address on file. Any
 * older pending invitation for this resident or this address is revoked. Audit data
 * carries ids only (no name, no email address).
 */
export async function createResidentInvite(tx: Tx, input: { residentId: string; invitedBy: string }): Promise<{ inviteId: string }> {
  const residentId = parseInput(idSchema, input.residentId);
  const resident = await tx
    .selectFrom("resident")
    .select(["id", "org_id", "user_id", "email"])
    .where("id", "=", residentId)
    .forNoKeyUpdate()
    .executeTakeFirst();
  if (!resident) throw notFound("Resident");
  if (resident.user_id) throw new DomainError("conflict", "This resident already has a portal account.");
  if (!resident.email) throw new DomainError("invalid", "Add an email address to the profile first.", { field: "email" });
  const email = normalizeEmail(resident.email);

  const member = await tx
    .selectFrom("membership as m")
    .innerJoin("app_user as u", "u.id", "m.user_id")
    .select("m.id")
    .where("m.org_id", "=", resident.org_id)
    .where(sql`lower(u.email)`, "=", email)
    .executeTakeFirst();
  if (member) {
    throw new DomainError("conflict", "Someone on your team already uses this email address. Check the address on the profile.", {
      field: "email",
    });
  }

  const replaced = await tx
    .updateTable("invite")
    .set({ revoked_at: sql<Date>`now()` })
    .where("org_id", "=", resident.org_id)
    .where((eb) => eb.or([eb("resident_id", "=", residentId), eb(sql`lower(email)`, "=", email)]))
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .returning(["id"])
    .execute();
  for (const old of replaced) await audit(tx, "invite.revoked", { type: "invite", id: old.id }, { residentId, reason: "replaced" });

  const token = generateToken();
  const invite = await tx
    .insertInto("invite")
    .values({
      org_id: resident.org_id,
      email,
      role: "resident",
      resident_id: residentId,
      token_hash: hashToken(token),
      invited_by: input.invitedBy,
      expires_at: new Date(Date.now() + INVITE_TTL_MS),
    })
    .returning(["id"])
    .executeTakeFirstOrThrow();
  await audit(tx, "invite.sent", { type: "invite", id: invite.id }, { role: "resident", residentId });
  await enqueueEmail(tx, residentInviteEmail(email, `${config().appUrl.origin}/invite/${token}`));
  return { inviteId: invite.id };
}

/**
 * While an invitation is being accepted (inside `acceptInvite`'s transaction, after the
 * membership was created): link the new member's account to the invited resident record.
 *
 * The invitee's own role (resident) cannot do this under RLS — the record is not theirs
 * until it is linked, and the self-update trigger forbids residents from touching
 * `user_id` — so the link runs with the org's administrator role for these few
 * statements and switches back. The authority comes from the single-use invitation,
 * created by a member with `residents:write` for this very record (the composite foreign
 * key keeps it inside the org). Returns false, changing nothing, when the record is
 * already linked to an account.
 */
export async function linkInvitedResident(
  tx: Tx,
  input: { orgId: string; residentId: string; userId: string; role: string },
): Promise<boolean> {
  await setTenantOrg(tx, input.orgId, "admin");
  const resident = await tx
    .selectFrom("resident")
    .select(["id", "user_id"])
    .where("id", "=", input.residentId)
    .forNoKeyUpdate()
    .executeTakeFirst();
  const linkable = Boolean(resident && !resident.user_id);
  if (linkable) await linkResidentAccount(tx, { residentId: input.residentId, userId: input.userId });
  await setTenantOrg(tx, input.orgId, input.role);
  return linkable;
}
