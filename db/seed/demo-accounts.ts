import { DEMO_PASSWORD } from "#app/auth/demo-password";
import type { OrgKind, Role } from "#app/db/schema";

/**
 * The demo orgs and people (all names invented; see shared/domain.md). No faker here:
 * the production server imports this module to print the demo logins, never the seed.
 */
export { DEMO_PASSWORD };

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
  // Maple Street House's treasurer and secretary (the house fund, ADR 035); Ray is its coordinator.
  { email: "theo.treasurer@demo.hearth.test", name: "Theo Grant", org: "maple", role: "resident" },
  { email: "omar.secretary@demo.hearth.test", name: "Omar Haddad", org: "maple", role: "resident" },
  { email: "elena.certifier@demo.hearth.test", name: "Elena Park", org: "keystone", role: "certifier_admin" },
  { email: "sofia.auditor@demo.hearth.test", name: "Sofia Martin", org: "keystone", role: "auditor" },
  { email: "james.auditor@demo.hearth.test", name: "James Okafor", org: "keystone", role: "auditor" },
];
