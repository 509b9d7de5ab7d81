import type { OrgKind, Role } from "#app/db/schema";

/**
 * What each membership role may do. This table is the single source of truth for
 * authorization in routes (RLS is the second wall underneath). Test it as data.
 */
export const PERMISSIONS = [
  "org:manage", // org settings
  "members:read",
  "members:manage", // invite, change role, remove
  "audit:read",
  "houses:read",
  "houses:write", // create houses; edit, archive and lay out (rooms, beds) — house managers: their houses (RLS)
  "beds:status", // mark a bed available / held / out of service (house managers: their houses)
  "residents:read",
  "residents:write",
  "residents:notes", // staff-only notes on residents
  "applications:read",
  "applications:write",
  "stays:write", // admissions, transfers, discharges
  "documents:write", // write and publish house documents — house managers: their houses' own (RLS); org defaults: org:manage
  "chores:manage", // chore definitions, the rotation, checking chores, house offices (house managers: their houses)
  "self:read", // a resident's own portal
  "fees:read", // house ledgers and residents' balances (house managers and staff: their houses)
  "fees:write", // fee schedules, charges, credits, reversals, payments (house managers: their houses)
  "money:read", // the money overview: revenue, collections, deposits, aging (house managers: their houses)
  "vacancies:publish", // list a house on the public vacancy page and feed (owner/admin: it speaks for the org; ADR 042)
  "safety:write", // the safety and compliance log: checks, logging them, documents with uploads (house managers: their houses)
  "consents:manage", // prepare residents' consents, record revocations, disclose through the gate (ADR 040; house staff: their houses)
  "services:read", // the services directory (every member of an operator org, residents included: ADR 039)
  "services:write", // add, edit, verify, import and export directory entries
  "standards:assess", // self-assessments against a standard (house managers: their houses; ADR 047)
  "standards:submit", // submit a self-assessment for review, which locks it (owner/admin)
  "grants:manage", // issue and revoke audit grants to certifying bodies (owner/admin; ADR 049)
  "audits:read", // a certifier's view of the operators that granted it access (certifier roles; ADR 049)
  "library:read", // a certifier's standards library: published standards, its own drafts and versions (certifier roles; ADR 059)
  "library:write", // clone, edit and publish standard versions (certifier_admin; ADR 059)
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Permissions only certifier roles hold. */
const CERTIFIER_ONLY: readonly Permission[] = ["audits:read", "library:read", "library:write"];

const STAFF_COMMON: Permission[] = ["members:read", "houses:read", "residents:read", "residents:notes", "applications:read"];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  owner: PERMISSIONS.filter((p) => p !== "self:read" && !CERTIFIER_ONLY.includes(p)),
  admin: PERMISSIONS.filter((p) => p !== "self:read" && !CERTIFIER_ONLY.includes(p)),
  // Assigning people to houses needs members:manage (owner/admin); a house manager is
  // assigned only to the houses they set up themselves (RLS, migration 0003).
  house_manager: [...STAFF_COMMON, "houses:write", "beds:status", "residents:write", "applications:write", "stays:write", "documents:write", "chores:manage", "fees:read", "fees:write", "money:read", "safety:write", "consents:manage", "services:read", "services:write", "standards:assess"],
  staff: [...STAFF_COMMON, "fees:read", "consents:manage", "services:read", "services:write"],
  resident: ["self:read", "services:read"],
  certifier_admin: ["org:manage", "members:read", "members:manage", "audit:read", "audits:read", "library:read", "library:write"],
  auditor: ["members:read", "audits:read", "library:read"],
};

export const ROLES_BY_KIND: Record<OrgKind, readonly Role[]> = {
  operator: ["owner", "admin", "house_manager", "staff", "resident"],
  certifier: ["certifier_admin", "auditor"],
};

export const ROLE_LABELS: Record<Role, string> = {
  owner: "Owner",
  admin: "Administrator",
  house_manager: "House manager",
  staff: "Staff (peer coach / case manager)",
  resident: "Resident",
  certifier_admin: "Certifier administrator",
  auditor: "Auditor",
};

/** Roles whose access is limited to the houses they are assigned to. */
export const HOUSE_SCOPED_ROLES: readonly Role[] = ["house_manager", "staff"];

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** Roles a member holding `role` may hand out in an org of `kind`. */
export function assignableRoles(role: Role, kind: OrgKind): Role[] {
  if (!can(role, "members:manage")) return [];
  const roles = ROLES_BY_KIND[kind];
  return role === "owner" || role === "certifier_admin" ? [...roles] : roles.filter((r) => r !== "owner");
}

/** The top role of the org kind a role belongs to (owner; certifier_admin in a certifier org). */
export function topRoleFor(role: Role): Role {
  return ROLES_BY_KIND.certifier.includes(role) ? "certifier_admin" : "owner";
}
