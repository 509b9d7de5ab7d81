import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, NavLink, Outlet, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { can, ROLE_LABELS } from "#app/auth/permissions";
import { GeneralErrorBoundary } from "#app/ui/error-boundary";
import { NAV } from "#app/ui/nav";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org);
  const nav = NAV.filter(
    (item) =>
      (!item.permission || can(ctx.role, item.permission)) &&
      (!item.kinds || item.kinds.includes(ctx.org.kind)) &&
      (!item.roles || item.roles.includes(ctx.role)),
  ).map(({ path, label }) => ({ path, label }));
  return {
    org: { slug: ctx.org.slug, name: ctx.org.name, kind: ctx.org.kind },
    role: ctx.role,
    roleLabel: ROLE_LABELS[ctx.role],
    user: { name: ctx.user.name },
    nav,
  };
}

export function useOrgData() {
  return useRouteLoaderData<typeof loader>("routes/o.$org");
}

export default function OrgLayout() {
  const { org, nav, user, roleLabel } = useLoaderData<typeof loader>();
  const base = `/o/${org.slug}`;
  return (
    <div className="min-h-screen">
      <header className="border-b border-line bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-2 px-4 py-3">
          <div className="flex items-center gap-3">
            <Link to={base} className="text-lg font-bold text-brand-800 no-underline">
              Hearth
            </Link>
            <span aria-hidden="true" className="text-line">
              /
            </span>
            <span className="font-medium">{org.name}</span>
          </div>
          <div className="flex items-center gap-3 text-sm">
            <span className="text-muted">
              {user.name} · {roleLabel}
            </span>
            <Link to="/orgs">Switch organisation</Link>
            <Link to="/account">Account</Link>
            <Form method="post" action="/logout">
              <button type="submit" className="font-medium text-brand-700 underline underline-offset-2">
                Sign out
              </button>
            </Form>
          </div>
        </div>
        <nav aria-label="Sections" className="mx-auto max-w-6xl overflow-x-auto px-4">
          <ul className="flex gap-1">
            {nav.map((item) => (
              <li key={item.path}>
                <NavLink
                  to={item.path ? `${base}/${item.path}` : base}
                  end={item.path === ""}
                  className={({ isActive }) =>
                    `block whitespace-nowrap border-b-2 px-3 py-2 no-underline ${
                      isActive ? "border-brand-700 font-semibold text-ink" : "border-transparent text-muted hover:text-ink"
                    }`
                  }
                >
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-6">
        <Outlet />
      </main>
    </div>
  );
}

export function ErrorBoundary() {
  return (
    <main id="main" className="mx-auto max-w-xl p-6">
      <GeneralErrorBoundary />
    </main>
  );
}
