import type { Permission } from "#app/auth/permissions";
import type { OrgKind, Role } from "#app/db/schema";

export type NavItem = {
  /** Path below /o/:org ("" is the org's home). */
  path: string;
  label: string;
  permission?: Permission;
  kinds?: OrgKind[];
  roles?: Role[];
};

/** Navigation per role, as data. Only sections that exist are listed. */
export const NAV: NavItem[] = [
  { path: "", label: "Overview", roles: ["owner", "admin", "house_manager", "staff", "certifier_admin", "auditor"] },
  { path: "me", label: "My home", roles: ["resident"] },
  { path: "houses", label: "Houses", permission: "houses:read", kinds: ["operator"] },
  { path: "applications", label: "Applications", permission: "applications:read", kinds: ["operator"] },
  { path: "residents", label: "Residents", permission: "residents:read", kinds: ["operator"] },
  { path: "members", label: "Team", permission: "members:read" },
  { path: "audit", label: "Audit log", permission: "audit:read" },
  { path: "settings", label: "Settings", permission: "org:manage" },
];
