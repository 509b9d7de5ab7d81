import { hashPassword } from "#app/auth/password.server";
import type { OrgKind, Role } from "#app/db/schema";
import { setTenantOrg, withPlatform } from "#app/db/tenant.server";
import { addMember, createOrg, createUser } from "#app/domain/orgs/orgs.server";
import { seedHousesDemo } from "./houses";

/**
 * The demo world (all names invented; see shared/domain.md). Deterministic: the same
 * orgs, people and emails every time, so docs, tests and the printed logins agree.
 */
export const DEMO_PASSWORD = "hearth-demo-2026";

type DemoOrg = { slug: string; name: string; kind: OrgKind; timeZone: string };
export const DEMO_ORGS = {
  riverside: { slug: "riverside", name: "Riverside Recovery Homes", kind: "operator", timeZone: "America/New_York" },
  maple: { slug: "maple-street", name: "Maple Street House", kind: "operator", timeZone: "America/Chicago" },
  keystone: { slug: "keystone", name: "Keystone Recovery Residence Alliance", kind: "certifier", timeZone: "America/New_York" },
} satisfies Record<string, DemoOrg>;

export type DemoUser = { email: string; name: string; org: keyof typeof DEMO_ORGS; role: Role; phone?: string };
export const DEMO_USERS: DemoUser[] = [
  { email: "dana.owner@demo.hearth.test", name: "Dana Whitfield", org: "riverside", role: "owner" },
  { email: "marcus.admin@demo.hearth.test", name: "Marcus Chen", org: "riverside", role: "admin" },
  { email: "luis.manager@demo.hearth.test", name: "Luis Ortega", org: "riverside", role: "house_manager", phone: "215-555-0143" },
  { email: "aisha.manager@demo.hearth.test", name: "Aisha Brown", org: "riverside", role: "house_manager", phone: "215-555-0178" },
  { email: "jordan.coach@demo.hearth.test", name: "Jordan Reyes", org: "riverside", role: "staff" },
  { email: "sam.resident@demo.hearth.test", name: "Sam Taylor", org: "riverside", role: "resident" },
  { email: "pat.owner@demo.hearth.test", name: "Pat Kowalski", org: "maple", role: "owner" },
  { email: "ray.resident@demo.hearth.test", name: "Ray Jimenez", org: "maple", role: "resident" },
  { email: "elena.certifier@demo.hearth.test", name: "Elena Park", org: "keystone", role: "certifier_admin" },
  { email: "sofia.auditor@demo.hearth.test", name: "Sofia Martin", org: "keystone", role: "auditor" },
  { email: "james.auditor@demo.hearth.test", name: "James Okafor", org: "keystone", role: "auditor" },
];

export async function seedDemo() {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const { orgs, users } = await withPlatform({}, async (tx) => {
    const orgs = {} as Record<keyof typeof DEMO_ORGS, { id: string }>;
    for (const [key, o] of Object.entries(DEMO_ORGS)) {
      orgs[key as keyof typeof DEMO_ORGS] = await createOrg(tx, {
        name: o.name,
        slug: o.slug,
        kind: o.kind,
        timeZone: o.timeZone,
        currency: "USD",
      });
    }
    const users: Record<string, { id: string }> = {};
    for (const u of DEMO_USERS) {
      const user = await createUser(tx, { email: u.email, name: u.name, passwordHash });
      users[u.email] = user;
      if (u.phone) await tx.updateTable("app_user").set({ phone: u.phone }).where("id", "=", user.id).execute();
      await setTenantOrg(tx, orgs[u.org].id);
      await addMember(tx, orgs[u.org].id, user.id, u.role);
    }
    return { orgs, users };
  });
  // Feature modules add their demo data here, in order (houses, residents, …).
  await seedHousesDemo({ orgs, users });
  return { orgs, users };
}
