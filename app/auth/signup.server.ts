import { sql } from "kysely";
import { config } from "#app/config.server";
import { withPlatform, type Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { findUserByEmail, normalizeEmail, signUpOperator } from "#app/domain/orgs/orgs.server";
import { enqueueEmail } from "#app/domain/outbox/outbox.server";
import { createSession, sessionCookieExpiry } from "./session.server";
import { generateToken, hashToken, isWellFormedToken } from "#app/lib/tokens.server";
import { DomainError } from "#app/domain/errors.server";
import { hit, LIMITS } from "./rate-limit.server";
import { breachedPasswordProblem, hashPassword } from "./password.server";

export const SIGNUP_TTL_MS = 24 * 60 * 60 * 1000;

type Meta = { requestId: string | null; ip: string | null; userAgent: string | null };

export type SignupInput = { name: string; email: string; orgName: string; timeZone: string; currency: string };

/**
 * The sign-up form's work: the per-network limit (`rate_limited`, counted and committed
 * first), the breached-password check (`invalid` on the password field), the hash, then
 * `requestSignup`. It answers the same way whether or not the address has an account.
 */
export async function signUp(input: SignupInput & { password: string }, meta: Meta): Promise<void> {
  const { password, ...v } = input;
  const limit = await withPlatform(meta, (tx) => hit(tx, `signup:ip:${meta.ip ?? "unknown"}`, LIMITS.signupPerIp));
  if (!limit.allowed) throw new DomainError("rate_limited", "Too many sign-ups from this network. Try again later.");
  const problem = await breachedPasswordProblem(password);
  if (problem) throw new DomainError("invalid", problem, { field: "password" });
  // The same answer and the same work whether or not the address has an account
  // (requestSignup): the hash is computed either way.
  const passwordHash = await hashPassword(password);
  await withPlatform(meta, (tx) => requestSignup(tx, { ...v, passwordHash }));
}

/**
 * Record a sign-up request and email the address. The answer (and the work: the same
 * statements, one email) is the same whether or not the address already has an account,
 * so the form reveals nothing about who uses Hearth:
 * - a new address gets a link that creates the account and the organisation;
 * - an existing account gets a notice that someone tried to sign up with it, with links
 *   to sign in or reset the password.
 * The password hash is computed by the caller before this transaction, in both cases.
 */
export async function requestSignup(tx: Tx, input: SignupInput & { passwordHash: string }) {
  const email = normalizeEmail(input.email);
  const token = generateToken();
  const existing = await findUserByEmail(tx, email);
  // Always insert the request row (it is never usable for an existing account: the
  // confirmation refuses an address that has an account by then).
  await tx
    .insertInto("signup_request")
    .values({
      id: hashToken(token),
      email,
      name: input.name,
      password_hash: input.passwordHash,
      org_name: input.orgName,
      time_zone: input.timeZone,
      currency: input.currency,
      expires_at: new Date(Date.now() + SIGNUP_TTL_MS),
    })
    .execute();
  await audit(tx, "auth.signup_requested", null);
  const origin = config().appUrl.origin;
  await enqueueEmail(
    tx,
    existing
      ? {
          to: email,
          subject: "Someone tried to create a Hearth account with your email",
          text: [
            "Hello,",
            "",
            "Someone (perhaps you) tried to create a new Hearth account with this email address. You already have an account, so nothing was created.",
            "",
            `To sign in: ${origin}/login`,
            `Forgot your password? ${origin}/forgot-password`,
            "",
            "If this wasn't you, you can ignore this email.",
            "",
            "— Hearth",
          ].join("\n"),
        }
      : {
          to: email,
          subject: "Confirm your email to finish creating your Hearth account",
          text: [
            "Hello,",
            "",
            "To finish creating your Hearth account and your organisation, open this link:",
            `${origin}/signup/confirm?token=${token}`,
            "",
            "The link works once and expires in 24 hours. If you didn't ask for this, you can ignore this email.",
            "",
            "— Hearth",
          ].join("\n"),
        },
    { purpose: "sign_up" },
  );
}

async function useToken(tx: Tx, token: string) {
  await sql`select set_config('app.token_hash', ${hashToken(token)}, true)`.execute(tx);
}

export type SignupRequestView = { status: "valid"; email: string; orgName: string } | { status: "unknown" | "expired" | "used" };

/** Look a sign-up link up without changing anything (the confirmation page). */
export async function findSignupRequest(tx: Tx, token: string): Promise<SignupRequestView> {
  if (!isWellFormedToken(token)) return { status: "unknown" };
  await useToken(tx, token);
  const row = await tx
    .selectFrom("signup_request")
    .select(["email", "org_name", "expires_at", "used_at"])
    .where("id", "=", hashToken(token))
    .executeTakeFirst();
  if (!row) return { status: "unknown" };
  if (row.used_at) return { status: "used" };
  if (row.expires_at.getTime() <= Date.now()) return { status: "expired" };
  return { status: "valid", email: row.email, orgName: row.org_name };
}

export type SignedUp = { token: string; expiresAt: Date | null; orgSlug: string };

/** Why a sign-up link did not create anything; the page chooses its words by it (the refusal's detail). */
export type SignupProblem = "unknown" | "expired" | "used" | "exists";

function signupRefused(problem: SignupProblem) {
  if (problem === "unknown") return new DomainError("not_found", "This link isn't valid.", { detail: problem });
  if (problem === "exists") return new DomainError("conflict", "An account with this email address exists now.", { detail: problem });
  return new DomainError("gone", problem === "used" ? "This link has already been used." : "This link has expired.", { detail: problem });
}

/**
 * Use a sign-up link: claim it once, create the account, the organisation and its owner
 * membership, and sign in. If the address has an account by now, nothing is created (the
 * link is spent all the same). Refusals carry the problem as their detail (signupRefused).
 */
export async function confirmSignup(token: string, meta: Meta): Promise<SignedUp> {
  if (!isWellFormedToken(token)) throw signupRefused("unknown");
  const outcome = await withPlatform(meta, async (tx) => {
    await useToken(tx, token);
    const claimed = await tx
      .updateTable("signup_request")
      .set({ used_at: sql<Date>`now()` })
      .where("id", "=", hashToken(token))
      .where("used_at", "is", null)
      .where("expires_at", ">", sql<Date>`now()`)
      .returning(["email", "name", "org_name", "time_zone", "currency"])
      .executeTakeFirst();
    if (!claimed) {
      const view = await findSignupRequest(tx, token);
      return view.status === "valid" ? ("used" as const) : view.status;
    }
    // The claim stays committed: the link is spent.
    if (await findUserByEmail(tx, claimed.email)) return "exists" as const;
    const passwordHash = await readSignupPasswordHash(tx, token);
    const { user, org } = await signUpOperator(tx, {
      name: claimed.name,
      email: claimed.email,
      passwordHash,
      orgName: claimed.org_name,
      timeZone: claimed.time_zone,
      currency: claimed.currency,
    });
    const { token: sessionToken, session } = await createSession(tx, user.id, meta, { role: "owner", remember: false });
    await audit(tx, "auth.login", { type: "user", id: user.id }, { via: "signup" });
    return { token: sessionToken, expiresAt: sessionCookieExpiry(session), orgSlug: org.slug };
  });
  if (typeof outcome === "string") throw signupRefused(outcome);
  return outcome;
}

/** The chosen password's hash, for the request claimed in this transaction (migration 0011). */
async function readSignupPasswordHash(tx: Tx, token: string): Promise<string> {
  const { rows } = await sql<{ hash: string | null }>`select auth_signup_password_hash(${token}) as hash`.execute(tx);
  const hash = rows[0]?.hash;
  if (!hash) throw new Error("sign-up request not claimed in this transaction");
  return hash;
}
