import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { EmptyState, PageHeader } from "#app/ui/page";

export const meta: MetaFunction = () => [{ title: "My home · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "self:read");
  return { firstName: ctx.user.name.split(" ")[0] ?? ctx.user.name };
}

/** The resident's portal home: mobile-first, only their own information. */
export default function MyHome() {
  const { firstName } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <PageHeader title="My home" description={`Welcome, ${firstName}.`} />
      <EmptyState title="This week">
        Your chores, life-skills sessions and house meetings will appear here once your house starts using them in
        Hearth.
      </EmptyState>
      <EmptyState title="Dues and payments">
        What you owe and your payment history will appear here once your house sets up fees in Hearth.
      </EmptyState>
      <EmptyState title="House rules">The house rules you have signed will appear here.</EmptyState>
      <EmptyState title="My recovery plan">Your goals and check-ins will appear here when you and your coach start a plan.</EmptyState>
    </div>
  );
}
