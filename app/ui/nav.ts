import type { Permission } from "#app/domain/permissions";
import type { OrgKind, Role } from "#app/db/schema";

export type NavItem = {
  /** Path below /o/:org ("" is the org's home). */
  path: string;
  label: string;
  permission?: Permission;
  kinds?: OrgKind[];
  roles?: Role[];
  /** Stays a tab on a phone; the others go under "More" when a role has more than four sections. */
  phone?: boolean;
  /** Active only on its own page, not on the pages below it (My home vs My chores). */
  end?: boolean;
};

/** A role with at most this many sections sees them all as tabs on a phone. */
export const PHONE_TABS = 4;

/** Navigation per role, as data. Only sections that exist are listed. */
export const NAV: NavItem[] = [
  { path: "", label: "Overview", roles: ["owner", "admin", "certifier_admin", "auditor"], phone: true },
  // Where house managers and staff land (ADR 027); owners and admins can open it too.
  { path: "today", label: "Today", roles: ["owner", "admin", "house_manager", "staff"], kinds: ["operator"], phone: true },
  { path: "me", label: "My home", roles: ["resident"], phone: true, end: true },
  { path: "me/chores", label: "Chores", roles: ["resident"], phone: true },
  { path: "me/house-fund", label: "House fund", roles: ["resident"] },
  { path: "me/consents", label: "Consents", roles: ["resident"] },
  { path: "me/plan", label: "My plan", roles: ["resident"] },
  { path: "me/referrals", label: "Referrals", roles: ["resident"] },
  { path: "houses", label: "Houses", permission: "houses:read", kinds: ["operator"], phone: true },
  { path: "applications", label: "Applications", permission: "applications:read", kinds: ["operator"] },
  { path: "residents", label: "Residents", permission: "residents:read", kinds: ["operator"], phone: true },
  { path: "services", label: "Services", permission: "services:read", kinds: ["operator"] },
  { path: "money", label: "Money", permission: "money:read", kinds: ["operator"] },
  { path: "standards", label: "Standards", permission: "standards:assess", kinds: ["operator"] },
  { path: "audits", label: "Audits", permission: "audits:read", kinds: ["certifier"], phone: true },
  { path: "library", label: "Standards library", permission: "library:read", kinds: ["certifier"], phone: true },
  { path: "members", label: "Team", permission: "members:read" },
  { path: "audit", label: "Audit log", permission: "audit:read" },
  { path: "settings", label: "Settings", permission: "org:manage" },
];
