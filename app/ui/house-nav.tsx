import { NavLink } from "@remix-run/react";
import type { Role } from "#app/db/schema";
import { can, type Permission } from "#app/domain/permissions";

/**
 * The pages of one house, as a row of tabs under the page title: one place that lists
 * them, so each house page links to the others the same way (a section's own pages, such
 * as a document version or a session's attendance, mark its tab). Which ones a person sees
 * follows their permissions (RLS still decides what each page shows).
 */
const SECTIONS = [
  { key: "board", label: "Board", path: "", permission: "houses:read" },
  { key: "documents", label: "House documents", path: "/documents", permission: "houses:read" },
  { key: "chores", label: "Chores", path: "/chores", permission: "houses:read" },
  { key: "sessions", label: "Sessions", path: "/sessions", permission: "houses:read" },
  { key: "calendar", label: "Calendar", path: "/calendar", permission: "houses:read" },
  { key: "fees", label: "Fees", path: "/fees", permission: "fees:read" },
  { key: "fund", label: "House fund", path: "/fund", permission: "houses:read" },
  { key: "safety", label: "Safety", path: "/safety", permission: "houses:read" },
  { key: "checkins", label: "Check-ins", path: "/check-ins", permission: "residents:read" },
  { key: "standards", label: "Standards", path: "/standards", permission: "standards:assess" },
  { key: "rooms", label: "Rooms and beds", path: "/rooms", permission: "houses:write" },
  { key: "edit", label: "Edit house", path: "/edit", permission: "houses:write" },
] as const satisfies readonly { key: string; label: string; path: string; permission: Permission }[];

export type HouseSection = (typeof SECTIONS)[number]["key"];

/** The house pages a role may open, in tab order (compute in the loader). */
export function houseSections(role: Role): HouseSection[] {
  return SECTIONS.filter((s) => can(role, s.permission)).map((s) => s.key);
}

export function HouseNav({ houseBase, sections }: { houseBase: string; sections: readonly HouseSection[] }) {
  const shown = SECTIONS.filter((s) => sections.includes(s.key));
  if (shown.length < 2) return null;
  return (
    <nav aria-label="House pages" className="mb-6 overflow-x-auto">
      <ul className="flex gap-1 border-b border-line">
        {shown.map((s) => (
          <li key={s.key} className="shrink-0">
            <NavLink
              to={`${houseBase}${s.path}`}
              end={s.path === ""}
              className={({ isActive }) =>
                `inline-flex min-h-11 items-center border-b-2 px-3 no-underline ${isActive ? "border-brand-700 font-medium text-ink" : "border-transparent text-muted hover:text-ink"}`
              }
            >
              {s.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
