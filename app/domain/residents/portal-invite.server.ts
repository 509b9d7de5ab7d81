import type { Tx } from "#app/db/tenant.server";
import { DomainError, notFound, parseInput } from "#app/domain/errors.server";
import { issueInvite } from "#app/domain/members/invites.server";
import { id as idSchema } from "#app/lib/fields";

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

  const invite = await issueInvite(tx, {
    orgId: resident.org_id,
    email: resident.email,
    role: "resident",
    residentId,
    invitedBy: input.invitedBy,
    from: null,
    memberExists: "Someone on your team already uses this email address. Check the address on the profile.",
  });
  return { inviteId: invite.id };
}
