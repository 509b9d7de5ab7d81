import { redirect } from "@remix-run/node";
import { sql } from "kysely";
import type { OrgKind, Role } from "#app/db/schema";
import { forgetSettings, noteSettingsApplied, withPlatform, type TenantContext } from "#app/db/tenant.server";
import { forbidden, notFound, requestMeta } from "#app/lib/http.server";
import { memoPerRequest } from "#app/lib/request-context.server";
import { can, type Permission } from "#app/domain/permissions";
import { readSessionToken, validateSessionToken, type Session, type SessionUser } from "./session.server";

export type UserContext = {
  user: SessionUser;
  session: Session;
  requestId: string | null;
  ip: string | null;
  /** The session's raw token: the database signs this user's context from it (ADR 010). */
  sessionToken: string;
  /** Pass to withPlatform/withTenant for work as this user with no org. */
  platform: TenantContext;
};

export type OrgContext = UserContext & {
  org: { id: string; slug: string; name: string; kind: OrgKind; timeZone: string; currency: string };
  role: Role;
  membershipId: string;
  /** How many organisations the user belongs to (the header offers a switch only above one). */
  orgCount: number;
  /** Pass to withTenant: org, user and role for row-level security. */
  tenant: TenantContext;
};

/**
 * The signed-in user, or null. Expired or unknown tokens count as signed out. Validated
 * once per request: the root, layout and page loaders share the result.
 */
export async function getUser(request: Request): Promise<UserContext | null> {
  const token = readSessionToken(request);
  const { requestId, ip } = requestMeta(request);
  if (!token) return null;
  // The lookup signs the user's context as it finds the session (ADR 015, ADR 010): the
  // membership lookup that follows in the same transaction needs no settings statement.
  const result = await memoPerRequest(`session:${token}`, () =>
    withPlatform({ requestId, ip }, async (tx) => {
      const found = await validateSessionToken(tx, token, { adoptUser: { requestId, ip } });
      if (found) noteSettingsApplied(tx, { orgId: null, role: null, userId: found.user.id, requestId, ip });
      else forgetSettings(tx);
      return found;
    }),
  );
  if (!result) return null;
  const platform: TenantContext = { orgId: null, userId: result.user.id, role: null, requestId, ip, sessionToken: token };
  return { user: result.user, session: result.session, requestId, ip, sessionToken: token, platform };
}

function loginRedirect(request: Request): never {
  const url = new URL(request.url);
  const back = url.pathname + url.search;
  throw redirect(back === "/" ? "/login" : `/login?redirectTo=${encodeURIComponent(back)}`);
}

export async function requireUser(request: Request): Promise<UserContext> {
  return (await getUser(request)) ?? loginRedirect(request);
}

export async function requireAnonymous(request: Request) {
  if (await getUser(request)) throw redirect("/orgs");
}

/**
 * The signed-in user acting in the org named by the URL. A user who is not a member
 * gets 404 (as if the org did not exist); a member without the permission gets 403.
 */
export async function requireOrg(
  request: Request,
  orgSlug: string | undefined,
  permission?: Permission,
): Promise<OrgContext> {
  if (!readSessionToken(request)) loginRedirect(request);
  if (!orgSlug || !/^[a-z0-9-]{1,48}$/.test(orgSlug)) notFound();
  const auth = (await getUser(request)) ?? loginRedirect(request);
  const { requestId, ip } = auth;
  const userId = auth.user.id;
  // In a GET the page's queries follow in the same transaction (ADR 015): the lookup sets
  // the org and role it finds, so the page's withTenant(ctx.tenant) sends no settings.
  const membership = await memoPerRequest(`membership:${userId}:${orgSlug}`, () =>
    withPlatform(auth.platform, async (tx) => {
      // enter_session signs the org and the member's role (migration 0021) from the live
      // session; this one statement sets them for the rest of the transaction.
      const row = await tx
        .selectFrom("membership as m")
        .innerJoin("org as o", "o.id", "m.org_id")
        .innerJoin(sql`enter_session(${auth.sessionToken}, null, ${orgSlug}, ${requestId ?? ""}, ${ip ?? ""})`.as("e"), (j) =>
          j.on(sql<boolean>`e.org_id = o.id and e.user_id = m.user_id`),
        )
        .select(["m.id as membershipId", "m.role", "o.id", "o.slug", "o.name", "o.kind", "o.time_zone", "o.currency", "o.require_two_factor"])
        .select([
          sql<string>`set_config('app.mac', e.mac, true)`.as("_mac"),
          sql<string>`set_config('app.org_id', e.org_id::text, true)`.as("_org"),
          sql<string>`set_config('app.role', e.role, true)`.as("_role"),
        ])
        .select((eb) =>
          eb
            .selectFrom("membership as mine")
            .whereRef("mine.user_id", "=", "m.user_id")
            .select(sql<number>`count(*)::int`.as("n"))
            .as("orgCount"),
        )
        .where("o.slug", "=", orgSlug)
        .where("m.user_id", "=", userId)
        .where("m.disabled_at", "is", null) // access switched off by an owner/admin: as if not a member
        .executeTakeFirst();
      if (row) noteSettingsApplied(tx, { ...auth.platform, orgId: row.id, role: row.role });
      else forgetSettings(tx);
      return row;
    }),
  );
  if (!membership) notFound();
  if (permission && !can(membership.role, permission)) forbidden();
  // The org asks owners and admins for two-step sign-in: a session without it goes to set-up.
  if (membership.require_two_factor && (membership.role === "owner" || membership.role === "admin") && !auth.session.twoFactorAt) {
    throw redirect(`/account/two-factor?required=${encodeURIComponent(membership.slug)}`);
  }
  return {
    ...auth,
    role: membership.role,
    membershipId: membership.membershipId,
    orgCount: membership.orgCount ?? 1,
    org: {
      id: membership.id,
      slug: membership.slug,
      name: membership.name,
      kind: membership.kind,
      timeZone: membership.time_zone,
      currency: membership.currency,
    },
    tenant: { orgId: membership.id, userId: auth.user.id, role: membership.role, requestId, ip, sessionToken: auth.sessionToken },
  };
}
