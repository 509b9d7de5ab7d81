import { ROLE_LABELS } from "#app/domain/permissions";
import { withPlatform } from "#app/db/tenant.server";
import { DomainError } from "#app/domain/errors.server";
import { acceptInvite, findInviteByToken, inviteGone, type Invitee, type InviteStatus } from "#app/domain/members/invites.server";
import { hashPassword, breachedPasswordProblem } from "./password.server";
import { passwordProblem } from "./password-policy";
import { openSession, sessionCookieExpiry } from "./session.server";
import { isWellFormedToken } from "#app/lib/tokens.server";

type Meta = { requestId: string | null; ip: string | null; userAgent: string | null };

export type InvitePreview =
  | { status: "unknown" }
  | { status: Exclude<InviteStatus, "pending"> }
  | { status: "pending"; orgName: string; roleLabel: string; email: string; accountExists: boolean };

/** What the invite page shows; reads only, through the token policy. */
export async function previewInvite(token: string, meta: Meta): Promise<InvitePreview> {
  if (!isWellFormedToken(token)) return { status: "unknown" };
  const invite = await withPlatform(meta, (tx) => findInviteByToken(tx, token));
  if (!invite) return { status: "unknown" };
  if (invite.status !== "pending") return { status: invite.status };
  return {
    status: "pending",
    orgName: invite.orgName,
    roleLabel: ROLE_LABELS[invite.role],
    email: invite.email,
    accountExists: invite.accountExists,
  };
}

export type Accepted = { orgSlug: string; sessionToken: string; expiresAt: Date | null; twoFactorPending: boolean };

const ACCOUNT_EXISTS = "An account already exists for this email address. Sign in to accept the invitation.";

/**
 * Accept in one transaction: claim the invite, create the user or use the signed-in
 * one, add the membership and open a fresh session (the old one, if any, ends: new
 * privileges get a new token). Passwords are hashed before the transaction opens.
 * Refusals are DomainErrors (see acceptInvite); nothing is written then.
 */
async function accept(token: string, invitee: Invitee, previousToken: string | null, meta: Meta): Promise<Accepted> {
  try {
    // A member accepting acts through their live session (the database signs it from the token).
    const signedIn = invitee.kind === "existing" ? { userId: invitee.userId, sessionToken: previousToken } : {};
    return await withPlatform({ ...meta, ...signedIn }, async (tx) => {
      const { userId, orgSlug } = await acceptInvite(tx, token, invitee);
      const { token: sessionToken, session, twoFactorPending } = await openSession(tx, userId, meta, { previousToken });
      return { orgSlug, sessionToken, expiresAt: sessionCookieExpiry(session), twoFactorPending };
    });
  } catch (error) {
    // Two people creating the same account at once: the second is told to sign in.
    if ((error as { code?: string }).code === "23505") throw new DomainError("conflict", ACCOUNT_EXISTS);
    throw error;
  }
}

export async function acceptInviteAsNewUser(
  input: { token: string; name: string; password: string; previousToken: string | null },
  meta: Meta,
): Promise<Accepted> {
  const preview = await previewInvite(input.token, meta);
  if (preview.status !== "pending") throw inviteGone(preview.status);
  if (preview.accountExists) throw new DomainError("conflict", ACCOUNT_EXISTS);
  const problem =
    passwordProblem(input.password, { email: preview.email, name: input.name }) ?? (await breachedPasswordProblem(input.password));
  if (problem) throw new DomainError("invalid", problem, { field: "password" });
  const passwordHash = await hashPassword(input.password);
  return accept(input.token, { kind: "new", name: input.name, passwordHash }, input.previousToken, meta);
}

export async function acceptInviteAsMember(
  input: { token: string; user: { id: string; email: string }; sessionToken: string | null },
  meta: Meta,
): Promise<Accepted> {
  if (!isWellFormedToken(input.token)) throw inviteGone("unknown");
  return accept(input.token, { kind: "existing", userId: input.user.id, email: input.user.email }, input.sessionToken, meta);
}
