import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SignOutButton } from "#app/ui/form";
import { requireUser } from "#app/auth/guard.server";
import { ROLE_LABELS } from "#app/domain/permissions";
import { withPlatform } from "#app/db/tenant.server";
import { listMyOrgs } from "#app/domain/orgs/orgs.server";
import { AuthCard } from "#app/ui/auth-card";

export const meta: MetaFunction = () => [{ title: "Your organisations · Hearth" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUser(request);
  const orgs = await withPlatform(ctx.platform, (tx) => listMyOrgs(tx, ctx.user.id));
  const url = new URL(request.url);
  if (orgs.length === 1 && !url.searchParams.has("all")) throw redirect(`/o/${orgs[0]!.slug}`);
  return { orgs: orgs.map((o) => ({ ...o, roleLabel: ROLE_LABELS[o.role] })), name: ctx.user.name };
}

export default function OrgsPage() {
  const { orgs, name } = useLoaderData<typeof loader>();
  return (
    <AuthCard title="Choose an organisation">
      <p className="mb-4 text-muted">Signed in as {name}.</p>
      {orgs.length ? (
        <ul className="space-y-2">
          {orgs.map((o) => (
            <li key={o.slug}>
              <Link to={`/o/${o.slug}`} className="block rounded-md border border-line p-3 no-underline hover:bg-brand-50">
                <span className="block font-medium text-ink">{o.name}</span>
                <span className="text-sm text-muted">{o.roleLabel}</span>
              </Link>
            </li>
          ))}
        </ul>
      ) : (
        <p>You aren't a member of any organisation yet. Ask your organisation to send you an invitation.</p>
      )}
      <div className="mt-6 flex items-center justify-between text-sm">
        <Link to="/account">Your account</Link>
        <SignOutButton className="font-medium text-brand-700 underline underline-offset-2" />
      </div>
    </AuthCard>
  );
}
