import { ROLE_LABELS } from "#app/domain/permissions";
import { withPlatform } from "#app/db/tenant.server";
import {
  acceptInvite,
  findInviteByToken,
  InviteRefusedError,
  InviteUnavailableError,
  type Invitee,
  type InviteStatus,
} from "#app/domain/members/invites.server";
import { DuplicateEmailError } from "#app/domain/orgs/orgs.server";
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

export type AcceptResult =
  | { ok: true; orgSlug: string; sessionToken: string; expiresAt: Date | null; twoFactorPending: boolean }
  | { ok: false; reason: "unavailable"; status: InviteStatus | "unknown" }
  | { ok: false; reason: "password"; message: string }
  | { ok: false; reason: "refused"; message: string; httpStatus: 403 | 409 };

/**
 * Accept in one transaction: claim the invite, create the user or use the signed-in
 * one, add the membership and open a fresh session (the old one, if any, ends: new
 * privileges get a new token). Passwords are hashed before the transaction opens.
 */
async function accept(token: string, invitee: Invitee, previousToken: string | null, meta: Meta): Promise<AcceptResult> {
  try {
    return await withPlatform({ ...meta, userId: invitee.kind === "existing" ? invitee.userId : null }, async (tx) => {
      const { userId, orgSlug } = await acceptInvite(tx, token, invitee);
      const { token: sessionToken, session, twoFactorPending } = await openSession(tx, userId, meta, { previousToken });
      return { ok: true as const, orgSlug, sessionToken, expiresAt: sessionCookieExpiry(session), twoFactorPending };
    });
  } catch (error) {
    if (error instanceof InviteUnavailableError) return { ok: false, reason: "unavailable", status: error.reason };
    if (error instanceof InviteRefusedError) return { ok: false, reason: "refused", message: error.message, httpStatus: error.status };
    if (error instanceof DuplicateEmailError || (error as { code?: string }).code === "23505") {
      return {
        ok: false,
        reason: "refused",
        message: "An account already exists for this email address. Sign in to accept the invitation.",
        httpStatus: 409,
      };
    }
    throw error;
  }
}

export async function acceptInviteAsNewUser(
  input: { token: string; name: string; password: string; previousToken: string | null },
  meta: Meta,
): Promise<AcceptResult> {
  const preview = await previewInvite(input.token, meta);
  if (preview.status !== "pending") return { ok: false, reason: "unavailable", status: preview.status };
  if (preview.accountExists) {
    return {
      ok: false,
      reason: "refused",
      message: "An account already exists for this email address. Sign in to accept the invitation.",
      httpStatus: 409,
    };
  }
  const problem =
    passwordProblem(input.password, { email: preview.email, name: input.name }) ?? (await breachedPasswordProblem(input.password));
  if (problem) return { ok: false, reason: "password", message: problem };
  const passwordHash = await hashPassword(input.password);
  return accept(input.token, { kind: "new", name: input.name, passwordHash }, input.previousToken, meta);
}

export async function acceptInviteAsMember(
  input: { token: string; user: { id: string; email: string }; sessionToken: string | null },
  meta: Meta,
): Promise<AcceptResult> {
  if (!isWellFormedToken(input.token)) return { ok: false, reason: "unavailable", status: "unknown" };
  return accept(input.token, { kind: "existing", userId: input.user.id, email: input.user.email }, input.sessionToken, meta);
}
