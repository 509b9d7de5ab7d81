import { faker } from "@faker-js/faker";
import { hashPassword } from "#app/auth/password.server";
import { createSession, sessionCookieName } from "#app/auth/session.server";
import type { OrgKind, Role } from "#app/db/schema";
import { topRoleFor } from "#app/domain/permissions";
import { setTenantOrg, setTenantUser, withPlatform } from "#app/db/tenant.server";
import { addMember, createOrg, createUser } from "#app/domain/orgs/orgs.server";

export const TEST_PASSWORD = "correct horse battery staple";
let hashed: Promise<string> | undefined;
/** One argon2 hash per test file: hashing is deliberately slow. */
export function testPasswordHash() {
  hashed ??= hashPassword(TEST_PASSWORD);
  return hashed;
}

let counter = 0;
export function uniqueEmail(prefix = "user") {
  counter++;
  return `${prefix}.${process.pid}.${Date.now().toString(36)}.${counter}@example.test`;
}

export async function makeOrg(opts: { kind?: OrgKind; name?: string } = {}) {
  return withPlatform({}, (tx) =>
    createOrg(tx, {
      name: opts.name ?? `${faker.company.name()} ${++counter}`,
      kind: opts.kind ?? "operator",
      timeZone: "America/New_York",
      currency: "USD",
    }),
  );
}

export async function makeUser(opts: { orgId?: string; role?: Role; email?: string; name?: string } = {}) {
  const passwordHash = await testPasswordHash();
  return withPlatform({}, async (tx) => {
    const user = await createUser(tx, {
      email: opts.email ?? uniqueEmail(opts.role ?? "user"),
      name: opts.name ?? faker.person.fullName(),
      passwordHash,
    });
    if (opts.orgId && opts.role) {
      // Added as if by the org's top role (membership writes are owner/admin only, RLS 0006).
      await setTenantUser(tx, user.id);
      await setTenantOrg(tx, opts.orgId, topRoleFor(opts.role));
      await addMember(tx, opts.orgId, user.id, opts.role);
    }
    return user;
  });
}

/** A signed-in session without going through the login form. Returns the Cookie header. */
export async function sessionCookieFor(userId: string): Promise<string> {
  const { token } = await withPlatform({}, (tx) => createSession(tx, userId, { ip: "127.0.0.1", userAgent: "vitest" }));
  return `${sessionCookieName()}=${token}`;
}
