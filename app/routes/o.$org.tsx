import type { LoaderFunctionArgs, SerializeFrom } from "@remix-run/node";
import { Link, NavLink, Outlet, useLoaderData, useLocation, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { requireOrg } from "#app/auth/guard.server";
import { can, ROLE_LABELS } from "#app/domain/permissions";
import { GeneralErrorBoundary } from "#app/ui/error-boundary";
import { NAV, PHONE_TABS } from "#app/ui/nav";
import { SignOutButton } from "#app/ui/form";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org);
  const items = NAV.filter(
    (item) =>
      (!item.permission || can(ctx.role, item.permission)) &&
      (!item.kinds || item.kinds.includes(ctx.org.kind)) &&
      (!item.roles || item.roles.includes(ctx.role)),
  );
  const fitsOnPhone = items.length <= PHONE_TABS;
  return {
    org: { slug: ctx.org.slug, name: ctx.org.name, kind: ctx.org.kind },
    role: ctx.role,
    roleLabel: ROLE_LABELS[ctx.role],
    user: { name: ctx.user.name },
    canSwitchOrg: ctx.orgCount > 1,
    nav: items.map(({ path, label, phone, end }) => ({ path, label, end: Boolean(end), phoneTab: fitsOnPhone || Boolean(phone) })),
  };
}

type OrgData = SerializeFrom<typeof loader>;

export default function OrgLayout() {
  const data = useLoaderData<typeof loader>();
  return (
    <OrgShell data={data}>
      <Outlet />
    </OrgShell>
  );
}

const tabClass = (active: boolean) =>
  `block whitespace-nowrap border-b-2 px-2 py-2 text-sm no-underline md:px-3 md:text-base ${
    active ? "border-brand-700 font-semibold text-ink" : "border-transparent text-muted hover:text-ink"
  }`;
const menuLinkClass = "block min-h-11 px-4 py-2.5 text-ink no-underline hover:bg-stone-100";
const summaryClass =
  "flex min-h-11 cursor-pointer list-none items-center gap-1 whitespace-nowrap [&::-webkit-details-marker]:hidden";

/**
 * The app's frame: organisation, the signed-in person and the sections their role may use.
 * On a phone the sections a role uses most stay as tabs and the rest sit under "More"; the
 * account links fold into one menu. Both menus are <details>, so they work without JavaScript;
 * keyed by the path so they close after navigating.
 */
function OrgShell({ data, children }: { data: OrgData; children: ReactNode }) {
  const { org, nav, user, roleLabel, canSwitchOrg } = data;
  const { pathname } = useLocation();
  const base = `/o/${org.slug}`;
  const href = (path: string) => (path ? `${base}/${path}` : base);
  const isActive = (path: string, end = false) =>
    path ? pathname === href(path) || (!end && pathname.startsWith(`${href(path)}/`)) : pathname === base;
  const more = nav.filter((item) => !item.phoneTab);
  const accountLinks = (
    <>
      {canSwitchOrg ? <Link to="/orgs">Switch organisation</Link> : null}
      <Link to="/account">Account</Link>
    </>
  );
  return (
    <div className="min-h-screen">
      <header className="border-b border-line bg-white print:hidden">
        <div className="mx-auto flex max-w-6xl items-center justify-between gap-3 px-4 py-2 md:py-3">
          <div className="flex min-w-0 items-center gap-2 md:gap-3">
            <Link to={base} className="text-lg font-bold text-brand-800 no-underline">
              Hearth
            </Link>
            <span aria-hidden="true" className="text-line">
              /
            </span>
            <span className="truncate font-medium">{org.name}</span>
          </div>
          <div className="hidden items-center gap-3 text-sm md:flex">
            <span className="text-muted">
              {user.name} · {roleLabel}
            </span>
            {accountLinks}
            <SignOutButton />
          </div>
          <details key={`account-${pathname}`} className="relative shrink-0 md:hidden">
            <summary className={`${summaryClass} rounded-md border border-line px-3 text-sm font-medium`}>
              Account<span aria-hidden="true">▾</span>
            </summary>
            <div className="absolute right-0 z-20 mt-1 w-64 max-w-[calc(100vw-2rem)] rounded-lg border border-line bg-white py-2 shadow-lg">
              <p className="px-4 pb-2 text-sm text-muted">
                {user.name} · {roleLabel}
              </p>
              <ul className="border-t border-line pt-1">
                {canSwitchOrg ? (
                  <li>
                    <Link to="/orgs" className={menuLinkClass}>
                      Switch organisation
                    </Link>
                  </li>
                ) : null}
                <li>
                  <Link to="/account" className={menuLinkClass}>
                    Account
                  </Link>
                </li>
                <li className="px-4 py-2">
                  <SignOutButton />
                </li>
              </ul>
            </div>
          </details>
        </div>
        <nav aria-label="Sections" className="mx-auto max-w-6xl px-2 md:px-4">
          <ul className="flex flex-wrap items-end gap-0.5 md:gap-1">
            {nav.map((item) => (
              <li key={item.path} className={item.phoneTab ? undefined : "hidden md:block"}>
                <NavLink to={href(item.path)} end={item.path === "" || item.end} className={() => tabClass(isActive(item.path, item.end))}>
                  {item.label}
                </NavLink>
              </li>
            ))}
            {more.length ? (
              <li className="relative ml-auto md:hidden">
                <details key={`more-${pathname}`}>
                  <summary className={`${summaryClass} ${tabClass(more.some((m) => isActive(m.path, m.end)))}`}>
                    More<span aria-hidden="true">▾</span>
                  </summary>
                  <ul className="absolute right-0 z-20 mt-1 w-56 rounded-lg border border-line bg-white py-1 shadow-lg">
                    {more.map((item) => (
                      <li key={item.path}>
                        <NavLink
                          to={href(item.path)}
                          className={() => `${menuLinkClass} ${isActive(item.path) ? "font-semibold" : ""}`}
                          aria-current={isActive(item.path, item.end) ? "page" : undefined}
                        >
                          {item.label}
                        </NavLink>
                      </li>
                    ))}
                  </ul>
                </details>
              </li>
            ) : null}
          </ul>
        </nav>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-6">
        {children}
      </main>
    </div>
  );
}

/**
 * A page below this layout failed (403, 404, …): keep the header and navigation when the
 * layout itself loaded, so the person is not stranded on a bare error card.
 */
export function ErrorBoundary() {
  const data = useRouteLoaderData<typeof loader>("routes/o.$org");
  const error = (
    <div className="mx-auto max-w-xl">
      <GeneralErrorBoundary />
    </div>
  );
  if (data) return <OrgShell data={data}>{error}</OrgShell>;
  return (
    <main id="main" className="mx-auto max-w-xl p-6">
      <GeneralErrorBoundary />
    </main>
  );
}
